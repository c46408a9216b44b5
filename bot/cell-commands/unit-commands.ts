/**
 * The tree of units from the chat: /taodonvi <tên> [thuộc <đơn vị>] (an admin creates a unit, its
 * kind read from its name, under the unit named or by default under their own; /taochibo is the
 * same), /capquyen and /thuhoiquyen (someone who manages a unit grants or revokes its admin, the
 * person picked by reply, mention, @username or id). A unit is named by name or id; a name several
 * units bear is asked back with their ids. Creating shows a registration code: in a private chat
 * only. Every creation, grant and revocation goes to the audit log.
 */
import { chatAddress, foldVietnamese } from '../../common/index.js';
import { CellNameTakenError, kindOfName, type Cell } from '../../jobs/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { accessOf, isAnyAdmin, type Access } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { namedCell, namedPerson, type NamedPerson } from './cell-lookup.js';
import { ORG_REPLIES } from './cell-texts.js';
import { mayManage, notManaged, ownUnits } from './unit-scope.js';
import { UNIT_REPLIES } from './unit-texts.js';

/** The commands this file answers. */
export const UNIT_COMMAND_NAMES = ['taodonvi', 'taochibo', 'capquyen', 'thuhoiquyen'];

/** "<tên> thuộc <đơn vị>": the last "thuộc" (typed with or without accents) separates the parent. */
const UNDER = /^(.*\S)\s+(?:trực thuộc|truc thuoc|thuộc|thuoc)\s+(\S.*)$/isu;
/** A person written as their address ("telegram:123") or a bare numeric id on the channel the command came from. */
const PERSON_ID = /^(?:(telegram|zalo):(\S+)|(\d{3,}))(?:\s+|$)/u;

const text = textReply;
/** The sender's name for the audit log, when the platform gave one. */
const named = (message: IncomingMessage) => (message.userName ? { name: message.userName } : {});

/** The commands of the tree of units. */
export function createUnitCommands(deps: CellCommandDeps): ChatCommands {
  const { registry, unitAdmins } = deps;

  /** The parent a new unit goes under: the one named, else the creator's own unit (none for a root admin: the root); or the reply to give. */
  async function parentFor(command: string, name: string, wanted: string | undefined, access: Access): Promise<{ parent?: Cell } | Reply[]> {
    if (wanted) {
      const parent = await namedCell(registry, wanted, (id) => `/${command} ${name} thuộc ${id}`);
      return Array.isArray(parent) ? parent : { parent };
    }
    const { roots } = await ownUnits(deps, access);
    if (!roots) return {};
    return roots.length === 1 ? { parent: roots[0]! } : text(UNIT_REPLIES.whichParent(command, name, roots));
  }

  async function create(command: string, args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    const typed = args.replace(/\s+/gu, ' ').trim();
    if (message.chatType !== 'private') return text(ORG_REPLIES.privateOnly(command, typed));
    if (!typed) return text(UNIT_REPLIES.createUsage(command));
    const split = UNDER.exec(typed);
    const name = split ? split[1]! : typed;
    const placed = await parentFor(command, name, split?.[2], access);
    if (Array.isArray(placed)) return placed;
    const { parent } = placed;
    if (parent ? !(await mayManage(deps, access, parent)) : !access.isAdmin) return notManaged(parent);
    const created = await registry
      .createCell(name, access.person, { kind: kindOfName(name), ...(parent ? { parent: parent.id } : {}) })
      .catch((error: unknown) => {
        if (error instanceof CellNameTakenError) return error;
        throw error;
      });
    if (created instanceof CellNameTakenError)
      return text(parent ? UNIT_REPLIES.nameTaken(created.existing, parent) : ORG_REPLIES.cellNameTaken(created.existing));
    const { cell, code } = created;
    // /taochibo keeps its entry ("tạo chi bộ"); /taodonvi says the kind and the parent.
    const details = { cell: cell.name, cellId: cell.id, ...(cell.kind ? { kind: cell.kind } : {}), ...(parent ? { parent: parent.id } : {}) };
    await recordAction(deps, { who: access.person, ...named(message), action: command === 'taochibo' ? 'cell.created' : 'unit.created', details });
    return text(command === 'taochibo' && !parent ? ORG_REPLIES.created(cell, code) : UNIT_REPLIES.created(cell, parent, code));
  }

  /** The person a grant names and the rest of its text (the unit): by reply, mention or @username (see cell-lookup.ts), else by id. */
  async function grantee(command: string, args: string, message: IncomingMessage): Promise<{ who: NamedPerson; rest: string } | Reply[] | undefined> {
    const trimmed = args.trim();
    const picked = await namedPerson(registry, command, trimmed, message);
    if (Array.isArray(picked)) return picked;
    if (picked) {
      let rest = trimmed;
      if (!message.replyTo && !message.mentions?.length) rest = trimmed.replace(/^@\w+\s*/u, '');
      // A member picked by name: the mention's text (their name) comes first.
      else if (!message.replyTo && foldVietnamese(rest).startsWith(foldVietnamese(picked.name))) rest = rest.slice(picked.name.length);
      return { who: picked, rest: rest.trim() };
    }
    const id = PERSON_ID.exec(trimmed);
    if (!id) return undefined;
    const person = id[1] ? `${id[1]}:${id[2]!}` : chatAddress(message.channel, id[3]!);
    return { who: { person, name: person }, rest: trimmed.slice(id[0].length).trim() };
  }

  async function grantOrRevoke(command: 'capquyen' | 'thuhoiquyen', args: string, message: IncomingMessage, access: Access): Promise<Reply[]> {
    if (!isAnyAdmin(access)) return text(ORG_REPLIES.adminOnly);
    const found = await grantee(command, args, message);
    if (Array.isArray(found)) return found;
    if (!found) return text(UNIT_REPLIES.grantUsage(command));
    const { who, rest } = found;
    const unit = rest ? await namedCell(registry, rest, (id) => `/${command} ${who.person} ${id}`) : access.boundHere ? access.cell : undefined;
    if (!unit) return text(UNIT_REPLIES.grantUsage(command));
    if (Array.isArray(unit)) return unit;
    // Nobody grants above the part of the tree they manage.
    if (!(await mayManage(deps, access, unit))) return notManaged(unit);
    const details = { cell: unit.name, cellId: unit.id, person: who.person, name: who.name };
    if (command === 'capquyen') {
      if (!(await unitAdmins.grant(unit.id, who.person))) return text(UNIT_REPLIES.alreadyGranted(who.name, unit));
      await recordAction(deps, { who: access.person, ...named(message), action: 'admin.granted', details });
      return text(UNIT_REPLIES.granted(who.name, unit));
    }
    if (!(await unitAdmins.revoke(unit.id, who.person))) return text(UNIT_REPLIES.notGranted(who.name, unit, await unitAdmins.adminsOf(unit.id)));
    await recordAction(deps, { who: access.person, ...named(message), action: 'admin.revoked', details });
    return text(UNIT_REPLIES.revoked(who.name, unit));
  }

  return {
    commands: UNIT_COMMAND_NAMES,
    async handle(name, args, message) {
      const access = await accessOf(deps, message);
      switch (name) {
        case 'capquyen':
        case 'thuhoiquyen':
          return grantOrRevoke(name, args, message, access);
        default:
          return create(name, args, message, access);
      }
    },
  };
}
