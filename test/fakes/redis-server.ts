/** A redis-server of a test's own: started on a port, ready when it answers PING, stopped at once. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { until } from './test-helpers.js';

/** Starts redis-server on `port` (loopback, nothing on disk, `password` required when given) and waits until it answers PING. */
export async function startRedisServer(port: number, password?: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...(password ? ['--requirepass', password] : [])];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  await until(async () => {
    // Another process may have taken the port meanwhile: then this server is gone, and what answers there is no Redis.
    if (child.exitCode !== null) throw new Error(`redis-server could not start on port ${port} (exit ${child.exitCode})`);
    const probe = new Redis(port, '127.0.0.1', {
      ...(password ? { password } : {}),
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      connectTimeout: 1_000,
      commandTimeout: 1_000,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  });
  return child;
}

/** Stops a server started by {@link startRedisServer} at once (SIGKILL), as a crash would. */
export async function stopRedisServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await once(child, 'exit');
}
