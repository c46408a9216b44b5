/**
 * The configured bots' send gates: every message a bot sends (answers, reminders, reports,
 * notices) goes through its gate, which draws from the bot's one send budget in Redis and counts
 * the 429 answers. Until Redis answers, messages go without a budget.
 */
import { createSendGate, lateSendBudget, type AppConfig, type Logger, type Metrics, type SendGate } from '../common/index.js';
import { createSendBudget, keyPrefixFor, type RedisConnection } from '../jobs/index.js';

/** The gates of both platforms, and how their budgets are opened. */
export interface SendGates {
  readonly telegram: SendGate;
  readonly zalo: SendGate;
  /** Draws from the budgets kept in `redis` under `prefix` (hash-tagged on a cluster) from now on. */
  open(redis: RedisConnection, prefix: string): void;
}

/** The send gates of the configured bots, at the configured rates (`TELEGRAM_SENDS_PER_SECOND`, `ZALO_SENDS_PER_SECOND`). */
export function createSendGates(config: AppConfig, logger: Logger, metrics?: Metrics): SendGates {
  const budgets = { telegram: lateSendBudget(), zalo: lateSendBudget() };
  const gate = (platform: 'telegram' | 'zalo') =>
    createSendGate({ platform, budget: budgets[platform], logger: logger.child({ component: 'sending', platform }), ...(metrics ? { metrics } : {}) });
  return {
    telegram: gate('telegram'),
    zalo: gate('zalo'),
    open(redis, prefix) {
      const shared = { prefix: keyPrefixFor(redis, prefix), logger };
      for (const platform of ['telegram', 'zalo'] as const) {
        const bot = config[platform];
        if (bot) budgets[platform].use(createSendBudget(redis, { ...shared, token: bot.token, perSecond: config.sendsPerSecond[platform] }));
      }
    },
  };
}
