/** Lua scripts run as ioredis commands of their own: by digest (EVALSHA), their text sent again when the server has lost it. */
import type { RedisConnection } from './redis-connection.js';

/** A script's call: its keys, then its arguments. */
export type ScriptCall = (keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * Defines `lua` (taking `keys` keys) on `connection` as the command `name` (ioredis `defineCommand`:
 * EVALSHA, then EVAL once when the server answers NOSCRIPT, restarted or its scripts flushed) and
 * returns its call. `name` must not clash with another library's commands on the same connection.
 */
export function defineScript(connection: RedisConnection, name: string, keys: number, lua: string): ScriptCall {
  connection.defineCommand(name, { numberOfKeys: keys, lua });
  const command = (connection as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name]!;
  return (keyList, args) => command.call(connection, ...keyList, ...args);
}
