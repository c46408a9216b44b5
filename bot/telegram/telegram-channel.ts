/**
 * The Telegram channel: grammY over long polling (the runner, updates handled concurrently and in
 * order per chat) or a webhook; replies rendered as HTML; sends for the workers.
 */
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, webhookCallback, type BotError, type Context, type Transformer } from 'grammy';
import type { Message, UserFromGetMe } from 'grammy/types';
import type { Logger, SendGate } from '../../common/index.js';
import type { Channel } from '../channel.js';
import { repliesFirst } from '../after-replies.js';
import { settleWithin } from '../stop-grace.js';
import type { IncomingMessage } from '../chat-types.js';
import type { Conversation } from '../conversation.js';
import { COMMAND_MENU, REPLIES } from '../help-texts.js';
import { escapeHtml, renderTelegram } from './render-telegram.js';
import { createTelegramSender, HTML_OPTIONS, messagesOf, type TelegramBotSender } from './telegram-sender.js';

/** What the Telegram channel needs. */
export interface TelegramChannelDeps {
  /** The bot token from @BotFather. */
  token: string;
  /** The Bot API server. @defaultValue 'https://api.telegram.org' */
  apiRoot?: string;
  /** The sender the channel sends through (shared with the workers). @defaultValue one made from `token` and `apiRoot` */
  sender?: TelegramBotSender;
  conversation: Conversation;
  logger: Logger;
  /** Receive updates at this public URL instead of long polling; `secret` is checked on every request. */
  webhook?: { url: string; secret?: string };
  /** The bot's own user, to skip getMe (tests, restarts). @defaultValue asked with getMe on start */
  botInfo?: UserFromGetMe;
  /**
   * "typing…" is shown when an answer takes longer than this: a quick answer needs no indicator,
   * and skipping it halves the API calls under load. @defaultValue 300
   */
  typingDelayMs?: number;
  /** How long a button's work may take before the press is answered "working" (Telegram waits only a short while). @defaultValue 2000 */
  callbackAnswerMs?: number;
}

/** Updates the bot asks for: messages (joins and leaves come as messages) and button presses. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** Non-text messages a member may send in a private chat; the conversation says it reads only text. */
const MEDIA = ['sticker', 'photo', 'voice', 'video', 'video_note', 'audio', 'document', 'animation', 'location', 'contact', 'poll', 'dice', 'venue'] as const;

/** A member's message as the conversation reads it; undefined for what the bot ignores. */
function toIncomingMessage(message: Message, me: UserFromGetMe): IncomingMessage | undefined {
  const { from, chat } = message;
  if (!from || from.is_bot || chat.type === 'channel') return undefined;
  const base = {
    channel: 'telegram',
    chatId: String(chat.id),
    chatType: chat.type === 'private' ? 'private' : 'group',
    userId: String(from.id),
    userName: fullName(from),
    ...(from.username ? { userHandle: from.username } : {}),
  } as const;
  if (message.text === undefined) {
    // The bot added to a group, or a group created with it: greeted as if "/start" were typed there.
    if (base.chatType === 'group' && (message.group_chat_created === true || message.new_chat_members?.some((member) => member.id === me.id))) {
      return { ...base, text: '/start', addressedToBot: true, botAdded: true };
    }
    const isMedia = MEDIA.some((kind) => kind in message);
    return base.chatType === 'private' && isMedia ? { ...base, text: undefined, addressedToBot: false } : undefined;
  }
  // "/hoi@otherbot" is for another bot; "/hoi@chibo_bot" is for this one.
  const command = /^\/[\p{L}\p{M}\d_]+@(\w+)/u.exec(message.text);
  if (command && command[1]!.toLowerCase() !== me.username.toLowerCase()) return undefined;
  const mention = new RegExp(`(^|[^\\w@])@${me.username}(?!\\w)`, 'gi');
  const mentioned = mention.test(message.text);
  const text = mentioned ? message.text.replace(mention, '$1').replace(/ {2,}/g, ' ').trim() : message.text;
  const reply = message.reply_to_message;
  // In forum topics every message "replies" to the topic's creation: that is no reply to the bot.
  const realReply = reply?.from !== undefined && reply.forum_topic_created === undefined ? reply.from : undefined;
  const repliesToBot = realReply?.id === me.id;
  const replyTo = realReply && !realReply.is_bot ? { userId: String(realReply.id), userName: fullName(realReply) } : undefined;
  // Members picked by name who have no username (a text_mention); "@username" stays in the text.
  const mentions = (message.entities ?? []).flatMap((entity) =>
    entity.type === 'text_mention' && !entity.user.is_bot ? [{ userId: String(entity.user.id), userName: fullName(entity.user) }] : [],
  );
  const botMessage = repliesToBot && reply ? { messageId: String(reply.message_id), ...(reply.text ? { text: reply.text } : {}) } : undefined;
  return {
    ...base,
    text,
    addressedToBot: mentioned || repliesToBot || command !== null,
    ...(replyTo ? { replyTo } : {}),
    ...(botMessage ? { repliesToBot: botMessage } : {}),
    ...(mentions.length > 0 ? { mentions } : {}),
  };
}

