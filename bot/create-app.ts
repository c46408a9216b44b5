import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import type { AppConfig, Logger } from '../common/index.js';
import { connectRedis, createBroadcastService, createReminderService, DEFAULT_KEY_PREFIX } from '../jobs/index.js';
import { openCorpusKnowledgeBase } from '../knowledge/index.js';
import { createCellCommands, unavailableCellCommands } from './cell-commands/index.js';
import type { Channel } from './channel.js';
import type { ChatCommands } from './chat-commands.js';
import { runConsoleChat } from './console-chat.js';
import { createConversation, type Conversation } from './conversation.js';
import { createFileFeedbackStore } from './feedback-store.js';
import { createHttpServer } from './http-server.js';
import { createMessenger, type Messenger } from './messenger.js';
import { startWorkers, type Workers } from './start-workers.js';
import { createTelegramChannel } from './telegram/index.js';
import { createZaloChannel } from './zalo/index.js';

/** What the application is made from. */
export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  /** An interactive terminal: used for the console chat when no chat platform is configured. */
  terminal?: { input: Readable; output: Writable };
}

/** The running application: knowledge, conversation, channels and the HTTP server. */
export interface App {
  /** Starts the HTTP server and every channel; resolves once they are up. */
  start(): Promise<void>;
  /** Stops receiving, closes the HTTP server. */
  stop(): Promise<void>;
  /** Resolves when the console chat ends (never, without one). */
  readonly finished: Promise<void>;
  /** Sends to `telegram:<id>` / `zalo:<id>`, for the workers. */
  readonly messenger: Messenger;
  /** The HTTP port, once started. */
  port?: number;
}

/** The one place that wires the application together. */
export async function createApp({ config, logger, terminal }: AppDeps): Promise<App> {
  const knowledge = await openCorpusKnowledgeBase(config, logger);
  const channels: Channel[] = [];
  const scheduling = config.telegram || config.zalo ? await openScheduling(config, logger, channels) : undefined;
  const conversation = createConversation({
    knowledge,
    logger,
    feedback: createFileFeedbackStore(path.join(config.dataDir, 'feedback.jsonl')),
    commands: [scheduling?.commands ?? unavailableCellCommands()].flat(),
  });
  channels.push(...createChannels(config, logger, conversation));
  const http = createHttpServer({
    channels,
    logger,
    health: () => ({ documents: knowledge.report.documents, passages: knowledge.report.chunks }),
  });

  let finish: () => void = () => undefined;
  const app: App = {
    messenger: createMessenger(channels),
    finished: new Promise<void>((resolve) => {
      finish = resolve;
    }),
    async start() {
      app.port = await http.listen(config.port);
      logger.info({ port: app.port, channels: channels.map((channel) => channel.name) }, 'HTTP server listening');
      for (const channel of channels) {
        try {
          await channel.start();
          logger.info({ channel: channel.name, mode: config.publicUrl ? 'webhook' : 'polling' }, 'Channel started');
        } catch (error) {
          logger.error({ err: error, channel: channel.name }, 'Channel could not start; the others keep running');
        }
      }
      if (scheduling) await scheduling.startWorker(app.messenger);
      if (channels.length === 0 && terminal) {
        void runConsoleChat({ conversation, ...terminal }).finally(finish);
      } else if (channels.length === 0) {
        logger.warn('No chat platform configured (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN) and no terminal: serving HTTP only');
      }
    },
    async stop() {
      await scheduling?.close();
      await Promise.allSettled(channels.map((channel) => channel.stop()));
      await http.close();
      finish();
    },
  };
  return app;
}

/** The configured chat platforms' channels (not started). */
function createChannels(config: AppConfig, logger: Logger, conversation: Conversation): Channel[] {
  const webhookUrl = (name: string) => (config.publicUrl ? `${config.publicUrl}/webhooks/${name}` : undefined);
  const channels: Channel[] = [];
  if (config.telegram) {
    const url = webhookUrl('telegram');
    channels.push(
      createTelegramChannel({
        token: config.telegram.token,
        apiRoot: config.telegram.apiRoot,
        conversation,
        logger: logger.child({ channel: 'telegram' }),
        webhook: url ? { url, secret: config.telegram.webhookSecret } : undefined,
      }),
    );
  }
  if (config.zalo) {
    const url = webhookUrl('zalo');
    channels.push(
      createZaloChannel({
        token: config.zalo.token,
        apiRoot: config.zalo.apiRoot,
        conversation,
        logger: logger.child({ channel: 'zalo' }),
        webhook: url && config.zalo.webhookSecret ? { url, secret: config.zalo.webhookSecret } : undefined,
      }),
    );
  }
  return channels;
}

/** A process of workers only (`npm run start:worker`): reminders and broadcasts, no chat, no HTTP. */
export interface WorkerApp {
  /** Starts the workers; false when Redis cannot be reached (one warning is logged). */
  start(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Wires a worker process: the channels only send (they are never started, so no update reaches
 * the conversation they are given, which has no knowledge base and refuses questions).
 */
export function createWorkerApp({ config, logger }: Pick<AppDeps, 'config' | 'logger'>): WorkerApp {
  const conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('a worker process answers no questions')) }, logger });
  const messenger = createMessenger(createChannels(config, logger, conversation));
  let workers: Workers | undefined;
  return {
    async start() {
      workers = await startWorkers(config, logger, messenger);
      return workers !== undefined;
    },
    async stop() {
      await workers?.close();
    },
  };
}

/** Scheduling over Redis: the cell commands, and the workers once the channels run. */
interface Scheduling {
  commands: ChatCommands[];
  startWorker(messenger: Messenger): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to Redis for the cell commands and the workers. Without Redis, questions are
 * still answered, the cell commands say they are unavailable, and one line says so.
 */
async function openScheduling(config: AppConfig, logger: Logger, channels: readonly Channel[]): Promise<Scheduling | undefined> {
  let redis: Redis;
  try {
    redis = await connectRedis(config.redisUrl);
  } catch (error) {
    logger.warn({ err: error }, 'Redis is unavailable at REDIS_URL: scheduling and reminders are off, questions are still answered');
    return undefined;
  }
  const reminders = createReminderService({ connection: redis, prefix: DEFAULT_KEY_PREFIX, timeZone: config.timezone });
  const broadcasts = createBroadcastService({ connection: redis, prefix: DEFAULT_KEY_PREFIX });
  const commands = createCellCommands({
    redis,
    prefix: DEFAULT_KEY_PREFIX,
    reminders,
    broadcasts,
    admins: config.adminIds,
    logger: logger.child({ component: 'cells' }),
    hasButtons: (name) => channels.some((channel) => channel.name === name && channel.capabilities.buttons),
  });
  let workers: Workers | undefined;
  return {
    commands,
    async startWorker(messenger) {
      workers = await startWorkers(config, logger, messenger);
    },
    async close() {
      await workers?.close();
      await Promise.all([reminders.close(), broadcasts.close()]);
      redis.disconnect();
    },
  };
}
