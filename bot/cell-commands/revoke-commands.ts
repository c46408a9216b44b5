/**
 * Taking access back, each written to the audit log: /huyma CELL (an admin revokes the cell's
 * unused registration codes), /doimathanhvien CELL (an admin or the cell's secretary rotates the
 * member code, in a private chat only: the new code is shown), /huylienket (an admin unbinds this
 * chat, a chat named by its address, or a cell's only chat; with several, lists them) and
 * /xoacanbo (an admin takes an officer's office away, replying to their message in the cell's
 * group, or naming them: `/xoacanbo [Chi bộ khu phố 3] Nguyễn Văn A`). "An admin" is one who
 * manages the cell: a root admin, or an admin of the cell or of a unit above it. A cell is named
 * by name or id; a name several cells bear is answered with the question which one.
 */
import { chatAddress, foldVietnamese, normalizeForMatch } from '../../common/index.js';
import type { Cell } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, isAnyAdmin, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { namedCell } from './cell-lookup.js';
import { ORG_REPLIES, roleName } from './cell-texts.js';
import { managedUnits, mayManage, notManaged } from './unit-scope.js';

/** The commands this file answers. */
export const REVOKE_COMMAND_NAMES = ['huyma', 'doimathanhvien', 'huylienket', 'xoacanbo'];

const CHAT_ADDRESS = /^(?:telegram|zalo):[^\s:,]+$/u;
/** "[Chi bộ khu phố 3] Nguyễn Văn A": the cell in brackets, then the person. */
const CELL_THEN_NAME = /^\[([^\]]*)\]\s*([\s\S]*)$/u;

const text = textReply;
/** The sender's name for the audit log, when the platform gave one. */
const named = (message: IncomingMessage) => (message.userName ? { name: message.userName } : {});
/** A person's name as compared: folded, single spaces. */
const foldName = (name: string) => foldVietnamese(normalizeForMatch(name)).replace(/\s+/gu, ' ').trim();

