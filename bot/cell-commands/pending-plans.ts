/**
 * Plans waiting for their author's confirmation, in Redis for 30 minutes:
 * `<prefix>:pending:<token>` holds the plan, `<prefix>:pending-last:<chat>:<person>` the author's
 * latest token in a chat (for /dongy where there are no buttons). Taking is atomic (GETDEL), so
 * a double press or a second /dongy confirms once.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { EventPlan } from '../../jobs/index.js';

/** A plan and who may confirm it. */
export interface PendingPlan {
  plan: EventPlan;
  person: string;
  chat: string;
  /** The event the plan replaces (/sua). */
  editOf?: string;
}

/** The outcome of taking a pending plan. */
export type TakenPlan = { status: 'taken'; pending: PendingPlan } | { status: 'missing' } | { status: 'not-yours' };

/** Pending plans over an ioredis client the caller owns. */
export interface PendingPlans {
  /** Stores a plan; returns its token. */
  put(pending: PendingPlan): Promise<string>;
  /** Takes a plan by token if `person` wrote it. */
  take(token: string, person: string): Promise<TakenPlan>;
  /** The latest token of a person in a chat. */
  latest(chat: string, person: string): Promise<string | undefined>;
}

const TTL_SECONDS = 30 * 60;

/** Pending plans under `prefix`. */
export function createPendingPlans(redis: Redis, prefix: string): PendingPlans {
  const key = (token: string) => `${prefix}:pending:${token}`;
  const latestKey = (chat: string, person: string) => `${prefix}:pending-last:${chat}:${person}`;
  return {
    async put(pending) {
      const token = randomBytes(6).toString('hex');
      await redis.multi().set(key(token), JSON.stringify(pending), 'EX', TTL_SECONDS).set(latestKey(pending.chat, pending.person), token, 'EX', TTL_SECONDS).exec();
      return token;
    },
    async take(token, person) {
      const json = await redis.get(key(token));
      if (!json) return { status: 'missing' };
      if ((JSON.parse(json) as PendingPlan).person !== person) return { status: 'not-yours' };
      const taken = await redis.getdel(key(token));
      return taken ? { status: 'taken', pending: JSON.parse(taken) as PendingPlan } : { status: 'missing' };
    },
    async latest(chat, person) {
      return (await redis.get(latestKey(chat, person))) ?? undefined;
    },
  };
}
