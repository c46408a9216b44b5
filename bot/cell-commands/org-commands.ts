/**
 * Cells and roles (creating units: unit-commands.ts): /taoma (a new code; the cell's earlier unused
 * ones stop working), /dangky CODE (binds the chat to the cell; whoever registers, unless an admin,
 * becomes its secretary), /bithu and /phobithu (an admin of the cell or above names officers,
 * replying to a member's message or mentioning them), /chibo [CELL] (what this chat's cell, or the
 * cell named by one who manages it or one of its officers, is and who leads it; for an admin, every
 * cell they manage), /nhatky (root admins: the newest entries of the audit log). A cell is named by
 * name or id; a name several cells bear is answered with the question which one.
 *
 * The help by role (/start, /trogiup) and the greeting of a group the bot was added to are here too:
 * they depend on who asks and on the chat's cell.
 *
 * Codes are bearer credentials: /taoma answers only in a private chat, and /chibo shows
 * the member code only there, never in a group where every member would read it.
 */
import type { OfficerRole } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { groupGreeting, helpText } from '../help-texts.js';
import { accessOf, helpRole, isAnyAdmin, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { namedCell, namedPerson } from './cell-lookup.js';
import { auditText, ORG_REPLIES, roleName, whoAmIText, type MemberCodeShown } from './cell-texts.js';
import { managedUnits, mayManage, notManaged } from './unit-scope.js';

/** The commands this file answers. */
export const ORG_COMMAND_NAMES = ['taoma', 'dangky', 'bithu', 'phobithu', 'chibo', 'nhatky'];

/** Entries /nhatky shows. */
const AUDIT_SHOWN = 20;
const text = textReply;
/** The sender's name for the audit log, when the platform gave one. */
const named = (message: IncomingMessage) => (message.userName ? { name: message.userName } : {});

/** The cell registration commands. */
export function createOrgCommands(deps: CellCommandDeps): ChatCommands {
  const { registry } = deps;

  async function newCode(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    const wanted = args.trim();
    if (message.chatType !== 'private') return text(ORG_REPLIES.privateOnly('taoma', wanted || (access.cell?.name ?? '')));
    const cell = wanted ? await namedCell(registry, wanted, (id) => `/taoma ${id}`) : access.cell;
    if (!cell) return text(ORG_REPLIES.cellUsage('taoma'));
    if (Array.isArray(cell)) return cell;
    if (!(await mayManage(deps, access, cell))) return notManaged(cell);
    const code = await registry.issueCode(cell.id);
    await recordAction(deps, { who: access.person, ...named(message), action: 'cell.code', details: { cell: cell.name, cellId: cell.id } });
    return text(ORG_REPLIES.newCode(cell, code));
  }

  async function register(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    const code = args.split(/\s+/u)[0];
    if (!code) return text(ORG_REPLIES.codeUsage);
    // Moving a chat to another cell takes its events along: only an admin of its cell does that.
    if (access.boundHere && access.cell && !access.managesCell) return text(ORG_REPLIES.alreadyBound(access.cell));
    const cell = await registry.redeemCode(code, access.chat);
    if (!cell) return text(ORG_REPLIES.badCode);
    await recordAction(deps, { who: access.person, ...named(message), action: 'chat.bound', details: { cell: cell.name, chat: access.chat } });
    const officers = await registry.officersOf(cell.id);
    if (isAnyAdmin(access) || officers.some((officer) => officer.person === access.person)) return text(ORG_REPLIES.bound(cell));
    const name = message.userName ?? ORG_REPLIES.unnamedRegistrant;
    await registry.setOfficer(cell.id, { person: access.person, role: 'secretary', name });
    return text(ORG_REPLIES.bound(cell, name));
  }

  async function appoint(command: string, role: OfficerRole, args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    if (!access.cell || !access.boundHere) return text(ORG_REPLIES.notBoundHere);
    if (!access.managesCell) return notManaged(access.cell);
    const chosen = await namedPerson(registry, command, args, message);
    if (!chosen) return text(ORG_REPLIES.replyNeeded(command));
    if (Array.isArray(chosen)) return chosen;
    const { person, name } = chosen;
    await registry.setOfficer(access.cell.id, { person, role, name });
    await recordAction(deps, { who: access.person, ...named(message), action: 'officer.set', details: { cell: access.cell.name, role, person, name } });
    return text(ORG_REPLIES.officerSet(name, roleName(role), access.cell));
  }

  /**
   * The standing /chibo describes: in the cell named, for one who manages it or one of its
   * officers; else in the chat's cell (a member naming another cell is shown their own). A reply
   * instead: an admin named no cell, or a name several cells bear.
   */
  async function describedAccess(wanted: string, access: Access): Promise<Access | Reply[]> {
    const admin = isAnyAdmin(access);
    if (!wanted || (!admin && access.cellsLed === 0)) return access;
    const cell = await namedCell(registry, wanted, (id) => `/chibo ${id}`);
    // An officer naming a cell not found (or a name several cells bear) is shown their own.
    if (Array.isArray(cell)) return admin ? cell : access;
    if (cell.id === access.cell?.id) return access;
    const officer = (await registry.officersOf(cell.id)).find((each) => each.person === access.person);
    const managesCell = await mayManage(deps, access, cell);
    if (!managesCell && !officer) return access;
    const { person, chat, isAdmin, adminUnits, cellsLed } = access;
    return { person, chat, isAdmin, adminUnits, cellsLed, cell, boundHere: false, managesCell, ...(officer ? { officer } : {}) };
  }

  async function describe(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    const wanted = args.trim();
    const shown = await describedAccess(wanted, access);
    if (Array.isArray(shown)) return shown;
    const { cell } = shown;
    const officers = cell ? await registry.officersOf(cell.id) : [];
    // The member code lets anyone link a chat to the cell: never in a group, where every member reads it.
    const memberCode: MemberCodeShown | undefined =
      cell && (shown.managesCell || shown.officer)
        ? message.chatType === 'private'
          ? { code: await registry.memberCode(cell.id) }
          : { askPrivately: cell }
        : undefined;
    const cells =
      isAnyAdmin(shown) && shown === access
        ? await Promise.all((await managedUnits(deps, access)).map(async (each) => ({ cell: each, chats: (await registry.chatsOf(each.id)).length })))
        : undefined;
    return text(whoAmIText(shown, officers, memberCode, cells));
  }

  /** /start and /trogiup by the asker's role; in a group the bot was just added to, the greeting. */
  async function helpFor(message: IncomingMessage): Promise<string> {
    const access = await accessOf(deps, message);
    if (message.botAdded && message.chatType === 'group') return groupGreeting(access.boundHere ? access.cell?.name : undefined, isAnyAdmin(access));
    return helpText(helpRole(access, message.chatType));
  }

  return {
    commands: ORG_COMMAND_NAMES,
    helpFor,
    async handle(name, args, message) {
      const access = await accessOf(deps, message);
      switch (name) {
        case 'taoma':
          return newCode(args, message, access);
        case 'dangky':
          return register(args, message, access);
        case 'bithu':
          return appoint(name, 'secretary', args, message, access);
        case 'phobithu':
          return appoint(name, 'deputy', args, message, access);
        case 'nhatky':
          return access.isAdmin ? text(auditText(await deps.audit.recent(AUDIT_SHOWN), deps.timeZone)) : text(ORG_REPLIES.adminOnly);
        default:
          return describe(args, message, access);
      }
    },
  };
}
