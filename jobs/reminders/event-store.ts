/**
 * Scheduled events in Redis, under a key prefix:
 * - `<prefix>:event:<id>`: the event as JSON, compact (see {@link storedEventJson}); a record of the
 *   full shape written before is read as well;
 * - `<prefix>:event:<id>:jobs`: the ids of the reminder jobs enqueued for it (to remove them on cancel);
 * - `<prefix>:chat-events:<chat>`: the chat's active events, a sorted set scored by next start (ms).
 * An ended one-off event and its job list expire {@link ENDED_EVENT_KEPT_MS} after it ends, a cancelled
 * event that long after its cancellation.
 */
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor, scanKeys } from '../redis/redis-keys.js';
import { defineScript } from '../redis/redis-scripts.js';
import { DEFAULT_TIME_ZONE, type ScheduleKind } from '../schedule-phrase/parse-schedule-phrase.js';

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
  /**
   * The short code members type for it ("a1b2c3"), kept for life: an edit carries it over to the
   * event put in its place. Absent in records stored before codes were kept: see {@link eventCode}.
   */
  code?: string;
  /** The code of the report deadline a committee set for many units at once, this event being one unit's part of it (report-campaigns.ts). */
  campaign?: string;
  /** The name of the unit above that set it ("Đảng bộ phường A"), shown beside it in /lich; absent for the unit's own events. */
  assignedBy?: string;
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
  code: z.string().optional(),
  campaign: z.string().optional(),
  assignedBy: z.string().optional(),
  createdAt: z.string(),
  status: z.enum(['active', 'cancelled']),
}) satisfies z.ZodType<ReminderEvent>;

/**
 * The shape of an event as stored: the full shape, or the compact one, which leaves out the id (its
 * key names it) and the fields at their usual value (a code its id gives, not all day, no rrule, the
 * default time zone, active).
 */
const storedEventSchema = reminderEventSchema.extend({
  id: z.string().optional(),
  allDay: z.boolean().default(false),
  rrule: z.string().nullable().default(null),
  timeZone: z.string().default(DEFAULT_TIME_ZONE),
  status: z.enum(['active', 'cancelled']).default('active'),
});

/** An event as its record stores it: the compact shape, about half the bytes of the full one. */
function storedEventJson(event: ReminderEvent): string {
  const { id, code, allDay, rrule, timeZone, status, ...kept } = event;
  return JSON.stringify({
    ...kept,
    ...(code !== undefined && code !== id.slice(2, 8) ? { code } : {}),
    ...(allDay ? { allDay } : {}),
    ...(rrule !== null ? { rrule } : {}),
    ...(timeZone !== DEFAULT_TIME_ZONE ? { timeZone } : {}),
    ...(status !== 'active' ? { status } : {}),
  });
}

/** Reads an event's record, of either shape, stored under `id`. */
function readStoredEvent(id: string, json: string): ReminderEvent {
  const stored = parseStored(storedEventSchema, json, 'event');
  return { ...stored, id: stored.id ?? id, code: stored.code ?? (stored.id ?? id).slice(2, 8) };
}

/** An event's short code: the one it keeps, else (a record stored before codes were kept) the one its id gives. */
export function eventCode(event: Pick<ReminderEvent, 'id' | 'code'>): string {
  return event.code ?? event.id.slice(2, 8);
}

/** How long an ended one-off event is kept (for its tally and /lich's history): 30 days. */
export const ENDED_EVENT_KEPT_MS = 30 * 24 * 3600 * 1000;

/** Options of {@link createEventStore}. */
export interface EventStoreOptions {
  /** Prefix of every key (hash-tagged on a cluster, see keyPrefixFor). @defaultValue 'pca' */
  prefix?: string;
}

/** Events in Redis; see the file comment for the keys. */
export interface EventStore {
  /**
   * Stores and lists an event unless an active one has its id; a cancelled one with the id is
   * replaced. Returns the stored event and whether it is new.
   */
  create(event: ReminderEvent, nextStartMs: number): Promise<{ event: ReminderEvent; created: boolean }>;
  /**
   * Stores an active event in place of `replaced` in one transaction: the new event listed, the old
   * one (when its id differs) cancelled and unlisted. Either both happen or neither does.
   */
  replace(event: ReminderEvent, nextStartMs: number, replaced: ReminderEvent): Promise<void>;
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
  /** The recorded job ids of an event. */
  jobIds(id: string): Promise<string[]>;
  /** Forgets some recorded job ids of an event. */
  forgetJobIds(id: string, jobIds: readonly string[]): Promise<void>;
  /** Every active event of every chat (for the worker's reconciliation at start). */
  activeEvents(): Promise<ReminderEvent[]>;
  /** Lets an ended one-off event (and its job list) expire {@link ENDED_EVENT_KEPT_MS} after `endedMs`, `nowMs` being now. */
  retire(event: ReminderEvent, endedMs: number, nowMs: number): Promise<void>;
}

