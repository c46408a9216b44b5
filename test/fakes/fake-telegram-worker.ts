/**
 * The fake Telegram Bot API in a worker thread, for benchmarks: the fake's own work then runs
 * beside the bot's, as Telegram's does, instead of on the bot's event loop.
 * Messages in: `{ push: update }`, `{ close: true }`. Out: `{ apiRoot }` once, then
 * `{ method, chatId, text, at }` per call, `at` in epoch milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeTelegram } from './fake-telegram-server.js';

const port = parentPort!;
const fake = await startFakeTelegram(workerData as Parameters<typeof startFakeTelegram>[0]);
let reported = 0;
const report = setInterval(() => {
  for (; reported < fake.calls.length; reported += 1) {
    const call = fake.calls[reported]!;
    port.postMessage({ method: call.method, chatId: call.params.chat_id, text: call.params.text, at: performance.timeOrigin + call.at });
  }
}, 2);
port.on('message', (message: { push?: Parameters<typeof fake.pushUpdate>[0]; close?: boolean }) => {
  if (message.push) fake.pushUpdate(message.push);
  if (message.close) {
    clearInterval(report);
    void fake.close().then(() => port.close());
  }
});
port.postMessage({ apiRoot: fake.apiRoot });
