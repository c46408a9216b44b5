/** The Zalo Bot Platform channel and its typed client (no SDK exists on npm). */
export { createZaloChannel, ZALO_CAPABILITIES, type ZaloChannelDeps } from './zalo-channel.js';
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
