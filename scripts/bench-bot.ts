/**
 * `npm run bench:bot -- [--users 50] [--questions 200]`: the chat channels' targets, against the
 * fake Telegram Bot API of the tests (real HTTP on 127.0.0.1) and the sample corpus:
 * - load: N questions from M users sent at once, after a warm-up; every one answered; update →
 *   sendMessage p50/p95 (the fake API runs in a worker thread, as Telegram runs elsewhere);
 * - cold start: the real `npm start` process (scripts/start.ts) with a built index, until its first answer.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../bot/index.js';
import { createConfig, silentLogger } from '../common/index.js';
import { startFakeTelegram } from '../test/fakes/fake-telegram-server.js';
import { startFakeTelegramThread } from '../test/fakes/fake-telegram-thread.js';
import { percentile } from './bench-stats.js';
import { runScript } from './run-script.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
/** A token of the real shape, so that the configuration accepts it. */
const TOKEN = '123456789:AAbenchmarkTokenForTheFakeTelegramApi';
/** A Redis address where nothing listens. */
const NO_REDIS = 'redis://127.0.0.1:1';

function privateMessage(userId: number, messageId: number, text: string) {
  const user = { id: userId, is_bot: false, first_name: `Đảng viên ${userId}` };
  return {
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private' as const, first_name: user.first_name },
      from: user,
      text,
    },
  };
}

async function questions(): Promise<string[]> {
  const lines = (await readFile(path.resolve(repoRoot, '../shared/eval/questions.dev.jsonl'), 'utf8')).split('\n').filter(Boolean);
  return lines.map((line) => (JSON.parse(line) as { question: string }).question);
}

async function benchLoad(users: number, total: number, dataDir: string): Promise<void> {
  const fake = await startFakeTelegramThread({ token: TOKEN, pollWaitMs: 100 });
  // Reminders stay off (no Redis at that address): the benchmark measures answering only.
  const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, PORT: '0', DATA_DIR: dataDir, REDIS_URL: NO_REDIS });
  const app = await createApp({ config, logger: silentLogger() });
  await app.start();
  try {
    const asked = await questions();
    // A running bot is warm: one question from each of other users first, not measured.
    for (let i = 0; i < users; i += 1) fake.worker.postMessage({ push: privateMessage(9000 + i, 100_000 + i, asked[i % asked.length]!) });
    while (fake.sends.length < users) await new Promise((resolve) => setTimeout(resolve, 20));
    fake.sends.length = 0;
    const pushedAt = new Map<number, number[]>();
    for (let i = 0; i < total; i += 1) {
      const user = 1000 + (i % users);
      fake.worker.postMessage({ push: privateMessage(user, i + 1, asked[i % asked.length]!) });
      pushedAt.set(user, [...(pushedAt.get(user) ?? []), performance.timeOrigin + performance.now()]);
    }
    const deadline = Date.now() + 60_000;
    while (fake.sends.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const latencies = latenciesOf(fake.sends, pushedAt);
    latencies.sort((a, b) => a - b);
    console.log(`Load: ${total} questions from ${users} users at once (after ${users} warm-up questions) → ${latencies.length} answered`);
    console.log(
      `  update → sendMessage p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms (target p95 < 300 ms)`,
    );
  } finally {
    await app.stop();
    await fake.close();
  }
}

/** Pairs each chat's k-th answer with its k-th question (answers in one chat keep their order). */
function latenciesOf(sent: readonly { chatId: number; at: number }[], pushedAt: ReadonlyMap<number, number[]>): number[] {
  const answered = new Map<number, number>();
  const latencies: number[] = [];
  for (const { chatId, at } of sent) {
    const index = answered.get(chatId) ?? 0;
    answered.set(chatId, index + 1);
    const pushed = pushedAt.get(chatId)?.[index];
    if (pushed !== undefined) latencies.push(at - pushed);
  }
  return latencies;
}

async function benchColdStart(dataDir: string): Promise<void> {
  const fake = await startFakeTelegram({ token: TOKEN, pollWaitMs: 100 });
  // A Redis database of its own: the process starts as in production, with its workers.
  const redisUrl = new URL(createConfig(process.env).redisUrl);
  redisUrl.pathname = '/10';
  const env = {
    ...process.env,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    REDIS_URL: redisUrl.toString(),
  };
  fake.pushUpdate(privateMessage(42, 1, 'Đảng đoàn họp bao lâu một lần?'));
  const started = performance.now();
  // Node with tsx's loader (what `npm start` runs): a signal to npm or to the tsx command would not reach the bot.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: repoRoot, env, stdio: 'ignore' });
  try {
    const [first] = await fake.waitForCalls('sendMessage', 1, 30_000);
    console.log(`Cold start (the npm start process, index already built) → first answer: ${((first!.at - started) / 1000).toFixed(2)} s (target < 5 s)`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await fake.close();
  }
}

await runScript(async () => {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '50' }, questions: { type: 'string', default: '200' } } });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-bot-'));
  try {
    await benchLoad(Number(values.users), Number(values.questions), dataDir);
    await benchColdStart(dataDir);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
