/**
 * Notices (broadcasts) in Redis, under the key prefix:
 * - `notice:<id>`: the notice as JSON;
 * - `notice:<id>:results`: hash chat → delivery result JSON (written once per chat);
 * - `notice:<id>:acks`: hash person → acknowledgement JSON ("Đã nhận");
 * - `notice-dedupe:<hash>`: the id of the same text to the same chats sent in the last 10 minutes;
 * - `notice-outbox`: the ids of notices stored whose delivery jobs may not be queued yet.
 * Everything expires 90 days after the notice.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import { DEFAULT_KEY_PREFIX } from '../redis/redis-connection.js';

/** A notice to many chats. */
export interface Notice {
  /** 8 hex characters. */
  id: string;
  text: string;
  /** Chat addresses, each reached once. */
  targets: string[];
  /** The cell name of each target chat bound to a cell, for reports. */
  cellOf: Record<string, string>;
  /** Who sent it (`telegram:123`), absent for the operator's script. */
  sender?: string;
  /** Where the delivery report goes. */
  reportTo?: string;
  /** ISO-8601. */
  createdAt: string;
}

/** The shape of a stored {@link Notice}. */
export const noticeSchema = z.object({
  id: z.string(),
  text: z.string(),
  targets: z.array(z.string()),
  cellOf: z.record(z.string(), z.string()),
  sender: z.string().optional(),
  reportTo: z.string().optional(),
  createdAt: z.string(),
}) satisfies z.ZodType<Notice>;

/** What became of one chat's copy. */
export interface DeliveryResult {
  status: 'sent' | 'failed';
  /** The platform's words, for a failure. */
  reason?: string;
  /** ISO-8601. */
  at: string;
}

/** The shape of a stored {@link DeliveryResult}. */
const deliveryResultSchema = z.object({
  status: z.enum(['sent', 'failed']),
  reason: z.string().optional(),
  at: z.string(),
}) satisfies z.ZodType<DeliveryResult>;

/** A member's "Đã nhận". */
export interface Acknowledgement {
  /** `telegram:123`. */
  person: string;
  /** How the member is called. */
  name?: string;
  /** The chat the member pressed it in. */
  chat: string;
  /** ISO-8601. */
  at: string;
}

/** The shape of a stored {@link Acknowledgement}. */
const acknowledgementSchema = z.object({
  person: z.string(),
  name: z.string().optional(),
  chat: z.string(),
  at: z.string(),
}) satisfies z.ZodType<Acknowledgement>;

/** Notices, their delivery results and acknowledgements. */
export interface NoticeStore {
  /**
   * Stores a new notice, or returns the one with the same text and targets stored in the last 10
   * minutes (a double submission), with `created: false`.
   */
  create(draft: Omit<Notice, 'id' | 'createdAt'>): Promise<{ notice: Notice; created: boolean }>;
  /** A notice by id; undefined for an unknown or expired one. */
  get(id: string): Promise<Notice | undefined>;
  /** Records a chat's result unless one is recorded; returns the result that stands. */
  recordResult(id: string, chat: string, result: DeliveryResult): Promise<DeliveryResult>;
  /** The chat's result, if recorded. */
  result(id: string, chat: string): Promise<DeliveryResult | undefined>;
  /** Every recorded result, by chat. */
  results(id: string): Promise<Record<string, DeliveryResult>>;
  /** Records (or repeats) a member's acknowledgement. */
  acknowledge(id: string, ack: Acknowledgement): Promise<void>;
  /** Every acknowledgement of a notice. */
  acknowledgements(id: string): Promise<Acknowledgement[]>;
  /** The notices stored whose delivery jobs may not be queued yet (a crash came between). */
  unqueued(): Promise<string[]>;
  /** Records that a notice's delivery jobs are queued. */
  markQueued(id: string): Promise<void>;
}

const RETENTION_SECONDS = 90 * 24 * 3600;
const DEDUPE_SECONDS = 600;

/** A notice store over an ioredis client the caller owns; `newId` makes ids (8 random hex characters by default). */
export function createNoticeStore(redis: Redis, options: { prefix?: string; newId?: () => string } = {}): NoticeStore {
  const prefix = options.prefix ?? DEFAULT_KEY_PREFIX;
  const newId = options.newId ?? (() => randomBytes(4).toString('hex'));
  const key = (id: string) => `${prefix}:notice:${id}`;
  const outbox = `${prefix}:notice-outbox`;

  const store: NoticeStore = {
    async create(draft) {
      const fingerprint = createHash('sha256')
        .update([draft.text, ...[...draft.targets].sort()].join('\n'))
        .digest('hex')
        .slice(0, 24);
      const notice: Notice = { ...draft, id: newId(), createdAt: new Date().toISOString() };
      // Written before it is claimed, so that a claim always names a stored notice; in the outbox
      // until its jobs are queued.
      await redis.multi().set(key(notice.id), JSON.stringify(notice), 'EX', RETENTION_SECONDS).sadd(outbox, notice.id).exec();
      const dedupeKey = `${prefix}:notice-dedupe:${fingerprint}`;
      const claimed = await redis.set(dedupeKey, notice.id, 'EX', DEDUPE_SECONDS, 'NX');
      if (claimed !== 'OK') {
        const existing = await store.get((await redis.get(dedupeKey)) ?? '');
        if (existing) {
          await redis.multi().del(key(notice.id)).srem(outbox, notice.id).exec();
          return { notice: existing, created: false };
        }
        await redis.set(dedupeKey, notice.id, 'EX', DEDUPE_SECONDS);
      }
      return { notice, created: true };
    },
    async get(id) {
      return /^[a-f0-9]{8}$/u.test(id) ? readNotice(await redis.get(key(id))) : undefined;
    },
    async recordResult(id, chat, result) {
      const written = await redis.hsetnx(`${key(id)}:results`, chat, JSON.stringify(result));
      await redis.expire(`${key(id)}:results`, RETENTION_SECONDS);
      return written === 1 ? result : ((await store.result(id, chat)) ?? result);
    },
    async result(id, chat) {
      const result = await redis.hget(`${key(id)}:results`, chat);
      return result ? parseStored(deliveryResultSchema, result, 'delivery result') : undefined;
    },
    async results(id) {
      const all = await redis.hgetall(`${key(id)}:results`);
      return Object.fromEntries(Object.entries(all).map(([chat, json]) => [chat, parseStored(deliveryResultSchema, json, 'delivery result')]));
    },
    async acknowledge(id, ack) {
      await redis
        .multi()
        .hset(`${key(id)}:acks`, ack.person, JSON.stringify(ack))
        .expire(`${key(id)}:acks`, RETENTION_SECONDS)
        .exec();
    },
    async acknowledgements(id) {
      return Object.values(await redis.hgetall(`${key(id)}:acks`)).map((json) => parseStored(acknowledgementSchema, json, 'acknowledgement'));
    },
    async unqueued() {
      return redis.smembers(outbox);
    },
    async markQueued(id) {
      await redis.srem(outbox, id);
    },
  };
  return store;
}

function readNotice(json: string | null): Notice | undefined {
  return json ? parseStored(noticeSchema, json, 'notice') : undefined;
}
