import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { readRedisUrl } from './redis-url.js';

/** Embedding providers `EMBEDDINGS` may name. `auto` picks the best one available. */
export const EMBEDDING_PROVIDERS = ['auto', 'hashing', 'openai', 'local'] as const;

/** The application's configuration, read once from the environment. */
export interface AppConfig {
  /** Where index files are kept (`DATA_DIR`). @defaultValue ./data */
  dataDir: string;
  /** The documents (`CORPUS_DIR`). @defaultValue knowledge/corpus */
  corpusDir: string;
  /** Embedding provider (`EMBEDDINGS`). @defaultValue auto */
  embeddings: (typeof EMBEDDING_PROVIDERS)[number];
  /** An OpenAI-compatible /v1/embeddings endpoint (`EMBEDDINGS_BASE_URL`, `EMBEDDINGS_MODEL`, `EMBEDDINGS_API_KEY`). */
  embeddingsEndpoint?: { baseUrl: string; model: string; apiKey?: string };
  /** A sentence-embedding model on disk for `local` (`EMBEDDINGS_MODEL_DIR`). @defaultValue DATA_DIR/models */
  modelDir: string;
  /** An OpenAI-compatible chat endpoint (`LLM_BASE_URL`, `LLM_MODEL`, `LLM_API_KEY`, `LLM_TIMEOUT_MS`); absent = extractive answers. */
  llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };
  /** Time zone for everything with a date (`APP_TIMEZONE`). @defaultValue Asia/Ho_Chi_Minh */
  timezone: string;
  /** Minimum log level (`LOG_LEVEL`). @defaultValue info */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** HTTP port for /healthz and the webhooks (`PORT`). @defaultValue 8080 */
  port: number;
  /** Redis for reminders and records (`REDIS_URL`): one server, or a cluster as `redis+cluster://host:port,host:port`. @defaultValue redis://127.0.0.1:6379 */
  redisUrl: string;
  /** Committee admins to start with (`ADMIN_IDS`), as `telegram:123`, `zalo:abc`. @defaultValue [] */
  adminIds: string[];
  /** Messages a second per bot, the send budget that answers, reminders, reports and notices share (`TELEGRAM_SENDS_PER_SECOND`, `ZALO_SENDS_PER_SECOND`). @defaultValue 30 and 5 */
  sendsPerSecond: { telegram: number; zalo: number };
  /**
   * Basic-auth credentials of `/admin/queues` (`ADMIN_USER`, `ADMIN_PASSWORD`); absent = dashboard
   * off. `writable` (`ADMIN_DASHBOARD_WRITE=true`) lets the dashboard change jobs; read-only by default.
   */
  dashboard?: { user: string; password: string; writable: boolean };
  /** `/metrics` asks for the dashboard's credentials (`METRICS_AUTH=true`). @defaultValue false */
  metricsAuth: boolean;
  /** How long a job stays locked by its worker (`WORKER_LOCK_MS`): a crashed worker's jobs are taken over after it. @defaultValue 30000 */
  workerLockMs: number;
  /** Public base URL (`PUBLIC_URL`): set means webhooks, unset means long polling. */
  publicUrl?: string;
  /** Telegram channel; absent when `TELEGRAM_BOT_TOKEN` is unset. */
  telegram?: { token: string; apiRoot: string; webhookSecret?: string };
  /** Zalo channel; absent when `ZALO_BOT_TOKEN` is unset. */
  zalo?: { token: string; apiRoot: string; webhookSecret?: string };
}

const schema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  CORPUS_DIR: z.string().min(1).default('knowledge/corpus'),
  EMBEDDINGS: z.enum(EMBEDDING_PROVIDERS).default('auto'),
  APP_TIMEZONE: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Ho_Chi_Minh'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  REDIS_URL: z
    .string()
    .refine((url) => {
      try {
        return Boolean(readRedisUrl(url));
      } catch {
        return false;
      }
    })
    .default('redis://127.0.0.1:6379'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]{20,}$/)
    .optional(),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[\w-]{1,256}$/)
    .optional(),
  ZALO_BOT_TOKEN: z.string().min(10).optional(),
  ZALO_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://bot-api.zaloplatforms.com'),
  ZALO_WEBHOOK_SECRET: z.string().min(8).max(256).optional(),
  LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LLM_MODEL: z.string().min(1).max(200).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(20_000),
  EMBEDDINGS_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMBEDDINGS_MODEL: z.string().min(1).max(200).optional(),
  EMBEDDINGS_API_KEY: z.string().min(1).optional(),
  EMBEDDINGS_MODEL_DIR: z.string().min(1).optional(),
  ADMIN_USER: z
    .string()
    .regex(/^[^:\s]{1,64}$/u)
    .optional(),
  ADMIN_PASSWORD: z.string().min(12).max(256).optional(),
  ADMIN_DASHBOARD_WRITE: z.enum(['true', 'false']).default('false'),
  METRICS_AUTH: z.enum(['true', 'false']).default('false'),
  TELEGRAM_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(30),
  ZALO_SENDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(5),
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  ADMIN_IDS: z
    .string()
    .regex(/^\s*(?:telegram|zalo):[^\s,:]+(?:\s*,\s*(?:telegram|zalo):[^\s,:]+)*\s*,?\s*$/u)
    .optional(),
});

