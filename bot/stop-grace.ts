/** How stopping waits for the work in flight (updates being answered, webhook requests). */
import { setTimeout as sleep } from 'node:timers/promises';

/** How long stopping waits for work in flight. */
export const STOP_GRACE_MS = 10_000;

/** Waits until every task has settled, or `graceMs` has passed. */
export async function settleWithin(tasks: Iterable<Promise<unknown>>, graceMs = STOP_GRACE_MS): Promise<void> {
  const grace = new AbortController();
  await Promise.race([Promise.allSettled([...tasks]), sleep(graceMs, undefined, { signal: grace.signal }).catch(() => undefined)]);
  grace.abort();
}
