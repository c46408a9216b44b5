/**
 * A fake Telegram Bot API on 127.0.0.1 speaking `/bot<token>/<method>` (JSON or form bodies): it
 * records every call, serves scripted updates to getUpdates, checks sendMessage the way Telegram
 * does (length, HTML well-formed, button data) and fails the chats a test chooses.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';

/** Options of {@link startFakeTelegram}. */
export interface FakeTelegramOptions {
  /** The only token accepted; others get 401. @defaultValue '123456:fake-telegram-token' */
  token?: string;
  /** Longest wait of a long poll with no update, whatever `timeout` the client asks. @defaultValue 200 */
  pollWaitMs?: number;
  /** Telegram's flood limits on sendMessage, answered with 429 and `retry_after`; none when absent. */
  limits?: FakeTelegramLimits;
  /** The port to listen on. @defaultValue a free one */
  port?: number;
  /** A press not answered within this long after it was pushed is refused as Telegram does ("query is too old"). @defaultValue no limit */
  callbackQueryTimeoutMs?: number;
}

/** Flood limits the fake enforces, over sliding windows. */
export interface FakeTelegramLimits {
  /** Messages a second for the whole bot. @defaultValue 30 */
  perSecond?: number;
  /** Messages a second to one chat. @defaultValue 1 */
  perChatPerSecond?: number;
  /** Messages a minute to one group (negative chat id). @defaultValue 20 */
  groupPerMinute?: number;
}

/** One API call the fake received. */
export interface FakeTelegramCall {
  method: string;
  params: Record<string, unknown>;
  /** When the call arrived (performance.now()). */
  at: number;
}

/** How calls naming a chat fail, as Telegram answers them. */
export interface FakeTelegramFailure {
  error_code: number;
  description: string;
  /** Sent as `parameters.retry_after`, in seconds. */
  retry_after?: number;
  /** Fail this many calls, then work again. @defaultValue every call */
  times?: number;
}

/** A running fake. */
export interface FakeTelegram {
  /** What to give grammY as `client.apiRoot`. */
  apiRoot: string;
  token: string;
  /** Every call, in order of arrival. */
  calls: FakeTelegramCall[];
  /** Queues an update for getUpdates (a waiting poll gets it at once); returns its `update_id`. */
  pushUpdate(update: Omit<Update, 'update_id'>): number;
  /** Resolves with the calls of `method` once there are at least `count` of them. */
  waitForCalls(method: string, count?: number, timeoutMs?: number): Promise<FakeTelegramCall[]>;
  /** Makes every call naming `chatId` (sendMessage, sendChatAction...) fail. */
  failChat(chatId: number | string, failure: FakeTelegramFailure): void;
  /** Makes a file available to getFile and the file URL, as if a member had sent it. */
  addFile(fileId: string, bytes: Buffer): void;
  /** Makes sendMessage to `chatId` answer only after `ms` (a slow platform, a send in flight). */
  delayChat(chatId: number | string, ms: number): void;
  /** sendMessage calls refused with 429 by the limits. */
  readonly throttled: number;
  /** Messages accepted (sendMessage answered ok), in order. */
  delivered: { chatId: string; text: string; at: number }[];
  close(): Promise<void>;
}

