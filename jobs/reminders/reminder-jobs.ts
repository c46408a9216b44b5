/**
 * The reminder jobs of an event on the BullMQ queue: one delayed job per (occurrence, offset), with
 * a deterministic id so that a second enqueue of the same reminder is ignored by BullMQ. A held job
 * is kept small (about 500 bytes of Redis): ids only, a short id, no options but its delay.
 */
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { DateTime } from 'luxon';
import type { EventStore, ReminderEvent } from './event-store.js';
import { occurrenceAfter, reminderInstant } from './event-occurrences.js';

/** The queue's name when none is given. */
export const DEFAULT_REMINDER_QUEUE = 'reminders';

/** The name of every reminder job: one letter, as it is stored with each job. */
export const REMINDER_JOB_NAME = 'r';

/**
 * What a reminder job carries: ids only, under one-letter keys, so that a held job's hash stays
 * in Redis's compact encoding (every field of 64 bytes or fewer); the rest (chat, text, whether
 * the event still asks for it) is read from the event when the reminder fires.
 */
export interface ReminderJobData {
  /** The event's id. */
  e: string;
  /** The occurrence reminded of, epoch milliseconds. */
  t: number;
  /** The offset before it ("2h", "0"). */
  o: string;
  /** Sends that failed and were retried so far; absent before the first failure. */
  n?: number;
}

/** What a reminder job queued before the compact shape carries (still read: such jobs may be pending). */
export interface LegacyReminderJobData {
  eventId: string;
  /** ISO-8601 with offset. */
  occurrence: string;
  offset: string;
  /** ISO-8601 with offset. */
  dueAt: string;
}

/** A reminder job's data of either shape, read. */
export interface ReminderJobFields {
  eventId: string;
  /** The occurrence, epoch milliseconds. */
  occurrenceMs: number;
  offset: string;
  /** Sends that failed and were retried so far. */
  failures: number;
}

/** Reads the data of a reminder job, of the compact shape or of the one queued before it. */
export function readReminderJob(data: ReminderJobData | LegacyReminderJobData): ReminderJobFields {
  if ('eventId' in data) return { eventId: data.eventId, occurrenceMs: Date.parse(data.occurrence), offset: data.offset, failures: 0 };
  return { eventId: data.e, occurrenceMs: data.t, offset: data.o, failures: data.n ?? 0 };
}

/** The reminders enqueued for one occurrence. */
export interface EnqueuedReminders {
  /** The occurrence, or undefined when no occurrence has a reminder still ahead. */
  occurrence?: DateTime;
  /** When each enqueued reminder is due, earliest first. */
  dueTimes: DateTime[];
  /** The jobs' ids, in the same order. */
  jobIds: string[];
}

/** How many occurrences are tried when looking for one with a reminder still ahead. */
const OCCURRENCES_SEARCHED = 366;

/**
 * The reminder job's id: `r` and 15 characters of a digest of the event, the occurrence and the
 * offset. Short, because BullMQ stores it in the job's key, its options and the delayed set; no job
 * options beside it (retries are the worker's, finished jobs are removed by the worker's settings),
 * so that the stored options stay within 64 bytes.
 */
export function reminderJobId(eventId: string, occurrence: DateTime, offset: string): string {
  return `r${createHash('sha256').update(`${eventId}\n${+occurrence}\n${offset}`).digest('base64url').slice(0, 15)}`;
}

/**
 * The id reminder jobs had before {@link reminderJobId} (`${eventId}:${occurrence}:${offset}`, the
 * occurrence in ISO-8601 basic format): a job queued under it may still be pending, and must not be
 * queued again under the new one.
 */
export function legacyReminderJobId(eventId: string, occurrence: DateTime, offset: string): string {
  return `${eventId}:${occurrence.toFormat("yyyyMMdd'T'HHmmssZZZ")}:${offset}`;
}

/** The reminders of one occurrence still ahead of now. */
export interface RemindersAhead {
  occurrence: DateTime;
  ahead: { offset: string; dueAt: DateTime }[];
}

/**
 * The first occurrence after `after` (at it too when `inclusive`) that has reminders due at or
 * after `now`, with those reminders; undefined when no occurrence has one.
 */
export function remindersAhead(
  event: Pick<ReminderEvent, 'start' | 'allDay' | 'rrule' | 'timeZone' | 'reminders'>,
  after: DateTime,
  inclusive: boolean,
  now: DateTime,
): RemindersAhead | undefined {
  let occurrence = occurrenceAfter(event, after, inclusive);
  for (let tried = 1; occurrence && tried <= OCCURRENCES_SEARCHED; tried += 1) {
    const current = occurrence;
    const ahead = event.reminders.map((offset) => ({ offset, dueAt: reminderInstant(current, event.allDay, offset) })).filter(({ dueAt }) => dueAt >= now);
    if (ahead.length > 0) return { occurrence: current, ahead };
    if (!event.rrule) return undefined;
    occurrence = occurrenceAfter(event, current, false);
  }
  return undefined;
}

/**
 * Enqueues the reminders of the first occurrence after `after` (at it too when `inclusive`) that
 * has reminders due at or after `now`; reminders already past are skipped, reminders already
 * queued stay as they are (deterministic ids). Records the job ids and the occurrence as the
 * event's next start.
 */
export async function enqueueReminders(
  queue: Queue,
  store: EventStore,
  event: ReminderEvent,
  after: DateTime,
  inclusive: boolean,
  now: DateTime,
): Promise<EnqueuedReminders> {
  const found = remindersAhead(event, after, inclusive, now);
  if (!found) return { dueTimes: [], jobIds: [] };
  const { occurrence, ahead } = found;
  // A reminder queued under the id used before (recorded with the event) is pending already: kept, not queued again.
  const recorded = new Set(await store.jobIds(event.id));
  const planned = ahead.map(({ offset, dueAt }) => {
    const legacy = legacyReminderJobId(event.id, occurrence, offset);
    return { offset, dueAt, jobId: recorded.has(legacy) ? legacy : reminderJobId(event.id, occurrence, offset), queued: recorded.has(legacy) };
  });
  const jobs = planned
    .filter(({ queued }) => !queued)
    .map(({ offset, dueAt, jobId }) => {
      const data: ReminderJobData = { e: event.id, t: +occurrence, o: offset };
      return { name: REMINDER_JOB_NAME, data, opts: { jobId, delay: +dueAt - +now } };
    });
  // Recorded before they are added: a cancel that comes between still finds and removes them.
  await store.addJobIds(
    event.id,
    jobs.map(({ opts }) => opts.jobId),
  );
  await queue.addBulk(jobs);
  await store.setNextStart(event, +occurrence);
  return { occurrence, dueTimes: ahead.map(({ dueAt }) => dueAt), jobIds: planned.map(({ jobId }) => jobId) };
}