/** The longest callback answer Telegram accepts. */
const CALLBACK_NOTICE_LIMIT = 200;

/** `text` cut to `limit` characters, with an ellipsis when cut. */
function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** "Nguyễn Văn An" from a Telegram user's first and last names. */
function fullName(user: { first_name: string; last_name?: string }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

/** Whether the conversation will likely answer, so that showing "typing…" is right. */
function expectsReply(message: IncomingMessage): boolean {
  return message.chatType === 'private' || message.addressedToBot || message.text?.startsWith('/') === true;
}

/** Logs failed getUpdates calls, which the runner would otherwise print with console.error. */
function logPollingFailures(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (method === 'getUpdates' && !result.ok) logger.warn({ code: result.error_code, description: result.description }, 'Telegram getUpdates failed');
      return result;
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: error }, 'Telegram getUpdates failed');
      throw error;
    }
  };
}

function finish(response: ServerResponse, status: number, body = ''): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}

/** Whether a Bot API method sends a message (what the send budget counts): sendMessage, sendDocument… but not sendChatAction. */
function sendsMessage(method: string): boolean {
  return method.startsWith('send') && method !== 'sendChatAction';
}

/**
 * The replies' path through the bot's send gate: each message an answer or a button reply sends
 * draws from the send budget first (waiting for room, never refused), and each 429 Telegram gives
 * it is counted and logged, retries included (installed inside auto-retry).
 */
function throughSendGate(gate: SendGate): Transformer {
  return async (prev, method, payload, signal) => {
    if (!sendsMessage(method)) return prev(method, payload, signal);
    const result = await gate.pass('answer', () => prev(method, payload, signal));
    if (!result.ok && result.error_code === 429) {
      const chatId = (payload as { chat_id?: unknown }).chat_id;
      gate.rateLimited('answer', {
        chat: `telegram:${String(chatId)}`,
        description: result.description,
        ...(result.parameters?.retry_after === undefined ? {} : { retryAfterMs: result.parameters.retry_after * 1000 }),
      });
    }
    return result;
  };
}

/** Longest wait for each Bot API call of the start (getMe, setWebhook/deleteWebhook). */
const START_CALL_TIMEOUT_MS = 15_000;

/**
 * Creates the Telegram channel. Replies go through the bot's API, each message drawn from the
 * bot's send budget (the sender's gate), with the auto-retry plugin (429s asking to wait up to
 * 10 s and server errors retried three times, network errors until they pass). `send`, the typing action and the command menu use a second API without it: the workers
 * must see every 429 to pause all their sending, and decide themselves when to try again.
 */
