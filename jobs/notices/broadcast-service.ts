/**
 * Broadcasts: a notice fans out as a BullMQ flow, one child job per (notice, chat) in its
 * platform's queue, under a parent job (`notice-<id>`) that completes with the delivery report. Job ids come from
 * the notice and the chat, so a restart or a second submission never queues a chat twice.
 *
 * The children are added in batches ({@link FANOUT_BATCH} a command), so that queueing 10,000
 * chats takes about a second and little memory. The parent is made first with one child only, a
 * gate job in a queue no worker reads; the batches join it as they are added, and the gate is
 * removed last: the report cannot run before every chat is queued, however fast the first ones go.
 */
import { createHash } from 'node:crypto';
import { FlowProducer, Queue, type JobsOptions } from 'bullmq';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';
import { createNoticeStore, type Notice, type NoticeStore } from './notice-store.js';
import { checkChatAddress } from '../../common/index.js';

/** The queue of the parent jobs (reports). */
export const NOTICE_QUEUE = 'notices';

/** The queue of the gate jobs that hold a report until its notice's fan-out is complete; no worker reads it. */
export const FANOUT_GATE_QUEUE = 'notice-gates';

/** Delivery jobs added in one command. */
export const FANOUT_BATCH = 1_000;

/** The delivery queue of each platform; each has its own pace. */
export const BROADCAST_QUEUES = { telegram: 'broadcast-telegram', zalo: 'broadcast-zalo' } as const;

/** What a delivery job carries. */
export interface DeliveryJobData {
  noticeId: string;
  chat: string;
}

/** `broadcast status ID`. */
export interface BroadcastStatus {
  id: string;
  targets: number;
  sent: number;
  failed: number;
  pending: number;
}

/** Options of {@link createBroadcastService}. */
export interface BroadcastServiceOptions {
  /** An ioredis client the caller owns. */
  connection: RedisConnection;
  /** Key prefix (hash-tagged on a cluster, see keyPrefixFor). @defaultValue 'pca' */
  prefix?: string;
  /** Makes the ids of new notices. @defaultValue 6 random readable characters ("K7QM3X", see notice-store.ts) */
  newNoticeId?: () => string;
}

/** Sends notices and reads their progress. */
export interface BroadcastService {
  readonly notices: NoticeStore;
  /**
   * Queues a notice to its targets (deduplicated; each must be a chat address). The same text to
   * the same chats within 10 minutes is the notice already queued (`created: false`).
   */
  send(draft: Omit<Notice, 'id' | 'createdAt'>): Promise<{ notice: Notice; created: boolean }>;
  /**
   * Stores a notice as {@link send} does, without queueing it yet: {@link queue} does, once its
   * sender has been told it is being sent (so that the delivery report cannot come first). Until
   * then it stays in the outbox, queued at the next worker start should the process stop.
   */
  store(draft: Omit<Notice, 'id' | 'createdAt'>): Promise<{ notice: Notice; created: boolean }>;
  /** Queues the deliveries of a stored notice; a notice already queued stays queued once. False when the notice is gone. */
  queue(id: string): Promise<boolean>;
  /**
   * Queues the deliveries of notices stored but not queued (a crash came between the two), once
   * each; run at worker start. Returns how many were queued.
   */
  queueUnqueued(): Promise<number>;
  /** Progress of a notice; undefined for an unknown id. */
  status(id: string): Promise<BroadcastStatus | undefined>;
  /** Closes the flow producer and queues (not the connection). */
  close(): Promise<void>;
}

