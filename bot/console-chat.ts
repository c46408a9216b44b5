import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { formatAnswerText, type KnowledgeBase } from '../knowledge/index.js';

/** Greeting shown when the terminal chat opens. */
export const CONSOLE_GREETING = [
  'Trợ lý chi bộ — hỏi đáp theo tài liệu.',
  'Gõ câu hỏi rồi nhấn Enter (có dấu hay không dấu đều được), ví dụ: "Đảng đoàn họp bao lâu một lần?"',
  'Gõ /thoat để kết thúc.',
].join('\n');

/** Where the terminal chat reads and writes. */
export interface ConsoleChatDeps {
  knowledge: KnowledgeBase;
  input: Readable;
  output: Writable;
}

/** Runs a question-and-answer chat on a terminal until /thoat or the end of input. */
export async function runConsoleChat({ knowledge, input, output }: ConsoleChatDeps): Promise<void> {
  const terminal = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  output.write(`${CONSOLE_GREETING}\n\n`);
  try {
    terminal.setPrompt('Hỏi> ');
    terminal.prompt();
    for await (const line of terminal) {
      const question = line.trim();
      if (['/thoat', '/thoát', '/exit', '/quit'].includes(question.toLowerCase())) break;
      if (question) output.write(`\n${formatAnswerText(await knowledge.ask(question))}\n\n`);
      terminal.prompt();
    }
  } finally {
    terminal.close();
    output.write('Tạm biệt!\n');
  }
}
