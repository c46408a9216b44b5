/** Redis connections to one server or a cluster (fail fast with one clear error), the keys' prefix, and a private redis-server for local runs. */
export { connectRedis, DEFAULT_KEY_PREFIX, RedisUnavailableError, type ConnectRedisOptions, type RedisConnection } from './redis-connection.js';
export { keyPrefixFor, scanKeys } from './redis-keys.js';
export { defineScript, type ScriptCall } from './redis-scripts.js';
export { ensureRedis, type RedisAvailability } from './private-redis.js';
