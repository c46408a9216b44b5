/**
 * The numbered list of events a person was last shown in a chat (by /lich, or when /sua or /huy
 * without a code asked which), so that "/huy 2" or "/sua 2 20h" picks from the list they saw even
 * if the cell's list has changed since. In Redis for 10 minutes:
 * `<prefix>:event-choice:<chat>:<person>` holds the events' short codes in order and, when /sua
 * asked, the new text it was given.
 */
import type { RedisConnection } from '../../jobs/index.js';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';

/** A numbered list shown to a person. */
export interface EventChoice {
  /** Short codes, the first numbered 1. */
  codes: string[];
  /** The new text of the /sua that asked which event (carried to the answer "/sua 2"). */
  edit?: string;
}

const eventChoiceSchema = z.object({ codes: z.array(z.string()), edit: z.string().optional() }) satisfies z.ZodType<EventChoice>;

/** Numbered lists over an ioredis client the caller owns. */
export interface EventChoices {
  /** Remembers the list shown to `person` in `chat`, in place of the one before. */
  remember(chat: string, person: string, choice: EventChoice): Promise<void>;
  /** The list last shown to `person` in `chat`, if shown less than 10 minutes ago. */
  recall(chat: string, person: string): Promise<EventChoice | undefined>;
}

const TTL_SECONDS = 10 * 60;

/** Numbered lists under `prefix`. */
export function createEventChoices(redis: RedisConnection, prefix: string): EventChoices {
  const key = (chat: string, person: string) => `${prefix}:event-choice:${chat}:${person}`;
  return {
    async remember(chat, person, choice) {
      await redis.set(key(chat, person), JSON.stringify(choice), 'EX', TTL_SECONDS);
    },
    async recall(chat, person) {
      const json = await redis.get(key(chat, person));
      return json === null ? undefined : parseStored(eventChoiceSchema, json, 'event choice');
    },
  };
}
