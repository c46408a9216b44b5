/**
 * A fake Zalo Bot Platform on 127.0.0.1 speaking the API at `/bot<token>/<method>`: it records
 * every call, serves scripted updates to getUpdates one at a time, checks sendMessage's text
 * length, and fails the chats a test chooses.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZaloBotInfo, ZaloUpdate } from '../../bot/zalo/zalo-client.js';

/** Options of {@link startFakeZalo}. */
export interface FakeZaloOptions {
  /** The only token accepted; others get 401. @defaultValue 'fake-zalo-token' */
  token?: string;
  /** How long getUpdates waits for an update before answering the 408 timeout. @defaultValue 300 */
  pollWaitMs?: number;
  /** getMe's answer. @defaultValue a bot named "Trợ lý Chi bộ" */
  bot?: ZaloBotInfo;
}

/** One API call the fake received. */
export interface FakeZaloCall {
  method: string;
  body: Record<string, unknown>;
}

/** How sendMessage to a chat fails. */
export interface FakeZaloFailure {
  error_code: number;
  description: string;
  /** Sent as a `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Fail this many sends, then succeed again. @defaultValue every send */
  times?: number;
}

/** A running fake. */
export interface FakeZalo {
  /** What to give the client as `apiRoot`. */
  apiRoot: string;
  token: string;
  /** Every call, in order of arrival. */
  calls: FakeZaloCall[];
  /** Queues an update for getUpdates (a waiting poll gets it at once). */
  pushUpdate(update: ZaloUpdate): void;
  /** Resolves with the calls of `method` once there are at least `count` of them. */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<FakeZaloCall[]>;
  /** Makes sendMessage to `chatId` fail. */
  failChat(chatId: string, failure: FakeZaloFailure): void;
  /** Makes getUpdates fail (a revoked token, a rate limit). */
  failUpdates(failure: FakeZaloFailure): void;
  close(): Promise<void>;
}

/** Failures the platform is known for. */
export const FAKE_ZALO_FAILURES = {
  blocked: { error_code: 403, description: 'Forbidden: the user has blocked the bot' },
  rateLimited: { error_code: 429, description: 'Too Many Requests', retryAfterSeconds: 2 },
} satisfies Record<string, FakeZaloFailure>;

const DEFAULT_BOT: ZaloBotInfo = {
  id: '1459232241454765289',
  account_name: 'bot.chibo',
  display_name: 'Trợ lý Chi bộ',
  account_type: 'BASIC',
  can_join_groups: true,
};

/** Starts the fake on a random port. */
export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const token = options.token ?? 'fake-zalo-token';
  const pollWaitMs = options.pollWaitMs ?? 300;
  const calls: FakeZaloCall[] = [];
  const queue: ZaloUpdate[] = [];
  const waiting = new Set<(update: ZaloUpdate) => void>();
  const failures = new Map<string, FakeZaloFailure>();
  let updatesFailure: FakeZaloFailure | undefined;
  let webhookUrl = '';

  const reply = (response: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const ok = (response: ServerResponse, result: unknown) => reply(response, 200, { ok: true, result });
  const fail = (response: ServerResponse, error_code: number, description: string, headers?: Record<string, string>) =>
    reply(response, error_code, { ok: false, error_code, description }, headers);

  function getUpdates(response: ServerResponse, timeoutSeconds: number): void {
    const next = queue.shift();
    if (next) return ok(response, next);
    const deliver = (update: ZaloUpdate) => {
      clearTimeout(timer);
      waiting.delete(deliver);
      ok(response, update);
    };
    const timer = setTimeout(
      () => {
        waiting.delete(deliver);
        fail(response, 408, 'Request timeout');
      },
      Math.min(pollWaitMs, timeoutSeconds * 1000),
    );
    waiting.add(deliver);
    // A client that gave up must not swallow the next update.
    response.on('close', () => {
      clearTimeout(timer);
      waiting.delete(deliver);
    });
  }

  function sendMessage(response: ServerResponse, body: Record<string, unknown>): void {
    const { chat_id, text } = body;
    if (typeof chat_id !== 'string' || !chat_id) return fail(response, 400, 'Bad Request: chat_id is required');
    if (typeof text !== 'string' || text.length < 1 || text.length > 2000) return fail(response, 400, 'Bad Request: text must be 1 to 2000 characters');
    const failure = failures.get(chat_id);
    if (failure) {
      if (failure.times !== undefined && --failure.times <= 0) failures.delete(chat_id);
      const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      return fail(response, failure.error_code, failure.description, headers);
    }
    ok(response, { message_id: `m${calls.length}`, date: Date.now() });
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
      if (!match || match[1] !== token) return fail(response, 401, 'Unauthorized');
      const method = match[2]!;
      let body: Record<string, unknown>;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return fail(response, 400, 'Bad Request: malformed JSON');
      }
      calls.push({ method, body });
      switch (method) {
        case 'getMe':
          return ok(response, options.bot ?? DEFAULT_BOT);
        case 'getUpdates':
          // Webhook and getUpdates are exclusive; the real error code is not documented.
          if (webhookUrl) return fail(response, 409, 'Conflict: a webhook is set');
          if (updatesFailure) {
            const failure = updatesFailure;
            if (failure.times !== undefined && --failure.times <= 0) updatesFailure = undefined;
            return fail(
              response,
              failure.error_code,
              failure.description,
              failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) },
            );
          }
          return getUpdates(response, Number(body.timeout ?? 30));
        case 'setWebhook':
          if (typeof body.secret_token !== 'string' || body.secret_token.length < 8 || body.secret_token.length > 256) {
            return fail(response, 400, 'Bad Request: secret_token must be 8 to 256 characters');
          }
          webhookUrl = String(body.url);
          return ok(response, { url: webhookUrl, updated_at: Date.now() });
        case 'deleteWebhook':
          webhookUrl = '';
          return ok(response, { url: '', updated_at: Date.now() });
        case 'getWebhookInfo':
          return ok(response, { url: webhookUrl, updated_at: Date.now() });
        case 'sendMessage':
          return sendMessage(response, body);
        case 'sendChatAction':
          return ok(response, undefined);
        default:
          return fail(response, 404, 'Not Found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    calls,
    pushUpdate(update) {
      const [deliver] = waiting;
      if (deliver) deliver(update);
      else queue.push(update);
    },
    async waitForCalls(method, count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = calls.filter((call) => call.method === method);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          throw new Error(
            `Expected ${count} ${method} call(s) within ${timeoutMs} ms, got ${found.length}: ${JSON.stringify(calls.map((call) => call.method))}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    failChat(chatId, failure) {
      failures.set(chatId, { ...failure });
    },
    failUpdates(failure) {
      updatesFailure = { ...failure };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