const DELIVERY_OPTIONS: JobsOptions = {
  attempts: 5,
  // A delivery that fails for good (a bug, a job stalled twice) must not keep the report waiting.
  ignoreDependencyOnFailure: true,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The delivery job's id: the notice and a digest of the chat (BullMQ ids take no extra colons). */
export function deliveryJobId(noticeId: string, chat: string): string {
  return `${noticeId}-${createHash('sha256').update(chat).digest('hex').slice(0, 16)}`;
}

/** The platform queue of a chat address. */
export function queueOf(chat: string): string {
  return chat.startsWith('zalo:') ? BROADCAST_QUEUES.zalo : BROADCAST_QUEUES.telegram;
}

/** A broadcast service over Redis. */
export function createBroadcastService(options: BroadcastServiceOptions): BroadcastService {
  const prefix = keyPrefixFor(options.connection, options.prefix);
  const notices = createNoticeStore(options.connection, { prefix, ...(options.newNoticeId ? { newId: options.newNoticeId } : {}) });
  const flow = new FlowProducer({ connection: options.connection, prefix });
  const gates = new Queue(FANOUT_GATE_QUEUE, { connection: options.connection, prefix });
  const deliveries = {
    [BROADCAST_QUEUES.telegram]: new Queue<DeliveryJobData>(BROADCAST_QUEUES.telegram, { connection: options.connection, prefix }),
    [BROADCAST_QUEUES.zalo]: new Queue<DeliveryJobData>(BROADCAST_QUEUES.zalo, { connection: options.connection, prefix }),
  };
  // Lost connections surface as failed commands (and ioredis reconnects): not as unhandled events.
  flow.on('error', () => undefined);
  gates.on('error', () => undefined);
  for (const queue of Object.values(deliveries)) queue.on('error', () => undefined);

  /**
   * Queues a notice's report job behind its gate, its delivery jobs in batches, then opens the
   * gate and takes the notice out of the outbox. Run again after a crash, it adds what is missing.
   */
  async function queueDeliveries(notice: Notice): Promise<void> {
    const reportId = `notice-${notice.id}`;
    const gateId = `gate-${notice.id}`;
    await flow.add({
      name: 'report',
      queueName: NOTICE_QUEUE,
      data: { noticeId: notice.id },
      // BullMQ refuses a custom id that is an integer, and a hex id can be all digits ("20261121").
      opts: {
        jobId: reportId,
        attempts: 3,
        backoff: { type: 'exponential', delay: 2_000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
      children: [{ name: 'gate', queueName: FANOUT_GATE_QUEUE, data: { noticeId: notice.id }, opts: { jobId: gateId } }],
    });
    const parent = { id: reportId, queue: `${prefix}:${NOTICE_QUEUE}` };
    for (let start = 0; start < notice.targets.length; start += FANOUT_BATCH) {
      const batch = notice.targets.slice(start, start + FANOUT_BATCH);
      for (const queueName of Object.values(BROADCAST_QUEUES)) {
        const jobs = batch
          .filter((chat) => queueOf(chat) === queueName)
          .map((chat) => ({
            name: 'deliver',
            data: { noticeId: notice.id, chat } satisfies DeliveryJobData,
            opts: { ...DELIVERY_OPTIONS, jobId: deliveryJobId(notice.id, chat), parent },
          }));
        if (jobs.length > 0) await deliveries[queueName].addBulk(jobs);
      }
    }
    await gates.remove(gateId);
    await notices.markQueued(notice.id);
  }

  const service: BroadcastService = {
    notices,
    async send(draft) {
      const stored = await service.store(draft);
      // Queued again for a repeated notice: job ids are fixed, so what is queued stays queued once,
      // and a notice whose first queueing failed is queued now.
      await queueDeliveries(stored.notice);
      return stored;
    },
    async store(draft) {
      const targets = [...new Set(draft.targets)];
      targets.forEach(checkChatAddress);
      return notices.create({ ...draft, targets });
    },
    async queue(id) {
      const notice = await notices.get(id);
      if (notice) await queueDeliveries(notice);
      return notice !== undefined;
    },
    async queueUnqueued() {
      const ids = await notices.unqueued();
      let queued = 0;
      for (const id of ids) {
        const notice = await notices.get(id);
        if (notice) {
          await queueDeliveries(notice);
          queued += 1;
        } else await notices.markQueued(id);
      }
      return queued;
    },
    async status(id) {
      const notice = await notices.get(id);
      if (!notice) return undefined;
      const results = Object.values(await notices.results(notice.id));
      const sent = results.filter((result) => result.status === 'sent').length;
      const failed = results.length - sent;
      return { id: notice.id, targets: notice.targets.length, sent, failed, pending: notice.targets.length - sent - failed };
    },
    async close() {
      await Promise.all([flow.close(), gates.close(), ...Object.values(deliveries).map((queue) => queue.close())]);
    },
  };
  return service;
}
