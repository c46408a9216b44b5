/**
 * One send budget per bot, drawn from by every outgoing message (answers, reminders, reports,
 * notices), with priority: answers wait for a token and are never refused, reminders and reports
 * wait a while, notices are refused at once so that their queue waits instead. The budget itself
 * lives in Redis (jobs/notices/send-budget.ts); this is the contract, the policy of each kind, and
 * the counting of the 429 answers a platform still gives.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { SendError, type ChannelName, type SendKind } from './sending.js';

/** A bot's send budget, shared by every process that sends for the bot. */
export interface SendBudget {
  /** Takes one message of `kind`: 0 when it may go now (the token is then taken), else how many milliseconds to wait before asking again. */
  take(kind: SendKind): Promise<number>;
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
    take: async (kind) => (current ? current.take(kind) : 0),
    use(budget) {
      current = budget;
    },
  };
}

/** Longest a reminder or a report waits for a token before its send fails as rate-limited (its worker tries again later). */
const SCHEDULED_WAIT_MS = 10_000;

/** The door every message of one bot goes through: it draws from the budget, and counts and logs the 429 answers. */
export interface SendGate {
  /**
   * Takes a token for one message of `kind`: an answer waits as long as it takes, a reminder or a
   * report up to 10 s; a notice never waits. Throws {@link SendBudgetSpentError} when it may not go.
   */
  draw(kind: SendKind): Promise<void>;
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
    async draw(kind) {
      if (!budget) return;
      const started = Date.now();
      for (;;) {
        const waitMs = await budget.take(kind);
        if (waitMs <= 0) return;
        if (kind === 'notice' || (kind !== 'answer' && Date.now() - started + waitMs > SCHEDULED_WAIT_MS)) throw new SendBudgetSpentError(kind, waitMs);
        await sleep(waitMs);
      }
    },
    rateLimited(kind, detail) {
      metrics?.rateLimited.inc({ platform, kind });
      logger?.warn({ platform, kind, ...detail }, 'The platform answered 429 (too many requests) to a message');
    },
  };
}
