/**
 * The Zalo channel: receives members' messages by long polling (getUpdates) or a webhook, hands
 * them to the conversation, and writes the replies as plain text in messages of at most 2000
 * characters. Zalo has no buttons: an answer's text already says to type /nguon for its sources.
 */
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type z } from 'zod';
import { BoundedMap, sameSecret, type Logger } from '../../common/index.js';
import type { Channel } from '../channel.js';
import { repliesFirst } from '../after-replies.js';
import { settleWithin } from '../stop-grace.js';
import type { IncomingMessage } from '../chat-types.js';
import type { Conversation } from '../conversation.js';
import { renderPlain } from '../render-plain.js';
import { splitMessage } from '../split-message.js';
import { ZaloApiError, zaloMessageSchema, zaloUpdateSchema } from './zalo-client.js';
import { createZaloSender, ZALO_CAPABILITIES, type ZaloBotSender } from './zalo-sender.js';

/** What the Zalo channel needs. */
export interface ZaloChannelDeps {
  token: string;
  /** @defaultValue the platform's address, https://bot-api.zaloplatforms.com */
  apiRoot?: string;
  /** The sender the channel sends and receives through (shared with the workers). @defaultValue one made from `token` and `apiRoot` */
  sender?: ZaloBotSender;
  conversation: Conversation;
  logger: Logger;
  /** Receive by webhook at this public HTTPS URL instead of long polling; `secret` is 8-256 characters. */
  webhook?: { url: string; secret: string };
}

/** Seconds each getUpdates call waits for a message. */
const POLL_TIMEOUT_SECONDS = 30;
/** An empty poll answered faster than this is followed by a pause, so polling never spins. */
const MIN_EMPTY_POLL_MS = 500;
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** Message ids remembered to drop repeated deliveries. */
const REMEMBERED_IDS = 5000;
const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** The parts of an update the channel reads: a message it can answer. */
const updateSchema = zaloUpdateSchema.extend({ message: zaloMessageSchema });

/**
 * Creates the Zalo channel.
 *
 * In a group, a message is addressed to the bot when it begins with /hoi or mentions
 * "@<bot name>" anywhere (the bot name is getMe's `display_name`, else its `account_name`,
 * compared without regard to case); the mention is removed from the text before it is read.
 * Any chat whose `chat_type` is not PRIVATE is treated as a group, so an unknown kind of chat
 * only ever gets answers when it asks. Messages from bots are ignored.
 */
