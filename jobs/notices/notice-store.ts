/**
 * Notices (broadcasts) in Redis, under the key prefix:
 * - `notice:<id>`: the notice as JSON;
 * - `notice:<id>:results`: hash chat → delivery result JSON (written once per chat);
 * - `notice:<id>:acks`: hash person → acknowledgement JSON ("Đã nhận");
 * - `notice-dedupe:<hash>`: the id of the same text to the same chats sent in the last 10 minutes;
 * - `notice-outbox`: the ids of notices stored whose delivery jobs may not be queued yet;
 * - `notice-latest` and `notice-latest:<sender>`: the id of the newest notice, of all and of each sender;
 * - `notice-copy:<chat>:<message id>`: which notice a chat's message is (a member's reply to it acknowledges it), 30 days.
 * Everything else expires 90 days after the notice.
 *
 * Ids are 6 characters a person reads and types without mistakes ("K7QM3X": capitals and digits,
 * without I, L, O, 0 and 1); the 8 hex characters of notices stored before are still read.
 */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';

/** A notice to many chats. */
export interface Notice {
  /** 6 readable characters ("K7QM3X"), or 8 hex characters for a notice stored before. */
  id: string;
  text: string;
  /** Chat addresses, each reached once. */
  targets: string[];
  /** The cell name of each target chat bound to a cell, for reports. */
  cellOf: Record<string, string>;
  /**
   * The unit each target chat is reported under, one level below the part of the tree the notice
   * went to (a commune's cell, a province's commune; the unit itself for its own chats), so that
   * reports go level by level. Absent: reported by {@link Notice.cellOf}.
   */
  branchOf?: Record<string, string>;
  /** Who sent it (`telegram:123`), absent for the operator's script. */
  sender?: string;
  /** How the sender is called, shown under the notice's title. */
  senderName?: string;
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
  branchOf: z.record(z.string(), z.string()).optional(),
  sender: z.string().optional(),
  senderName: z.string().optional(),
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
  /** The newest notice `sender` sent, else (no sender, or none from them) the newest of all; undefined when none is kept. */
  latest(sender?: string): Promise<Notice | undefined>;
  /** Remembers that these messages of a chat are the copy of a notice (30 days). */
  rememberCopy(chat: string, messageIds: readonly string[], noticeId: string): Promise<void>;
  /** The notice a chat's message is the copy of, if remembered. */
  copyAt(chat: string, messageId: string): Promise<string | undefined>;
}

/** Letters and digits of new notice ids: none that look alike (I, L, O, 0, 1). */
const ID_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const NEW_ID = /^[A-HJKMNP-Z2-9]{6}$/u;
const OLD_ID = /^[a-f0-9]{8}$/u;

/** A new notice id: 6 characters of {@link ID_ALPHABET}. */
export function newNoticeId(): string {
  return Array.from({ length: 6 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

/** The notice id a person typed ("#k7qm3x", "K7QM3X", an old "3f9a0c1d"), as stored; undefined when it is none. */
export function readNoticeId(typed: string): string | undefined {
  const bare = typed.trim().replace(/^#/u, '').replace(/\s+/gu, '');
  if (NEW_ID.test(bare.toUpperCase())) return bare.toUpperCase();
  return OLD_ID.test(bare.toLowerCase()) ? bare.toLowerCase() : undefined;
}

const RETENTION_SECONDS = 90 * 24 * 3600;
const DEDUPE_SECONDS = 600;
const COPY_SECONDS = 30 * 24 * 3600;
/** Tries at a free id before giving up (a clash is one in tens of millions). */
const ID_ATTEMPTS = 5;

/** Stores a notice under an id not taken yet, and puts it in the outbox, in one step: 1, or 0 when the id is taken. */
const CREATE_SCRIPT = `
if redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') then
  redis.call('SADD', KEYS[2], ARGV[3])
  return 1
end
return 0
`;

/** A notice store over an ioredis client the caller owns; `newId` makes ids ({@link newNoticeId} by default). */
export function createNoticeStore(redis: RedisConnection, options: { prefix?: string; newId?: () => string } = {}): NoticeStore {
  const prefix = keyPrefixFor(redis, options.prefix);
  const newId = options.newId ?? newNoticeId;
  const key = (id: string) => `${prefix}:notice:${id}`;
  const outbox = `${prefix}:notice-outbox`;
  const latestKey = (sender?: string) => (sender ? `${prefix}:notice-latest:${sender}` : `${prefix}:notice-latest`);
  const copyKey = (chat: string, messageId: string) => `${prefix}:notice-copy:${chat}:${messageId}`;

  /** Stores a new notice under a free id (written before it is claimed, and in the outbox until its jobs are queued). */
  async function storeNew(draft: Omit<Notice, 'id' | 'createdAt'>): Promise<Notice> {
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt += 1) {
      const notice: Notice = { ...draft, id: newId(), createdAt: new Date().toISOString() };
      const stored = await redis.eval(CREATE_SCRIPT, 2, key(notice.id), outbox, JSON.stringify(notice), RETENTION_SECONDS, notice.id);
      if (Number(stored) === 1) return notice;
    }
    throw new Error(`No free notice id after ${ID_ATTEMPTS} attempts`);
  }

  const store: NoticeStore = {
    async create(draft) {
      const fingerprint = createHash('sha256')
        .update([draft.text, ...[...draft.targets].sort()].join('\n'))
        .digest('hex')
        .slice(0, 24);
      // Written before it is claimed, so that a claim always names a stored notice.
      const notice = await storeNew(draft);
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
      const latest = redis.multi().set(latestKey(), notice.id, 'EX', RETENTION_SECONDS);
      if (notice.sender) latest.set(latestKey(notice.sender), notice.id, 'EX', RETENTION_SECONDS);
      await latest.exec();
      return { notice, created: true };
    },
    async get(typed) {
      const id = readNoticeId(typed);
      return id === undefined ? undefined : readNotice(await redis.get(key(id)));
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
    async latest(sender) {
      const own = sender ? await redis.get(latestKey(sender)) : null;
      const id = own ?? (await redis.get(latestKey()));
      return id ? store.get(id) : undefined;
    },
    async rememberCopy(chat, messageIds, noticeId) {
      if (messageIds.length === 0) return;
      const write = redis.multi();
      for (const messageId of messageIds) write.set(copyKey(chat, messageId), noticeId, 'EX', COPY_SECONDS);
      await write.exec();
    },
    async copyAt(chat, messageId) {
      return (await redis.get(copyKey(chat, messageId))) ?? undefined;
    },
  };
  return store;
}

function readNotice(json: string | null): Notice | undefined {
  return json ? parseStored(noticeSchema, json, 'notice') : undefined;
}
