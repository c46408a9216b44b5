/**
 * The send budget of one bot, in Redis, shared by every process that sends for it (the bot, the
 * workers): a sliding window of the messages sent in the last second, one Lua script timed by
 * Redis's own clock. Answers may fill the whole window; reminders and reports leave
 * `interactiveReserve` places free for answers; notices leave `scheduledReserve` more, and go one
 * at a time at most `perSecond` a second, never in a burst that fills the window at once. A kind that
 * is refused marks that it waits, and lower kinds give way until it has gone, so a notice never
 * takes the place an answer is waiting for. Every key starts with the (hash-tagged) prefix: one
 * slot on a cluster.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger, SendBudget, SendKind } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';

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
  /** Places that notices leave to reminders and reports, besides the answers'. @defaultValue 1 */
  scheduledReserve?: number;
  /** Told when Redis fails; the message then goes without a token. */
  logger?: Logger;
}

/** Priority tiers: 1 answers, 2 reminders and reports, 3 notices. */
const TIER: Record<SendKind, number> = { answer: 1, reminder: 2, report: 2, notice: 3 };

/** How long a refused kind keeps lower kinds waiting beyond its own wait. */
const WAITING_MARGIN_MS = 25;

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
if tier >= 2 then room = room - tonumber(ARGV[4]) end
if tier >= 3 then room = room - tonumber(ARGV[5]) end
if used >= room then
  local frees = redis.call('ZRANGE', KEYS[1], used - room, used - room, 'WITHSCORES')
  local wait = math.max(1, tonumber(frees[2]) + window - now)
  if tier < 3 then redis.call('SET', KEYS[1 + tier], '1', 'PX', wait + tonumber(ARGV[7])) end
  return wait
end
if tier == 3 and used > 0 then
  local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  local next = tonumber(newest[2]) + tonumber(ARGV[8])
  if next > now then return next - now end
end
redis.call('ZADD', KEYS[1], now, ARGV[6])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;

/** The script's digest: every message sends it (EVALSHA), not the script's text. */
const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

/** Runs the script by its digest; by its text once when the server does not hold it (it was restarted or flushed its scripts). */
async function runScript(connection: RedisConnection, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await connection.evalsha(SCRIPT_SHA, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return connection.eval(SCRIPT, keys.length, ...keys, ...args);
  }
}

/** The Redis-held send budget of one bot. */
export function createSendBudget(connection: RedisConnection, options: SendBudgetOptions): SendBudget {
  const windowMs = options.windowMs ?? 1020;
  const interactiveReserve = options.interactiveReserve ?? 1;
  const scheduledReserve = options.scheduledReserve ?? 1;
  if (!Number.isInteger(options.perSecond) || options.perSecond < 1) throw new RangeError(`perSecond must be a whole number >= 1, got ${options.perSecond}`);
  if (interactiveReserve + scheduledReserve >= options.perSecond)
    throw new RangeError(`the reserves (${interactiveReserve} + ${scheduledReserve}) leave notices no room in ${options.perSecond} a second`);
  // Notices go one at a time, spread over the window, never in a burst that would fill it at once.
  const spacingMs = Math.floor(windowMs / options.perSecond);
  const bot = createHash('sha256').update(options.token).digest('hex').slice(0, 16);
  const base = `${options.prefix}:budget:${bot}`;
  const keys = [`${base}:sent`, `${base}:waiting:1`, `${base}:waiting:2`];
  let warnedAt = 0;
  return {
    async take(kind) {
      const args = [TIER[kind], options.perSecond, windowMs, interactiveReserve, scheduledReserve, randomUUID(), WAITING_MARGIN_MS, spacingMs];
      try {
        return Number(await runScript(connection, keys, args));
      } catch (error) {
        // Without Redis there is no budget to share: the message goes, and the operator hears of it once a minute.
        if (Date.now() - warnedAt > 60_000) {
          warnedAt = Date.now();
          options.logger?.warn({ err: error, kind }, 'Cannot read the send budget in Redis: sending without it');
        }
        return 0;
      }
    },
  };
}
