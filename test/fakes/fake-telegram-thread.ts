/** Starts the fake Telegram Bot API in a worker thread (fake-telegram-worker.ts), for benchmarks. */
import { Worker } from 'node:worker_threads';
import type { FakeTelegramOptions } from './fake-telegram-server.js';

/** A message the fake accepted (sendMessage answered ok), `at` in epoch milliseconds. */
export interface ThreadedSend {
  chatId: number;
  text: string;
  at: number;
}

/** The fake in its thread: where it listens, the messages it accepted, and the thread to push updates to. */
export interface FakeTelegramThread {
  apiRoot: string;
  worker: Worker;
  sends: ThreadedSend[];
  /** How many sends the fake refused with 429 (its limits) and accepted. */
  stats(): Promise<{ throttled: number; delivered: number }>;
  close(): Promise<void>;
}

/** Starts the fake in a worker thread and collects its sendMessage calls. */
export async function startFakeTelegramThread(options: FakeTelegramOptions): Promise<FakeTelegramThread> {
  // The worker registers tsx itself: Node 20 workers do not take `--import` loaders.
  const script = new URL('./fake-telegram-worker.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`, {
    eval: true,
    workerData: options,
  });
  const sends: ThreadedSend[] = [];
  const apiRoot = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: { apiRoot?: string; method?: string; chatId?: unknown; text?: unknown; at?: number }) => {
      if (message.apiRoot) resolve(message.apiRoot);
      if (message.method === 'sendMessage')
        sends.push({ chatId: Number(message.chatId), text: typeof message.text === 'string' ? message.text : '', at: message.at! });
    });
  });
  return {
    apiRoot,
    worker,
    sends,
    stats() {
      return new Promise((resolve) => {
        const listener = (message: { stats?: { throttled: number; delivered: number } }) => {
          if (!message.stats) return;
          worker.off('message', listener);
          resolve(message.stats);
        };
        worker.on('message', listener);
        worker.postMessage({ stats: true });
      });
    },
    async close() {
      worker.postMessage({ close: true });
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}
