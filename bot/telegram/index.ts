/** The Telegram channel (grammY): receiving, rendering as HTML, sending. */
export { escapeHtml, renderTelegram, TELEGRAM_MAX_LENGTH, type TelegramRendering } from './render-telegram.js';
export { createTelegramChannel, type TelegramChannelDeps } from './telegram-channel.js';
