/**
 * The reminder jobs of an event on the BullMQ queue: one delayed job per (occurrence, offset), with
 * a deterministic id so that a second enqueue of the same reminder is ignored by BullMQ.
 */
import type { JobsOptions, Queue } from 'bullmq';
import type { DateTime } from 'luxon';
import type { EventStore, ReminderEvent } from './event-store.js';
import { occurrenceAfter, occurrenceIso, reminderInstant } from './event-occurrences.js';

/** The queue's name when none is given. */
export const DEFAULT_REMINDER_QUEUE = 'reminders';

/** The name of every reminder job. */
export const REMINDER_JOB_NAME = 'reminder';

/** What a reminder job carries. */
export interface ReminderJobData {
  eventId: string;
  /** The occurrence reminded of, ISO-8601 with offset. */
  occurrence: string;
  /** The offset before it ("2h", "0"). */
  offset: string;
  /** When the reminder is due, ISO-8601 with offset. */
  dueAt: string;
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

/** Retries of a failed send: 5 attempts, exponential backoff from 2 s; finished jobs are kept a while for inspection. */
const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** How many occurrences are tried when looking for one with a reminder still ahead. */
const OCCURRENCES_SEARCHED = 366;

/**
 * `${eventId}:${occurrence}:${offset}`, the occurrence in ISO-8601 basic format
 * ("ev…:20261126T193000+0700:2h"): BullMQ accepts a custom id with colons only as three parts.
 */
export function reminderJobId(eventId: string, occurrence: DateTime, offset: string): string {
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
  const jobs = ahead.map(({ offset, dueAt }) => {
    const data: ReminderJobData = { eventId: event.id, occurrence: occurrenceIso(occurrence), offset, dueAt: occurrenceIso(dueAt) };
    const opts: JobsOptions = { ...JOB_OPTIONS, jobId: reminderJobId(event.id, occurrence, offset), delay: +dueAt - +now };
    return { name: REMINDER_JOB_NAME, data, opts };
  });
  const jobIds = jobs.map(({ opts }) => opts.jobId ?? '');
  // Recorded before they are added: a cancel that comes between still finds and removes them.
  await store.addJobIds(event.id, jobIds);
  await queue.addBulk(jobs);
  await store.setNextStart(event, +occurrence);
  return { occurrence, dueTimes: ahead.map(({ dueAt }) => dueAt), jobIds };
}
