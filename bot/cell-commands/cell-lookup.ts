/** Cells and people named in a command: a cell by name or id, a person by reply, mention or "@username". */
import { chatAddress } from '../../common/index.js';
import type { Cell, OrgRegistry } from '../../jobs/index.js';
import type { IncomingMessage, Reply } from '../chat-types.js';
import { textReply } from './cell-deps.js';
import { ORG_REPLIES } from './cell-texts.js';

/**
 * The cell `wanted` names (an id, or a name with case, accents and spaces aside), or the reply to
 * give: not found, or, when several cells bear the name, which one, listing each with the command
 * retyped with its id (`retype`).
 */
export async function namedCell(registry: OrgRegistry, wanted: string, retype: (id: string) => string): Promise<Cell | Reply[]> {
  const found = await registry.lookupCell(wanted);
  if (found.kind === 'found') return found.cell;
  if (found.kind === 'none') return textReply(ORG_REPLIES.cellNotFound(wanted.trim()));
  const described = await Promise.all(
    found.cells.map(async (cell) => {
      const [officers, chats] = await Promise.all([registry.officersOf(cell.id), registry.chatsOf(cell.id)]);
      const secretaries = officers.filter((officer) => officer.role === 'secretary').map((officer) => officer.name ?? ORG_REPLIES.unnamedMember);
      return { cell, secretaries, chats: chats.length };
    }),
  );
  return textReply(ORG_REPLIES.cellAmbiguous(wanted.trim(), described, retype));
}

/** A person a command acts on: `<channel>:<user_id>` and how they are called. */
export interface NamedPerson {
  person: string;
  name: string;
}

/** "@nguyenvana" at the start of a command's text: a Telegram username (5-32 letters, digits, _). */
const HANDLE = /^@(\w{3,32})(?!\S)/u;

/**
 * The person a command names: the author of the message it replies to, else the first person it
 * mentions (a member picked by name), else a "@username" typed after it, known once that person
 * has used a cell command. Undefined when it names nobody; a reply when the username is unknown.
 */
export async function namedPerson(registry: OrgRegistry, command: string, args: string, message: IncomingMessage): Promise<NamedPerson | Reply[] | undefined> {
  const picked = message.replyTo ?? message.mentions?.[0];
  if (picked) return { person: chatAddress(message.channel, picked.userId), name: picked.userName ?? ORG_REPLIES.unnamedMember };
  const handle = HANDLE.exec(args.trim())?.[1];
  if (!handle) return undefined;
  const known = await registry.personByHandle(message.channel, handle);
  return known ? { person: known.person, name: known.name ?? `@${handle}` } : textReply(ORG_REPLIES.handleUnknown(handle, command));
}
