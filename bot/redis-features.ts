/**
 * Everything the bot process runs on Redis, opened together: the cell commands (scheduling,
 * notices, registration, attendance, documents), the queues (for the dashboard and the queue-depth
 * metrics), the chats' recent exchanges, the watch on the documents' version, and the workers once
 * the channels run. Without Redis, questions are still answered and the cell commands say they are
 * unavailable.
 */
import { Queue } from 'bullmq';
import type { AppConfig, ChannelName, Logger, Messenger, Metrics } from '../common/index.js';
import {
  BROADCAST_QUEUES,
  connectRedis,
  createBroadcastService,
  createReminderService,
  DEFAULT_KEY_PREFIX,
  DEFAULT_REMINDER_QUEUE,
  keyPrefixFor,
  NOTICE_QUEUE,
  RedisUnavailableError,
  type RedisConnection,
} from '../jobs/index.js';
import type { DocumentLibrary, ReloadableKnowledge } from '../knowledge/index.js';
import { createCellCommands, type DocumentsAccess } from './cell-commands/index.js';
import type { ChatCommands } from './chat-commands.js';
import { createChatMemory, type ChatMemory } from './chat-memory.js';
import { watchCorpusVersion } from './corpus-watch.js';
import { createQueueDashboard, type DashboardHandler } from './queue-dashboard.js';
import type { SendGates } from './send-gates.js';
import { startWorkers, type Workers, type WorkerScope } from './start-workers.js';

/** What the operator reads in the log when Redis does not answer. */
const REDIS_FIX =
  'start Redis (docker compose up -d redis, or install redis-server: npm start then runs a private one for a local REDIS_URL), or set REDIS_URL to a Redis that answers';

/** What the bot process runs on Redis. */
export interface RedisFeatures {
  commands: ChatCommands[];
  /** Every queue, for the dashboard and the queue-depth metrics. */
  queues: Queue[];
  /** bull-board over the queues at /admin/queues, when its credentials are configured. */
  dashboard?: DashboardHandler;
  /** Each chat's recent exchanges, for follow-up questions. */
  memory: ChatMemory;
  /** Whether Redis answers now. */
  redisUp(): boolean;
  /** Starts the reminder and broadcast workers in this process. */
  startWorkers(messenger: Messenger): Promise<void>;
  /** Stops the workers (finishing their jobs), then closes the queues and Redis. */
  close(): Promise<void>;
}

/** What {@link openRedisFeatures} needs besides the configuration. */
export interface RedisFeaturesDeps {
  logger: Logger;
  hasButtons: (channel: ChannelName) => boolean;
  metrics?: Metrics;
  /** No warning when Redis cannot be reached (retries after the first). */
  quiet?: boolean;
  /** The documents admins change from the chat, answered from `knowledge`. */
  documents?: { knowledge: ReloadableKnowledge; library: DocumentLibrary; uploadsDir: string };
  /** Sends to other chats: the cell commands tell a group of its events changed from a private chat. */
  messenger?: Messenger;
  /** The records, queues and workers served, and their clock: the terminal's demo keeps its own keys. @defaultValue the configured platforms under DEFAULT_KEY_PREFIX */
  scope?: WorkerScope;
  /** The bots' send gates, whose budgets are opened on this Redis. */
  gates?: SendGates;
}

