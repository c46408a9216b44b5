/**
 * Attendance of meeting occurrences in Redis, under the key prefix:
 * - `attendance:<event id>:<occurrence>`: hash person → answer JSON, kept 180 days (a person's last answer counts);
 * - `attendance-call:<chat>:<message id>`: the meeting a message of the chat calls attendance for
 *   (a reminder with its ✅/❌ buttons), 30 days, so that a member's reply to it answers for that meeting;
 * - `attendance-choice:<chat>:<person>`: an answer waiting for the member to say which meeting, 10 minutes.
 */
import type { DateTime } from 'luxon';
import { z } from 'zod';
import { attendanceButton, parseStored, type Logger, type Messenger } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';

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

/** A meeting occurrence attendance is answered for: the event and its occurrence ("20261126T1930"). */
export interface AttendanceCall {
  eventId: string;
  occurrence: string;
}

/** An answer waiting for the member to say which of several meetings it is for. */
export interface PendingChoice {
  status: AttendanceStatus;
  reason?: string;
  /** The meetings offered, in the order they were numbered (1, 2 …). */
  options: AttendanceCall[];
}

const callSchema = z.object({ eventId: z.string(), occurrence: z.string() }) satisfies z.ZodType<AttendanceCall>;
const pendingChoiceSchema = z.object({
  status: z.enum(['present', 'absent']),
  reason: z.string().optional(),
  options: z.array(callSchema),
}) satisfies z.ZodType<PendingChoice>;

/** Answers to the attendance call of meetings. */
export interface AttendanceStore {
  /** Records (or replaces) a person's answer for an occurrence. */
  record(eventId: string, occurrence: string, answer: AttendanceAnswer): Promise<void>;
  /** Every answer for an occurrence, present first, then by name. */
  answers(eventId: string, occurrence: string): Promise<AttendanceAnswer[]>;
  /** Remembers that these messages of a chat call for attendance at a meeting (30 days). */
  rememberCall(chat: string, messageIds: readonly string[], call: AttendanceCall): Promise<void>;
  /** The meeting a chat's message calls attendance for, if remembered. */
  callAt(chat: string, messageId: string): Promise<AttendanceCall | undefined>;
  /** Keeps a member's answer until they say which meeting it is for (10 minutes; a newer one replaces it). */
  holdChoice(chat: string, person: string, pending: PendingChoice): Promise<void>;
  /** The member's answer waiting for a choice, if any. */
  heldChoice(chat: string, person: string): Promise<PendingChoice | undefined>;
  /** Forgets the member's answer waiting for a choice. */
  dropChoice(chat: string, person: string): Promise<void>;
}

const RETENTION_SECONDS = 180 * 24 * 3600;
const CALL_SECONDS = 30 * 24 * 3600;
const CHOICE_SECONDS = 600;

/** An occurrence as attendance keys and buttons write it: "20261126T1930" in the event's zone. */
export function occurrenceKey(occurrence: DateTime): string {
  return occurrence.toFormat("yyyyMMdd'T'HHmm");
}

/** An attendance store over an ioredis client the caller owns. */
export function createAttendanceStore(redis: RedisConnection, options: { prefix?: string } = {}): AttendanceStore {
  const prefix = keyPrefixFor(redis, options.prefix);
  const key = (eventId: string, occurrence: string) => `${prefix}:attendance:${eventId}:${occurrence}`;
  const callKey = (chat: string, messageId: string) => `${prefix}:attendance-call:${chat}:${messageId}`;
  const choiceKey = (chat: string, person: string) => `${prefix}:attendance-choice:${chat}:${person}`;
  return {
    async record(eventId, occurrence, answer) {
      await redis.multi().hset(key(eventId, occurrence), answer.person, JSON.stringify(answer)).expire(key(eventId, occurrence), RETENTION_SECONDS).exec();
    },
    async answers(eventId, occurrence) {
      const all = Object.values(await redis.hgetall(key(eventId, occurrence))).map((json) => parseStored(attendanceAnswerSchema, json, 'attendance answer'));
      return all.sort((a, b) => (a.status === b.status ? (a.name ?? a.person).localeCompare(b.name ?? b.person, 'vi') : a.status === 'present' ? -1 : 1));
    },
    async rememberCall(chat, messageIds, call) {
      if (messageIds.length === 0) return;
      // One message (a reminder is one) needs no MULTI, which costs more than the write on the workers' connection.
      if (messageIds.length === 1) {
        await redis.set(callKey(chat, messageIds[0]!), JSON.stringify(call), 'EX', CALL_SECONDS);
        return;
      }
      const write = redis.multi();
      for (const messageId of messageIds) write.set(callKey(chat, messageId), JSON.stringify(call), 'EX', CALL_SECONDS);
      await write.exec();
    },
    async callAt(chat, messageId) {
      const json = await redis.get(callKey(chat, messageId));
      return json ? parseStored(callSchema, json, 'attendance call') : undefined;
    },
    async holdChoice(chat, person, pending) {
      await redis.set(choiceKey(chat, person), JSON.stringify(pending), 'EX', CHOICE_SECONDS);
    },
    async heldChoice(chat, person) {
      const json = await redis.get(choiceKey(chat, person));
      return json ? parseStored(pendingChoiceSchema, json, 'attendance choice') : undefined;
    },
    async dropChoice(chat, person) {
      await redis.del(choiceKey(chat, person));
    },
  };
}

/**
 * A messenger that remembers each message it sends with attendance buttons (a meeting reminder)
 * as that meeting's attendance call, so that a member who replies to the reminder in words ("Em
 * xin vắng vì con ốm ạ") answers for that very meeting. Failing to remember never fails the send.
 */
export function rememberAttendanceCalls(messenger: Messenger, store: Pick<AttendanceStore, 'rememberCall'>, logger?: Logger): Messenger {
  return {
    hasButtons: (to) => messenger.hasButtons(to),
    async send(to, message) {
      const sent = await messenger.send(to, message);
      const call = message.buttons
        ?.flat()
        .map((button) => attendanceButton.decode(button.data))
        .find((decoded) => decoded !== undefined);
      if (call) {
        await store
          .rememberCall(to, sent.messageIds, { eventId: call.eventId, occurrence: call.occurrence })
          .catch((error: unknown) => logger?.warn({ err: error, to }, 'cannot remember an attendance call'));
      }
      return sent;
    },
  };
}
