/**
 * A small typed client of the Zalo Bot Platform API (`<apiRoot>/bot<TOKEN>/<method>`, JSON over
 * POST, answers `{ ok, result, error_code, description }`). There is no maintained SDK on npm.
 */
import { z } from 'zod';
import { AppError } from '../../common/index.js';

/** The platform's public address. */
export const ZALO_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** The bot's own account, as getMe describes it. */
export interface ZaloBotInfo {
  id: string;
  /** The account's handle, e.g. "bot.VDKyGxQvc". */
  account_name?: string;
  /** The name members see; not in the published sample, read when present. */
  display_name?: string;
  account_type?: string;
  can_join_groups?: boolean;
}

/** An id as the platform writes it: a string, or in some payloads a number; read as a string. */
const id = z.union([z.string().min(1), z.number()]).transform(String);

/** A member who wrote a message. */
export const zaloSenderSchema = z.object({
  id,
  /** The documented sample says `first_name`; live payloads say `display_name`. */
  display_name: z.string().optional(),
  first_name: z.string().optional(),
  is_bot: z.boolean().optional(),
});

/** A conversation: a member's private chat with the bot, or a group. */
export const zaloChatSchema = z.object({
  id,
  /** "PRIVATE" or "GROUP". */
  chat_type: z.string().optional(),
});

/** A message as the platform reports it. */
export const zaloMessageSchema = z.object({
  message_id: id.optional(),
  /** Milliseconds since the epoch. */
  date: z.number().optional(),
  from: zaloSenderSchema.optional(),
  chat: zaloChatSchema,
  /** Present for text messages only. */
  text: z.string().optional(),
});

/** One update, from getUpdates or a webhook call; what the channel does not read is ignored. */
export const zaloUpdateSchema = z.object({
  /** e.g. message.text.received, message.image.received, message.sticker.received, message.unsupported.received. */
  event_name: z.string().optional(),
  message: zaloMessageSchema.optional(),
});

/** A member who wrote a message. */
export type ZaloSender = z.infer<typeof zaloSenderSchema>;
/** A conversation. */
export type ZaloChat = z.infer<typeof zaloChatSchema>;
/** A message as the platform reports it. */
export type ZaloMessage = z.infer<typeof zaloMessageSchema>;
/** One update, from getUpdates or a webhook call. */
export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;

/** The webhook registration (setWebhook, deleteWebhook, getWebhookInfo). */
export interface ZaloWebhookInfo {
  /** Empty when no webhook is set. */
  url: string;
  updated_at?: number;
}

/** A message the bot sent. */
export interface ZaloSentMessage {
  message_id: string;
  date?: number;
}

/** Options of {@link ZaloClient}. */
export interface ZaloClientOptions {
  /** Root of the API, without the `/bot<TOKEN>` part. @defaultValue {@link ZALO_API_ROOT} */
  apiRoot?: string;
  /** Time allowed for one request, beyond the long-polling wait of getUpdates. @defaultValue 15000 */
  timeoutMs?: number;
}

/** Zalo answered a call with an error (`ok: false`, or an HTTP error status). */
export class ZaloApiError extends AppError {
  constructor(
    /** The API method called, e.g. "sendMessage". */
    readonly method: string,
    /** The platform's error code (the HTTP status when the body gave none). */
    readonly error_code: number,
    /** The platform's own words. */
    readonly description: string,
    /** How long the platform asked to wait, from a `Retry-After` header. */
    readonly retryAfterMs?: number,
  ) {
    super(`Zalo ${method} failed (${error_code}): ${description}`, { retryable: error_code === 429 || error_code >= 500 });
  }
}

/**
 * The request to Zalo failed before an answer came: network error, timeout or abort. It carries
 * the causes' messages with the token blanked out, not the causes themselves.
 */
export class ZaloHttpError extends AppError {
  constructor(
    readonly method: string,
    /** What failed, e.g. "fetch failed: connect ECONNREFUSED 127.0.0.1:9". */
    readonly reason: string,
  ) {
    super(`Network error calling Zalo ${method}: ${reason}`, { retryable: true });
  }
}

interface ZaloAnswer {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
}

/** The Zalo Bot API of one bot. The token stays out of every error message. */
export class ZaloClient {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly token: string,
    options: ZaloClientOptions = {},
  ) {
    if (!token) throw new RangeError('ZaloClient: the bot token is empty');
    this.base = (options.apiRoot ?? ZALO_API_ROOT).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** Checks the token and describes the bot. */
  getMe(): Promise<ZaloBotInfo> {
    return this.call('getMe', {});
  }

  /**
   * Waits up to `timeout` seconds for the next update (long polling). Resolves undefined when the
   * wait ended with nothing (the platform's 408 "Request timeout" answer, or an empty result).
   */
  async getUpdates(params: { timeout: number }, signal?: AbortSignal): Promise<ZaloUpdate | undefined> {
    try {
      // The documentation types `timeout` as a string of seconds.
      const update = await this.call<ZaloUpdate | null | undefined>(
        'getUpdates',
        { timeout: String(params.timeout) },
        {
          signal,
          waitMs: params.timeout * 1000,
        },
      );
      return update ?? undefined;
    } catch (error) {
      if (error instanceof ZaloApiError && error.error_code === 408) return undefined;
      throw error;
    }
  }

  /** Sends updates to `url` (HTTPS) with the header `X-Bot-Api-Secret-Token: <secret_token>` (8-256 characters). */
  setWebhook(params: { url: string; secret_token: string }): Promise<ZaloWebhookInfo> {
    return this.call('setWebhook', params);
  }

  /** Removes the webhook, so that getUpdates works. */
  deleteWebhook(): Promise<ZaloWebhookInfo> {
    return this.call('deleteWebhook', {});
  }

  /** The current webhook registration. */
  getWebhookInfo(): Promise<ZaloWebhookInfo> {
    return this.call('getWebhookInfo', {});
  }

  /** Sends a text of 1 to 2000 characters. */
  sendMessage(params: { chat_id: string; text: string }): Promise<ZaloSentMessage> {
    return this.call('sendMessage', params);
  }

  /** Shows a passing status in the chat, e.g. "typing". */
  async sendChatAction(params: { chat_id: string; action: 'typing' | 'upload_photo' }): Promise<void> {
    await this.call('sendChatAction', params);
  }

  private async call<T>(method: string, body: object, options: { signal?: AbortSignal; waitMs?: number } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs + (options.waitMs ?? 0));
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.base}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      throw new ZaloHttpError(method, this.hideToken(causeChain(error)));
    }
    const answer = parseAnswer(text);
    if (response.ok && answer?.ok === true) return answer.result as T;
    const code = answer?.error_code ?? response.status;
    const description = answer?.description ?? `HTTP ${response.status} ${response.statusText}${answer ? '' : ', not a JSON answer'}`;
    throw new ZaloApiError(method, code, this.hideToken(description), retryAfter(response.headers.get('retry-after')));
  }

  private hideToken(text: string): string {
    return text.replaceAll(this.token, '***');
  }
}

/** The messages of an error and its causes, joined. */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current !== undefined && messages.length < 5; current = current instanceof Error ? current.cause : undefined) {
    messages.push(current instanceof Error ? current.message : typeof current === 'string' ? current : JSON.stringify(current));
  }
  return messages.join(': ');
}

function parseAnswer(text: string): ZaloAnswer | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A `Retry-After` header in seconds, as milliseconds. */
function retryAfter(header: string | null): number | undefined {
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