/** Connects to Redis and builds the commands; undefined (one warning logged) when Redis cannot be reached. */
export async function openRedisFeatures(config: AppConfig, deps: RedisFeaturesDeps): Promise<RedisFeatures | undefined> {
  const { logger, metrics } = deps;
  let redis: RedisConnection;
  try {
    redis = await connectRedis(config.redisUrl);
  } catch (error) {
    if (!deps.quiet)
      logger.warn(
        { err: error, redisUrl: error instanceof RedisUnavailableError ? error.url : undefined, fix: REDIS_FIX },
        'Redis is unavailable at REDIS_URL: scheduling, reminders and notices are off until it answers (tried again regularly), questions are still answered',
      );
    return undefined;
  }
  const prefix = keyPrefixFor(redis, deps.scope?.prefix ?? DEFAULT_KEY_PREFIX);
  deps.gates?.open(redis, prefix);
  const clock = deps.scope?.now ? { now: deps.scope.now } : {};
  const reminders = createReminderService({ connection: redis, prefix, timeZone: config.timezone, ...clock });
  const broadcasts = createBroadcastService({ connection: redis, prefix });
  const corpusKey = `${prefix}:corpus-version`;
  let corpusVersion = await redis.get(corpusKey);
  const documents = deps.documents && documentsAccess(deps.documents);
  const commands = createCellCommands({
    redis,
    prefix,
    reminders,
    broadcasts,
    admins: config.adminIds,
    logger: logger.child({ component: 'cells' }),
    timeZone: config.timezone,
    hasButtons: deps.hasButtons,
    ...clock,
    ...(documents ? { documents } : {}),
    ...(deps.messenger ? { messenger: deps.messenger } : {}),
  });

  /** Documents changed from the chat: re-indexed here at once, and the other processes told through the version key. */
  function documentsAccess(given: NonNullable<RedisFeaturesDeps['documents']>): DocumentsAccess {
    return {
      library: given.library,
      uploadsDir: given.uploadsDir,
      list: () => given.knowledge.documents(),
      async changed() {
        try {
          return await given.knowledge.reload();
        } finally {
          // The files changed whatever this process made of them: the others read them again.
          corpusVersion = String(await redis.incr(corpusKey));
        }
      },
    };
  }
  const corpusWatch = deps.documents
    ? watchCorpusVersion(
        redis,
        corpusKey,
        () => corpusVersion,
        (version) => (corpusVersion = version),
        deps.documents.knowledge,
        logger,
      )
    : undefined;
  const queues = [DEFAULT_REMINDER_QUEUE, NOTICE_QUEUE, BROADCAST_QUEUES.telegram, BROADCAST_QUEUES.zalo].map((name) => {
    const queue = new Queue(name, { connection: redis, prefix });
    queue.on('error', (error) => logger.debug({ err: error, queue: name }, 'queue connection error'));
    return queue;
  });
  metrics?.watchQueues(async () =>
    Promise.all(queues.map(async (queue) => ({ queue: queue.name, counts: await queue.getJobCounts('waiting', 'delayed', 'active', 'failed') }))),
  );
  let workers: Workers | undefined;
  return {
    commands,
    queues,
    ...(config.dashboard ? { dashboard: createQueueDashboard(queues, config.dashboard) } : {}),
    memory: createChatMemory(redis, { prefix }),
    redisUp: () => redis.status === 'ready',
    async startWorkers(messenger) {
      workers = await startWorkers(config, logger, messenger, metrics, deps.scope);
    },
    async close() {
      clearInterval(corpusWatch);
      await workers?.close();
      await Promise.all([reminders.close(), broadcasts.close(), ...queues.map((queue) => queue.close())]);
      redis.disconnect();
    },
  };
}

/** The Redis features, open from the start or from the moment Redis first answers. */
export interface RedisFeaturesHolder {
  /** The features, once open. */
  current(): RedisFeatures | undefined;
  /** Runs `use` with the features: now (resolving when it is done) when they are open, else once Redis answers. */
  whenOpen(use: (features: RedisFeatures) => Promise<void>): Promise<void>;
  /** Stops trying, and closes the features if they were opened. */
  close(): Promise<void>;
}

/**
 * Opens the Redis features; when Redis does not answer at start (one warning), tries again every
 * `retryMs` and turns everything on once it does, so that a bot started before its Redis catches up.
 */
export async function openRedisFeaturesWhenReady(config: AppConfig, deps: RedisFeaturesDeps, retryMs: number): Promise<RedisFeaturesHolder> {
  let features = await openRedisFeatures(config, deps);
  let closed = false;
  const waiting: ((features: RedisFeatures) => Promise<void>)[] = [];
  const runLate = (use: (features: RedisFeatures) => Promise<void>, open: RedisFeatures) =>
    void use(open).catch((error: unknown) => deps.logger.error({ err: error }, 'Turning on what runs on Redis failed'));
  const retry = features
    ? undefined
    : setInterval(() => {
        void openRedisFeatures(config, { ...deps, quiet: true })
          .then(async (opened) => {
            // Closed meanwhile, or opened twice by overlapping tries: the extra one goes.
            if (!opened || features || closed) return void (await opened?.close());
            clearInterval(retry);
            features = opened;
            for (const use of waiting.splice(0)) runLate(use, opened);
            deps.logger.info('Redis answers now: scheduling, reminders and notices are on');
          })
          .catch((error: unknown) => deps.logger.warn({ err: error }, 'Opening what runs on Redis failed; trying again'));
      }, retryMs);
  retry?.unref();
  return {
    current: () => features,
    async whenOpen(use) {
      if (features) await use(features);
      else waiting.push(use);
    },
    async close() {
      closed = true;
      clearInterval(retry);
      await features?.close();
    },
  };
}
