/**
 * The send budget of one bot, in Redis, shared by every process that sends for it (the bot, the
 * workers): a sliding window of the messages sent in the last second, one Lua script timed by
 * Redis's own clock. A message counts from its token until the platform has answered it (then it is
 * settled: counted from that moment), so however slow a message is to arrive, the next second's
 * messages are never let in before it has gone (one answered within the window's extra
 * milliseconds needs no settling: the window's length already covers it). Answers may fill the whole window; reminders and reports leave
 * `interactiveReserve` places free for answers (they come in bursts). Notices may take every place
 * left, but only one at a time, about every `windowMs / perSecond` ms (a cell rate with a tolerance of
 * one interval, so that a late worker catches up without ever bursting), so that a place frees
 * every few tens of milliseconds whatever the notices do. A kind that is refused marks that it waits,
 * and lower kinds give way until it has gone: an answer that finds the window full waits at most
 * until the next place frees, and a notice never takes the place an answer is waiting for. Every
 * key starts with the (hash-tagged) prefix: one slot on a cluster.
 */
import { createHash } from 'node:crypto';
import type { Logger, SendBudget, SendKind } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { defineScript } from '../redis/redis-scripts.js';

/** Options of {@link createSendBudget}. */
export interface SendBudgetOptions {
  /** Key prefix (hash-tagged on a cluster, see keyPrefixFor). */
  prefix: string;
  /** The bot's token: the budget is the bot's, whichever process sends (only a digest of it is kept). */
  token: string;
  /** Messages the platform takes from the bot in a second. */
  perSecond: number;
  /**
   * The window the messages are counted over: a little more than the platform's second, so that
   * two messages granted a second apart still arrive a second apart. @defaultValue 1020
   */
  windowMs?: number;
  /** Places in the window that reminders and reports leave to answers. @defaultValue 1 */
  interactiveReserve?: number;
  /** Told when Redis fails; the message then goes without a token. */
  logger?: Logger;
}

/** Priority tiers: 1 answers, 2 reminders and reports, 3 notices. */
const TIER: Record<SendKind, number> = { answer: 1, reminder: 2, report: 2, notice: 3 };

/** The platform's second, which the window is a little longer than. */
const PLATFORM_SECOND_MS = 1000;

/** How long a refused kind keeps lower kinds waiting beyond its own wait. */
const WAITING_MARGIN_MS = 25;

// KEYS: sent (sorted set of the window), waiting:1, waiting:2, the notices' theoretical arrival time.
// ARGV: tier, perSecond, windowMs, interactiveReserve, the token, waiting margin, notice interval.
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tier = tonumber(ARGV[1])
local window = tonumber(ARGV[3])
for higher = 1, tier - 1 do
  local waiting = redis.call('PTTL', KEYS[1 + higher])
  if waiting > 0 then return waiting end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local room = tonumber(ARGV[2])
if tier == 2 then room = room - tonumber(ARGV[4]) end
if used >= room then
  local frees = redis.call('ZRANGE', KEYS[1], used - room, used - room, 'WITHSCORES')
  local wait = math.max(1, tonumber(frees[2]) + window - now)
  if tier < 3 then redis.call('SET', KEYS[1 + tier], '1', 'PX', wait + tonumber(ARGV[6])) end
  return wait
end
if tier == 3 then
  local interval = tonumber(ARGV[7])
  local due = tonumber(redis.call('GET', KEYS[4]) or '0')
  if due - interval > now then return math.max(1, math.ceil(due - interval - now)) end
  redis.call('SET', KEYS[4], math.max(due, now) + interval, 'PX', math.ceil(2 * interval + window))
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

// KEYS: sent. ARGV: the token, windowMs.
const SETTLE = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
`;

/** The Redis-held send budget of one bot. */
export function createSendBudget(connection: RedisConnection, options: SendBudgetOptions): SendBudget {
  const windowMs = options.windowMs ?? 1020;
  const interactiveReserve = options.interactiveReserve ?? 1;
  if (!Number.isInteger(options.perSecond) || options.perSecond < 1) throw new RangeError(`perSecond must be a whole number >= 1, got ${options.perSecond}`);
  if (interactiveReserve >= options.perSecond)
    throw new RangeError(`the answers' reserve (${interactiveReserve}) leaves reminders no room in ${options.perSecond} a second`);
  // Notices go one at a time, spread over the window, never in a burst that would fill it at once.
  const intervalMs = windowMs / options.perSecond;
  const bot = createHash('sha256').update(options.token).digest('hex').slice(0, 16);
  const base = `${options.prefix}:budget:${bot}`;
  const keys = [`${base}:sent`, `${base}:waiting:1`, `${base}:waiting:2`, `${base}:notice-due`];
  const takeToken = defineScript(connection, 'pcaBudgetTake', keys.length, SCRIPT);
  const settleToken = defineScript(connection, 'pcaBudgetSettle', 1, SETTLE);
  // A message answered within the window's extra milliseconds (timed from before its token was asked for) is covered by them.
  const settleAfterMs = windowMs - PLATFORM_SECOND_MS;
  const grantedAt = new Map<string, number>();
  let warnedAt = 0;
  /** Without Redis there is no budget to share: the message goes, and the operator hears of it once a minute. */
  function warn(error: unknown, detail: object): void {
    if (Date.now() - warnedAt < 60_000) return;
    warnedAt = Date.now();
    options.logger?.warn({ err: error, ...detail }, 'Cannot read the send budget in Redis: sending without it');
  }
  return {
    async take(kind, token) {
      const args = [TIER[kind], options.perSecond, windowMs, interactiveReserve, token, WAITING_MARGIN_MS, intervalMs];
      const asked = performance.now();
      try {
        const wait = Number(await takeToken(keys, args));
        if (wait === 0) grantedAt.set(token, asked);
        return wait;
      } catch (error) {
        warn(error, { kind });
        return 0;
      }
    },
    async settle(token) {
      const asked = grantedAt.get(token);
      grantedAt.delete(token);
      if (asked !== undefined && performance.now() - asked <= settleAfterMs) return;
      await settleToken([keys[0]!], [token, windowMs]).catch((error: unknown) => warn(error, { settling: token }));
    },
  };
}
