/**
 * The chats of a tree of units over the real Redis, as the bot builds them: the cell commands and
 * the conversation under a test's own key prefix (deleted on close), and what the tests of the
 * tree say through it.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createCellCommands, createConversation, RateLimiter, type Conversation, type IncomingMessage, type Reply } from '../../bot/index.js';
import { silentLogger } from '../../common/index.js';
import {
  createBroadcastService,
  createOrgRegistry,
  createReminderService,
  type BroadcastService,
  type OrgRegistry,
  type ReminderService,
} from '../../jobs/index.js';
import { deleteKeysUnder } from './test-helpers.js';

/** What {@link openUnitChats} needs. */
export interface UnitChatsOptions {
  /** Starts the key prefix (`test-<name>-<random>`). */
  name: string;
  /** The root's admins, by Telegram user id. */
  admins: readonly string[];
  /** How each user id is called. */
  names: Readonly<Record<string, string>>;
  /** The clock of scheduling and previews. @defaultValue the real clock */
  now?: () => Date;
}

/** The conversation of a tree's chats, and its parts. */
export interface UnitChats {
  redis: Redis;
  prefix: string;
  reminders: ReminderService;
  broadcasts: BroadcastService;
  registry: OrgRegistry;
  conversation: Conversation;
  /** The one reply to `text` from `userId` in the group `chatId` (a private chat when it is the user's own id). */
  say(userId: string, text: string, chatId?: string, extra?: Partial<IncomingMessage>): Promise<Reply>;
  /** The text of that one reply. */
  sayText(userId: string, text: string, chatId?: string, extra?: Partial<IncomingMessage>): Promise<string>;
  /** Creates a unit privately by `command` from `by` and binds `group` to it with its code, `secretary` registering; the creation's reply. */
  createAndBind(by: string, command: string, group: string, secretary: string): Promise<string>;
  /** Closes the services and deletes the prefix's keys. */
  close(): Promise<void>;
}

/** Opens the chats of a tree over the local Redis under a new key prefix. */
export function openUnitChats({ name, admins, names, now }: UnitChatsOptions): UnitChats {
  const prefix = `test-${name}-${randomUUID().slice(0, 8)}`;
  const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  const reminders = createReminderService({ connection: redis, prefix, ...(now ? { now } : {}) });
  const broadcasts = createBroadcastService({ connection: redis, prefix });
  const commands = createCellCommands({
    redis,
    prefix,
    reminders,
    broadcasts,
    admins: admins.map((id) => `telegram:${id}`),
    logger: silentLogger(),
    hasButtons: () => true,
    ...(now ? { now } : {}),
  });
  const conversation = createConversation({
    knowledge: { ask: () => Promise.reject(new Error('not used')) },
    logger: silentLogger(),
    commands,
    commandLimiter: new RateLimiter({ limit: 1000 }),
  });
  const chats: UnitChats = {
    redis,
    prefix,
    reminders,
    broadcasts,
    registry: createOrgRegistry(redis, { prefix }),
    conversation,
    async say(userId, text, chatId = userId, extra = {}) {
      const message: IncomingMessage = {
        channel: 'telegram',
        chatId,
        chatType: chatId === userId ? 'private' : 'group',
        userId,
        userName: names[userId],
        text,
        addressedToBot: false,
        ...extra,
      };
      const replies = await conversation.handleMessage(message);
      expect(replies).toHaveLength(1);
      return replies[0]!;
    },
    async sayText(userId, text, chatId = userId, extra = {}) {
      const reply = await chats.say(userId, text, chatId, extra);
      if (reply.kind !== 'text') throw new Error(`expected a text reply, got ${reply.kind}`);
      return reply.text;
    },
    async createAndBind(by, command, group, secretary) {
      const created = await chats.sayText(by, command);
      const code = /Mã đăng ký: ([A-Z2-9]{8})/u.exec(created)?.[1];
      if (!code) throw new Error(`no code in: ${created}`);
      expect(await chats.sayText(secretary, `/dangky ${code}`, group)).toContain('✅ Nhóm chat này đã được gắn với');
      return created;
    },
    async close() {
      await reminders.close();
      await broadcasts.close();
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    },
  };
  return chats;
}