const EXPECTED: Record<string, string> = {
  DATA_DIR: 'a folder path',
  CORPUS_DIR: 'a folder path',
  EMBEDDINGS: EMBEDDING_PROVIDERS.join(' | '),
  APP_TIMEZONE: 'an IANA time zone such as Asia/Ho_Chi_Minh',
  LOG_LEVEL: 'fatal | error | warn | info | debug | trace | silent',
  PORT: 'a port number from 0 to 65535',
  REDIS_URL: 'a Redis URL such as redis://127.0.0.1:6379',
  PUBLIC_URL: 'an http(s) URL such as https://bot.example.vn',
  TELEGRAM_BOT_TOKEN: 'a bot token from @BotFather such as 123456:ABC-DEF...',
  TELEGRAM_API_ROOT: 'an http(s) URL',
  TELEGRAM_WEBHOOK_SECRET: '1 to 256 letters, digits, _ or -',
  ZALO_BOT_TOKEN: 'the bot token from Zalo Bot Manager',
  ZALO_API_ROOT: 'an http(s) URL',
  ZALO_WEBHOOK_SECRET: 'a secret of 8 to 256 characters',
  LLM_BASE_URL: 'an http(s) URL of an OpenAI-compatible API such as http://127.0.0.1:11434/v1',
  LLM_MODEL: 'a model name such as qwen2.5:7b-instruct',
  LLM_API_KEY: 'an API key',
  LLM_TIMEOUT_MS: 'a number of milliseconds from 100 to 300000',
  EMBEDDINGS_BASE_URL: 'an http(s) URL of an OpenAI-compatible API such as http://127.0.0.1:11434/v1',
  EMBEDDINGS_MODEL: 'an embedding model name such as bge-m3',
  EMBEDDINGS_API_KEY: 'an API key',
  EMBEDDINGS_MODEL_DIR: 'a folder path',
  ADMIN_USER: 'a user name of 1 to 64 characters, without spaces or colons',
  ADMIN_PASSWORD: 'a password of at least 12 characters',
  ADMIN_DASHBOARD_WRITE: 'true or false',
  METRICS_AUTH: 'true or false',
  TELEGRAM_SENDS_PER_SECOND: 'a whole number of messages a second from 1 to 10000',
  ZALO_SENDS_PER_SECOND: 'a whole number of messages a second from 1 to 10000',
  WORKER_LOCK_MS: 'a number of milliseconds from 1000 to 600000',
  ADMIN_IDS: 'a comma-separated list of people such as telegram:123456789,zalo:abc123',
};

/**
 * Parses and validates configuration from an environment-like object. Empty strings count as
 * unset. Throws {@link ConfigError} naming the first bad variable and the expected form.
 */
