import path from 'node:path';
import { createMessenger, createMetrics, type AppConfig, type Logger, type ChannelName, type Messenger } from '../common/index.js';
import { createDocumentLibrary, createEmbeddings, createReloadableKnowledge, openCorpusKnowledgeBase, type ChatTurn } from '../knowledge/index.js';
import { unavailableCellCommands } from './cell-commands/index.js';
import type { Channel } from './channel.js';
import { createConsoleChannel, type ConsoleOptions } from './console/index.js';
import { createConversation, type Conversation } from './conversation.js';
import { createFileFeedbackStore } from './feedback-store.js';
import { createHttpServer } from './http-server.js';
import { openRedisFeaturesWhenReady } from './redis-features.js';
import { createSendGates, type SendGates } from './send-gates.js';
import { switchableCommands } from './switchable-commands.js';
import { startWorkers, type Workers } from './start-workers.js';
import { STOP_GRACE_MS } from './stop-grace.js';
import { createTelegramChannel, createTelegramSender, type TelegramBotSender } from './telegram/index.js';
import { createZaloChannel, createZaloSender, type ZaloBotSender } from './zalo/index.js';

/** What the application is made from. */
export interface AppDeps {
  config: AppConfig;
  logger: Logger;
  /**
   * An interactive terminal: when no chat platform is configured, a full chat channel there, its
   * person the admin and secretary of a demo cell kept under its own key prefix.
   */
  terminal?: ConsoleOptions;
  /** Run the reminder and broadcast workers in this process (`npm start`); false for `npm run start:bot`. @defaultValue true */
  workers?: boolean;
  /** How often a bot started without Redis tries it again. @defaultValue 15000 */
  redisRetryMs?: number;
  /** First wait before a chat platform that could not start is tried again; doubled each time, up to 5 minutes. @defaultValue 5000 */
  channelRetryMs?: number;
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

/** How often a bot started without Redis tries it again, by default. */
const REDIS_RETRY_MS = 15_000;

/** Longest wait between two tries of a chat platform that cannot start. */
const CHANNEL_RETRY_MAX_MS = 5 * 60_000;

/** The one place that wires the application together. */
export async function createApp({ config, logger, terminal, workers = true, redisRetryMs = REDIS_RETRY_MS, channelRetryMs = 5_000 }: AppDeps): Promise<App> {
  const embeddings = await createEmbeddings(config, logger);
  const knowledge = await createReloadableKnowledge(() => openCorpusKnowledgeBase(config, logger, { embeddings }));
  const metrics = createMetrics();
  // Sending is known from the configuration, before anything receives: the cell commands ask it whether a chat shows buttons.
  // Every message goes through its bot's gate: one send budget per bot, in Redis once it answers.
  const gates = createSendGates(config, logger, metrics);
  const senders = createSenders(config, gates);
  const hasPlatform = Boolean(config.telegram || config.zalo);
  // Without a platform, the terminal is the channel: its sends print there.
  const terminalChat = !hasPlatform && terminal ? createConsoleChannel(terminal, config, logger) : undefined;
  const messenger = createMessenger([...Object.values(senders), ...(terminalChat ? [terminalChat.sender] : [])]);
  const hasButtons = (name: ChannelName) => messenger.hasButtons(`${name}:`);
  const documents = { knowledge, library: createDocumentLibrary(config.corpusDir), uploadsDir: path.join(config.dataDir, 'uploads') };
  // Everything on Redis: open now, or as soon as Redis answers (the cell commands say they are unavailable until then).
  const redisDeps = { logger, hasButtons, metrics, documents, messenger, gates };
  const redis = hasPlatform
    ? await openRedisFeaturesWhenReady(config, redisDeps, redisRetryMs)
    : terminalChat
      ? await openRedisFeaturesWhenReady(terminalChat.config(config), { ...redisDeps, scope: terminalChat.scope }, redisRetryMs)
      : undefined;
  const commands = switchableCommands([unavailableCellCommands()]);
  const conversation = createConversation({
    knowledge,
    logger,
    metrics,
    feedback: createFileFeedbackStore(path.join(config.dataDir, 'feedback.jsonl')),
    commands: [commands],
    // Follow-ups need the model; the memory is looked up each time, so Redis that answers late still serves.
    ...(config.llm
      ? {
          memory: {
            history: async (thread: string) => (await redis?.current()?.memory.history(thread)) ?? [],
            remember: async (thread: string, turn: ChatTurn) => redis?.current()?.memory.remember(thread, turn),
          },
        }
      : {}),
  });
  const channels = createChannels(config, logger, conversation, senders);
  const channelStates = new Map<string, 'starting' | 'running' | 'failed' | 'stopped'>(channels.map((channel) => [channel.name, 'starting']));
  const redisState = () => {
    const features = redis?.current();
    return features ? (features.redisUp() ? 'up' : 'down') : redis ? 'down' : 'not used';
  };
  const http = createHttpServer({
    channels,
    logger,
    metrics,
    ...(config.metricsAuth && config.dashboard ? { metricsAuth: config.dashboard } : {}),
    dashboard: () => redis?.current()?.dashboard,
    health: () => ({
      status: redisState() === 'down' || [...channelStates.values()].includes('failed') || channels.some((channel) => channel.failure()) ? 'degraded' : 'ok',
      redis: redisState(),
      channelStates: Object.fromEntries(channels.map((channel) => [channel.name, channel.failure() ? 'failed' : channelStates.get(channel.name)])),
      documents: knowledge.report.documents,
      passages: knowledge.report.chunks,
    }),
  });

  const retries = new Map<string, NodeJS.Timeout>();
  let stopping = false;
  /** Starts a channel; a failed start is logged, shown in /healthz, and tried again later, ever less often. */
  async function startChannel(channel: Channel, attempt = 1): Promise<void> {
    try {
      await channel.start();
      if (stopping) return await channel.stop();
      channelStates.set(channel.name, 'running');
      logger.info({ channel: channel.name, mode: config.publicUrl ? 'webhook' : 'polling', attempt }, 'Channel started');
    } catch (error) {
      channelStates.set(channel.name, 'failed');
      const retryMs = Math.min(channelRetryMs * 2 ** (attempt - 1), CHANNEL_RETRY_MAX_MS);
      logger.error(
        { err: error, channel: channel.name, attempt, retryInSeconds: retryMs / 1000 },
        'Channel could not start (the others keep running): trying again',
      );
      if (stopping) return;
      retries.set(
        channel.name,
        setTimeout(() => void startChannel(channel, attempt + 1), retryMs),
      );
    }
  }

  let finish: () => void = () => undefined;
  const app: App = {
    messenger,
    finished: new Promise<void>((resolve) => {
      finish = resolve;
    }),
    async start() {
      app.port = await http.listen(config.port);
      logger.info({ port: app.port, channels: channels.map((channel) => channel.name) }, 'HTTP server listening');
      for (const channel of channels) await startChannel(channel);
      await redis?.whenOpen(async (features) => {
        // The demo cell exists before its commands answer.
        await terminalChat?.prepare();
        commands.use(features.commands);
        if (workers) await features.startWorkers(messenger);
      });
      if (terminalChat) {
        void terminalChat.run(conversation).finally(finish);
      } else if (channels.length === 0) {
        logger.warn('No chat platform configured (TELEGRAM_BOT_TOKEN, ZALO_BOT_TOKEN) and no terminal: serving HTTP only');
      }
    },
    /**
     * Stops taking updates and lets those taken finish (webhook requests, then the answers being
     * written), then stops the workers (finishing their jobs), Redis, and HTTP last.
     */
    async stop() {
      stopping = true;
      for (const retry of retries.values()) clearTimeout(retry);
      await http.drain(STOP_GRACE_MS);
      await Promise.allSettled(channels.map((channel) => channel.stop()));
      for (const channel of channels) channelStates.set(channel.name, 'stopped');
      await redis?.close();
      await http.close();
      finish();
    },
  };
  return app;
}

/** The configured chat platforms' senders, each through its bot's gate: what the workers send through, in the bot process or alone. */
function createSenders(config: AppConfig, gates: SendGates): { telegram?: TelegramBotSender; zalo?: ZaloBotSender } {
  return {
    ...(config.telegram ? { telegram: createTelegramSender({ ...config.telegram, gate: gates.telegram }) } : {}),
    ...(config.zalo ? { zalo: createZaloSender({ ...config.zalo, gate: gates.zalo }) } : {}),
  };
}

/** The configured chat platforms' channels (not started), each receiving and sending through its sender. */
function createChannels(config: AppConfig, logger: Logger, conversation: Conversation, senders: ReturnType<typeof createSenders>): Channel[] {
  const webhookUrl = (name: string) => (config.publicUrl ? `${config.publicUrl}/webhooks/${name}` : undefined);
  const channels: Channel[] = [];
  if (config.telegram) {
    const url = webhookUrl('telegram');
    channels.push(
      createTelegramChannel({
        sender: senders.telegram,
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
        sender: senders.zalo,
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

/** Wires a worker process: senders only (through the bots' send budgets, shared with the bot process), nothing receives. */
export function createWorkerApp({ config, logger }: Pick<AppDeps, 'config' | 'logger'>): WorkerApp {
  const gates = createSendGates(config, logger);
  const messenger = createMessenger(Object.values(createSenders(config, gates)));
  let workers: Workers | undefined;
  return {
    async start() {
      workers = await startWorkers(config, logger, messenger, undefined, {}, gates);
      return workers !== undefined;
    },
    async stop() {
      await workers?.close();
    },
  };
}
