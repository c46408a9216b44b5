/** The background workers, in `npm start` or alone in `npm run start:worker`: reminders and broadcasts. */
import type { AppConfig, Logger, Messenger, Metrics } from '../common/index.js';
import { connectRedis, createBroadcastWorkers, createOrgRegistry, createReminderWorker, DEFAULT_KEY_PREFIX } from '../jobs/index.js';

/** Running workers. */
export interface Workers {
  /** Stops taking jobs, waits for the running ones, closes their Redis connection. */
  close(): Promise<void>;
}

/**
 * Starts the reminder and broadcast workers over their own Redis connection, sending through
 * `messenger`; undefined (with one warning) when Redis cannot be reached.
 */
export async function startWorkers(config: AppConfig, logger: Logger, messenger: Messenger, metrics?: Metrics): Promise<Workers | undefined> {
  let connection;
  try {
    connection = await connectRedis(config.redisUrl, { forWorker: true });
  } catch (error) {
    logger.warn({ err: error }, 'Redis is unavailable at REDIS_URL: reminders and broadcasts are off, questions are still answered');
    return undefined;
  }
  const common = { connection, prefix: DEFAULT_KEY_PREFIX, messenger, lockDurationMs: config.workerLockMs, ...(metrics ? { metrics } : {}) };
  const registry = createOrgRegistry(connection, { prefix: DEFAULT_KEY_PREFIX, admins: config.adminIds });
  const reminders = createReminderWorker({ ...common, registry, logger: logger.child({ component: 'reminders' }), timeZone: config.timezone });
  const platforms = [...(config.telegram ? (['telegram'] as const) : []), ...(config.zalo ? (['zalo'] as const) : [])];
  const broadcasts = createBroadcastWorkers({ ...common, logger: logger.child({ component: 'broadcasts' }), rates: config.sendsPerSecond, platforms });
  logger.info({ sendsPerSecond: config.sendsPerSecond }, 'Workers started');
  return {
    async close() {
      await Promise.all([reminders.close(), broadcasts.close()]);
      connection.disconnect();
    },
  };
}
