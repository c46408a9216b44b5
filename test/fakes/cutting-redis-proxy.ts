/**
 * A TCP proxy to the local Redis that cuts every connection once the client has written a given
 * number of bytes: a process that dies in the middle of a sequence of writes, at a chosen point.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/** A running proxy. */
export interface CuttingRedisProxy {
  port: number;
  /** Bytes written by clients so far. */
  readonly written: number;
  /** Cuts once clients have written `bytes` in all (Infinity: never). */
  cutAfter(bytes: number): void;
  close(): Promise<void>;
}

/** Starts a proxy to 127.0.0.1:6379 on a free port. */
export async function startCuttingRedisProxy(): Promise<CuttingRedisProxy> {
  let written = 0;
  let budget = Infinity;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const redis = connect(6379, '127.0.0.1');
    for (const socket of [client, redis]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      redis.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const allowed = Math.max(0, Math.min(chunk.length, budget - written));
      written += allowed;
      if (allowed > 0) redis.write(chunk.subarray(0, allowed));
      if (allowed < chunk.length || written >= budget) redis.end(cut);
    });
    redis.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => redis.destroy());
    redis.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get written() {
      return written;
    },
    cutAfter(bytes) {
      budget = bytes;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