export function createConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    const secret = /TOKEN|SECRET|PASSWORD|KEY/.test(variable);
    // A URL's password (redis://user:password@host) is never shown either.
    const shown = secret ? '(hidden)' : present[variable]?.replace(/\/\/([^:/@]*):[^@/]*@/u, '//$1:***@');
    throw new ConfigError(variable, EXPECTED[variable] ?? 'a valid value', shown);
  }
  const value = parsed.data;
  // A webhook without a secret would accept updates from anyone who finds the URL.
  if (value.PUBLIC_URL && value.TELEGRAM_BOT_TOKEN && !value.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET', `${EXPECTED.TELEGRAM_WEBHOOK_SECRET}, required when PUBLIC_URL is set`, undefined);
  }
  if (value.PUBLIC_URL && value.ZALO_BOT_TOKEN && !value.ZALO_WEBHOOK_SECRET) {
    throw new ConfigError('ZALO_WEBHOOK_SECRET', `${EXPECTED.ZALO_WEBHOOK_SECRET}, required when PUBLIC_URL is set`, undefined);
  }
  // A model needs both its endpoint and its name.
  for (const [url, model] of [
    ['LLM_BASE_URL', 'LLM_MODEL'],
    ['EMBEDDINGS_BASE_URL', 'EMBEDDINGS_MODEL'],
  ] as const) {
    if (Boolean(value[url]) !== Boolean(value[model])) {
      const missing = value[url] ? model : url;
      throw new ConfigError(missing, `${EXPECTED[missing]}, required with ${missing === url ? model : url}`, undefined);
    }
  }
  if (value.EMBEDDINGS === 'openai' && !value.EMBEDDINGS_BASE_URL) {
    throw new ConfigError('EMBEDDINGS_BASE_URL', `${EXPECTED.EMBEDDINGS_BASE_URL}, required with EMBEDDINGS=openai`, undefined);
  }
  // One without the other would leave the dashboard open or unusable.
  if (Boolean(value.ADMIN_USER) !== Boolean(value.ADMIN_PASSWORD)) {
    const missing = value.ADMIN_USER ? 'ADMIN_PASSWORD' : 'ADMIN_USER';
    throw new ConfigError(missing, `${EXPECTED[missing]}, required with ${missing === 'ADMIN_USER' ? 'ADMIN_PASSWORD' : 'ADMIN_USER'}`, undefined);
  }
  // /metrics behind credentials needs credentials.
  if (value.METRICS_AUTH === 'true' && !value.ADMIN_USER) {
    throw new ConfigError('ADMIN_USER', `${EXPECTED.ADMIN_USER}, required with METRICS_AUTH=true`, undefined);
  }
  const config: AppConfig = {
    dataDir: path.resolve(cwd, value.DATA_DIR),
    corpusDir: path.resolve(cwd, value.CORPUS_DIR),
    embeddings: value.EMBEDDINGS,
    timezone: value.APP_TIMEZONE,
    logLevel: value.LOG_LEVEL,
    port: value.PORT,
    redisUrl: value.REDIS_URL,
    modelDir: path.resolve(cwd, value.EMBEDDINGS_MODEL_DIR ?? path.join(value.DATA_DIR, 'models')),
    adminIds: (value.ADMIN_IDS ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    sendsPerSecond: { telegram: value.TELEGRAM_SENDS_PER_SECOND, zalo: value.ZALO_SENDS_PER_SECOND },
    workerLockMs: value.WORKER_LOCK_MS,
    metricsAuth: value.METRICS_AUTH === 'true',
  };
  if (value.ADMIN_USER && value.ADMIN_PASSWORD)
    config.dashboard = { user: value.ADMIN_USER, password: value.ADMIN_PASSWORD, writable: value.ADMIN_DASHBOARD_WRITE === 'true' };
  if (value.LLM_BASE_URL && value.LLM_MODEL) {
    config.llm = {
      baseUrl: value.LLM_BASE_URL,
      model: value.LLM_MODEL,
      timeoutMs: value.LLM_TIMEOUT_MS,
      ...(value.LLM_API_KEY ? { apiKey: value.LLM_API_KEY } : {}),
    };
  }
  if (value.EMBEDDINGS_BASE_URL && value.EMBEDDINGS_MODEL) {
    config.embeddingsEndpoint = {
      baseUrl: value.EMBEDDINGS_BASE_URL,
      model: value.EMBEDDINGS_MODEL,
      ...(value.EMBEDDINGS_API_KEY ? { apiKey: value.EMBEDDINGS_API_KEY } : {}),
    };
  }
  if (value.PUBLIC_URL) config.publicUrl = value.PUBLIC_URL.replace(/\/+$/, '');
  if (value.TELEGRAM_BOT_TOKEN) {
    config.telegram = { token: value.TELEGRAM_BOT_TOKEN, apiRoot: value.TELEGRAM_API_ROOT, webhookSecret: value.TELEGRAM_WEBHOOK_SECRET };
  }
  if (value.ZALO_BOT_TOKEN) {
    config.zalo = { token: value.ZALO_BOT_TOKEN, apiRoot: value.ZALO_API_ROOT, webhookSecret: value.ZALO_WEBHOOK_SECRET };
  }
  return config;
}

/**
 * Every secret the configuration holds: bot tokens, webhook secrets, API keys, the dashboard
 * password and the Redis URL's password. The logger scrubs them from every line.
 */
export function configSecrets(config: AppConfig): string[] {
  let redisPassword: string | undefined;
  try {
    redisPassword = readRedisUrl(config.redisUrl).password;
  } catch {
    // An unparsable URL was refused when the configuration was read; nothing to add.
  }
  return [
    config.telegram?.token,
    config.telegram?.webhookSecret,
    config.zalo?.token,
    config.zalo?.webhookSecret,
    config.llm?.apiKey,
    config.embeddingsEndpoint?.apiKey,
    config.dashboard?.password,
    redisPassword,
  ].filter((secret): secret is string => Boolean(secret));
}
