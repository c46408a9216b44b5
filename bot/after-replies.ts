/**
 * Work that must wait until the replies to a message have been sent. A confirmed notice is queued
 * only once "Đang gửi thông báo #…" has reached its sender, so that the delivery report, sent by a
 * worker when the last chat has it, can never come first.
 *
 * A channel handles each message or button press inside {@link repliesFirst}; what a command
 * defers with {@link afterReplies} meanwhile runs once the channel has sent the replies (or failed
 * to). The commands need not know how they were reached: outside a channel's handling (the console
 * chat, a test calling the conversation) the work runs at once, as it always did.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../common/index.js';

const deferred = new AsyncLocalStorage<(() => Promise<void>)[]>();

/** Runs `work` once the replies being written have been sent; at once outside a channel's handling. */
export async function afterReplies(work: () => Promise<void>): Promise<void> {
  const waiting = deferred.getStore();
  if (waiting) waiting.push(work);
  else await work();
}

/**
 * Handles one message or press with `handle` (which answers it and sends the replies), then runs
 * the work deferred meanwhile, in order. A failure of that work is logged, never thrown: the
 * member has had the answer.
 */
export async function repliesFirst<T>(handle: () => Promise<T>, logger: Logger): Promise<T> {
  const waiting: (() => Promise<void>)[] = [];
  try {
    return await deferred.run(waiting, handle);
  } finally {
    for (const work of waiting) {
      await work().catch((error: unknown) => logger.error({ err: error }, 'Work deferred until the replies were sent failed'));
    }
  }
}
