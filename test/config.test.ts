import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv } from '../scripts/run-script.js';
import { ConfigError, createConfig, configSecrets, createLogger } from '../common/index.js';

describe('createConfig', () => {
  it('applies the documented defaults, resolving folders against the working directory', () => {
    expect(createConfig({}, '/srv/app')).toEqual({
      dataDir: path.resolve('/srv/app/data'),
      corpusDir: path.resolve('/srv/app/knowledge/corpus'),
      embeddings: 'auto',
      timezone: 'Asia/Ho_Chi_Minh',
      logLevel: 'info',
      port: 8080,
      redisUrl: 'redis://127.0.0.1:6379',
      adminIds: [],
      sendsPerSecond: { telegram: 30, zalo: 5 },
      workerLockMs: 30_000,
      metricsAuth: false,
      modelDir: path.resolve('/srv/app/data/models'),
    });
  });

  it('treats empty values as unset and reads the given ones', () => {
    const config = createConfig({ DATA_DIR: '', EMBEDDINGS: 'hashing', LOG_LEVEL: 'debug', CORPUS_DIR: '/docs' }, '/srv/app');
    expect(config).toMatchObject({ dataDir: path.resolve('/srv/app/data'), embeddings: 'hashing', logLevel: 'debug', corpusDir: '/docs' });
  });

  it('reads the channels, with their API roots defaulting to the platforms', () => {
    const config = createConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', ZALO_BOT_TOKEN: 'zalo-token-123', PORT: '9090' });
    expect(config.telegram).toEqual({ token: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', apiRoot: 'https://api.telegram.org', webhookSecret: undefined });
    expect(config.zalo).toMatchObject({ token: 'zalo-token-123', apiRoot: 'https://bot-api.zaloplatforms.com' });
    expect(config.port).toBe(9090);
    expect(config.publicUrl).toBeUndefined();
  });

  it('requires webhook secrets in webhook mode and never echoes a token', () => {
    expect(() => createConfig({ PUBLIC_URL: 'https://bot.example.vn', TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ' })).toThrow(
      /Invalid TELEGRAM_WEBHOOK_SECRET: .*required when PUBLIC_URL is set/,
    );
    expect(() => createConfig({ PUBLIC_URL: 'https://bot.example.vn', ZALO_BOT_TOKEN: 'zalo-token-123' })).toThrow(/Invalid ZALO_WEBHOOK_SECRET/);
    expect(() => createConfig({ TELEGRAM_BOT_TOKEN: 'not a token' })).toThrow(
      'Invalid TELEGRAM_BOT_TOKEN: expected a bot token from @BotFather such as 123456:ABC-DEF..., got "(hidden)"',
    );
    expect(() => createConfig({ PORT: 'eighty' })).toThrow(/Invalid PORT: expected a port number/);
    expect(() => createConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/Invalid PUBLIC_URL/);
    expect(() => createConfig({ REDIS_URL: 'localhost:6379' })).toThrow(
      'Invalid REDIS_URL: expected a Redis URL such as redis://127.0.0.1:6379, got "localhost:6379"',
    );
  });

  it('names the bad variable and the expected form', () => {
    expect(() => createConfig({ APP_TIMEZONE: 'Mars/Base' })).toThrow(ConfigError);
    expect(() => createConfig({ APP_TIMEZONE: 'Mars/Base' })).toThrow(
      'Invalid APP_TIMEZONE: expected an IANA time zone such as Asia/Ho_Chi_Minh, got "Mars/Base"',
    );
    expect(() => createConfig({ LOG_LEVEL: 'loud' })).toThrow(/Invalid LOG_LEVEL: expected fatal \| error/);
  });

  it('reads the first committee admins from ADMIN_IDS and refuses other forms', () => {
    expect(createConfig({ ADMIN_IDS: 'telegram:123, zalo:abc9' }).adminIds).toEqual(['telegram:123', 'zalo:abc9']);
    expect(() => createConfig({ ADMIN_IDS: '123,456' })).toThrow(
      'Invalid ADMIN_IDS: expected a comma-separated list of people such as telegram:123456789,zalo:abc123, got "123,456"',
    );
  });

  it('turns the dashboard on only with both ADMIN_USER and ADMIN_PASSWORD, never echoing the password', () => {
    expect(createConfig({ ADMIN_USER: 'operator', ADMIN_PASSWORD: 'a-long-enough-password' }).dashboard).toEqual({
      user: 'operator',
      password: 'a-long-enough-password',
      writable: false,
    });
    expect(createConfig({ ADMIN_USER: 'operator', ADMIN_PASSWORD: 'a-long-enough-password', ADMIN_DASHBOARD_WRITE: 'true' }).dashboard?.writable).toBe(true);
    expect(createConfig({}).dashboard).toBeUndefined();
    expect(createConfig({}).metricsAuth).toBe(false);
    expect(() => createConfig({ METRICS_AUTH: 'true' })).toThrow(
      'Invalid ADMIN_USER: expected a user name of 1 to 64 characters, without spaces or colons, required with METRICS_AUTH=true',
    );
    expect(() => createConfig({ METRICS_AUTH: 'yes' })).toThrow('Invalid METRICS_AUTH: expected true or false');
    expect(() => createConfig({ ADMIN_USER: 'operator' })).toThrow(
      'Invalid ADMIN_PASSWORD: expected a password of at least 12 characters, required with ADMIN_USER, got nothing',
    );
    expect(() => createConfig({ ADMIN_USER: 'operator', ADMIN_PASSWORD: 'short' })).toThrow(
      'Invalid ADMIN_PASSWORD: expected a password of at least 12 characters, got "(hidden)"',
    );
    expect(() => createConfig({ TELEGRAM_SENDS_PER_SECOND: 'fast' })).toThrow(
      'Invalid TELEGRAM_SENDS_PER_SECOND: expected a whole number of messages a second from 1 to 10000, got "fast"',
    );
    // The send budget counts whole messages: a fraction would stop the bot when its budget opens.
    expect(() => createConfig({ ZALO_SENDS_PER_SECOND: '2.5' })).toThrow('Invalid ZALO_SENDS_PER_SECOND');
    expect(() => createConfig({ ZALO_SENDS_PER_SECOND: '0.5' })).toThrow('Invalid ZALO_SENDS_PER_SECOND');
    // A self-hosted Bot API server, or a fake, takes more than Telegram's public one.
    expect(createConfig({ TELEGRAM_SENDS_PER_SECOND: '2000', ZALO_SENDS_PER_SECOND: '10000' }).sendsPerSecond).toEqual({ telegram: 2000, zalo: 10_000 });
    expect(() => createConfig({ TELEGRAM_SENDS_PER_SECOND: '10001' })).toThrow('Invalid TELEGRAM_SENDS_PER_SECOND');
  });

  it('reads .env without overriding what the environment already says', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'dotenv-'));
    const file = path.join(directory, '.env');
    await writeFile(file, 'PCA_TEST_FROM_FILE=file\nPCA_TEST_BOTH=file\n');
    process.env.PCA_TEST_BOTH = 'environment';
    try {
      loadDotEnv(file);
      expect(process.env.PCA_TEST_FROM_FILE).toBe('file');
      expect(process.env.PCA_TEST_BOTH).toBe('environment');
      expect(() => loadDotEnv(path.join(directory, 'missing.env'))).not.toThrow();
    } finally {
      delete process.env.PCA_TEST_FROM_FILE;
      delete process.env.PCA_TEST_BOTH;
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('reads the language model and the embeddings endpoint, each needing its URL and model', () => {
    const config = createConfig({
      LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      LLM_MODEL: 'qwen',
      LLM_API_KEY: 'sk-secret',
      EMBEDDINGS: 'openai',
      EMBEDDINGS_BASE_URL: 'http://127.0.0.1:11434/v1',
      EMBEDDINGS_MODEL: 'bge-m3',
    });
    expect(config.llm).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen', apiKey: 'sk-secret', timeoutMs: 20_000 });
    expect(config.embeddingsEndpoint).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'bge-m3' });
    expect(() => createConfig({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })).toThrow(
      'Invalid LLM_MODEL: expected a model name such as qwen2.5:7b-instruct, required with LLM_BASE_URL, got nothing',
    );
    expect(() => createConfig({ EMBEDDINGS: 'openai' })).toThrow(/Invalid EMBEDDINGS_BASE_URL: .*required with EMBEDDINGS=openai/u);
    expect(() => createConfig({ LLM_TIMEOUT_MS: '5' })).toThrow('Invalid LLM_TIMEOUT_MS: expected a number of milliseconds from 100 to 300000, got "5"');
    expect(() => createConfig({ EMBEDDINGS: 'magic' })).toThrow('Invalid EMBEDDINGS: expected auto | hashing | openai | local, got "magic"');
  });
});

describe('secrets in logs', () => {
  it('scrubs every configured secret from every line, whatever the shape of what is logged', () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwx',
      TELEGRAM_WEBHOOK_SECRET: 'hook-secret-1',
      PUBLIC_URL: 'https://bot.example.org',
      ZALO_BOT_TOKEN: 'zalo"token\\x',
      ZALO_WEBHOOK_SECRET: 'zalo-hook-secret',
      REDIS_URL: 'redis://user:p%40ss-word@127.0.0.1:6379/0',
      ADMIN_USER: 'admin',
      ADMIN_PASSWORD: 'dashboard-pass',
    });
    expect(configSecrets(config)).toEqual(
      expect.arrayContaining(['123456:ABCdefGHIjklMNOpqrSTUvwx', 'hook-secret-1', 'zalo"token\\x', 'p@ss-word', 'dashboard-pass']),
    );
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: configSecrets(config),
      destination: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream,
    });
    // grammY's HttpError wraps the fetch error whose message holds the request URL with the token.
    const fetchError = new Error('request to https://api.telegram.org/bot123456:ABCdefGHIjklMNOpqrSTUvwx/getUpdates failed');
    logger.warn({ err: new Error('Network request for getUpdates failed', { cause: fetchError }) }, 'Telegram getUpdates failed');
    logger.error({ payload: { url: 'https://bot.example.org/webhooks/telegram', secret_token: 'hook-secret-1' }, zalo: 'zalo"token\\x' }, 'setWebhook refused');
    logger.info({ url: 'redis://user:p%40ss-word@127.0.0.1:6379/0', pass: 'p@ss-word', basic: 'dashboard-pass' }, 'connected');
    const all = lines.join('');
    expect(lines).toHaveLength(3);
    for (const secret of ['123456:ABCdefGHIjklMNOpqrSTUvwx', 'hook-secret-1', 'zalo\\"token', 'p%40ss-word', 'p@ss-word', 'dashboard-pass'])
      expect(all).not.toContain(secret);
    expect(all).toContain('[redacted]');
    expect(lines.map((line) => JSON.parse(line) as { msg: string }).map((line) => line.msg)).toEqual([
      'Telegram getUpdates failed',
      'setWebhook refused',
      'connected',
    ]);
  });
});