/** Sets one time to live on an event (KEYS[1]) and its job list (KEYS[2]): ARGV[1] milliseconds. */
const RETIRE_SCRIPT = "redis.call('PEXPIRE', KEYS[1], ARGV[1]) redis.call('PEXPIRE', KEYS[2], ARGV[1])";

/** An event store over an ioredis client the caller owns (and closes). */
export function createEventStore(redis: RedisConnection, options: EventStoreOptions = {}): EventStore {
  const prefix = keyPrefixFor(redis, options.prefix);
  const retireKeys = defineScript(redis, 'pcaRetireEvent', 2, RETIRE_SCRIPT);
  const eventKey = (id: string) => `${prefix}:event:${id}`;
  const jobsKey = (id: string) => `${prefix}:event:${id}:jobs`;
  const chatKey = (chat: string) => `${prefix}:chat-events:${chat}`;
  const read = (id: string, json: string | null): ReminderEvent | undefined => (json === null ? undefined : readStoredEvent(id, json));

  const store: EventStore = {
    async create(event, nextStartMs) {
      const existing = await store.get(event.id);
      if (existing?.status === 'active') return { event: existing, created: false };
      // Stored and listed in one transaction: never an active event missing from its chat's list.
      await redis.multi().set(eventKey(event.id), storedEventJson(event)).persist(jobsKey(event.id)).zadd(chatKey(event.chat), nextStartMs, event.id).exec();
      return { event, created: true };
    },
    async replace(event, nextStartMs, replaced) {
      const transaction = redis.multi().set(eventKey(event.id), storedEventJson(event)).persist(eventKey(event.id)).persist(jobsKey(event.id));
      if (replaced.id !== event.id)
        transaction
          .set(eventKey(replaced.id), storedEventJson({ ...replaced, status: 'cancelled' }), 'PX', ENDED_EVENT_KEPT_MS)
          .zrem(chatKey(replaced.chat), replaced.id);
      await transaction.zadd(chatKey(event.chat), nextStartMs, event.id).exec();
    },
    async get(id) {
      return read(id, await redis.get(eventKey(id)));
    },
    async listByChat(chat) {
      const ids = await redis.zrange(chatKey(chat), '0', '-1');
      if (ids.length === 0) return [];
      const events = (await redis.mget(ids.map(eventKey))).map((json, index) => read(ids[index]!, json));
      // An expired (ended one-off) event leaves the list too.
      const gone = ids.filter((_id, index) => events[index] === undefined);
      if (gone.length > 0) await redis.zrem(chatKey(chat), ...gone);
      return events.filter((event): event is ReminderEvent => event?.status === 'active');
    },
    async cancel(id) {
      const event = await store.get(id);
      if (!event) return undefined;
      const cancelled: ReminderEvent = { ...event, status: 'cancelled' };
      await redis.multi().set(eventKey(id), storedEventJson(cancelled), 'PX', ENDED_EVENT_KEPT_MS).zrem(chatKey(event.chat), id).exec();
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
    async jobIds(id) {
      return redis.smembers(jobsKey(id));
    },
    async forgetJobIds(id, jobIds) {
      if (jobIds.length > 0) await redis.srem(jobsKey(id), ...jobIds);
    },
    async activeEvents() {
      const events: ReminderEvent[] = [];
      for await (const keys of scanKeys(redis, `${chatKey('')}*`, 200)) {
        for (const key of keys) events.push(...(await store.listByChat(key.slice(chatKey('').length))));
      }
      return events;
    },
    async retire(event, endedMs, nowMs) {
      // A time to live, not an instant: what counts is how long ago it ended by the caller's clock.
      const ttl = Math.max(1, endedMs + ENDED_EVENT_KEPT_MS - nowMs);
      // Both at once in a script: a MULTI would do, but costs several times more on the workers' connection (ioredis copies BullMQ's scripts into each).
      await retireKeys([eventKey(event.id), jobsKey(event.id)], [ttl]);
    },
  };
  return store;
}