/** The bot the fake is: what getMe answers. */
export const FAKE_BOT: UserFromGetMe = {
  id: 7_000_001,
  is_bot: true,
  first_name: 'Trợ lý Chi bộ',
  username: 'chibo_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Failures Telegram is known for. */
export const FAKE_TELEGRAM_FAILURES = {
  blocked: { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  kicked: { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' },
  chatNotFound: { error_code: 400, description: 'Bad Request: chat not found' },
  tooManyRequests: { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 },
} satisfies Record<string, FakeTelegramFailure>;

const TEXT_LIMIT = 4096;
const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * What Telegram shows for a text in parse_mode HTML, or why it cannot parse it: only its tags,
 * balanced, and `&` only as an entity (stricter than Telegram, which forgives a lone `&`).
 */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  const open: string[] = [];
  let text = '';
  for (let at = 0; at < html.length;) {
    const rest = html.slice(at);
    if (rest.startsWith('<')) {
      const tag = /^<(\/?)([a-z][a-z-]*)(?:\s[^<>]*)?>/i.exec(rest);
      if (!tag) return { error: `Unexpected "<" at offset ${at}` };
      const name = tag[2]!.toLowerCase();
      if (!HTML_TAGS.has(name)) return { error: `Unsupported start tag "${name}" at offset ${at}` };
      if (tag[1] && open.pop() !== name) return { error: `Unmatched end tag "${name}" at offset ${at}` };
      if (!tag[1]) open.push(name);
      at += tag[0].length;
    } else if (rest.startsWith('&')) {
      const entity = /^&(#\d+|#x[\da-f]+|[a-z]+);/i.exec(rest);
      const name = entity?.[1]?.toLowerCase() ?? '';
      const shown = name.startsWith('#x')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(Number(name.slice(1)))
          : NAMED_ENTITIES[name];
      if (!entity || shown === undefined) return { error: `Unsupported HTML entity at offset ${at}` };
      text += shown;
      at += entity[0].length;
    } else if (rest.startsWith('>')) {
      return { error: `Unexpected ">" at offset ${at}` };
    } else {
      text += html[at];
      at += 1;
    }
  }
  if (open.length > 0) return { error: `Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}

/** Why Telegram would refuse this sendMessage, in its words; undefined when it is fine. */
function refusal(params: Record<string, unknown>): string | undefined {
  if (params.chat_id === undefined || params.chat_id === '') return 'Bad Request: chat_id is empty';
  if (typeof params.text !== 'string' || params.text.trim() === '') return 'Bad Request: message text is empty';
  let shown = params.text;
  if (params.parse_mode === 'HTML') {
    const parsed = parseTelegramHtml(params.text);
    if ('error' in parsed) return `Bad Request: can't parse entities: ${parsed.error}`;
    shown = parsed.text;
  }
  if (shown.length > TEXT_LIMIT) return 'Bad Request: message is too long';
  const markup = typeof params.reply_markup === 'string' ? (JSON.parse(params.reply_markup) as unknown) : params.reply_markup;
  const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [];
  if (rows.flat().some((button) => Buffer.byteLength(button.callback_data ?? '') > 64)) return 'Bad Request: BUTTON_DATA_INVALID';
  return undefined;
}

async function readParams(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (!body) return {};
  if ((request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  return JSON.parse(body) as Record<string, unknown>;
}

/** Starts the fake on a random port. */
export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456:fake-telegram-token';
  const pollWaitMs = options.pollWaitMs ?? 200;
  const calls: FakeTelegramCall[] = [];
  const queue: Update[] = [];
  const failures = new Map<string, FakeTelegramFailure>();
  const wakeUps = new Set<() => void>();
  const callListeners = new Set<() => void>();
  let nextUpdateId = 1;
  let nextMessageId = 1;

  const answer = (response: ServerResponse, status: number, body: object) => {
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const ok = (response: ServerResponse, result: unknown) => answer(response, 200, { ok: true, result });
  const fail = (response: ServerResponse, failure: FakeTelegramFailure) =>
    answer(response, failure.error_code, {
      ok: false,
      error_code: failure.error_code,
      description: failure.description,
      ...(failure.retry_after === undefined ? {} : { parameters: { retry_after: failure.retry_after } }),
    });

  /** Waits for a pushed update, the poll's time, the client giving up or the fake closing. */
  function waitForUpdate(response: ServerResponse, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakeUps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakeUps.add(wake);
      response.once('close', wake);
    });
  }

  async function getUpdates(response: ServerResponse, params: Record<string, unknown>): Promise<void> {
    const offset = Number(params.offset ?? 0);
    const pending = () => queue.filter((update) => update.update_id >= offset);
    // Asking from an offset confirms every update before it.
    queue.splice(0, queue.length, ...pending());
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    if (queue.length === 0 && timeoutMs > 0) await waitForUpdate(response, Math.min(timeoutMs, pollWaitMs));
    ok(response, pending().slice(0, Number(params.limit ?? 100)));
  }

  function failureFor(params: Record<string, unknown>): FakeTelegramFailure | undefined {
    const key = String(params.chat_id);
    const failure = failures.get(key);
    if (failure?.times !== undefined && --failure.times <= 0) failures.delete(key);
    return failure;
  }

  /** Accepted sends, for the limits: all of them, and per chat. */
  const accepted: number[] = [];
  const acceptedByChat = new Map<string, number[]>();
  let throttled = 0;
  const delivered: { chatId: string; text: string; at: number }[] = [];
  const delays = new Map<string, number>();
  /** When each button press was pushed, by callback query id. */
  const pressedAt = new Map<string, number>();
  const files = new Map<string, Buffer>();

  /** The 429 a send over the limits gets, or undefined (and the send is counted). */
  function overLimit(params: Record<string, unknown>): FakeTelegramFailure | undefined {
    const limits = options.limits;
    if (!limits) return undefined;
    const now = performance.now();
    const chat = String(params.chat_id);
    const recent = (times: number[], windowMs: number) => times.filter((time) => time > now - windowMs).length;
    const byChat = (acceptedByChat.get(chat) ?? []).filter((time) => time > now - 60_000);
    const over =
      recent(accepted, 1000) >= (limits.perSecond ?? 30) ||
      recent(byChat, 1000) >= (limits.perChatPerSecond ?? 1) ||
      (chat.startsWith('-') && byChat.length >= (limits.groupPerMinute ?? 20));
    if (over) {
      throttled += 1;
      return { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 };
    }
    accepted.push(now);
    if (accepted.length > 1000) accepted.splice(0, accepted.length - 1000);
    acceptedByChat.set(chat, [...byChat, now]);
    return undefined;
  }

  async function handle(method: string, params: Record<string, unknown>, response: ServerResponse): Promise<void> {
    const failure = params.chat_id === undefined ? undefined : failureFor(params);
    if (failure) return fail(response, failure);
    const flood = method === 'sendMessage' ? overLimit(params) : undefined;
    if (flood) return fail(response, flood);
    const delay = method === 'sendMessage' ? delays.get(String(params.chat_id)) : undefined;
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    switch (method) {
      case 'getMe':
        return ok(response, FAKE_BOT);
      case 'getUpdates':
        return getUpdates(response, params);
      case 'sendMessage': {
        const refused = refusal(params);
        if (refused) return fail(response, { error_code: 400, description: refused });
        const chatId = Number(params.chat_id);
        delivered.push({ chatId: String(params.chat_id), text: String(params.text), at: performance.now() });
        const chat = chatId > 0 ? { id: chatId, type: 'private', first_name: 'Member' } : { id: chatId, type: 'supergroup', title: 'Chi bộ' };
        return ok(response, { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from: FAKE_BOT, text: params.text });
      }
      case 'answerCallbackQuery': {
        const pushedAt = pressedAt.get(String(params.callback_query_id));
        if (pushedAt !== undefined && performance.now() - pushedAt > (options.callbackQueryTimeoutMs ?? Infinity))
          return fail(response, { error_code: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' });
        return ok(response, true);
      }
      case 'sendChatAction':
      case 'setMyCommands':
      case 'deleteWebhook':
      case 'setWebhook':
      case 'editMessageReplyMarkup':
        return ok(response, true);
      case 'getFile': {
        const fileId = String(params.file_id);
        const bytes = files.get(fileId);
        if (!bytes) return fail(response, { error_code: 400, description: 'Bad Request: invalid file_id' });
        return ok(response, { file_id: fileId, file_unique_id: fileId, file_size: bytes.length, file_path: `documents/${fileId}` });
      }
      default:
        return fail(response, { error_code: 404, description: 'Not Found: method not found' });
    }
  }

  const server = createServer((request, response) => {
    const download = /^\/file\/bot([^/]+)\/documents\/([\w-]+)$/.exec(request.url ?? '');
    if (download) {
      const bytes = download[1] === token ? files.get(download[2]!) : undefined;
      if (!bytes) return fail(response, { error_code: 404, description: 'Not Found' });
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void response.end(bytes);
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match || match[1] !== token) return fail(response, { error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    readParams(request)
      .then((params) => {
        calls.push({ method, params, at: performance.now() });
        for (const listener of callListeners) listener();
        return handle(method, params, response);
      })
      .catch(() => fail(response, { error_code: 400, description: 'Bad Request: malformed body' }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    delivered,
    get throttled() {
      return throttled;
    },
    pushUpdate(update) {
      const update_id = nextUpdateId++;
      if (update.callback_query) pressedAt.set(update.callback_query.id, performance.now());
      queue.push({ ...update, update_id });
      for (const wake of wakeUps) wake();
      return update_id;
    },
    waitForCalls(method, count = 1, timeoutMs = 5000) {
      const matching = () => calls.filter((call) => call.method === method);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (matching().length < count) return;
          clearTimeout(timer);
          callListeners.delete(check);
          resolve(matching());
        };
        const timer = setTimeout(() => {
          callListeners.delete(check);
          const seen = calls.map((call) => call.method).join(', ') || 'none';
          reject(new Error(`Expected ${count} ${method} call(s) within ${timeoutMs} ms, got ${matching().length} (calls: ${seen})`));
        }, timeoutMs);
        callListeners.add(check);
        check();
      });
    },
    failChat(chatId, failure) {
      failures.set(String(chatId), { ...failure });
    },
    delayChat(chatId, ms) {
      delays.set(String(chatId), ms);
    },
    addFile(fileId, bytes) {
      files.set(fileId, bytes);
    },
    close() {
      for (const wake of wakeUps) wake();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
