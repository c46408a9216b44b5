/** The background workers, in `npm start` or alone in `npm run start:worker`: reminders and broadcasts. */
import { withSendKind, type AppConfig, type Logger, type Messenger, type Metrics } from '../common/index.js';
import {
  connectRedis,
  createAttendanceStore,
  createBroadcastService,
  createBroadcastWorkers,
  createOrgRegistry,
  createReminderWorker,
  DEFAULT_KEY_PREFIX,
  rememberAttendanceCalls,
  type RedisConnection,
  type ReminderWorker,
} from '../jobs/index.js';
import type { SendGates } from './send-gates.js';
import { settleWithin } from './stop-grace.js';

/** Which records and queues the workers serve, and their clock. */
export interface WorkerScope {
  /** The keys' prefix (the terminal's demo keeps its own). @defaultValue DEFAULT_KEY_PREFIX */
  prefix?: string;
  /** The platforms whose broadcast queues are worked. @defaultValue those with a token configured */
  platforms?: readonly ('telegram' | 'zalo')[];
  /** The reminders' clock. @defaultValue () => new Date() */
  now?: () => Date;
}

/** Running workers. */
export interface Workers {
  /** Stops taking jobs, waits for the running ones, closes their Redis connection. */
  close(): Promise<void>;
}

/**
 * What a crash may have left half done: reminders missing from the queue, notices stored but not
 * queued. Logs what it did; never throws.
 */
async function recoverInterrupted(connection: RedisConnection, prefix: string, reminders: ReminderWorker, logger: Logger): Promise<void> {
  try {
    logger.info(await reminders.reconcile(), 'Reminders checked against the queue');
    const broadcasts = createBroadcastService({ connection, prefix });
    try {
      const queued = await broadcasts.queueUnqueued();
      if (queued > 0) logger.warn({ notices: queued }, 'Notices stored but not queued before a stop: queued now');
    } finally {
      await broadcasts.close();
    }
  } catch (error) {
    logger.warn({ err: error }, 'Cannot check reminders and notices against the queues');
  }
}

/**
 * Starts the reminder and broadcast workers over their own Redis connections (BullMQ's, and an
 * auto-pipelined one for the reminders' records and attendance calls and the send budget), sending through
 * `messenger` (reminders marked as such for the send budget); undefined (with one warning) when
 * Redis cannot be reached. `gates`, in a process of workers alone, get their budgets on that
 * connection (the bot process opens them with its own).
 */
export async function startWorkers(
  config: AppConfig,
  logger: Logger,
  messenger: Messenger,
  metrics?: Metrics,
  scope: WorkerScope = {},
  gates?: SendGates,
): Promise<Workers | undefined> {
  let connection;
  let records;
  try {
    connection = await connectRedis(config.redisUrl, { forWorker: true });
    // The reminders' own reads and writes (events, send budget, attendance calls), apart from BullMQ's: jobs running at once share one write.
    records = await connectRedis(config.redisUrl, { forWorker: true, autoPipelining: true });
  } catch (error) {
    connection?.disconnect();
    logger.warn({ err: error }, 'Redis is unavailable at REDIS_URL: reminders and broadcasts are off, questions are still answered');
    return undefined;
  }
  // A reminder's message ids are kept, so that a member's reply to it ("Em xin vắng vì con ốm ạ") answers for its meeting.
  const prefix = scope.prefix ?? DEFAULT_KEY_PREFIX;
  gates?.open(records, prefix);
  const remembering = rememberAttendanceCalls(withSendKind(messenger, 'reminder'), createAttendanceStore(records, { prefix }), logger);
  const common = { connection, prefix, messenger: remembering, lockDurationMs: config.workerLockMs, ...(metrics ? { metrics } : {}) };
  const registry = createOrgRegistry(connection, { prefix, admins: config.adminIds });
  const clock = scope.now ? { now: scope.now } : {};
  const reminders = createReminderWorker({
    ...common,
    ...clock,
    records,
    registry,
    logger: logger.child({ component: 'reminders' }),
    timeZone: config.timezone,
  });
  const platforms = scope.platforms ?? [...(config.telegram ? (['telegram'] as const) : []), ...(config.zalo ? (['zalo'] as const) : [])];
  const broadcasts = createBroadcastWorkers({ ...common, logger: logger.child({ component: 'broadcasts' }), platforms });
  logger.info({ sendsPerSecond: config.sendsPerSecond }, 'Workers started');
  // In the background (a large schedule must not hold the start); a failure is logged and tried again at the next start.
  const checked = recoverInterrupted(connection, prefix, reminders, logger);
  return {
    async close() {
      // Not for ever: with Redis gone, the check waits for it.
      await settleWithin([checked], 5_000);
      await Promise.all([reminders.close(), broadcasts.close()]);
      connection.disconnect();
      records.disconnect();
    },
  };
}
