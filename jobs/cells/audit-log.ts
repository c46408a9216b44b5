/**
 * The audit log of admin and secretary actions (who created a cell or a unit, granted or revoked
 * admin of a unit, bound or unbound a chat, named
 * or removed an officer, revoked registration codes, rotated a member code, scheduled, changed or
 * cancelled an event, sent a notice, set a report deadline for the units below, confirmed a unit's submission, changed the documents), newest first in the Redis list
 * `<prefix>:audit`, trimmed to the newest `keep` entries.
 */
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';

/** What was done. */
export type AuditAction =
  | 'cell.created'
  | 'unit.created'
  | 'admin.granted'
  | 'admin.revoked'
  | 'cell.code'
  | 'chat.bound'
  | 'officer.set'
  | 'officer.removed'
  | 'code.revoked'
  | 'member-code.rotated'
  | 'chat.unbound'
  | 'event.scheduled'
  | 'event.edited'
  | 'event.cancelled'
  | 'notice.sent'
  | 'campaign.created'
  | 'report.submitted'
  | 'document.added'
  | 'document.edited'
  | 'document.replaced'
  | 'document.removed';

/** One action. */
export interface AuditEntry {
  /** ISO-8601. */
  at: string;
  /** Who did it (`telegram:123`). */
  who: string;
  /** How they are called, when known. */
  name?: string;
  action: AuditAction;
  /** What it was done to: ids, titles, chats. */
  details: Record<string, string | number>;
}

/** The shape of a stored {@link AuditEntry}; an action of a later version is kept as written. */
const auditEntrySchema = z.object({
  at: z.string(),
  who: z.string(),
  name: z.string().optional(),
  action: z.string().transform((action) => action as AuditAction),
  details: z.record(z.string(), z.union([z.string(), z.number()])),
}) satisfies z.ZodType<AuditEntry, unknown>;

/** Writes and reads the audit log. */
export interface AuditLog {
  record(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  /** The newest entries, newest first. */
  recent(count: number): Promise<AuditEntry[]>;
}

/** An audit log over an ioredis client the caller owns. @param keep entries kept (default 10,000) */
export function createAuditLog(redis: RedisConnection, options: { prefix?: string; keep?: number } = {}): AuditLog {
  const key = `${keyPrefixFor(redis, options.prefix)}:audit`;
  const keep = options.keep ?? 10_000;
  return {
    async record(entry) {
      const written: AuditEntry = { at: new Date().toISOString(), ...entry };
      await redis
        .multi()
        .lpush(key, JSON.stringify(written))
        .ltrim(key, 0, keep - 1)
        .exec();
    },
    async recent(count) {
      return (await redis.lrange(key, 0, count - 1)).map((json) => parseStored(auditEntrySchema, json, 'audit entry'));
    },
  };
}
