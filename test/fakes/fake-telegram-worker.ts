/**
 * The fake Telegram Bot API in a worker thread, for benchmarks: the fake's own work then runs
 * beside the bot's, as Telegram's does, instead of on the bot's event loop.
 * Messages in: `{ push: update }`, `{ stats: true }`, `{ close: true }`. Out: `{ apiRoot }` once,
 * `{ stats: { throttled, delivered } }` when asked, then
 * `{ method: 'sendMessage', chatId, text, at }` per message accepted, `at` in epoch milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeTelegram } from './fake-telegram-server.js';

const port = parentPort!;
const fake = await startFakeTelegram(workerData as Parameters<typeof startFakeTelegram>[0]);
let reported = 0;
const report = setInterval(() => {
  for (; reported < fake.delivered.length; reported += 1) {
    const send = fake.delivered[reported]!;
    port.postMessage({ method: 'sendMessage', chatId: send.chatId, text: send.text, at: performance.timeOrigin + send.at });
  }
}, 2);
port.on('message', (message: { push?: Parameters<typeof fake.pushUpdate>[0]; close?: boolean; stats?: boolean }) => {
  if (message.push) fake.pushUpdate(message.push);
  if (message.stats) port.postMessage({ stats: { throttled: fake.throttled, delivered: fake.delivered.length } });
  if (message.close) {
    clearInterval(report);
    void fake.close().then(() => port.close());
  }
});
port.postMessage({ apiRoot: fake.apiRoot });
