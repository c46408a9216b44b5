/** Redis connections (fail fast with one clear error), the keys' default prefix, and a private redis-server for local runs. */
export { connectRedis, DEFAULT_KEY_PREFIX, RedisUnavailableError, type ConnectRedisOptions } from './redis-connection.js';
export { ensureRedis, type RedisAvailability } from './private-redis.js';
