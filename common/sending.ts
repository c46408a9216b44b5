/**
 * The sending contract, shared by the side that sends on its own initiative (reminders, notices in
 * `jobs/`) and the channels that implement it (`bot/`): addresses, outbound messages, why a send
 * failed, and a messenger that sends to any chat by address. Neither side imports the other.
 */
import { AppError } from './errors.js';

/** The channels the assistant talks through. */
export type ChannelName = 'telegram' | 'zalo' | 'console';

/** A chat address across channels: `telegram:<id>`, `zalo:<id>`, `console:<id>`. */
export type ChatAddress = `${ChannelName}:${string}`;

/** The address of a chat. */
export function chatAddress(channel: ChannelName, chatId: string): ChatAddress {
  return `${channel}:${chatId}`;
}

/** A chat address that is not `telegram:<chat_id>` or `zalo:<chat_id>`. */
export class InvalidChatError extends AppError {
  constructor(readonly received: string) {
    super(`Invalid chat ${JSON.stringify(received)}: expected telegram:<chat_id> or zalo:<chat_id>`);
  }
}

/** Telegram and Zalo chats, and the terminal's own chat (`console:<id>`, served only by the process that runs it). */
const CHAT_PATTERN = /^(?:telegram|zalo|console):[^\s:]+$/u;

/** Throws {@link InvalidChatError} unless `chat` is `telegram:<chat_id>`, `zalo:<chat_id>` or a terminal's `console:<id>`. */
export function checkChatAddress(chat: string): void {
  if (!CHAT_PATTERN.test(chat)) throw new InvalidChatError(chat);
}

/** A button under a message: `data` comes back when it is pressed. */
export interface ReplyButton {
  label: string;
  data: string;
}

/** What a platform can show; the renderers adapt to it. */
export interface ChannelCapabilities {
  /** Longest message the platform accepts, in characters. */
  maxLength: number;
  html: boolean;
  buttons: boolean;
  groups: boolean;
}

/**
 * What an outgoing message is, for the bot's one send budget (see send-budget.ts): answers and
 * button replies first, then reminders and delivery reports, then notices with what is left.
 */
export type SendKind = 'answer' | 'reminder' | 'report' | 'notice';

/** A message the assistant sends on its own initiative (reminders, notices). */
export interface OutboundMessage {
  /** Plain text; each channel escapes and splits it for its platform. */
  text: string;
  /** Rows of buttons; dropped where the platform has none. */
  buttons?: ReplyButton[][];
  /** What the message is, for the send budget and the 429 counts. @defaultValue 'report' (one message on the assistant's own initiative) */
  kind?: SendKind;
}

/** What a platform says of a message it took: the ids its parts got, so that a member's reply to one can be traced back. */
export interface SentMessage {
  /** The platform's ids of the messages sent, one per part of a long text, in order; empty where the platform gives none. */
  messageIds: string[];
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

/** Sends to one platform's chats, as grammY's `Api` does beside its `Bot`: no receiving. */
export interface Sender {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  /** Sends a message to a chat; throws {@link SendError}. */
  send: (chatId: string, message: OutboundMessage) => Promise<SentMessage>;
}

/** Sends to any chat by address (a {@link ChatAddress} such as `telegram:<id>`, as stored): what reminders and notices use. */
export interface Messenger {
  /** Sends a message; throws {@link SendError} saying whether and when to retry. */
  send(to: string, message: OutboundMessage): Promise<SentMessage>;
  /** Whether the chat's platform shows buttons (false for an address of no running sender). */
  hasButtons(to: string): boolean;
}

/** A messenger over senders. An address of a platform without a sender is a permanent failure. */
export function createMessenger(senders: readonly Sender[]): Messenger {
  const byName = new Map<string, Sender>(senders.map((sender) => [sender.name, sender]));
  const route = (to: string) => {
    const separator = to.indexOf(':');
    return { sender: separator > 0 ? byName.get(to.slice(0, separator)) : undefined, chatId: to.slice(separator + 1) };
  };
  return {
    async send(to, message) {
      const { sender, chatId } = route(to);
      if (!sender || !chatId) throw new SendError('permanent', `no running channel for the address ${JSON.stringify(to)}`);
      return sender.send(chatId, message);
    },
    hasButtons: (to) => route(to).sender?.capabilities.buttons ?? false,
  };
}

/** A messenger that marks every message without a kind as `kind` (a reminder worker's messages as reminders). */
export function withSendKind(messenger: Messenger, kind: SendKind): Messenger {
  return {
    send: (to, message) => messenger.send(to, { kind, ...message }),
    hasButtons: (to) => messenger.hasButtons(to),
  };
}