export function createTelegramChannel(deps: TelegramChannelDeps): Channel {
  const { conversation, logger, webhook } = deps;
  const typingDelayMs = deps.typingDelayMs ?? 300;
  const callbackAnswerMs = deps.callbackAnswerMs ?? 2_000;
  const bot = new Bot(deps.token, { client: { apiRoot: deps.apiRoot }, botInfo: deps.botInfo });
  const sender = deps.sender ?? createTelegramSender(deps);
  bot.api.config.use(logPollingFailures(logger), throughSendGate(sender.gate), autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10 }));
  const directApi = sender.api;
  let runner: RunnerHandle | undefined;
  /** Set when polling stopped on its own (see {@link Channel.failure}). */
  let stopped: string | undefined;

  /** Logs a failed update and, when the member was talking to the bot, says so in Vietnamese. */
  async function reportError({ error, ctx }: BotError<Context>): Promise<void> {
    logger.error({ err: error, updateId: ctx.update.update_id }, 'Handling a Telegram update failed');
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: REPLIES.failure });
      const incoming = ctx.message && toIncomingMessage(ctx.message, ctx.me);
      if (incoming && expectsReply(incoming)) await ctx.reply(REPLIES.failure);
    } catch (replyError) {
      logger.warn({ err: replyError }, 'Cannot tell the member that handling failed');
    }
  }

  // One chat's updates in order, other chats' in parallel. The boundary catches handler errors in
  // both modes: webhook updates never reach bot.catch, which guards what runs outside it.
  bot.catch(reportError);
  // Every update being handled (waiting for its chat's turn too), so that stop() can let them finish.
  const inFlight = new Set<Promise<void>>();
  bot.use(async (_ctx, next) => {
    const handling = next();
    inFlight.add(handling);
    try {
      await handling;
    } finally {
      inFlight.delete(handling);
    }
  });
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  // What the commands defer until their replies are sent (a confirmed notice is queued) runs after the handler.
  bot.use(async (_ctx, next) => repliesFirst(next, logger));
  const handlers = bot.errorBoundary(reportError);

  /** Downloads a file a member sent: getFile, then the file URL of the Bot API. */
  async function downloadFile(fileId: string): Promise<Buffer> {
    const file = await directApi.getFile(fileId);
    if (!file.file_path) throw new Error('Telegram gave no file path (a file over 20 MB?)');
    const response = await fetch(`${deps.apiRoot ?? 'https://api.telegram.org'}/file/bot${deps.token}/${file.file_path}`, {
      signal: AbortSignal.timeout(60_000),
    });
    if (!response.ok) throw new Error(`Downloading the file failed with HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  handlers.on('message', async (ctx) => {
    const received = toIncomingMessage(ctx.message, ctx.me);
    if (!received) return;
    const document = ctx.message.document;
    // A document sent privately is handed over with a way to fetch it (its caption is ignored).
    const incoming: IncomingMessage =
      document && received.chatType === 'private'
        ? {
            ...received,
            attachment: {
              name: document.file_name ?? 'tai-lieu',
              ...(document.file_size ? { size: document.file_size } : {}),
              download: () => downloadFile(document.file_id),
            },
          }
        : received;
    const thread = ctx.message.is_topic_message ? { message_thread_id: ctx.message.message_thread_id } : {};
    let typing: Promise<unknown> | undefined;
    const chatId = ctx.message.chat.id;
    const showTyping = () => {
      typing = directApi.sendChatAction(chatId, 'typing', thread).catch((error: unknown) => logger.debug({ err: error }, 'Cannot show typing'));
    };
    let timer: NodeJS.Timeout | undefined;
    if (expectsReply(incoming)) {
      if (typingDelayMs > 0) timer = setTimeout(showTyping, typingDelayMs);
      else showTyping();
    }
    const replies = await conversation.handleMessage(incoming).finally(() => clearTimeout(timer));
    // "typing…" goes out before the answer, never after it.
    await typing;
    const messages = replies.flatMap((reply) => messagesOf(renderTelegram(reply)));
    for (const [index, message] of messages.entries()) {
      // In a group the first message answers the question it replies to.
      const replyTo = index === 0 && incoming.chatType === 'group' ? { message_id: ctx.message.message_id, allow_sending_without_reply: true } : undefined;
      await ctx.reply(message.html, { ...HTML_OPTIONS, reply_markup: message.keyboard, reply_parameters: replyTo });
    }
  });

  handlers.on('callback_query:data', async (ctx) => {
    const query = ctx.callbackQuery;
    const chatId = String(query.message?.chat.id ?? query.from.id);
    const press = { channel: 'telegram', chatId, userId: String(query.from.id), userName: fullName(query.from), data: query.data } as const;
    const working = conversation.handleButton(press);
    // Telegram waits a short while for the answer to a press: slow work is answered "working" first,
    // and what it says afterwards goes to the chat. A lost answer never loses the work's replies.
    const quick = await Promise.race([working, sleep(callbackAnswerMs).then(() => undefined)]);
    const answer = (text?: string) =>
      ctx
        // Telegram shows at most 200 characters of a callback answer.
        .answerCallbackQuery(text === undefined ? undefined : { text: shorten(text, CALLBACK_NOTICE_LIMIT) })
        .catch((error: unknown) => logger.warn({ err: error }, 'Cannot answer a button press'));
    if (!quick) await answer(REPLIES.working);
    const result = quick ?? (await working);
    if (quick) await answer(result.notice);
    else if (result.notice !== undefined && !result.replies?.length) await ctx.api.sendMessage(chatId, escapeHtml(result.notice), HTML_OPTIONS);
    if (result.closeButtons && query.message) {
      await ctx.editMessageReplyMarkup().catch((error: unknown) => logger.debug({ err: error }, 'Cannot take the buttons off a message'));
    }
    for (const message of (result.replies ?? []).flatMap((reply) => messagesOf(renderTelegram(reply)))) {
      await ctx.api.sendMessage(chatId, message.html, { ...HTML_OPTIONS, reply_markup: message.keyboard });
    }
  });

  // Answers slower than Telegram's patience are finished after the webhook request returns 200.
  const webhookHandler = webhook ? webhookCallback(bot, 'http', { secretToken: webhook.secret, onTimeout: 'return' }) : undefined;

  async function registerCommands(): Promise<void> {
    try {
      await directApi.setMyCommands(COMMAND_MENU);
    } catch (error) {
      logger.warn({ err: error }, 'Cannot register the Telegram command menu');
    }
  }

  return {
    name: 'telegram',
    capabilities: sender.capabilities,
    failure: () => stopped,

    async start() {
      if (runner?.isRunning()) return;
      // Through the API without retries: an unreachable Bot API fails the start at once (the app tries again later).
      // grammY types its signals with an AbortSignal shim of its own: the platform's is the same thing.
      const signal = () => AbortSignal.timeout(START_CALL_TIMEOUT_MS) as unknown as Parameters<typeof directApi.getMe>[0];
      if (!deps.botInfo) bot.botInfo = await directApi.getMe(signal());
      if (webhook) {
        if (!webhook.secret) logger.warn('Telegram webhook has no secret token: anyone who knows its URL can send it updates');
        await directApi.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: ALLOWED_UPDATES }, signal());
      } else {
        await directApi.deleteWebhook(undefined, signal());
      }
      await registerCommands();
      if (webhook) return;
      runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
      // The runner gives up on 401 (token revoked) and 409 (another instance polls): say so, do not crash.
      runner.task()?.catch((error: unknown) => {
        stopped = error instanceof Error ? error.message : String(error);
        logger.error({ err: error }, 'Telegram long polling stopped');
      });
    },

    async stop() {
      const stopping = runner;
      runner = undefined;
      await stopping?.stop();
      await settleWithin(inFlight);
    },

    async handleWebhook(request: HttpRequest, response: ServerResponse) {
      if (!webhookHandler) return finish(response, 404, 'Telegram webhook is not enabled');
      try {
        await webhookHandler(request, response);
      } catch (error) {
        if (error instanceof SyntaxError) return finish(response, 400, 'Malformed JSON');
        logger.error({ err: error }, 'Telegram webhook request failed');
        finish(response, 500);
      }
    },

    send: sender.send,
  };
}
