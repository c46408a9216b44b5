/** The terminal as a chat channel: the demo cell, the chat loop, the terminal's sender. */
export { createConsoleChannel, type ConsoleChannel, type ConsoleOptions } from './console-channel.js';
export { DEMO_CELL_NAME, DEMO_KEY_PREFIX, resetDemo, TERMINAL_CHAT, TERMINAL_PERSON } from './demo-cell.js';
export { CONSOLE_REPLIES } from './console-texts.js';
