/**
 * The reminder service the bot and the `schedule` script share: reads a Vietnamese message (date,
 * place, agenda, reminders asked for) into a plan, stores it once confirmed and enqueues its
 * reminders; lists, changes and cancels. One event per (chat, kind, title, start,
 * recurrence): scheduling the same phrase twice for a chat gives the same event, and its reminders
 * are never enqueued twice (deterministic job ids). An edit stores a new event (a new id) in place
 * of the old one, carrying over its short code, so the code members wrote down keeps working.
 */
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { checkChatAddress } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';
import { z } from 'zod';
import { createEventStore, eventCode, reminderEventSchema, type ReminderEvent } from './event-store.js';
import { firstStart, occurrenceAfter, occurrenceCutoff, occurrenceIso } from './event-occurrences.js';
import { pastProblem } from '../schedule-phrase/schedule-problems.js';
import { extractMessageDetails, splitPlace } from './event-details.js';
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_TITLES,
  describeRecurrence,
  isScheduleParseProblem,
  parseSchedulePhrase,
  type ParsedSchedule,
  type ScheduleKind,
} from '../schedule-phrase/parse-schedule-phrase.js';
import { EventNotFoundError, ScheduleRefusedError } from './reminder-errors.js';
import { DEFAULT_REMINDER_QUEUE, enqueueReminders, remindersAhead, type EnqueuedReminders } from './reminder-jobs.js';
import { DEFAULT_REMINDERS, parseReminderOffsets } from './reminder-offsets.js';

/** Options of {@link createReminderService}. */
export interface ReminderServiceOptions {
  /** An ioredis client the caller owns and closes. */
  connection: RedisConnection;
  /** Prefix of the event keys and of the queue's keys (hash-tagged on a cluster, see keyPrefixFor). @defaultValue 'pca' */
  prefix?: string;
  /** @defaultValue 'reminders' */
  queueName?: string;
  /** Time zone phrases are read in. @defaultValue 'Asia/Ho_Chi_Minh' */
  timeZone?: string;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
}

/** Options of {@link ReminderService.plan}. */
export interface ScheduleOptions {
  /** Offsets before each occurrence ("3d,1d,2h,0" or its parts); else what the text asks ("nhắc trước 1 ngày"); else defaults by kind (see DEFAULT_REMINDERS). */
  reminders?: string | readonly string[];
  /** The kind the command names (/hop: meeting), whatever the words say. */
  kind?: ScheduleKind;
  /** The title when the text names none ("Sinh hoạt chi bộ" for /hop 19h thứ năm). */
  defaultTitle?: string;
  /** Who schedules (`telegram:123`). */
  createdBy?: string;
  /**
   * The event being changed: what the new text does not say is kept: title, kind, place, agenda, the committee deadline it is part of,
   * reminders, and of its schedule the day when the text gives a time alone (a recurrence keeps its
   * rule), the time when it gives a day alone, all of it when it gives neither.
   */
  base?: ReminderEvent;
}

/** An event read from a message and not stored yet: what the bot shows for confirmation. */
export interface EventPlan extends Omit<ReminderEvent, 'id' | 'code' | 'createdAt' | 'status'> {
  /** What the parser guessed and the user should check, in Vietnamese. */
  ambiguous: string[];
  /** When the reminders of the first occurrence are due, ISO-8601 with offset; past ones are left out. */
  reminderTimes: string[];
}

/** The shape of a stored {@link EventPlan} (a preview waiting for its author's confirmation). */
export const eventPlanSchema = reminderEventSchema
  .omit({ id: true, code: true, createdAt: true, status: true })
  .extend({ ambiguous: z.array(z.string()), reminderTimes: z.array(z.string()) }) satisfies z.ZodType<EventPlan>;

/** What `schedule` did: the event and the reminders enqueued (the `schedule add` JSON line). */
export interface ScheduledEvent {
  id: string;
  /** First occurrence, ISO-8601 with offset. */
  start: string;
  rrule: string | null;
  /** When each reminder enqueued is due, ISO-8601 with offset, earliest first. Past ones are skipped. */
  reminders: string[];
}

/** A committed plan: the scheduled event, and whether it was new (false: the same event existed). */
export interface CommittedEvent extends ScheduledEvent {
  created: boolean;
  event: ReminderEvent;
}

/** An event in a list, with the occurrence still ahead. */
export interface ListedEvent extends ReminderEvent {
  /** The next occurrence not yet over, ISO-8601 with offset. */
  next: string;
}

