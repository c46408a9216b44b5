/**
 * The reminder service the bot and the `schedule` script share: reads a Vietnamese phrase, stores
 * the event and enqueues its reminders; lists and cancels. One event per (chat, kind, title, start,
 * recurrence): scheduling the same phrase twice for a chat gives the same event, and its reminders
 * are never enqueued twice (deterministic job ids).
 */
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { createEventStore, DEFAULT_KEY_PREFIX, type ReminderEvent } from './event-store.js';
import { occurrenceAfter, occurrenceCutoff, occurrenceIso } from './event-occurrences.js';
import { DEFAULT_TIME_ZONE, isScheduleParseProblem, parseSchedulePhrase, type ParsedSchedule } from './parse-schedule-phrase.js';
import { EventNotFoundError, InvalidChatError, ScheduleRefusedError } from './reminder-errors.js';
import { DEFAULT_REMINDER_QUEUE, enqueueReminders } from './reminder-jobs.js';
import { DEFAULT_REMINDERS, parseReminderOffsets } from './reminder-offsets.js';

/** Options of {@link createReminderService}. */
export interface ReminderServiceOptions {
  /** An ioredis client the caller owns and closes. */
  connection: Redis;
  /** Prefix of the event keys and of the queue's keys. @defaultValue 'pca' */
  prefix?: string;
  /** @defaultValue 'reminders' */
  queueName?: string;
  /** Time zone phrases are read in. @defaultValue 'Asia/Ho_Chi_Minh' */
  timeZone?: string;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
}

/** Options of {@link ReminderService.schedule}. */
export interface ScheduleOptions {
  /** Offsets before each occurrence ("3d,1d,2h,0" or its parts); defaults by kind (see DEFAULT_REMINDERS). */
  reminders?: string | readonly string[];
}

/** What `schedule` did: the event and the reminders enqueued (the `schedule add` JSON line). */
export interface ScheduledEvent {
  id: string;
  /** First occurrence, ISO-8601 with offset. */
  start: string;
  rrule: string | null;
  /** When each reminder enqueued is due, ISO-8601 with offset, earliest first. Past ones are skipped. */
  reminders: string[];
}

/** An event in a list, with the occurrence still ahead. */
export interface ListedEvent extends ReminderEvent {
  /** The next occurrence not yet over, ISO-8601 with offset. */
  next: string;
}

/** Schedules, lists and cancels events and their reminders. */
export interface ReminderService {
  /**
   * Schedules the event a phrase describes for a chat. Throws {@link ScheduleRefusedError} (with
   * the parser's Vietnamese message) for a phrase without a date or a moment already past,
   * {@link InvalidChatError} and InvalidRemindersError for bad arguments.
   */
  schedule(chat: string, text: string, options?: ScheduleOptions): Promise<ScheduledEvent>;
  /** A chat's events still to come, the next first. */
  list(chat: string): Promise<ListedEvent[]>;
  /** Cancels an event and removes its pending reminders; throws {@link EventNotFoundError}. Cancelling twice is harmless. */
  cancel(id: string): Promise<ReminderEvent>;
  /** Closes the queue (not the connection, which the caller owns). */
  close(): Promise<void>;
}

const CHAT_PATTERN = /^(?:telegram|zalo):[^\s:]+$/u;

/** Throws {@link InvalidChatError} unless `chat` is `telegram:<chat_id>` or `zalo:<chat_id>`. */
export function checkChatAddress(chat: string): void {
  if (!CHAT_PATTERN.test(chat)) throw new InvalidChatError(chat);
}

/** The id of the event a parsed phrase describes in a chat (same phrase, same chat: same id). */
function eventIdOf(chat: string, parsed: ParsedSchedule): string {
  const identity = [chat, parsed.kind, parsed.title, parsed.start, parsed.rrule ?? ''].join('\n');
  return `ev${createHash('sha256').update(identity).digest('hex').slice(0, 20)}`;
}

/** A reminder service over Redis and a BullMQ queue. */
export function createReminderService(options: ReminderServiceOptions): ReminderService {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const clock = options.now ?? (() => new Date());
  const store = createEventStore(options.connection, { prefix });
  const queue = new Queue(options.queueName ?? DEFAULT_REMINDER_QUEUE, { connection: options.connection, prefix });
  const now = () => DateTime.fromJSDate(clock(), { zone: timeZone });

  return {
    async schedule(chat, text, scheduleOptions = {}) {
      checkChatAddress(chat);
      const at = now();
      const parsed = parseSchedulePhrase(text, { now: at.toJSDate(), timeZone });
      if (isScheduleParseProblem(parsed)) throw new ScheduleRefusedError(parsed);
      const reminders = parseReminderOffsets(scheduleOptions.reminders ?? DEFAULT_REMINDERS[parsed.kind]);
      const candidate: ReminderEvent = {
        id: eventIdOf(chat, parsed),
        chat,
        kind: parsed.kind,
        title: parsed.title,
        start: parsed.start,
        allDay: parsed.allDay,
        rrule: parsed.rrule,
        reminders,
        timeZone,
        createdAt: occurrenceIso(at),
        status: 'active',
      };
      const { event } = await store.create(candidate, Date.parse(parsed.start));
      const enqueued = await enqueueReminders(queue, store, event, at, true, at);
      return { id: event.id, start: event.start, rrule: event.rrule, reminders: enqueued.dueTimes.map(occurrenceIso) };
    },

    async list(chat) {
      checkChatAddress(chat);
      const at = now();
      const listed: ListedEvent[] = [];
      for (const event of await store.listByChat(chat)) {
        // The occurrence not over yet: an all-day one lasts its whole day.
        const next = occurrenceAfter(event, event.allDay ? at.startOf('day') : at, true);
        if (next && occurrenceCutoff(next, event.allDay) >= at) listed.push({ ...event, next: occurrenceIso(next) });
      }
      return listed.sort((a, b) => Date.parse(a.next) - Date.parse(b.next));
    },

    async cancel(id) {
      const event = await store.cancel(id);
      if (!event) throw new EventNotFoundError(id);
      const jobIds = await store.takeJobIds(id);
      await Promise.all(jobIds.map((jobId) => queue.remove(jobId)));
      return event;
    },

    async close() {
      await queue.close();
    },
  };
}
