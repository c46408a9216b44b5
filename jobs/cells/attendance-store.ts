/**
 * Attendance of meeting occurrences in Redis: `<prefix>:attendance:<event id>:<occurrence>` is a
 * hash person → answer JSON, kept 180 days. A person's last answer counts.
 */
import type { Redis } from 'ioredis';
import type { DateTime } from 'luxon';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import { DEFAULT_KEY_PREFIX } from '../redis/redis-connection.js';

/** Whether a member comes. */
export type AttendanceStatus = 'present' | 'absent';

/** One member's answer. */
export interface AttendanceAnswer {
  person: string;
  name?: string;
  status: AttendanceStatus;
  reason?: string;
  /** ISO-8601. */
  at: string;
}

/** The shape of a stored {@link AttendanceAnswer}. */
const attendanceAnswerSchema = z.object({
  person: z.string(),
  name: z.string().optional(),
  status: z.enum(['present', 'absent']),
  reason: z.string().optional(),
  at: z.string(),
}) satisfies z.ZodType<AttendanceAnswer>;

/** Answers to the attendance call of meetings. */
export interface AttendanceStore {
  /** Records (or replaces) a person's answer for an occurrence. */
  record(eventId: string, occurrence: string, answer: AttendanceAnswer): Promise<void>;
  /** Every answer for an occurrence, present first, then by name. */
  answers(eventId: string, occurrence: string): Promise<AttendanceAnswer[]>;
}

const RETENTION_SECONDS = 180 * 24 * 3600;

/** An occurrence as attendance keys and buttons write it: "20261126T1930" in the event's zone. */
export function occurrenceKey(occurrence: DateTime): string {
  return occurrence.toFormat("yyyyMMdd'T'HHmm");
}

/** An attendance store over an ioredis client the caller owns. */
export function createAttendanceStore(redis: Redis, options: { prefix?: string } = {}): AttendanceStore {
  const key = (eventId: string, occurrence: string) => `${options.prefix ?? DEFAULT_KEY_PREFIX}:attendance:${eventId}:${occurrence}`;
  return {
    async record(eventId, occurrence, answer) {
      await redis.multi().hset(key(eventId, occurrence), answer.person, JSON.stringify(answer)).expire(key(eventId, occurrence), RETENTION_SECONDS).exec();
    },
    async answers(eventId, occurrence) {
      const all = Object.values(await redis.hgetall(key(eventId, occurrence))).map((json) => parseStored(attendanceAnswerSchema, json, 'attendance answer'));
      return all.sort((a, b) => (a.status === b.status ? (a.name ?? a.person).localeCompare(b.name ?? b.person, 'vi') : a.status === 'present' ? -1 : 1));
    },
  };
}
