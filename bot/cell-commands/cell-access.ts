/** Who is asking, in which cell, and what they may do there and in the part of the tree they manage. */
import { isGroupChat, type Cell, type Officer, type OrgRegistry, type UnitAdmins } from '../../jobs/index.js';
import { chatAddress } from '../../common/index.js';
import type { IncomingMessage } from '../chat-types.js';
import type { HelpRole } from '../help-texts.js';

/** A person's standing for a message. */
export interface Access {
  /** `<channel>:<user_id>`. */
  person: string;
  /** The chat the message came from. */
  chat: string;
  /** A root admin (`ADMIN_IDS`): manages every unit. */
  isAdmin: boolean;
  /** The units the person was granted admin of, each with every unit below it (none for most people). */
  adminUnits: Cell[];
  /** Whether the person manages `cell` (a root admin, or an admin of it or of a unit above it); without a cell, whether a root admin. */
  managesCell: boolean;
  /** The chat's cell; in a private chat not bound to a cell, the one cell the person leads. */
  cell?: Cell;
  /** The person's office in that cell. */
  officer?: Officer;
  /** True when the chat itself is bound to `cell`. */
  boundHere: boolean;
  /** How many cells the person leads (to explain a private chat without a cell). */
  cellsLed: number;
}

/** Whether the person manages any part of the tree: a root admin or the admin of a unit. */
export function isAnyAdmin(access: Pick<Access, 'isAdmin' | 'adminUnits'>): boolean {
  return access.isAdmin || access.adminUnits.length > 0;
}

/** Whose help a person reads in a chat (see help-texts.ts): a root admin's, a unit admin's, a secretary's, a deputy's or a member's. */
export function helpRole(access: Access, chatType: IncomingMessage['chatType']): HelpRole {
  if (access.isAdmin) return 'admin';
  if (access.adminUnits.length > 0) return 'unit-admin';
  if (access.officer) return access.officer.role;
  // A private chat of someone leading several cells names none of them: an officer's help, without what only a secretary may do.
  return chatType === 'private' && access.cellsLed > 0 ? 'deputy' : 'member';
}

/** May schedule, change and cancel for the cell: its officers and who manages it (for an unbound chat, a root admin). */
export function canManage(access: Access): boolean {
  return access.managesCell || access.officer !== undefined;
}

/**
 * Reads a person's standing from the registry. Every cell command reads it first: it also remembers
 * the sender's public username, so that an admin can later name them by it (`/bithu @username`).
 */
export async function accessOf(
  deps: { registry: OrgRegistry; unitAdmins: UnitAdmins },
  message: Pick<IncomingMessage, 'channel' | 'chatId' | 'chatType' | 'userId' | 'userName' | 'userHandle'>,
): Promise<Access> {
  const { registry, unitAdmins } = deps;
  const person = chatAddress(message.channel, message.userId);
  const chat = chatAddress(message.channel, message.chatId);
  const [isAdmin, bound, led, granted] = await Promise.all([
    registry.isAdmin(person),
    registry.cellOfChat(chat),
    registry.cellsLedBy(person),
    unitAdmins.unitsOf(person),
    message.userHandle ? registry.rememberHandle(person, message.userHandle, message.userName) : undefined,
  ]);
  let cell = bound;
  if (!cell && message.chatType === 'private' && led.length === 1) cell = await registry.cell(led[0]!);
  const officer = cell ? (await registry.officersOf(cell.id)).find((each) => each.person === person) : undefined;
  const adminUnits = (await Promise.all(granted.map((id) => registry.cell(id)))).filter((unit): unit is Cell => unit !== undefined);
  const managesCell = isAdmin || (cell !== undefined && adminUnits.length > 0 && (await unitAdmins.manages(person, cell.id)));
  return {
    person,
    chat,
    isAdmin,
    adminUnits,
    managesCell,
    boundHere: bound !== undefined,
    cellsLed: led.length,
    ...(cell ? { cell } : {}),
    ...(officer ? { officer } : {}),
  };
}

/**
 * The chats whose events a message sees: the cell's chats, else the chat itself. With `forWriting`,
 * where a new event goes: the chat itself when bound or unbound, the cell's first group chat from
 * a private chat that is not bound (undefined when the cell has none: a member's linked private
 * chat is no place for the cell's events).
 */
export async function chatsFor(registry: OrgRegistry, access: Access): Promise<{ view: string[]; target?: string }> {
  if (!access.cell) return { view: [access.chat], target: access.chat };
  const chats = await registry.chatsOf(access.cell.id);
  if (access.boundHere) return { view: chats, target: access.chat };
  const group = chats.find(isGroupChat);
  return { view: chats, ...(group ? { target: group } : {}) };
}
