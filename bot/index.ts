/** Channels through which members talk to the assistant, and the application wiring. */
export type { Channel } from './channel.js';
export { createCellCommands, unavailableCellCommands, type CellCommandOptions } from './cell-commands/index.js';
export type { ChatCommands } from './chat-commands.js';
export { createChatMemory, type ChatMemory } from './chat-memory.js';
export type { Attachment, ButtonPress, ButtonResult, IncomingMessage, Reply } from './chat-types.js';
export {
  CONSOLE_REPLIES,
  createConsoleChannel,
  DEMO_CELL_NAME,
  DEMO_KEY_PREFIX,
  resetDemo,
  type ConsoleChannel,
  type ConsoleOptions,
} from './console/index.js';
export { createConversation, feedbackData, type Conversation, type ConversationDeps } from './conversation.js';
export { createApp, createWorkerApp, type App, type AppDeps, type WorkerApp } from './create-app.js';
export { createFileFeedbackStore, type FeedbackRecord, type FeedbackStore, type FileFeedbackOptions } from './feedback-store.js';
export { COMMAND_MENU, HELP_TEXT, REPLIES } from './help-texts.js';
export { createHttpServer, type HttpServer, type HttpServerDeps } from './http-server.js';
export { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
export { renderPlain } from './render-plain.js';
export { splitMessage } from './split-message.js';
export { createTelegramChannel, createTelegramSender, type TelegramChannelDeps } from './telegram/index.js';
export { createZaloChannel, createZaloSender, ZaloApiError, ZaloClient, ZaloHttpError, type ZaloChannelDeps } from './zalo/index.js';