export function createZaloChannel(deps: ZaloChannelDeps): Channel {
  const secret = deps.webhook?.secret;
  if (secret !== undefined && (secret.length < 8 || secret.length > 256)) {
    throw new RangeError(`Zalo webhook secret must be 8 to 256 characters, got ${secret.length}`);
  }
  const { logger, conversation } = deps;
  const sender = deps.sender ?? createZaloSender(deps);
  const { client } = sender;
  const seen = new BoundedMap<string, true>(REMEMBERED_IDS);
  const inFlight = new Set<Promise<void>>();
  /** "@<bot name>", known once start() has asked getMe. */
  let mention: RegExp | undefined;
  let polling: { controller: AbortController; loop: Promise<void> } | undefined;
  /** Set when polling stopped on its own (see {@link Channel.failure}). */
  let stopped: string | undefined;

  /** True the first time a message id is seen; the oldest ids are forgotten beyond the limit. */
  function firstDelivery(messageId: string): boolean {
    if (seen.has(messageId)) return false;
    seen.set(messageId, true);
    return true;
  }

  /** Takes an update in: checks it, drops repeats, and answers it without waiting for the answer. */
  function receive(raw: unknown): void {
    const parsed = updateSchema.safeParse(raw);
    if (!parsed.success) {
      logger.debug({ event: eventName(raw) }, 'Ignoring a Zalo update without a message');
      return;
    }
    const { event_name: event, message } = parsed.data;
    if (message.from?.is_bot) return;
    if (message.message_id !== undefined && !firstDelivery(message.message_id)) {
      logger.debug({ messageId: message.message_id }, 'Ignoring a repeated Zalo message');
      return;
    }
    const isText = message.text !== undefined && (event === undefined || event === 'message.text.received');
    const incoming = toIncoming(message, isText ? message.text : undefined, mention);
    const task = repliesFirst(() => reply(incoming), logger).catch((error: unknown) => {
      logger.error({ err: error, chatId: incoming.chatId }, 'Replying on Zalo failed');
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }

  async function reply(message: IncomingMessage): Promise<void> {
    const chat_id = message.chatId;
    const typing =
      message.chatType === 'private' || message.addressedToBot
        ? client.sendChatAction({ chat_id, action: 'typing' }).catch((error: unknown) => {
            logger.debug({ err: error, chatId: chat_id }, 'Zalo typing action failed');
          })
        : undefined;
    const replies = await conversation.handleMessage(message);
    await typing;
    for (const text of replies.flatMap((each) => splitMessage(renderPlain(each), ZALO_CAPABILITIES.maxLength))) {
      // An answer draws from the bot's send budget first (it waits for room, never refused); a 429 is counted.
      await sender.gate.pass('answer', () =>
        client.sendMessage({ chat_id, text }).catch((error: unknown) => {
          if (error instanceof ZaloApiError && error.error_code === 429)
            sender.gate.rateLimited('answer', { chat: `zalo:${chat_id}`, retryAfterMs: error.retryAfterMs, description: error.description });
          throw error;
        }),
      );
    }
  }

  async function poll(signal: AbortSignal): Promise<void> {
    let backoff = BACKOFF_FIRST_MS;
    while (!signal.aborted) {
      const started = Date.now();
      try {
        const update = await client.getUpdates({ timeout: POLL_TIMEOUT_SECONDS }, signal);
        backoff = BACKOFF_FIRST_MS;
        if (update) receive(update);
        else await pause(MIN_EMPTY_POLL_MS - (Date.now() - started), signal);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ZaloApiError && error.error_code === 401) {
          // Retrying a refused token changes nothing: stop, say so once, show the channel failed.
          stopped = 'Zalo refused the bot token (401)';
          logger.error({ err: error }, 'Zalo refused the bot token (401): polling stopped; check ZALO_BOT_TOKEN and restart');
          break;
        }
        // Asked to slow down: wait as long as the platform says.
        const waitMs = error instanceof ZaloApiError && error.error_code === 429 ? (error.retryAfterMs ?? backoff) : backoff;
        logger.warn({ err: error, retryInMs: waitMs }, 'Zalo polling failed; retrying');
        await pause(waitMs, signal);
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
      }
    }
  }

  return {
    name: 'zalo',
    capabilities: ZALO_CAPABILITIES,
    failure: () => stopped,

    async start() {
      const me = await client.getMe();
      const botName = me.display_name ?? me.account_name;
      mention = botName ? new RegExp(`@${escapeRegExp(botName.normalize('NFC'))}[\\s,:]*`, 'giu') : undefined;
      if (deps.webhook) {
        await client.setWebhook({ url: deps.webhook.url, secret_token: deps.webhook.secret });
        logger.debug({ bot: botName, url: deps.webhook.url }, 'Zalo webhook set');
        return;
      }
      await client.deleteWebhook();
      const controller = new AbortController();
      polling = { controller, loop: poll(controller.signal) };
      logger.debug({ bot: botName }, 'Zalo long polling started');
    },

    async stop() {
      if (polling) {
        polling.controller.abort();
        await polling.loop;
        polling = undefined;
      }
      await settleWithin(inFlight);
    },

    async handleWebhook(request, response) {
      if (secret === undefined || !sameSecret(request.headers['x-bot-api-secret-token'], secret)) {
        request.resume();
        return answer(response, 401, { ok: false, description: 'Unauthorized' });
      }
      const body = await readBody(request, MAX_WEBHOOK_BODY_BYTES);
      if (body === undefined) return answer(response, 413, { ok: false, description: 'Payload Too Large' }, { connection: 'close' });
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        return answer(response, 400, { ok: false, description: 'Malformed JSON' });
      }
      answer(response, 200, { ok: true });
      // Some deliveries wrap the update like an API answer: { ok, result: update }.
      receive(isRecord(payload) && isRecord(payload.result) ? payload.result : payload);
    },

    send: sender.send,
  };
}

type ParsedMessage = z.infer<typeof updateSchema>['message'];

function toIncoming(message: ParsedMessage, text: string | undefined, mention: RegExp | undefined): IncomingMessage {
  const normalized = text?.normalize('NFC');
  const mentioned = mention !== undefined && normalized !== undefined && normalized.search(mention) >= 0;
  return {
    channel: 'zalo',
    chatId: message.chat.id,
    chatType: message.chat.chat_type === 'PRIVATE' ? 'private' : 'group',
    userId: message.from?.id ?? message.chat.id,
    userName: message.from?.display_name ?? message.from?.first_name,
    text: mentioned ? normalized.replace(mention, ' ').replace(/\s+/g, ' ').trim() : text,
    addressedToBot: mentioned || /^\s*\/hoi(?:\s|$)/i.test(text ?? ''),
  };
}

/** The request body, or undefined as soon as it is known to be longer than `limit` bytes (the rest is discarded). */
function readBody(request: HttpRequest, limit: number): Promise<Buffer | undefined> {
  if (Number(request.headers['content-length'] ?? 0) > limit) {
    request.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= limit) return;
      request.off('data', collect);
      request.resume();
      resolve(undefined);
    };
    request.on('data', collect);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function answer(response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/** Waits, unless the signal ends the wait first. */
async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await sleep(ms, undefined, { signal }).catch(() => undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function eventName(raw: unknown): unknown {
  return isRecord(raw) ? raw.event_name : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
