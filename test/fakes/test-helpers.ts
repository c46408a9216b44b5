/** Small helpers several test files share. */
import { createHash } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { keyPrefixFor, scanKeys, type RedisConnection } from '../../jobs/index.js';
import type { CleanDocument } from '../../knowledge/index.js';

/** A regulation in force made of lines, with its content hash. */
export function regulation(file: string, title: string, lines: readonly string[]): CleanDocument {
  const text = lines.join('\n');
  return { meta: { file, title, kind: 'regulation', status: { state: 'in-force' } }, text, contentHash: createHash('sha256').update(text).digest('hex') };
}

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until `condition` holds, checking every 50 ms; throws after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Deletes every key under a test's own prefix (`<prefix>:*`, `{<prefix>}:*` on a cluster). */
export async function deleteKeysUnder(redis: RedisConnection, prefix: string): Promise<void> {
  for await (const keys of scanKeys(redis, `${keyPrefixFor(redis, prefix)}:*`)) await redis.del(...keys);
}
