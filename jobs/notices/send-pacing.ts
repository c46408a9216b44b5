/**
 * Per-chat pacing shared by every worker process, in Redis: at most one message a second to a
 * chat, and at most 20 a minute to a group (Telegram's limits). The bot-wide limit (30 a second)
 * is the bot's send budget's (send-budget.ts), shared with answers and reminders, also in Redis. One Lua script, timed by Redis's own
 * clock, so workers on machines whose clocks differ still agree.
 */
import type { RedisConnection } from '../redis/redis-connection.js';

/** The limits of one chat. */
export interface ChatPace {
  /** Least time between two messages to a chat. @defaultValue 1000 */
  perChatMs?: number;
  /** Most messages to a group in a minute. @defaultValue 20 */
  groupPerMinute?: number;
  /**
   * How long after taking its slot a message may still go (it waits for the bot's send budget
   * meanwhile): the slot counts the message as sent at the latest moment. @defaultValue 0
   */
  lateByMs?: number;
}

const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gap = tonumber(ARGV[1])
local late = tonumber(ARGV[5])
local left = redis.call('PTTL', KEYS[1])
if left > 0 then return left end
if ARGV[2] == '1' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], 0, now - 60000)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    return math.max(1, tonumber(oldest[2]) + 60000 - now)
  end
  redis.call('ZADD', KEYS[2], now + late, ARGV[4])
  redis.call('PEXPIRE', KEYS[2], 60000 + late)
end
redis.call('SET', KEYS[1], ARGV[4], 'PX', gap + late)
return 0
`;

/** True for a Telegram group or channel (negative chat id). */
export function isGroupChat(chat: string): boolean {
  return chat.startsWith('telegram:-');
}

/**
 * Takes a sending slot for a chat: 0 when the message may go now (the slot is then taken), else
 * how many milliseconds to wait before asking again. Both keys start with `prefix`, hash-tagged on
 * a cluster (`keyPrefixFor`), so the script's keys share one slot there.
 */
export async function takeChatSlot(redis: RedisConnection, prefix: string, chat: string, slotId: string, pace: ChatPace = {}): Promise<number> {
  const keys = [`${prefix}:pace:chat:${chat}`, `${prefix}:pace:group:${chat}`];
  const args = [pace.perChatMs ?? 1000, isGroupChat(chat) ? '1' : '0', pace.groupPerMinute ?? 20, slotId, pace.lateByMs ?? 0];
  return Number(await redis.eval(SCRIPT, keys.length, ...keys, ...args));
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('ZREM', KEYS[2], ARGV[2])
return 0
`;

/**
 * Gives back the slot {@link takeChatSlot} took when nothing was sent with it (the bot's send
 * budget had no room): the chat may then be sent to as soon as the budget allows. A slot taken
 * since by another send is left alone.
 */
export async function releaseChatSlot(redis: RedisConnection, prefix: string, chat: string, slotId: string): Promise<void> {
  await redis.eval(RELEASE, 2, `${prefix}:pace:chat:${chat}`, `${prefix}:pace:group:${chat}`, slotId, slotId);
}