/** Schedules, lists and cancels events and their reminders. */
export interface ReminderService {
  /**
   * Reads the event a message describes for a chat, without storing anything. Throws
   * {@link ScheduleRefusedError} (with the parser's Vietnamese message) for a message without a
   * date or a moment already past, InvalidChatError and InvalidRemindersError for bad arguments.
   */
  plan(chat: string, text: string, options?: ScheduleOptions): Promise<EventPlan>;
  /** Stores a plan and enqueues its reminders; the same plan twice is one event. A new event gets a short code no other event of its chat has. */
  commit(plan: EventPlan): Promise<CommittedEvent>;
  /** Plans and commits in one step (the `schedule add` script). */
  schedule(chat: string, text: string, options?: ScheduleOptions): Promise<ScheduledEvent>;
  /**
   * Commits a plan in place of an event, whose pending reminders are then removed; the new event
   * keeps the old one's short code. Throws
   * {@link EventNotFoundError} when the old event was cancelled meanwhile, {@link ScheduleRefusedError}
   * for a plan that began meanwhile (the old event then stays).
   */
  replace(oldId: string, plan: EventPlan): Promise<CommittedEvent>;
  /** An event by id, active or cancelled. */
  get(id: string): Promise<ReminderEvent | undefined>;
  /** A chat's events still to come, the next first. */
  list(chat: string): Promise<ListedEvent[]>;
  /** The events still to come of several chats (a cell's), the next first. */
  listChats(chats: readonly string[]): Promise<ListedEvent[]>;
  /** Of several chats' events, the occurrence nearest after `since` of the events `accept` takes. */
  nextOccurrence(
    chats: readonly string[],
    since: Date,
    accept: (event: ReminderEvent) => boolean,
  ): Promise<{ event: ReminderEvent; occurrence: DateTime } | undefined>;
  /** Cancels an event and removes its pending reminders; throws {@link EventNotFoundError}. Cancelling twice is harmless. */
  cancel(id: string): Promise<ReminderEvent>;
  /** Closes the queue (not the connection, which the caller owns). */
  close(): Promise<void>;
}

/** The id of the event a plan describes (same chat, kind, title, start and recurrence: same id). */
function eventIdOf(plan: Pick<EventPlan, 'chat' | 'kind' | 'title' | 'start' | 'rrule'>): string {
  const identity = [plan.chat, plan.kind, plan.title, plan.start, plan.rrule ?? ''].join('\n');
  return `ev${createHash('sha256').update(identity).digest('hex').slice(0, 20)}`;
}

/** Kind and title: the command's kind wins; a title the text does not give comes from the event changed or the command. */
function kindAndTitle(parsed: ParsedSchedule, options: ScheduleOptions): { kind: ScheduleKind; title: string } {
  const kind = options.kind ?? (parsed.kind === 'other' && options.base ? options.base.kind : parsed.kind);
  const untitled = parsed.title === '' || parsed.title === DEFAULT_TITLES[parsed.kind];
  if (!untitled) return { kind, title: parsed.title };
  return { kind, title: options.base?.title ?? options.defaultTitle ?? DEFAULT_TITLES[kind] };
}

/** Throws a `past` refusal for a one-off plan whose occurrence has begun (confirmed too late). */
function checkNotBegun(plan: EventPlan, at: DateTime): void {
  const start = firstStart(plan);
  if (!plan.rrule && occurrenceCutoff(start, plan.allDay) < at) throw new ScheduleRefusedError(pastProblem(start, plan.allDay));
}

/** A recurring event changed into a one-off: said in the preview, never done silently. */
function recurrenceDropped(base: ReminderEvent): string {
  return `Lịch cũ lặp lại (${describeRecurrence(base.rrule ?? '')}), lịch mới chỉ diễn ra một lần. Muốn giữ lặp lại, hãy ghi cả cách lặp, ví dụ "ngày 4 hằng tháng lúc 20h".`;
}

/** Where an event sits in its chat's list: the occurrence its reminders are for, else its start. */
function nextStartOf(event: ReminderEvent, enqueued: EnqueuedReminders): number {
  return enqueued.occurrence ? +enqueued.occurrence : Date.parse(event.start);
}

/** What commit and replace return. */
function committed(event: ReminderEvent, enqueued: EnqueuedReminders, created: boolean): CommittedEvent {
  return { id: event.id, start: event.start, rrule: event.rrule, reminders: enqueued.dueTimes.map(occurrenceIso), created, event };
}

