/**
 * Sending to Telegram chats without receiving: grammY's `Api` alone, as the workers need it. Each
 * message draws from the bot's send budget first (through its gate); a 429 is counted by kind. It
 * has no auto-retry: the workers must see every 429 to pause all their sending, and decide
 * themselves when to try again.
 */
import { Api, GrammyError } from 'grammy';
import { createSendGate, SendError, type ChannelCapabilities, type Sender, type SendGate } from '../../common/index.js';
import { renderTelegram, TELEGRAM_MAX_LENGTH, type TelegramRendering } from './render-telegram.js';

/** What Telegram messages can show. */
export const TELEGRAM_CAPABILITIES: ChannelCapabilities = { maxLength: TELEGRAM_MAX_LENGTH, html: true, buttons: true, groups: true };

/** A Telegram sender, with the API it sends through (the channel also uses it for typing, files and the menu). */
export interface TelegramBotSender extends Sender {
  readonly api: Api;
  /** The bot's send budget and 429 counts, shared with the channel's replies. */
  readonly gate: SendGate;
}

/** The messages of a rendering, the keyboard under the last one. */
export function messagesOf({ html, keyboard }: TelegramRendering) {
  return html.map((part, index) => ({ html: part, keyboard: index === html.length - 1 ? keyboard : undefined }));
}

/** Options of every message the assistant writes: HTML, no link previews. */
export const HTML_OPTIONS = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** What a failed send means for the workers: wait (429), give up (blocked, gone, invalid) or retry. */
function toSendError(error: unknown): SendError {
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after;
      return new SendError('rate-limited', error.description, seconds === undefined ? undefined : seconds * 1000, { cause: error });
    }
    return new SendError(error.error_code >= 500 ? 'retryable' : 'permanent', error.description, undefined, { cause: error });
  }
  // An HttpError: the network failed before Telegram could answer.
  return new SendError('retryable', error instanceof Error ? error.message : String(error), undefined, { cause: error });
}

/** Creates a sender for the bot with `token` (at `apiRoot`, a fake Bot API in tests), sending through `gate`. @defaultValue gate: no budget, nothing counted */
export function createTelegramSender({ token, apiRoot, gate }: { token: string; apiRoot?: string; gate?: SendGate }): TelegramBotSender {
  const api = new Api(token, { apiRoot });
  const sendGate = gate ?? createSendGate({ platform: 'telegram' });
  return {
    name: 'telegram',
    capabilities: TELEGRAM_CAPABILITIES,
    api,
    gate: sendGate,
    async send(chatId, message) {
      const messages = messagesOf(renderTelegram({ kind: 'text', text: message.text, buttons: message.buttons }));
      if (messages.length === 0) throw new SendError('permanent', 'message text is empty');
      const kind = message.kind ?? 'report';
      const messageIds: string[] = [];
      for (const part of messages) {
        const sent = await sendGate.pass(kind, () =>
          api.sendMessage(chatId, part.html, { ...HTML_OPTIONS, reply_markup: part.keyboard }).catch((error: unknown) => {
            const failure = toSendError(error);
            if (failure.kind === 'rate-limited')
              sendGate.rateLimited(kind, { chat: `telegram:${chatId}`, retryAfterMs: failure.retryAfterMs, description: failure.reason });
            throw failure;
          }),
        );
        messageIds.push(String(sent.message_id));
      }
      return { messageIds };
    },
  };
}
