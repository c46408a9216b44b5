/** The Zalo Bot Platform channel, its send-only sender and its typed client (no SDK exists on npm). */
export { createZaloChannel, type ZaloChannelDeps } from './zalo-channel.js';
export { createZaloSender, ZALO_CAPABILITIES, type ZaloBotSender } from './zalo-sender.js';
export {
  ZALO_API_ROOT,
  ZaloApiError,
  ZaloClient,
  ZaloHttpError,
  type ZaloBotInfo,
  type ZaloChat,
  type ZaloClientOptions,
  type ZaloMessage,
  type ZaloSender,
  type ZaloSentMessage,
  type ZaloUpdate,
  type ZaloWebhookInfo,
} from './zalo-client.js';
