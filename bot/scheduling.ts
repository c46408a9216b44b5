/**
 * The Redis side of the bot process: the cell commands (scheduling, notices, registration,
 * attendance), the queues (for the dashboard and the metrics), the chats' recent exchanges, and
 * the workers once the channels run. Without Redis, questions are still answered and the cell commands say they are unavailable.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig, ChannelName, Logger, Messenger, Metrics } from '../common/index.js';
import {
  BROADCAST_QUEUES,
  connectRedis,
  createBroadcastService,
  createReminderService,
  DEFAULT_KEY_PREFIX,
  DEFAULT_REMINDER_QUEUE,
  NOTICE_QUEUE,
} from '../jobs/index.js';
import type { DocumentLibrary, ReloadableKnowledge } from '../knowledge/index.js';
import { createCellCommands, type DocumentsAccess } from './cell-commands/index.js';
import type { ChatCommands } from './chat-commands.js';
import { createChatMemory, type ChatMemory } from './chat-memory.js';
import { startWorkers, type Workers } from './start-workers.js';

/** Scheduling over Redis. */
export interface Scheduling {
  commands: ChatCommands[];
  /** Every queue, for the dashboard and the queue-depth metrics. */
  queues: Queue[];
  /** Each chat's recent exchanges, for follow-up questions. */
  memory: ChatMemory;
  /** Whether Redis answers now. */
  redisUp(): boolean;
  /** Starts the reminder and broadcast workers in this process. */
  startWorkers(messenger: Messenger): Promise<void>;
  /** Stops the workers (finishing their jobs), then closes the queues and Redis. */
  close(): Promise<void>;
}

/** What {@link openScheduling} needs besides the configuration. */
export interface SchedulingDeps {
  logger: Logger;
  hasButtons: (channel: ChannelName) => boolean;
  metrics?: Metrics;
  /** No warning when Redis cannot be reached (retries after the first). */
  quiet?: boolean;
  /** The documents admins change from the chat, answered from `knowledge`. */
  documents?: { knowledge: ReloadableKnowledge; library: DocumentLibrary; uploadsDir: string };
}

/** How often a process checks whether another one changed the documents. */
const CORPUS_POLL_MS = 2_000;

/** Connects to Redis and builds the commands; undefined (one warning logged) when Redis cannot be reached. */
export async function openScheduling(config: AppConfig, deps: SchedulingDeps): Promise<Scheduling | undefined> {
  const { logger, metrics } = deps;
  let redis: Redis;
  try {
    redis = await connectRedis(config.redisUrl);
  } catch (error) {
    if (!deps.quiet)
      logger.warn(
        { err: error },
        'Redis is unavailable at REDIS_URL: scheduling, reminders and notices are off until it answers, questions are still answered',
      );
    return undefined;
  }
  const prefix = DEFAULT_KEY_PREFIX;
  const reminders = createReminderService({ connection: redis, prefix, timeZone: config.timezone });
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
    ...(documents ? { documents } : {}),
  });

  /** Documents changed from the chat: re-indexed here at once, and the other processes told through the version key. */
  function documentsAccess(given: NonNullable<SchedulingDeps['documents']>): DocumentsAccess {
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
  // Another process changed the documents: read them again.
  const corpusWatch = deps.documents
    ? setInterval(() => {
        void redis
          .get(corpusKey)
          .then(async (version) => {
            if (version === corpusVersion) return;
            const report = await deps.documents!.knowledge.reload();
            // Only once read: a failed reload is tried again at the next poll.
            corpusVersion = version;
            logger.info({ version, documents: report.documents, passages: report.chunks }, 'Documents changed in another process: re-read');
          })
          .catch((error: unknown) => logger.debug({ err: error }, 'Cannot check the documents version'));
      }, CORPUS_POLL_MS)
    : undefined;
  corpusWatch?.unref();
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
    memory: createChatMemory(redis, { prefix }),
    redisUp: () => redis.status === 'ready',
    async startWorkers(messenger) {
      workers = await startWorkers(config, logger, messenger, metrics);
    },
    async close() {
      clearInterval(corpusWatch);
      await workers?.close();
      await Promise.all([reminders.close(), broadcasts.close(), ...queues.map((queue) => queue.close())]);
      redis.disconnect();
    },
  };
}
