/** Channels through which members talk to the assistant. */
export { CONSOLE_GREETING, runConsoleChat, type ConsoleChatDeps } from './console-chat.js';
