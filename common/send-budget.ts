/**
 * One send budget per bot, drawn from by every outgoing message (answers, reminders, reports,
 * notices), with priority: answers wait for a token and are never refused, reminders and reports
 * wait a while, notices wait only for their next turn (a few tens of milliseconds) and are refused
 * beyond it, so that their queue waits instead. The budget itself
 * lives in Redis (jobs/notices/send-budget.ts); this is the contract, the policy of each kind, and
 * the counting of the 429 answers a platform still gives.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { SendError, type ChannelName, type SendKind } from './sending.js';

/** A bot's send budget, shared by every process that sends for the bot. */
export interface SendBudget {
  /**
   * Takes a token named `token` for one message of `kind`: 0 when it may go now (the token is then
   * taken), else how many milliseconds to wait before asking again.
   */
  take(kind: SendKind, token: string): Promise<number>;
  /**
   * Counts the message of `token` as sent now, once the platform has answered it: a message slow
   * to reach the platform then never lets a later one in too early.
   */
  settle(token: string): Promise<void>;
}

/** The budget refused a message that may not wait for it (a notice), or a reminder waited too long: nothing was sent. */
export class SendBudgetSpentError extends SendError {
  constructor(
    readonly sendKind: SendKind,
    retryAfterMs: number,
  ) {
    super('rate-limited', `the bot's send budget has no room for a ${sendKind} now`, retryAfterMs);
  }
}

/** A budget given later (once Redis answers); until then every message may go. */
export interface LateSendBudget extends SendBudget {
  /** Draws from `budget` from now on. */
  use(budget: SendBudget): void;
}

/** A budget that grants everything until {@link LateSendBudget.use} gives it the real one. */
export function lateSendBudget(): LateSendBudget {
  let current: SendBudget | undefined;
  return {
    take: async (kind, token) => (current ? current.take(kind, token) : 0),
    settle: async (token) => current?.settle(token),
    use(budget) {
      current = budget;
    },
  };
}

/** Longest a reminder or a report waits for a token before its send fails as rate-limited (its worker tries again later). */
const SCHEDULED_WAIT_MS = 10_000;

/**
 * Longest a notice waits for a token in its worker (its turn comes every 1000/rate ms); beyond it
 * the notice is refused and its queue waits. Per-chat pacing counts a chat's message as sent up to
 * this late (see send-pacing.ts).
 */
export const NOTICE_WAIT_MS = 250;

/** The door every message of one bot goes through: it draws from the budget, and counts and logs the 429 answers. */
export interface SendGate {
  /**
   * Sends one message of `kind` with `send` once the budget has a token for it (an answer waits as
   * long as it takes, a reminder or a report up to 10 s, a notice up to {@link NOTICE_WAIT_MS}),
   * and settles the token when the platform has answered. Throws {@link SendBudgetSpentError},
   * without calling `send`, when the message may not go.
   */
  pass<T>(kind: SendKind, send: () => Promise<T>): Promise<T>;
  /** Counts and logs a 429 answer of the platform to a message of `kind`. */
  rateLimited(kind: SendKind, detail: { chat?: string; retryAfterMs?: number; description?: string }): void;
}

/** What {@link createSendGate} needs. */
export interface SendGateOptions {
  platform: ChannelName;
  /** @defaultValue no budget: every message goes at once */
  budget?: SendBudget;
  /** Where 429 answers are counted by kind. */
  metrics?: Metrics;
  logger?: Logger;
}

/** The send gate of one bot. */
export function createSendGate({ platform, budget, metrics, logger }: SendGateOptions): SendGate {
  return {
    async pass(kind, send) {
      if (!budget) return send();
      const token = randomUUID();
      const started = Date.now();
      for (;;) {
        const waitMs = await budget.take(kind, token);
        if (waitMs <= 0) break;
        const longest = kind === 'notice' ? NOTICE_WAIT_MS : kind === 'answer' ? Infinity : SCHEDULED_WAIT_MS;
        if (Date.now() - started + waitMs > longest) throw new SendBudgetSpentError(kind, waitMs);
        await sleep(waitMs);
      }
      try {
        return await send();
      } finally {
        await budget.settle(token);
      }
    },
    rateLimited(kind, detail) {
      metrics?.rateLimited.inc({ platform, kind });
      logger?.warn({ platform, kind, ...detail }, 'The platform answered 429 (too many requests) to a message');
    },
  };
}
