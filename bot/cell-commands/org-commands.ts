/**
 * Cells and roles: /taochibo (an admin creates a cell and gets a one-time code), /taoma (a new
 * code), /dangky CODE (binds the chat to the cell; whoever registers, unless an admin, becomes its
 * secretary), /bithu and /phobithu (an admin, replying to a member's message, names officers),
 * /chibo (what this chat's cell is and who leads it; for an admin, every cell), /nhatky (admins:
 * the newest entries of the audit log).
 */
import type { OfficerRole } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { auditText, ORG_REPLIES, roleName, whoAmIText } from './cell-texts.js';

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
    if (!name) return text(ORG_REPLIES.createUsage);
    const { cell, code } = await registry.createCell(name, access.person);
    await recordAction(deps, { who: access.person, ...named(message), action: 'cell.created', details: { cell: cell.name, cellId: cell.id } });
    return text(ORG_REPLIES.created(cell, code));
  }

  async function newCode(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!access.isAdmin) return text(ORG_REPLIES.adminOnly);
    const wanted = args.trim();
    const cell = wanted ? await registry.findCell(wanted) : access.cell;
    if (!cell) return text(wanted ? ORG_REPLIES.cellNotFound(wanted) : ORG_REPLIES.createUsage.replace('/taochibo', '/taoma'));
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

  async function describe(access: Access): Promise<Reply[]> {
    const officers = access.cell ? await registry.officersOf(access.cell.id) : [];
    const memberCode = access.cell && (access.isAdmin || access.officer) ? await registry.memberCode(access.cell.id) : undefined;
    const cells = access.isAdmin
      ? await Promise.all((await registry.cells()).map(async (cell) => ({ cell, chats: (await registry.chatsOf(cell.id)).length })))
      : undefined;
    return text(whoAmIText(access, officers, memberCode, cells));
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
          return describe(access);
      }
    },
  };
}
