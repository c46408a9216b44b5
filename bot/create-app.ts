import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { AppConfig, Logger } from '../common/index.js';
import { connectRedis, createReminderWorker, type ReminderWorker } from '../jobs/index.js';
import { openCorpusKnowledgeBase } from '../knowledge/index.js';
import type { Channel } from './channel.js';
import { runConsoleChat } from './console-chat.js';
import { createConversation } from './conversation.js';
import { createFileFeedbackStore } from './feedback-store.js';
import { createHttpServer } from './http-server.js';
import { createMessenger, type Messenger } from './messenger.js';
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
  const conversation = createConversation({
    knowledge,
    logger,
    feedback: createFileFeedbackStore(path.join(config.dataDir, 'feedback.jsonl')),
  });
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
  const http = createHttpServer({
    channels,
    logger,
    health: () => ({ documents: knowledge.report.documents, passages: knowledge.report.chunks }),
  });

  let reminders: { worker: ReminderWorker; close: () => Promise<void> } | undefined;
  /** Reminders need Redis; without it questions are still answered and one line says so. */
  async function startReminders(messenger: Messenger): Promise<void> {
    try {
      const connection = await connectRedis(config.redisUrl, { forWorker: true });
      const worker = createReminderWorker({ connection, messenger, logger: logger.child({ component: 'reminders' }), timeZone: config.timezone });
      reminders = { worker, close: async () => (await worker.close(), connection.disconnect()) };
      logger.info('Reminder worker started');
    } catch (error) {
      logger.warn({ err: error }, 'Redis is unavailable at REDIS_URL: reminders are off, questions are still answered');
    }
  }

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
      if (channels.length > 0) await startReminders(app.messenger);
      if (channels.length === 0 && terminal) {
        void runConsoleChat({ conversation, ...terminal }).finally(finish);
      } else if (channels.length === 0) {
        logger.warn('No chat platform configured (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN) and no terminal: serving HTTP only');
      }
    },
    async stop() {
      await reminders?.close();
      await Promise.allSettled(channels.map((channel) => channel.stop()));
      await http.close();
      finish();
    },
  };
  return app;
}
