/**
 * Scheduled events in Redis, under a key prefix:
 * - `<prefix>:event:<id>`: the event as JSON;
 * - `<prefix>:event:<id>:jobs`: the ids of the reminder jobs enqueued for it (to remove them on cancel);
 * - `<prefix>:chat-events:<chat>`: the chat's active events, a sorted set scored by next start (ms).
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import { DEFAULT_KEY_PREFIX } from '../redis/redis-connection.js';
import type { ScheduleKind } from '../schedule-phrase/parse-schedule-phrase.js';

/** A scheduled event and its reminders. */
export interface ReminderEvent {
  id: string;
  /** Where reminders go: `telegram:<chat_id>` or `zalo:<chat_id>`. */
  chat: string;
  kind: ScheduleKind;
  title: string;
  /** First occurrence, ISO-8601 with offset; DTSTART of `rrule`. */
  start: string;
  allDay: boolean;
  /** RFC 5545 RRULE body, or null for a one-off. */
  rrule: string | null;
  /** Offsets before each occurrence ("3d", "2h", "0"), earliest reminder first. */
  reminders: string[];
  /** IANA time zone the event's wall-clock times are in. */
  timeZone: string;
  /** Where it happens ("hội trường UBND phường"). */
  place?: string;
  /** What it is about ("kết nạp đảng viên mới"). */
  agenda?: string;
  /** Who scheduled it (`telegram:123`); absent for the operator's script. */
  createdBy?: string;
  /** ISO-8601. */
  createdAt: string;
  status: 'active' | 'cancelled';
}

/** The shape of a stored {@link ReminderEvent}. */
export const reminderEventSchema = z.object({
  id: z.string(),
  chat: z.string(),
  kind: z.enum(['meeting', 'report', 'inspection', 'other']),
  title: z.string(),
  start: z.string(),
  allDay: z.boolean(),
  rrule: z.string().nullable(),
  reminders: z.array(z.string()),
  timeZone: z.string(),
  place: z.string().optional(),
  agenda: z.string().optional(),
  createdBy: z.string().optional(),
  createdAt: z.string(),
  status: z.enum(['active', 'cancelled']),
}) satisfies z.ZodType<ReminderEvent>;

/** Options of {@link createEventStore}. */
export interface EventStoreOptions {
  /** Prefix of every key. @defaultValue 'pca' */
  prefix?: string;
}

/** Events in Redis; see the file comment for the keys. */
export interface EventStore {
  /**
   * Stores an event unless an active one has its id; a cancelled one with the id is replaced.
   * Returns the stored event and whether it is new.
   */
  create(event: ReminderEvent, nextStartMs: number): Promise<{ event: ReminderEvent; created: boolean }>;
  get(id: string): Promise<ReminderEvent | undefined>;
  /** A chat's active events, the one starting next first. */
  listByChat(chat: string): Promise<ReminderEvent[]>;
  /** Marks an event cancelled and takes it off its chat's list; returns it, or undefined for an unknown id. */
  cancel(id: string): Promise<ReminderEvent | undefined>;
  /** Moves an active event to its next occurrence in its chat's list. */
  setNextStart(event: ReminderEvent, nextStartMs: number): Promise<void>;
  /** Records reminder job ids enqueued for an event. */
  addJobIds(id: string, jobIds: readonly string[]): Promise<void>;
  /** Takes the recorded job ids of an event, forgetting them. */
  takeJobIds(id: string): Promise<string[]>;
}

/** An event store over an ioredis client the caller owns (and closes). */
export function createEventStore(redis: Redis, options: EventStoreOptions = {}): EventStore {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const eventKey = (id: string) => `${prefix}:event:${id}`;
  const jobsKey = (id: string) => `${prefix}:event:${id}:jobs`;
  const chatKey = (chat: string) => `${prefix}:chat-events:${chat}`;
  const read = (json: string | null): ReminderEvent | undefined => (json === null ? undefined : parseStored(reminderEventSchema, json, 'event'));

  const store: EventStore = {
    async create(event, nextStartMs) {
      const written = await redis.set(eventKey(event.id), JSON.stringify(event), 'NX');
      if (written !== 'OK') {
        const existing = await store.get(event.id);
        if (existing?.status === 'active') return { event: existing, created: false };
        await redis.set(eventKey(event.id), JSON.stringify(event));
      }
      await redis.zadd(chatKey(event.chat), nextStartMs, event.id);
      return { event, created: true };
    },
    async get(id) {
      return read(await redis.get(eventKey(id)));
    },
    async listByChat(chat) {
      const ids = await redis.zrange(chatKey(chat), '0', '-1');
      if (ids.length === 0) return [];
      const events = (await redis.mget(ids.map(eventKey))).map(read);
      return events.filter((event): event is ReminderEvent => event?.status === 'active');
    },
    async cancel(id) {
      const event = await store.get(id);
      if (!event) return undefined;
      const cancelled: ReminderEvent = { ...event, status: 'cancelled' };
      await redis.multi().set(eventKey(id), JSON.stringify(cancelled)).zrem(chatKey(event.chat), id).exec();
      return cancelled;
    },
    async setNextStart(event, nextStartMs) {
      await redis.zadd(chatKey(event.chat), 'XX', String(nextStartMs), event.id);
    },
    async addJobIds(id, jobIds) {
      if (jobIds.length > 0) await redis.sadd(jobsKey(id), ...jobIds);
    },
    async takeJobIds(id) {
      const [members] = (await redis.multi().smembers(jobsKey(id)).del(jobsKey(id)).exec()) ?? [];
      return (members?.[1] as string[] | undefined) ?? [];
    },
  };
  return store;
}
