/**
 * The reminder worker: a BullMQ Worker that sends each due reminder through the channels'
 * Messenger (a meeting's with attendance buttons), reports a cell chat that is gone to the cell's
 * secretaries, and enqueues the next occurrence's reminders of a recurring event when it processes
 * an occurrence's last one.
 */
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { DateTime } from 'luxon';
import { attendanceButton, SendError, type Messenger, type ReplyButton } from '../../common/index.js';
import type { Logger, Metrics } from '../../common/index.js';
import { occurrenceKey } from '../cells/attendance-store.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';
import { createEventStore, type EventStore } from './event-store.js';
import { occurrenceCutoff, occurrenceIso, reminderInstant } from './event-occurrences.js';
import { DEFAULT_TIME_ZONE } from '../schedule-phrase/parse-schedule-phrase.js';
import { DEFAULT_REMINDER_QUEUE, enqueueReminders, readReminderJob, type LegacyReminderJobData, type ReminderJobData } from './reminder-jobs.js';
import type { OrgRegistry } from '../cells/org-registry.js';
import { reminderText } from './reminder-texts.js';
import { reportUndeliverable } from '../cells/undeliverable-report.js';
import { reconcileReminders, type ReconcileReport } from './reconcile-reminders.js';

/** Options of {@link createReminderWorker}. */
export interface ReminderWorkerOptions {
  /** An ioredis client created with `maxRetriesPerRequest: null` (BullMQ's rule for workers); the caller owns and closes it. */
  connection: RedisConnection;
  /**
   * Where the events are read and retired, when not on `connection`: a connection of its own,
   * auto-pipelined, lets the jobs running at once share their writes to Redis. The caller owns it.
   * @defaultValue connection
   */
  records?: RedisConnection;
  /** Prefix of the event keys and of the queue's keys (hash-tagged on a cluster, see keyPrefixFor). @defaultValue 'pca' */
  prefix?: string;
  /** @defaultValue 'reminders' */
  queueName?: string;
  messenger: Messenger;
  logger: Logger;
  /** Time zone reminders are written in. @defaultValue 'Asia/Ho_Chi_Minh' */
  timeZone?: string;
  /** A reminder processed more than this after its due time is late: sent marked "(nhắc muộn)" if the event has not started, dropped otherwise. @defaultValue 60000 */
  graceMs?: number;
  /** Reminders sent at once by this process. @defaultValue 50 */
  concurrency?: number;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
  /** Cells and officers: when given, a cell chat that cannot receive reminders is reported to its secretaries. */
  registry?: OrgRegistry;
  /** How long a job stays locked by its worker; a dead worker's job is taken over after it. @defaultValue 30000 (BullMQ's) */
  lockDurationMs?: number;
  /** Where reminders are counted by outcome. */
  metrics?: Metrics;
}

/** The attendance buttons under a meeting reminder. */
function attendanceButtons(eventId: string, occurrence: DateTime): ReplyButton[][] {
  return [
    [
      { label: '✅ Tham dự', data: attendanceButton.encode(eventId, occurrenceKey(occurrence), true) },
      { label: '❌ Vắng', data: attendanceButton.encode(eventId, occurrenceKey(occurrence), false) },
    ],
  ];
}

/** What became of a reminder job (its return value). */
export type ReminderOutcome = 'sent' | 'skipped' | 'dropped';

/** A running reminder worker. */
export interface ReminderWorker {
  readonly worker: Worker<ReminderJobData | LegacyReminderJobData, ReminderOutcome>;
  /** Queues the missing reminders of every active event (run once at start); see {@link reconcileReminders}. */
  reconcile(): Promise<ReconcileReport>;
  /** Stops taking jobs, waits for the running ones, closes the queue (not the connection). */
  close(): Promise<void>;
}

/** A job this young whose event is not stored yet waits for it (its commit is under way). */
const NOT_YET_STORED_MS = 10_000;

/** Wait when a platform says "slow down" without saying how long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Tries of a send that fails for a passing reason, the first included. */
const SEND_ATTEMPTS = 5;

/** Wait before the first retry of a failed send; it doubles at each further one (2 s, 4 s, 8 s, 16 s). */
const RETRY_BACKOFF_MS = 2_000;

/** How long finished jobs are kept for inspection: a day once sent, a week once failed. */
const KEEP_COMPLETED = { age: 24 * 3600 };
const KEEP_FAILED = { age: 7 * 24 * 3600 };