/** The commands that revoke codes, rotate the member code, unbind chats and remove officers. */
export function createRevokeCommands(deps: CellCommandDeps): ChatCommands {
  const { registry } = deps;

  /** The cell named in `args`, else the chat's; a reply saying what is missing otherwise. */
  async function cellFor(command: string, args: string, access: Access): Promise<Cell | Reply[]> {
    const wanted = args.trim();
    if (wanted) return namedCell(registry, wanted, (id) => `/${command} ${id}`);
    return access.cell ?? text(ORG_REPLIES.cellUsage(command));
  }

  async function revokeCodes(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    const cell = await cellFor('huyma', args, access);
    if (Array.isArray(cell)) return cell;
    if (!(await mayManage(deps, access, cell))) return notManaged(cell);
    const count = await registry.revokeCodes(cell.id);
    await recordAction(deps, { who: access.person, ...named(message), action: 'code.revoked', details: { cell: cell.name, cellId: cell.id, count } });
    return text(ORG_REPLIES.codesRevoked(cell, count));
  }

  async function rotateMemberCode(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access) && access.cellsLed === 0) return text(ORG_REPLIES.rotateRefused);
    if (message.chatType !== 'private') return text(ORG_REPLIES.privateOnly('doimathanhvien', args.trim() || (access.cell?.name ?? '')));
    const cell = await cellFor('doimathanhvien', args, access);
    if (Array.isArray(cell)) return cell;
    const officers = await registry.officersOf(cell.id);
    const secretary = officers.some((officer) => officer.person === access.person && officer.role === 'secretary');
    if (!secretary && !(await mayManage(deps, access, cell))) {
      return text(ORG_REPLIES.rotateRefused);
    }
    const code = await registry.rotateMemberCode(cell.id);
    await recordAction(deps, { who: access.person, ...named(message), action: 'member-code.rotated', details: { cell: cell.name, cellId: cell.id } });
    return text(ORG_REPLIES.memberCodeRotated(cell, code));
  }

  async function unbind(chat: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    const bound = await registry.cellOfChat(chat);
    if (bound && !(await mayManage(deps, access, bound))) return notManaged(bound);
    const cell = await registry.unbindChat(chat);
    if (!cell) return text(chat === access.chat ? ORG_REPLIES.groupNotBound : ORG_REPLIES.chatNotBound(chat));
    await recordAction(deps, { who: access.person, ...named(message), action: 'chat.unbound', details: { cell: cell.name, cellId: cell.id, chat } });
    return text(ORG_REPLIES.chatUnbound(cell, chat, chat === access.chat));
  }

  async function unlink(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    const wanted = args.trim();
    if (!wanted) {
      if (access.boundHere) return unbind(access.chat, message, access);
      return text(message.chatType === 'private' ? ORG_REPLIES.unlinkUsage : ORG_REPLIES.groupNotBound);
    }
    if (CHAT_ADDRESS.test(wanted)) return unbind(wanted, message, access);
    const cell = await namedCell(registry, wanted, (id) => `/huylienket ${id}`);
    if (Array.isArray(cell)) return cell;
    if (!(await mayManage(deps, access, cell))) return notManaged(cell);
    const chats = await registry.chatsOf(cell.id);
    // A cell's only chat is what "unlink this cell" means; among several, the admin picks one.
    return chats.length === 1 ? unbind(chats[0]!, message, access) : text(ORG_REPLIES.cellChats(cell, chats));
  }

  async function removeOffice(cell: Cell, person: string, name: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!(await mayManage(deps, access, cell))) return notManaged(cell);
    const removed = await registry.removeOfficer(cell.id, person);
    if (!removed) return text(ORG_REPLIES.notOfficer(name, cell));
    const shownName = removed.name ?? name;
    await recordAction(deps, {
      who: access.person,
      ...named(message),
      action: 'officer.removed',
      details: { cell: cell.name, cellId: cell.id, role: removed.role, person, name: shownName },
    });
    const secretaryLeft = (await registry.officersOf(cell.id)).some((officer) => officer.role === 'secretary');
    return text(ORG_REPLIES.officerRemoved(shownName, roleName(removed.role), cell, secretaryLeft));
  }

  async function removeOfficer(args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    if (message.replyTo) {
      if (!access.cell || !access.boundHere) return text(ORG_REPLIES.notBoundHere);
      const { userId, userName } = message.replyTo;
      return removeOffice(access.cell, chatAddress(message.channel, userId), userName ?? ORG_REPLIES.unnamedMember, message, access);
    }
    const bracketed = CELL_THEN_NAME.exec(args.trim());
    const name = (bracketed ? bracketed[2]! : args).replace(/\s+/gu, ' ').trim();
    if (!name) return text(ORG_REPLIES.removeUsage);
    let cells: Cell[];
    if (bracketed) {
      const cell = await namedCell(registry, bracketed[1]!, (id) => `/xoacanbo [${id}] ${name}`);
      if (Array.isArray(cell)) return cell;
      cells = [cell];
    } else cells = access.cell && access.boundHere ? [access.cell] : await managedUnits(deps, access);
    const wanted = foldName(name);
    const found = (
      await Promise.all(
        cells.map(async (cell) =>
          (await registry.officersOf(cell.id))
            .filter((officer) => officer.person === name || (officer.name !== undefined && foldName(officer.name) === wanted))
            .map((officer) => ({ cell, officer })),
        ),
      )
    ).flat();
    const [only] = found;
    if (!only) return text(cells.length === 1 ? ORG_REPLIES.notOfficer(name, cells[0]!) : ORG_REPLIES.officerNotFound(name));
    if (found.length > 1)
      return text(
        ORG_REPLIES.officerAmbiguous(
          name,
          found.map(({ cell, officer }) => ({ cell, role: roleName(officer.role) })),
        ),
      );
    return removeOffice(only.cell, only.officer.person, name, message, access);
  }

  return {
    commands: REVOKE_COMMAND_NAMES,
    async handle(name, args, message) {
      const access = await accessOf(deps, message);
      switch (name) {
        case 'huyma':
          return revokeCodes(args, message, access);
        case 'doimathanhvien':
          return rotateMemberCode(args, message, access);
        case 'huylienket':
          return unlink(args, message, access);
        default:
          return removeOfficer(args, message, access);
      }
    },
  };
}
