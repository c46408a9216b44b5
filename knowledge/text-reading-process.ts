/**
 * PDF and Word files are read in a child process (extract-text-worker.ts), so that no file can
 * stall or exhaust the process that answers the chats: a heap limit (a file that needs more is
 * refused, and only the child dies) and a time budget per file, after which the child is killed.
 * Not a worker thread: a worker's heap limit is best effort, and some allocations past it abort
 * the whole process (nodejs/node#47224). Files are read one at a time; the child is kept for the
 * next file and stopped once idle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ReadReply, ReadRequest, WorkerMessage } from './extract-text-worker.js';

/** The limits of reading one PDF or Word file. */
export interface ReadingLimits {
  /** Time budget of one file, after which it is refused. @defaultValue 30_000 */
  timeoutMs: number;
  /** Heap of the reading process (V8 old generation), beyond which the file is refused. @defaultValue 512 */
  maxMemoryMb: number;
}

/** Default {@link ReadingLimits}. */
export const READING_LIMITS: ReadingLimits = { timeoutMs: 30_000, maxMemoryMb: 512 };

/** An idle reading process is stopped after this long. */
const IDLE_MS = 5_000;
/** A reading process not ready (its readers loaded) after this long has failed. */
const STARTUP_MS = 60_000;

/** Under tsx and vitest this module runs from its .ts source, and the child must too. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(`./extract-text-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));

/** The reading process's niceness (0 normal, 19 lowest priority). */
const READING_PRIORITY = 10;
/** The environment variables the reading process is given. */
const CHILD_ENV = ['PATH', 'TMPDIR', 'TEMP', 'TMP', 'NODE_ENV'];

interface ReadingProcess {
  child: ChildProcess;
  maxMemoryMb: number;
  /** The end of its standard error, where V8 says it ran out of memory. */
  stderrTail: string;
  /** Settles once the process is ready to read; rejects when it could not start. */
  ready: Promise<void>;
}

let current: ReadingProcess | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();
const stats = { processesStarted: 0, filesRead: 0 };

/** How many reading processes were started and how many files they were given, since this process started. */
export function readingProcessStats(): { processesStarted: number; filesRead: number } {
  return { ...stats };
}

/**
 * Reads a PDF or Word file in the reading process: its text, or why the file is refused (the
 * reader's reason, "took longer than 30 s to read", "needs more memory than allowed to read").
 * The time budget starts once the process is ready. Rejects only when the reading process fails
 * otherwise (it could not start, or died of something else).
 */
export function readInProcess(request: ReadRequest, limits: ReadingLimits): Promise<ReadReply> {
  const reading = queue.then(() => readOne(request, limits));
  queue = reading.catch(() => undefined);
  return reading;
}

/** How a reading process ended, with the last line it wrote to its standard error. */
const endOf = (reading: ReadingProcess, code: number | null, signal: NodeJS.Signals | null) =>
  `${signal ? `signal ${signal}` : `exit code ${code}`}${reading.stderrTail.trim() ? `: ${reading.stderrTail.trim().split('\n').at(-1)}` : ''}`;

function startProcess(maxMemoryMb: number): ReadingProcess {
  const child = fork(ENTRY, [], {
    execArgv: [...(FROM_SOURCE ? [`--import=${import.meta.resolve('tsx')}`] : []), `--max-old-space-size=${maxMemoryMb}`],
    // What reads untrusted files needs none of this process's secrets (tokens, keys).
    env: Object.fromEntries(CHILD_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]]))),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  stats.processesStarted += 1;
  try {
    // Background work: the chats' process comes first for the CPU.
    if (child.pid !== undefined) setPriority(child.pid, READING_PRIORITY);
  } catch {
    // Not allowed here: it keeps the normal priority.
  }
  const reading: ReadingProcess = { child, maxMemoryMb, stderrTail: '', ready: Promise.resolve() };
  child.stderr?.on('data', (chunk: Buffer) => {
    reading.stderrTail = (reading.stderrTail + chunk.toString()).slice(-4096);
  });
  // Failures are reported by the file being read; an idle process's are of no consequence.
  child.on('error', () => undefined);
  // One that ended on its own is not given the next file.
  child.on('close', () => {
    if (current?.child !== child) return;
    clearTimeout(idleTimer);
    current = undefined;
  });
  reading.ready = new Promise<void>((resolve, reject) => {
    const settle = (failure?: string) => {
      clearTimeout(timer);
      child.off('message', onMessage).off('error', onError).off('close', onClose);
      if (failure === undefined) return resolve();
      stopProcess();
      reject(new Error(`the reading process could not start (${failure})`));
    };
    const timer = setTimeout(() => settle(`not ready within ${STARTUP_MS / 1000} s`), STARTUP_MS);
    const onMessage = (message: WorkerMessage) => {
      if ('ready' in message) settle();
    };
    const onError = (error: Error) => settle(error.message);
    const onClose = (code: number | null, signal: NodeJS.Signals | null) => settle(endOf(reading, code, signal));
    child.on('message', onMessage).on('error', onError).on('close', onClose);
  });
  return reading;
}

/** Lets this process exit while the reading process waits for a file. */
function unrefProcess(child: ChildProcess): void {
  child.unref();
  child.channel?.unref();
  (child.stderr as Socket | null)?.unref();
}

function stopProcess(): void {
  clearTimeout(idleTimer);
  current?.child.kill('SIGKILL');
  current = undefined;
}

async function readOne(request: ReadRequest, limits: ReadingLimits): Promise<ReadReply> {
  clearTimeout(idleTimer);
  if (current?.maxMemoryMb !== limits.maxMemoryMb) {
    stopProcess();
    current = startProcess(limits.maxMemoryMb);
  }
  const reading = current;
  const { child } = reading;
  await reading.ready;
  stats.filesRead += 1;
  return new Promise((resolve, reject) => {
    const settle = (keepProcess: boolean, outcome: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage).off('close', onClose);
      if (keepProcess) {
        unrefProcess(child);
        idleTimer = setTimeout(stopProcess, IDLE_MS).unref();
      } else stopProcess();
      outcome();
    };
    const timer = setTimeout(() => settle(false, () => resolve({ refused: `took longer than ${limits.timeoutMs / 1000} s to read` })), limits.timeoutMs);
    const onMessage = (message: WorkerMessage) => {
      if (!('ready' in message)) settle(true, () => resolve(message));
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(false, () =>
        /heap out of memory/u.test(reading.stderrTail)
          ? resolve({ refused: 'needs more memory than allowed to read' })
          : reject(new Error(`the reading process stopped (${endOf(reading, code, signal)})`)),
      );
    child.on('message', onMessage).on('close', onClose);
    child.send(request);
  });
}