/** Starts a worker on the reminder queue. */
export function createReminderWorker(options: ReminderWorkerOptions): ReminderWorker {
  const prefix = keyPrefixFor(options.connection, options.prefix);
  const queueName = options.queueName ?? DEFAULT_REMINDER_QUEUE;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const graceMs = options.graceMs ?? 60_000;
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new TypeError(`graceMs must be a number of milliseconds, 0 or more, got ${graceMs}`);
  const clock = options.now ?? (() => new Date());
  const { logger, messenger } = options;
  const store: EventStore = createEventStore(options.records ?? options.connection, { prefix });
  const queue = new Queue(queueName, { connection: options.connection, prefix });
  queue.on('error', (error) => logger.debug({ err: error, queue: queueName }, 'reminder queue connection error'));

  async function processReminder(job: Job<ReminderJobData | LegacyReminderJobData, ReminderOutcome>, token?: string): Promise<ReminderOutcome> {
    const { eventId, offset, occurrenceMs, failures } = readReminderJob(job.data);
    const event = await store.get(eventId);
    if (!event && Date.now() - job.timestamp < NOT_YET_STORED_MS) {
      // Reminders are queued before their event is stored: a reminder due at once may come first.
      await job.moveToDelayed(Date.now() + NOT_YET_STORED_MS / 5, token);
      throw new DelayedError();
    }
    if (event?.status !== 'active') {
      logger.info({ jobId: job.id, eventId }, 'reminder skipped: event cancelled or gone');
      return 'skipped';
    }
    if (!event.reminders.includes(offset)) {
      logger.info({ jobId: job.id, eventId, offset }, 'reminder skipped: the event no longer asks for it');
      return 'skipped';
    }
    const now = DateTime.fromJSDate(clock(), { zone: timeZone });
    const occurrence = DateTime.fromMillis(occurrenceMs, { zone: timeZone });
    const dueAt = reminderInstant(occurrence.setZone(event.timeZone), event.allDay, offset);
    // Done first, so that the chain of a recurring event survives a failed send; a retry re-enqueues nothing new.
    if (offset === event.reminders.at(-1)) {
      if (event.rrule) await enqueueReminders(queue, store, event, occurrence, false, now);
      else await store.retire(event, +occurrenceCutoff(occurrence, event.allDay), +now);
    }

    const lateMs = +now - +dueAt;
    const late = lateMs > graceMs;
    if (late && now >= occurrenceCutoff(occurrence, event.allDay)) {
      logger.warn({ jobId: job.id, eventId, offset, dueAt: occurrenceIso(dueAt), lateMs }, 'late reminder dropped: the event has already started');
      options.metrics?.reminders.inc({ outcome: 'dropped' });
      return 'dropped';
    }
    try {
      const buttons = event.kind === 'meeting' && messenger.hasButtons(event.chat);
      const text = reminderText({ event, occurrence, now, late, buttons });
      // Attendance keys are written in the event's own zone, as the buttons and /diemdanh read them.
      await messenger.send(event.chat, buttons ? { text, buttons: attendanceButtons(event.id, occurrence.setZone(event.timeZone)) } : { text });
    } catch (error) {
      if (!(error instanceof SendError)) throw error;
      const context = { jobId: job.id, eventId, chat: event.chat, reason: error.reason, attempt: failures + 1 };
      if (error.kind === 'permanent') {
        logger.error(context, 'reminder not delivered: permanent send failure, not retried');
        options.metrics?.reminders.inc({ outcome: 'failed' });
        if (options.registry) {
          const deps = { redis: options.connection, prefix, registry: options.registry, messenger, logger };
          await reportUndeliverable(deps, event, error.reason).catch((failure: unknown) => logger.warn({ err: failure }, 'cannot report an unreachable chat'));
        }
        throw new UnrecoverableError(`permanent send failure: ${error.reason}`);
      }
      if (error.kind === 'rate-limited') {
        const waitMs = error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
        logger.warn({ ...context, waitMs }, 'reminder rate-limited: retrying later');
        await job.moveToDelayed(Date.now() + waitMs, token);
        throw new DelayedError();
      }
      if (failures + 1 >= SEND_ATTEMPTS) {
        logger.error(context, 'reminder not delivered: every attempt failed');
        options.metrics?.reminders.inc({ outcome: 'failed' });
        throw new UnrecoverableError(`send failed ${SEND_ATTEMPTS} times: ${error.reason}`);
      }
      const waitMs = RETRY_BACKOFF_MS * 2 ** failures;
      logger.warn({ ...context, waitMs }, 'reminder send failed: retrying with backoff');
      // The count of failures rides in the job (rewritten in the compact shape), and so does the wait.
      await job.updateData({ e: eventId, t: occurrenceMs, o: offset, n: failures + 1 });
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError();
    }
    logger.info({ jobId: job.id, eventId, chat: event.chat, late }, 'reminder sent');
    options.metrics?.reminders.inc({ outcome: late ? 'late' : 'sent' });
    return 'sent';
  }

  const worker = new Worker<ReminderJobData | LegacyReminderJobData, ReminderOutcome>(queueName, processReminder, {
    connection: options.connection,
    prefix,
    concurrency: options.concurrency ?? 50,
    // Jobs carry no options of their own (see reminder-jobs.ts): how long finished ones stay is set here.
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
    ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {}),
  });
  worker.on('error', (error) => logger.error({ err: error }, 'reminder worker error'));
  return {
    worker,
    reconcile: () => reconcileReminders(queue, store, DateTime.fromJSDate(clock(), { zone: timeZone })),
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
