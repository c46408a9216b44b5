/**
 * Cells and roles: /taochibo (an admin creates a cell and gets a one-time code), /taoma (a new
 * code; the cell's earlier unused ones stop working), /dangky CODE (binds the chat to the cell;
 * whoever registers, unless an admin, becomes its secretary), /bithu and /phobithu (an admin,
 * replying to a member's message, names officers), /chibo [CELL] (what this chat's cell, or the
 * cell named by an admin or one of its officers, is and who leads it; for an admin, every cell),
 * /nhatky (admins: the newest entries of the audit log).
 *
 * Codes are bearer credentials: /taochibo and /taoma answer only in a private chat, and /chibo shows
 * the member code only there, never in a group where every member would read it.
 */
import type { OfficerRole } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { auditText, ORG_REPLIES, roleName, whoAmIText, type MemberCodeShown } from './cell-texts.js';

/** The commands this file answers. */
export const ORG_COMMAND_NAMES = ['taochibo', 'taoma', 'dangky', 'bithu', 'phobithu', 'chibo', 'nhatky'];

/** Entries /nhatky shows. */
const AUDIT_SHOWN = 20;
const text = textReply;
/** The sender's name for the audit log, when the platform gave one. */
const named = (message: IncomingMessage) => (message.userName ? { name: message.userName } : {});

/** The cell registration commands. */
export function createOrgCommands(deps: CellCommandDeps): ChatCommands {
  const { registry } = deps;

  async function createCell(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!access.isAdmin) return text(ORG_REPLIES.adminOnly);
    const name = args.replace(/\s+/gu, ' ').trim();
    if (message.chatType !== 'private') return text(ORG_REPLIES.privateOnly('taochibo', name));
    if (!name) return text(ORG_REPLIES.createUsage);
    const { cell, code } = await registry.createCell(name, access.person);
    await recordAction(deps, { who: access.person, ...named(message), action: 'cell.created', details: { cell: cell.name, cellId: cell.id } });
    return text(ORG_REPLIES.created(cell, code));
  }

  async function newCode(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!access.isAdmin) return text(ORG_REPLIES.adminOnly);
    const wanted = args.trim();
    if (message.chatType !== 'private') return text(ORG_REPLIES.privateOnly('taoma', wanted || (access.cell?.name ?? '')));
    const cell = wanted ? await registry.findCell(wanted) : access.cell;
    if (!cell) return text(wanted ? ORG_REPLIES.cellNotFound(wanted) : ORG_REPLIES.cellUsage('taoma'));
    const code = await registry.issueCode(cell.id);
    await recordAction(deps, { who: access.person, ...named(message), action: 'cell.code', details: { cell: cell.name, cellId: cell.id } });
    return text(ORG_REPLIES.newCode(cell, code));
  }

  async function register(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    const code = args.split(/\s+/u)[0];
    if (!code) return text(ORG_REPLIES.codeUsage);
    // Moving a chat to another cell takes its events along: only an admin does that.
    if (access.boundHere && access.cell && !access.isAdmin) return text(ORG_REPLIES.alreadyBound(access.cell));
    const cell = await registry.redeemCode(code, access.chat);
    if (!cell) return text(ORG_REPLIES.badCode);
    await recordAction(deps, { who: access.person, ...named(message), action: 'chat.bound', details: { cell: cell.name, chat: access.chat } });
    const officers = await registry.officersOf(cell.id);
    if (access.isAdmin || officers.some((officer) => officer.person === access.person)) return text(ORG_REPLIES.bound(cell));
    const name = message.userName ?? ORG_REPLIES.unnamedRegistrant;
    await registry.setOfficer(cell.id, { person: access.person, role: 'secretary', name });
    return text(ORG_REPLIES.bound(cell, name));
  }

  async function appoint(command: string, role: OfficerRole, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!access.isAdmin) return text(ORG_REPLIES.adminOnly);
    if (!access.cell || !access.boundHere) return text(ORG_REPLIES.notBoundHere);
    if (!message.replyTo) return text(ORG_REPLIES.replyNeeded(command));
    const name = message.replyTo.userName ?? ORG_REPLIES.unnamedMember;
    await registry.setOfficer(access.cell.id, { person: `${message.channel}:${message.replyTo.userId}`, role, name });
    await recordAction(deps, {
      who: access.person,
      ...named(message),
      action: 'officer.set',
      details: { cell: access.cell.name, role, person: `${message.channel}:${message.replyTo.userId}`, name },
    });
    return text(ORG_REPLIES.officerSet(name, roleName(role), access.cell));
  }

  /**
   * The standing /chibo describes: in the cell named, for an admin or one of its officers; else in
   * the chat's cell (a member naming another cell is shown their own). Undefined: an admin named no cell.
   */
  async function describedAccess(wanted: string, access: Access): Promise<Access | undefined> {
    if (!wanted || (!access.isAdmin && access.cellsLed === 0)) return access;
    const cell = await registry.findCell(wanted);
    if (!cell) return access.isAdmin ? undefined : access;
    if (cell.id === access.cell?.id) return access;
    const officer = (await registry.officersOf(cell.id)).find((each) => each.person === access.person);
    if (!access.isAdmin && !officer) return access;
    const { person, chat, isAdmin, cellsLed } = access;
    return { person, chat, isAdmin, cellsLed, cell, boundHere: false, ...(officer ? { officer } : {}) };
  }

  async function describe(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    const wanted = args.trim();
    const shown = await describedAccess(wanted, access);
    if (!shown) return text(ORG_REPLIES.cellNotFound(wanted));
    const { cell } = shown;
    const officers = cell ? await registry.officersOf(cell.id) : [];
    // The member code lets anyone link a chat to the cell: never in a group, where every member reads it.
    const memberCode: MemberCodeShown | undefined =
      cell && (shown.isAdmin || shown.officer)
        ? message.chatType === 'private'
          ? { code: await registry.memberCode(cell.id) }
          : { askPrivately: cell }
        : undefined;
    const cells =
      shown.isAdmin && shown === access
        ? await Promise.all((await registry.cells()).map(async (each) => ({ cell: each, chats: (await registry.chatsOf(each.id)).length })))
        : undefined;
    return text(whoAmIText(shown, officers, memberCode, cells));
  }

  return {
    commands: ORG_COMMAND_NAMES,
    async handle(name, args, message) {
      const access = await accessOf(registry, message);
      switch (name) {
        case 'taochibo':
          return createCell(args, message, access);
        case 'taoma':
          return newCode(args, message, access);
        case 'dangky':
          return register(args, message, access);
        case 'bithu':
          return appoint(name, 'secretary', message, access);
        case 'phobithu':
          return appoint(name, 'deputy', message, access);
        case 'nhatky':
          return access.isAdmin ? text(auditText(await deps.audit.recent(AUDIT_SHOWN), deps.timeZone)) : text(ORG_REPLIES.adminOnly);
        default:
          return describe(args, message, access);
      }
    },
  };
}