/** A reminder service over Redis and a BullMQ queue. */
export function createReminderService(options: ReminderServiceOptions): ReminderService {
  const prefix = keyPrefixFor(options.connection, options.prefix);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const clock = options.now ?? (() => new Date());
  const store = createEventStore(options.connection, { prefix });
  const queue = new Queue(options.queueName ?? DEFAULT_REMINDER_QUEUE, { connection: options.connection, prefix });
  // Lost connections surface as failed commands (and ioredis reconnects): not as unhandled events.
  queue.on('error', () => undefined);
  const now = () => DateTime.fromJSDate(clock(), { zone: timeZone });

  /** The event a plan stores, checked to be still ahead. */
  function candidateOf(plan: EventPlan): { candidate: ReminderEvent; at: DateTime } {
    checkChatAddress(plan.chat);
    const at = now();
    checkNotBegun(plan, at);
    const { ambiguous: _ambiguous, reminderTimes: _times, ...fields } = plan;
    return { candidate: { ...fields, id: eventIdOf(plan), createdAt: occurrenceIso(at), status: 'active' }, at };
  }

  /**
   * A short code for a new event that no other active event of its chat has: the one its id gives,
   * unless an edited event kept it (the same phrase scheduled again after an edit), else one
   * derived further from the id.
   */
  async function freeCode(event: ReminderEvent): Promise<string> {
    const taken = new Set((await store.listByChat(event.chat)).filter((other) => other.id !== event.id).map(eventCode));
    let code = eventCode(event);
    for (let attempt = 1; taken.has(code); attempt += 1) code = createHash('sha256').update(`${event.id}\n${attempt}`).digest('hex').slice(0, 6);
    return code;
  }

  const service: ReminderService = {
    async plan(chat, text, scheduleOptions = {}) {
      checkChatAddress(chat);
      const at = now();
      const details = extractMessageDetails(text);
      const base = scheduleOptions.base;
      const schedule = base ? { base: { start: base.start, allDay: base.allDay, rrule: base.rrule } } : {};
      const parsed = parseSchedulePhrase(details.text, { now: at.toJSDate(), timeZone, ...schedule });
      if (isScheduleParseProblem(parsed)) throw new ScheduleRefusedError(parsed);
      const { title: ownTitle, place } = splitPlace(parsed.title);
      const { kind, title } = kindAndTitle({ ...parsed, title: ownTitle }, scheduleOptions);
      const reminders = parseReminderOffsets(scheduleOptions.reminders ?? details.reminders ?? base?.reminders ?? DEFAULT_REMINDERS[kind]);
      const timing = { start: parsed.start, allDay: parsed.allDay, rrule: parsed.rrule, timeZone, reminders };
      const ahead = remindersAhead(timing, at, true, at)?.ahead ?? [];
      const ambiguous = [...(parsed.ambiguous ?? []), ...(base?.rrule && !parsed.rrule ? [recurrenceDropped(base)] : [])];
      const plan: EventPlan = { chat, kind, title, ...timing, ambiguous, reminderTimes: ahead.map(({ dueAt }) => occurrenceIso(dueAt)) };
      const kept = {
        place: place ?? base?.place,
        agenda: details.agenda ?? base?.agenda,
        createdBy: scheduleOptions.createdBy,
        // A unit's part of a committee's deadline stays so when changed.
        campaign: base?.campaign,
        assignedBy: base?.assignedBy,
      };
      for (const [field, value] of Object.entries(kept)) if (value !== undefined) Object.assign(plan, { [field]: value });
      return plan;
    },

    async commit(plan) {
      const { candidate, at } = candidateOf(plan);
      const existing = await store.get(candidate.id);
      if (existing?.status === 'active') return committed(existing, await enqueueReminders(queue, store, existing, at, true, at), false);
      candidate.code = await freeCode(candidate);
      // The reminders first: a failure before the event is stored leaves only jobs the worker skips.
      const enqueued = await enqueueReminders(queue, store, candidate, at, true, at);
      const { event, created } = await store.create(candidate, nextStartOf(candidate, enqueued));
      return committed(event, enqueued, created);
    },

    async schedule(chat, text, scheduleOptions) {
      const { id, start, rrule, reminders } = await service.commit(await service.plan(chat, text, scheduleOptions));
      return { id, start, rrule, reminders };
    },

    async replace(oldId, plan) {
      const old = await store.get(oldId);
      if (old?.status !== 'active') throw new EventNotFoundError(oldId);
      const { candidate, at } = candidateOf(plan);
      candidate.code = eventCode(old);
      const oldJobIds = await store.jobIds(oldId);
      // New reminders, then the events swapped in one transaction, then the old reminders removed:
      // a failure at any step leaves the old event or the new one, never both or neither.
      const enqueued = await enqueueReminders(queue, store, candidate, at, true, at);
      await store.replace(candidate, nextStartOf(candidate, enqueued), old);
      const fresh = new Set(enqueued.jobIds);
      const stale = oldJobIds.filter((jobId) => !fresh.has(jobId));
      await Promise.all(stale.map((jobId) => queue.remove(jobId)));
      await store.forgetJobIds(oldId, stale);
      return committed(candidate, enqueued, true);
    },

    async get(id) {
      return store.get(id);
    },

    async list(chat) {
      return service.listChats([chat]);
    },

    async listChats(chats) {
      chats.forEach(checkChatAddress);
      const at = now();
      const listed: ListedEvent[] = [];
      for (const chat of chats) {
        for (const event of await store.listByChat(chat)) {
          // The occurrence not over yet: an all-day one lasts its whole day.
          const next = occurrenceAfter(event, event.allDay ? at.startOf('day') : at, true);
          if (next && occurrenceCutoff(next, event.allDay) >= at) listed.push({ ...event, next: occurrenceIso(next) });
        }
      }
      return listed.sort((a, b) => Date.parse(a.next) - Date.parse(b.next));
    },

    async nextOccurrence(chats, since, accept) {
      let best: { event: ReminderEvent; occurrence: DateTime } | undefined;
      const from = DateTime.fromJSDate(since, { zone: timeZone });
      for (const chat of chats) {
        for (const event of (await store.listByChat(chat)).filter(accept)) {
          const occurrence = occurrenceAfter(event, from, true);
          if (occurrence && (!best || occurrence < best.occurrence)) best = { event, occurrence };
        }
      }
      return best;
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
  return service;
}
