/**
 * The broadcast workers: one per platform queue, paced by the bot's send budget alone (notices take
 * what answers, reminders and reports leave, one at a time at the platform's rate; the sender draws
 * from it, waits for the notice's turn and refuses a notice that would wait longer, and the queue
 * then waits as long as the budget says) and by per-chat slots (send-pacing.ts), both in Redis so
 * that they hold across processes; a 429 pauses the whole queue for `retry_after`. Each chat's result is written once, before the job completes, so a job run again
 * after a crash does not send again (only a message in flight at the crash can go twice). A
 * delivery always completes, with 'sent' or 'failed', so the parent report job runs when all are done.
 */
import { DelayedError, Queue, RateLimitError, Worker, type Job } from 'bullmq';
import { acknowledgeButton, NOTICE_WAIT_MS, SendBudgetSpentError, SendError, type Messenger, type SentMessage } from '../../common/index.js';
import type { Logger, Metrics } from '../../common/index.js';
import { BROADCAST_QUEUES, NOTICE_QUEUE, type DeliveryJobData } from './broadcast-service.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';
import { createNoticeStore } from './notice-store.js';
import { noticeText, reportText } from './notice-texts.js';
import { releaseChatSlot, takeChatSlot, type ChatPace } from './send-pacing.js';

/** Options of {@link createBroadcastWorkers}. */
export interface BroadcastWorkerOptions {
  /** An ioredis client with `maxRetriesPerRequest: null`; the caller owns it. */
  connection: RedisConnection;
  /** Key prefix (hash-tagged on a cluster, see keyPrefixFor). @defaultValue 'pca' */
  prefix?: string;
  messenger: Messenger;
  logger: Logger;
  /** Per-chat limits. */
  pace?: ChatPace;
  /** Deliveries in progress at once per platform. @defaultValue 10 */
  concurrency?: number;
  /** How long a job stays locked by its worker; a dead worker's job is taken over after it. @defaultValue 30000 (BullMQ's) */
  lockDurationMs?: number;
  /** The platforms this process can send to; only their queues are worked. @defaultValue both */
  platforms?: readonly ('telegram' | 'zalo')[];
  /** Where sends are counted (the senders count the 429 answers). */
  metrics?: Metrics;
}

/** Running broadcast workers. */
export interface BroadcastWorkers {
  /** The delivery workers of the platforms served, and the report worker. */
  readonly workers: readonly Worker[];
  /** Stops taking jobs and waits for the running ones. */
  close(): Promise<void>;
}

const DEFAULT_RETRY_AFTER_MS = 1_000;

