/** Who is asking, in which cell, and what they may do there. */
import { isGroupChat, type Cell, type Officer, type OrgRegistry } from '../../jobs/index.js';
import { chatAddress } from '../../common/index.js';
import type { IncomingMessage } from '../chat-types.js';
import type { HelpRole } from '../help-texts.js';

/** A person's standing for a message. */
export interface Access {
  /** `<channel>:<user_id>`. */
  person: string;
  /** The chat the message came from. */
  chat: string;
  isAdmin: boolean;
  /** The chat's cell; in a private chat not bound to a cell, the one cell the person leads. */
  cell?: Cell;
  /** The person's office in that cell. */
  officer?: Officer;
  /** True when the chat itself is bound to `cell`. */
  boundHere: boolean;
  /** How many cells the person leads (to explain a private chat without a cell). */
  cellsLed: number;
}

/** Whose help a person reads in a chat (see help-texts.ts): an admin's, a secretary's, a deputy's or a member's. */
export function helpRole(access: Access, chatType: IncomingMessage['chatType']): HelpRole {
  if (access.isAdmin) return 'admin';
  if (access.officer) return access.officer.role;
  // A private chat of someone leading several cells names none of them: an officer's help, without what only a secretary may do.
  return chatType === 'private' && access.cellsLed > 0 ? 'deputy' : 'member';
}

/** May schedule, change and cancel for the cell (or, for an admin, for an unbound chat). */
export function canManage(access: Access): boolean {
  return access.isAdmin || access.officer !== undefined;
}

/**
 * Reads a person's standing from the registry. Every cell command reads it first: it also remembers
 * the sender's public username, so that an admin can later name them by it (`/bithu @username`).
 */
export async function accessOf(
  registry: OrgRegistry,
  message: Pick<IncomingMessage, 'channel' | 'chatId' | 'chatType' | 'userId' | 'userName' | 'userHandle'>,
): Promise<Access> {
  const person = chatAddress(message.channel, message.userId);
  const chat = chatAddress(message.channel, message.chatId);
  const [isAdmin, bound, led] = await Promise.all([
    registry.isAdmin(person),
    registry.cellOfChat(chat),
    registry.cellsLedBy(person),
    message.userHandle ? registry.rememberHandle(person, message.userHandle, message.userName) : undefined,
  ]);
  let cell = bound;
  if (!cell && message.chatType === 'private' && led.length === 1) cell = await registry.cell(led[0]!);
  const officer = cell ? (await registry.officersOf(cell.id)).find((each) => each.person === person) : undefined;
  return { person, chat, isAdmin, boundHere: bound !== undefined, cellsLed: led.length, ...(cell ? { cell } : {}), ...(officer ? { officer } : {}) };
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
