/**
 * Sending to Zalo chats without receiving, as the workers need it: plain text in parts of at most
 * 2000 characters, each drawn from the bot's send budget first; a 429 is counted by kind.
 */
import { createSendGate, SendError, type ChannelCapabilities, type Sender, type SendGate } from '../../common/index.js';
import { splitMessage } from '../split-message.js';
import { ZaloApiError, ZaloClient, ZaloHttpError, type ZaloSentMessage } from './zalo-client.js';

/** What Zalo messages can show. */
export const ZALO_CAPABILITIES: ChannelCapabilities = { maxLength: 2000, html: false, buttons: false, groups: true };

/** A Zalo sender, with the client it sends through (the channel also receives with it). */
export interface ZaloBotSender extends Sender {
  readonly client: ZaloClient;
  /** The bot's send budget and 429 counts, shared with the channel's replies. */
  readonly gate: SendGate;
}

/** How a failed send should be handled by the workers. */
function toSendError(error: unknown): SendError {
  if (error instanceof ZaloApiError) {
    if (error.error_code === 429) return new SendError('rate-limited', error.description, error.retryAfterMs ?? 1000, { cause: error });
    const kind = error.error_code >= 500 || error.error_code === 408 ? 'retryable' : 'permanent';
    return new SendError(kind, error.description, undefined, { cause: error });
  }
  return new SendError('retryable', error instanceof ZaloHttpError ? error.reason : String(error), undefined, { cause: error });
}

/** Creates a sender for the bot with `token` (at `apiRoot`, a fake Bot API in tests), sending through `gate`. @defaultValue gate: no budget, nothing counted */
export function createZaloSender({ token, apiRoot, gate }: { token: string; apiRoot?: string; gate?: SendGate }): ZaloBotSender {
  const client = new ZaloClient(token, { apiRoot });
  const sendGate = gate ?? createSendGate({ platform: 'zalo' });
  return {
    name: 'zalo',
    capabilities: ZALO_CAPABILITIES,
    client,
    gate: sendGate,
    async send(chatId, message) {
      const parts = splitMessage(message.text, ZALO_CAPABILITIES.maxLength);
      if (parts.length === 0) throw new SendError('permanent', 'the message is empty');
      const kind = message.kind ?? 'report';
      const messageIds: string[] = [];
      for (const text of parts) {
        const sent: Partial<ZaloSentMessage> | undefined = await sendGate.pass(kind, () =>
          client.sendMessage({ chat_id: chatId, text }).catch((error: unknown) => {
            const failure = toSendError(error);
            if (failure.kind === 'rate-limited')
              sendGate.rateLimited(kind, { chat: `zalo:${chatId}`, retryAfterMs: failure.retryAfterMs, description: failure.reason });
            throw failure;
          }),
        );
        // The answer is not checked against a schema: an id missing from it is simply not known.
        if (sent?.message_id !== undefined) messageIds.push(String(sent.message_id));
      }
      return { messageIds };
    },
  };
}
