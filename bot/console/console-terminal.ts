/**
 * The terminal as a chat: lines typed after a prompt, messages printed between prompts without
 * breaking the line being typed (cleared, printed, prompted again with what was typed), buttons
 * shown as numbered choices, and a {@link Sender} whose sends print here: the demo cell's chat.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { SendError, type ReplyButton, type Sender } from '../../common/index.js';
import { choicesText } from './console-texts.js';

/** The terminal's side of the chat. */
export interface ConsoleTerminal {
  /** Sends to the terminal's chat (`console:<chatId>`): reminders and notices print here. */
  readonly sender: Sender;
  /**
   * Prints a message, its buttons as numbered choices (they replace the choices shown before; a
   * message without buttons leaves them); between prompts, the line being typed is kept.
   */
  show(text: string, buttons?: readonly (readonly ReplyButton[])[]): void;
  /** The button data of the choice typed ("2") among the choices shown last, if there are that many. */
  choice(typed: string): string | undefined;
  /** Takes the choices away (their buttons were closed, or the person typed something else). */
  closeChoices(): void;
  /** The lines typed, each after a prompt, until the end of input or Ctrl-C. */
  lines(): AsyncIterable<string>;
  /** Stops reading; later messages are still printed. */
  close(): void;
}

/** Where the terminal reads and writes, and the chat it is. */
export interface ConsoleTerminalOptions {
  input: Readable;
  output: Writable;
  /** The terminal's chat id: sends to another console chat fail. */
  chatId: string;
  /** @defaultValue '> ' */
  prompt?: string;
}

/** The longest message printed at once; longer ones are printed whole all the same (a terminal scrolls). */
const MAX_LENGTH = 100_000;

/** Opens the terminal chat over `input` and `output` (a TTY gets line editing; a pipe is read line by line). */
export function createConsoleTerminal({ input, output, chatId, prompt = '> ' }: ConsoleTerminalOptions): ConsoleTerminal {
  const tty = (input as { isTTY?: boolean }).isTTY === true;
  const reader = createInterface({ input, output, terminal: tty });
  reader.setPrompt(prompt);
  // Ctrl-C ends the chat as /thoat does.
  reader.on('SIGINT', () => reader.close());
  let closed = false;
  reader.on('close', () => (closed = true));
  /** True while a prompt waits for a line (not while one is being answered). */
  let prompting = false;
  let choices: ReplyButton[] = [];
  let sent = 0;

  function show(text: string, buttons?: readonly (readonly ReplyButton[])[]): void {
    const rows = buttons?.filter((row) => row.length > 0) ?? [];
    if (rows.length > 0) choices = rows.flat();
    const block = rows.length > 0 ? `${text}\n${choicesText(rows)}` : text;
    if (!prompting || closed) return void output.write(`\n${block}\n\n`);
    if (tty) {
      // Over the prompt line, then the prompt again with the words typed so far and the cursor where it was.
      clearLine(output, 0);
      cursorTo(output, 0);
      output.write(`${block}\n\n`);
      reader.prompt(true);
    } else {
      output.write(`\n${block}\n\n`);
      reader.prompt();
    }
  }

  return {
    sender: {
      name: 'console',
      capabilities: { maxLength: MAX_LENGTH, html: false, buttons: true, groups: false },
      async send(to, message) {
        if (to !== chatId) throw new SendError('permanent', `no console chat ${JSON.stringify(to)}: this terminal is ${JSON.stringify(chatId)}`);
        show(message.text, message.buttons);
        return { messageIds: [String(++sent)] };
      },
    },
    show,
    choice(typed) {
      const number = /^\d{1,2}$/u.test(typed) ? Number(typed) : 0;
      return number >= 1 ? choices[number - 1]?.data : undefined;
    },
    closeChoices() {
      choices = [];
    },
    async *lines() {
      if (!closed) {
        reader.prompt();
        prompting = true;
      }
      for await (const line of reader) {
        prompting = false;
        yield line;
        // Input that ended (a pipe) still has its buffered lines read, without prompts.
        if (closed) continue;
        reader.prompt();
        prompting = true;
      }
    },
    close() {
      prompting = false;
      reader.close();
    },
  };
}
