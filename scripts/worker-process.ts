/**
 * The real worker process of the benchmarks (`scripts/start-worker.ts`, node with tsx's loader so
 * that a signal reaches it) against the fake Telegram Bot API, and its resident memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');

/** The bot token the benchmarks give the fake Telegram and the workers. */
export const BENCH_TOKEN = '123456789:AAbenchmarkTokenForTheFakeTelegramApi';

/**
 * Starts a worker process sending to the fake at `apiRoot` over `redisUrl`, `env` added to its
 * environment; resolves once its workers run. Its log is read until then and drained afterwards.
 */
export async function startWorkerProcess(apiRoot: string, redisUrl: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const childEnv = { ...process.env, TELEGRAM_BOT_TOKEN: BENCH_TOKEN, TELEGRAM_API_ROOT: apiRoot, REDIS_URL: redisUrl, LOG_LEVEL: 'info', ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-worker.ts'], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let logs = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker process did not start:\n${logs}`)), 20_000);
    const read = (chunk: Buffer) => {
      logs += chunk.toString('utf8');
      if (!logs.includes('"msg":"Workers started"')) return;
      clearTimeout(timer);
      child.stderr.off('data', read);
      // Drained from now on without being kept: a full pipe would block the worker's logging.
      child.stderr.resume();
      resolve();
    };
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`The worker process exited (${code}):\n${logs}`)));
  });
  return child;
}

/** Stops a process with `signal` and waits for its exit. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}

/** A process's resident memory in MiB (Linux `/proc`), NaN when it cannot be read. */
export function residentMiB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/u.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
}

/** Clock ticks a second of Linux `/proc/<pid>/stat` (USER_HZ, 100 on every common kernel). */
const TICKS_PER_SECOND = 100;

/** The CPU seconds (user and system) a process has used so far (Linux `/proc`), NaN when they cannot be read. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command's name (in parentheses, which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /su, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}
