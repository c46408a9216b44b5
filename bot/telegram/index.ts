/** The Telegram channel (grammY): receiving, rendering as HTML, and its send-only sender. */
export { escapeHtml, renderTelegram, TELEGRAM_MAX_LENGTH, type TelegramRendering } from './render-telegram.js';
export { createTelegramChannel, type TelegramChannelDeps } from './telegram-channel.js';
export { createTelegramSender, TELEGRAM_CAPABILITIES, type TelegramBotSender } from './telegram-sender.js';
