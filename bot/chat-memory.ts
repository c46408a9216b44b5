/**
 * A short history of questions and answers per conversation thread (a person in a chat) in Redis
 * (`<prefix>:memory:<thread>`, the last 3 exchanges, forgotten after 30 minutes of silence), so that a follow-up ("còn chi bộ thì sao?")
 * can be rewritten into a question that stands alone. Without Redis each question stands alone.
 */
import type { RedisConnection } from '../jobs/index.js';
import { z } from 'zod';
import { parseStored } from '../common/index.js';
import type { ChatTurn } from '../knowledge/index.js';

/** The shape of a stored {@link ChatTurn}. */
const turnSchema = z.object({ question: z.string(), answer: z.string() }) satisfies z.ZodType<ChatTurn>;

/** The chats' recent exchanges. */
export interface ChatMemory {
  /** The thread's last exchanges, oldest first. */
  history(thread: string): Promise<ChatTurn[]>;
  /** Adds an exchange, forgetting the oldest beyond the limit. */
  remember(thread: string, turn: ChatTurn): Promise<void>;
}

/** A memory over an ioredis client the caller owns. */
export function createChatMemory(redis: RedisConnection, options: { prefix: string; turns?: number; ttlSeconds?: number }): ChatMemory {
  const turns = options.turns ?? 3;
  const ttl = options.ttlSeconds ?? 30 * 60;
  const key = (thread: string) => `${options.prefix}:memory:${thread}`;
  return {
    async history(thread) {
      return (await redis.lrange(key(thread), 0, turns - 1)).map((json) => parseStored(turnSchema, json, 'chat turn')).reverse();
    },
    async remember(thread, turn) {
      // Answers are kept short: the rewrite needs the topic, not the whole text.
      const kept = JSON.stringify({ question: turn.question, answer: turn.answer.slice(0, 500) });
      await redis
        .multi()
        .lpush(key(thread), kept)
        .ltrim(key(thread), 0, turns - 1)
        .expire(key(thread), ttl)
        .exec();
    },
  };
}