/** Starts the delivery workers of both platforms and the report worker. */
export function createBroadcastWorkers(options: BroadcastWorkerOptions): BroadcastWorkers {
  const prefix = keyPrefixFor(options.connection, options.prefix);
  const { connection, logger, messenger } = options;
  const notices = createNoticeStore(connection, { prefix });
  const queues: Queue[] = [];
  const lock = options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {};

  function deliveryWorker(platform: 'telegram' | 'zalo'): Worker<DeliveryJobData, string> {
    const queueName = BROADCAST_QUEUES[platform];
    const queue = new Queue(queueName, { connection, prefix });
    queue.on('error', (error) => logger.debug({ err: error, queue: queueName }, 'broadcast queue connection error'));
    queues.push(queue);

    /** Sends one chat its copy; any error on the last attempt is recorded as the chat's failure, so the report still runs. */
    async function deliverOrRecord(job: Job<DeliveryJobData, string>, token?: string): Promise<string> {
      try {
        return await deliver(job, token);
      } catch (error) {
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (!lastAttempt || error instanceof DelayedError || error instanceof RateLimitError) throw error;
        logger.error({ err: error, noticeId: job.data.noticeId, chat: job.data.chat }, 'notice delivery failed on its last attempt');
        const reason = `internal error: ${(error as Error).message}`;
        return (await notices.recordResult(job.data.noticeId, job.data.chat, { status: 'failed', reason, at: new Date().toISOString() })).status;
      }
    }

    async function deliver(job: Job<DeliveryJobData, string>, token?: string): Promise<string> {
      const { noticeId, chat } = job.data;
      const done = await notices.result(noticeId, chat);
      if (done) return done.status;
      const notice = await notices.get(noticeId);
      if (!notice) {
        logger.warn({ noticeId, chat }, 'notice gone (expired): delivery skipped');
        return 'skipped';
      }
      const slotId = job.id ?? `${noticeId}:${chat}`;
      // The send may wait for the budget after the slot is taken: the slot counts it as sent that late.
      const wait = await takeChatSlot(connection, prefix, chat, slotId, { lateByMs: NOTICE_WAIT_MS, ...options.pace });
      if (wait > 0) {
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      const buttons = messenger.hasButtons(chat);
      let sent: SentMessage;
      try {
        sent = await messenger.send(chat, {
          kind: 'notice',
          text: noticeText(notice, buttons),
          ...(buttons ? { buttons: [[{ label: '✅ Đã nhận', data: acknowledgeButton.encode(notice.id) }]] } : {}),
        });
      } catch (error) {
        if (!(error instanceof SendError)) throw error;
        const context = { noticeId, chat, reason: error.reason, attempt: job.attemptsMade + 1 };
        if (error instanceof SendBudgetSpentError) {
          // Nothing went: the chat's slot is given back, and the queue waits for room in the budget.
          await releaseChatSlot(connection, prefix, chat, slotId);
          await queue.rateLimit(error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
          throw Worker.RateLimitError();
        }
        if (error.kind === 'rate-limited') {
          const pauseMs = error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
          logger.warn({ ...context, pauseMs }, 'broadcast rate-limited: the whole queue pauses');
          await queue.rateLimit(pauseMs);
          throw Worker.RateLimitError();
        }
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (error.kind === 'permanent' || lastAttempt) {
          logger.warn(context, 'notice not delivered to a chat');
          options.metrics?.broadcastSends.inc({ platform, outcome: 'failed' });
          return (await notices.recordResult(noticeId, chat, { status: 'failed', reason: error.reason, at: new Date().toISOString() })).status;
        }
        logger.info(context, 'notice send failed: retrying with backoff');
        throw error;
      }
      await notices.recordResult(noticeId, chat, { status: 'sent', at: new Date().toISOString() });
      options.metrics?.broadcastSends.inc({ platform, outcome: 'sent' });
      // So that a member's reply to the copy ("Đã nhận") is read as its acknowledgement; losing this only loses that.
      await notices
        .rememberCopy(chat, sent.messageIds, noticeId)
        .catch((error: unknown) => logger.warn({ err: error, noticeId, chat }, 'cannot remember a notice copy'));
      return 'sent';
    }

    const worker = new Worker<DeliveryJobData, string>(queueName, deliverOrRecord, {
      connection,
      prefix,
      concurrency: options.concurrency ?? 10,
      ...lock,
    });
    worker.on('error', (error) => logger.error({ err: error, queue: queueName }, 'broadcast worker error'));
    return worker;
  }

  async function report(job: Job<{ noticeId: string }>): Promise<{ sent: number; failed: number }> {
    const notice = await notices.get(job.data.noticeId);
    if (!notice) return { sent: 0, failed: 0 };
    const results = await notices.results(notice.id);
    // Every child is done when the report runs: a chat without a result lost its job (ignored failure).
    for (const chat of notice.targets) results[chat] ??= { status: 'failed', reason: 'internal error: delivery job lost', at: new Date().toISOString() };
    const sent = Object.values(results).filter((result) => result.status === 'sent').length;
    const failed = Object.values(results).length - sent;
    logger.info({ noticeId: notice.id, targets: notice.targets.length, sent, failed }, 'broadcast finished');
    if (notice.reportTo) {
      await messenger.send(notice.reportTo, { kind: 'report', text: reportText(notice, results) }).catch((error: unknown) => {
        logger.warn({ err: error, noticeId: notice.id, to: notice.reportTo }, 'cannot send the broadcast report');
      });
    }
    return { sent, failed };
  }

  const reporter = new Worker(NOTICE_QUEUE, report, { connection, prefix, ...lock });
  reporter.on('error', (error) => logger.error({ err: error, queue: NOTICE_QUEUE }, 'broadcast report worker error'));
  // A process that cannot send to a platform leaves that platform's jobs to the processes that can.
  const platforms = options.platforms ?? ['telegram', 'zalo'];
  const workers = [
    ...(platforms.includes('telegram') ? [deliveryWorker('telegram')] : []),
    ...(platforms.includes('zalo') ? [deliveryWorker('zalo')] : []),
    reporter,
  ];
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(queues.map((queue) => queue.close()));
    },
  };
}
