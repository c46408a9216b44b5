import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Conversation } from './conversation.js';
import { renderPlain } from './render-plain.js';

/** Greeting shown when the terminal chat opens. */
export const CONSOLE_GREETING = [
  'Trợ lý chi bộ — hỏi đáp theo tài liệu.',
  'Gõ câu hỏi rồi nhấn Enter (có dấu hay không dấu đều được), ví dụ: "Đảng đoàn họp bao lâu một lần?"',
  'Gõ /trogiup để xem hướng dẫn, /thoat để kết thúc.',
].join('\n');

/** Where the terminal chat reads and writes. */
export interface ConsoleChatDeps {
  conversation: Conversation;
  input: Readable;
  output: Writable;
}

/**
 * Runs the conversation on a terminal, as a private chat, until /thoat or the end of input:
 * the same handlers and replies as Telegram and Zalo, rendered as plain text.
 */
export async function runConsoleChat({ conversation, input, output }: ConsoleChatDeps): Promise<void> {
  const terminal = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  output.write(`${CONSOLE_GREETING}\n\n`);
  try {
    terminal.setPrompt('Hỏi> ');
    terminal.prompt();
    for await (const line of terminal) {
      const text = line.trim();
      if (['/thoat', '/thoát', '/exit', '/quit'].includes(text.toLowerCase())) break;
      if (text) {
        const replies = await conversation.handleMessage({
          channel: 'console',
          chatId: 'terminal',
          chatType: 'private',
          userId: 'terminal',
          text,
          addressedToBot: true,
        });
        for (const reply of replies) output.write(`\n${renderPlain(reply)}\n\n`);
      }
      terminal.prompt();
    }
  } finally {
    terminal.close();
    output.write('Tạm biệt!\n');
  }
}
