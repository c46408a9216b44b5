import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { AppError } from '../common/index.js';
import type { ChannelCapabilities, ChannelName, ReplyButton } from './chat-types.js';

/** A message the assistant sends on its own initiative (reminders, notices). */
export interface OutboundMessage {
  /** Plain text; each channel escapes and splits it for its platform. */
  text: string;
  buttons?: ReplyButton[][];
}

/** Why a send failed, as the senders (reminders, broadcasts) need to act on it. */
export type SendFailureKind =
  /** The platform asked us to slow down: retry after `retryAfterMs`. */
  | 'rate-limited'
  /** Never retry: the bot was blocked or removed, the chat is gone, the request is invalid. */
  | 'permanent'
  /** A network error or a server error: retry with backoff. */
  | 'retryable';

/** A send that failed, with what the platform said and what to do about it. */
export class SendError extends AppError {
  constructor(
    readonly kind: SendFailureKind,
    /** The platform's own words ("Forbidden: bot was kicked from the group chat"). */
    readonly reason: string,
    readonly retryAfterMs?: number,
    options: { cause?: unknown } = {},
  ) {
    super(`Send failed (${kind}): ${reason}`, { cause: options.cause, retryable: kind !== 'permanent' });
  }
}

/**
 * One chat platform: it receives members' messages (long polling or a webhook), hands them to
 * the conversation, renders the replies itself, and sends outbound messages for the workers.
 */
export interface Channel {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  /** Starts receiving: long polling, or registering the webhook when a public URL is set. */
  start(): Promise<void>;
  /** Stops receiving and waits for the replies being written. */
  stop(): Promise<void>;
  /** The webhook endpoint, for the HTTP server (reads the body, checks the secret, answers). */
  handleWebhook(request: HttpRequest, response: ServerResponse): Promise<void>;
  /** Sends a message to a chat; throws {@link SendError}. */
  send(chatId: string, message: OutboundMessage): Promise<void>;
}
