/**
 * When a cell's chat cannot receive reminders any more (the bot was removed, the chat is gone),
 * the cell's secretaries are told in their private chats (the committee admins when no secretary
 * can be reached), at most once a day per chat.
 */
import type { RedisConnection } from '../redis/redis-connection.js';
import type { Messenger } from '../../common/index.js';
import type { Logger } from '../../common/index.js';
import type { ReminderEvent } from '../reminders/event-store.js';
import type { OrgRegistry } from './org-registry.js';
import { describeSendFailure, undeliverableText } from './undeliverable-texts.js';

/** What a report needs. */
export interface UndeliverableReportDeps {
  /** Where "already told today" is remembered. */
  redis: RedisConnection;
  /** Key prefix. */
  prefix: string;
  /** The chat's cell and its officers. */
  registry: OrgRegistry;
  /** Sends to the officers' private chats. */
  messenger: Messenger;
  logger: Logger;
}

/** Tells the officers of the chat's cell that the chat is unreachable; returns how many were told. */
export async function reportUndeliverable(deps: UndeliverableReportDeps, event: ReminderEvent, reason: string): Promise<number> {
  const cell = await deps.registry.cellOfChat(event.chat);
  if (!cell) {
    deps.logger.warn({ chat: event.chat, eventId: event.id }, 'unreachable chat is bound to no cell: nobody to tell');
    return 0;
  }
  const toldKey = `${deps.prefix}:gone-reported:${event.chat}`;
  if ((await deps.redis.exists(toldKey)) === 1) return 0;
  const text = undeliverableText(cell.name, event, describeSendFailure(reason));
  /** Sends to each person; a person who never opened a private chat with the bot cannot be reached. */
  async function tell(people: readonly string[]): Promise<number> {
    let reached = 0;
    for (const person of people) {
      try {
        await deps.messenger.send(person, { text });
        reached += 1;
      } catch (error) {
        deps.logger.warn({ err: error, person, cellId: cell!.id }, 'cannot tell a person that the cell chat is unreachable');
      }
    }
    return reached;
  }
  let told = await tell((await deps.registry.officersOf(cell.id)).map((officer) => officer.person));
  if (told === 0) told = await tell(deps.registry.admins());
  // Remembered only once somebody knows: otherwise the next failed reminder tries again.
  if (told > 0) await deps.redis.set(toldKey, '1', 'EX', 24 * 3600);
  deps.logger.info({ chat: event.chat, cellId: cell.id, told }, 'told that the cell chat is unreachable');
  return told;
}
