/**
 * The terminal chat of `npm start` driven through its input and output streams: the real app
 * (createApp with a terminal), a small corpus of its own, the real Redis under a key prefix of the
 * test's own, deleted at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../bot/index.js';
import { configSecrets, createConfig, createLogger } from '../../common/index.js';
import { deleteKeysUnder, until } from './test-helpers.js';

/** The one document of the session's corpus. */
export const SESSION_DOCUMENT = '1. Chế độ họp\nChi bộ họp thường lệ mỗi tháng một lần. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.';

/** A running terminal chat. */
export interface ConsoleSession {
  app: App;
  input: PassThrough;
  /** Everything printed so far. */
  printed(): string;
  /** The log lines written so far (JSON). */
  logs(): string;
  /** Types a line and waits until `expected` is printed after it; returns what was printed since. */
  type(line: string, expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until `expected` is printed after `from` (an offset in {@link printed}); returns what was printed since. */
  waitFor(expected: string | RegExp, from: number, timeoutMs?: number): Promise<string>;
  /** Ends the chat with /thoat and stops the app (not the data). */
  end(): Promise<void>;
}

/** What a session is started with. */
export interface ConsoleSessionOptions {
  /** @defaultValue redis://127.0.0.1:6379 */
  redisUrl?: string;
  keyPrefix: string;
  dataDir: string;
  /** The clock of scheduling and reminders. */
  now?: () => Date;
  /** The input claims to be a terminal (line editing). */
  tty?: boolean;
  /** How often Redis is tried again when it did not answer at start. */
  redisRetryMs?: number;
}

/** A fresh key prefix and data folder for a test file; `cleanUp` deletes both. */
export async function sessionPlace(name: string): Promise<{ keyPrefix: string; dataDir: string; cleanUp(): Promise<void> }> {
  const keyPrefix = `pca-test-${name}-${randomBytes(4).toString('hex')}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `${name}-`));
  await mkdir(path.join(dataDir, 'corpus'));
  await writeFile(path.join(dataDir, 'corpus', 'hop.txt'), SESSION_DOCUMENT);
  return {
    keyPrefix,
    dataDir,
    async cleanUp() {
      const redis = new Redis('redis://127.0.0.1:6379');
      await deleteKeysUnder(redis, keyPrefix);
      redis.disconnect();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const matches = (text: string, expected: string | RegExp) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));

/** Starts the app with a terminal chat over streams; the corpus is `dataDir/corpus` (hop.txt). */
export async function startConsoleSession(options: ConsoleSessionOptions): Promise<ConsoleSession> {
  const input = new PassThrough();
  if (options.tty) Object.assign(input, { isTTY: true });
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  let logs = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString('utf8');
      done();
    },
  });
  const config = createConfig({
    PORT: '0',
    DATA_DIR: path.join(options.dataDir, 'data'),
    CORPUS_DIR: path.join(options.dataDir, 'corpus'),
    REDIS_URL: options.redisUrl ?? 'redis://127.0.0.1:6379',
  });
  const app = await createApp({
    config,
    logger: createLogger({ level: 'warn', destination, secrets: configSecrets(config) }),
    terminal: { input, output, keyPrefix: options.keyPrefix, ...(options.now ? { now: options.now } : {}) },
    ...(options.redisRetryMs ? { redisRetryMs: options.redisRetryMs } : {}),
  });
  await app.start();
  async function waitFor(expected: string | RegExp, from: number, timeoutMs = 15_000): Promise<string> {
    await until(() => matches(printed.slice(from), expected), timeoutMs).catch(() => {
      throw new Error(`${String(expected)} not printed; printed:\n${printed.slice(from)}`);
    });
    return printed.slice(from);
  }
  return {
    app,
    input,
    printed: () => printed,
    logs: () => logs,
    waitFor,
    async type(line, expected, timeoutMs) {
      const from = printed.length;
      input.write(`${line}${options.tty ? '\r' : '\n'}`);
      return waitFor(expected, from, timeoutMs);
    },
    async end() {
      input.end(`/thoat${options.tty ? '\r' : '\n'}`);
      await app.finished;
      await app.stop();
    },
  };
}
