import type { ChatAddress } from './chat-types.js';
import { SendError, type Channel, type OutboundMessage } from './channel.js';

/** Sends to any chat by address (`telegram:<id>`, `zalo:<id>`): what reminders and broadcasts use. */
export interface Messenger {
  /** Sends a message; throws {@link SendError} saying whether and when to retry. */
  send(to: ChatAddress | string, message: OutboundMessage): Promise<void>;
}

/** A messenger over the running channels. An address of a channel that is not running is a permanent failure. */
export function createMessenger(channels: readonly Channel[]): Messenger {
  const byName = new Map(channels.map((channel) => [channel.name as string, channel]));
  return {
    async send(to, message) {
      const separator = to.indexOf(':');
      const channel = separator > 0 ? byName.get(to.slice(0, separator)) : undefined;
      const chatId = to.slice(separator + 1);
      if (!channel || !chatId) throw new SendError('permanent', `no running channel for the address ${JSON.stringify(to)}`);
      await channel.send(chatId, message);
    },
  };
}
