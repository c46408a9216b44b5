/**
 * The chat loop of the terminal: each line typed goes to the conversation as a message of the
 * terminal's person in the terminal's chat (the same handlers and replies as Telegram and Zalo,
 * rendered as plain text); a number presses a button of the choices shown last; `/themtailieu <path>`
 * sends a file from this machine as a member sends one in a chat; /thoat or the end of input ends it.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../../common/index.js';
import { repliesFirst } from '../after-replies.js';
import type { Attachment, IncomingMessage, Reply } from '../chat-types.js';
import { readCommand } from '../command-words.js';
import { feedbackData, type Conversation } from '../conversation.js';
import { renderPlain } from '../render-plain.js';
import type { ConsoleTerminal } from './console-terminal.js';
import { CONSOLE_REPLIES } from './console-texts.js';

/** What the terminal chat runs with. */
export interface ConsoleChatDeps {
  conversation: Conversation;
  terminal: ConsoleTerminal;
  /** Printed first. */
  greeting: string;
  /** Who types here: the terminal's chat id and user id on the `console` channel, and how they are called. */
  person: { chatId: string; userId: string; userName: string };
  /** Work deferred until the replies are printed (a notice queued) logs its failures here. */
  logger: Logger;
}

/** Typed to end the chat. */
const EXIT_WORDS = new Set(['/thoat', '/thoát', '/exit', '/quit']);

/** The terminal-only command that sends a file by its path. */
const ADD_FILE = 'themtailieu';

/** A path as typed: quotes taken off, `~` for the home folder, relative to the working folder. */
function resolvePath(typed: string): string {
  const bare = typed.trim().replace(/^(["'])(.*)\1$/u, '$2');
  return path.resolve(bare === '~' || bare.startsWith('~/') ? path.join(homedir(), bare.slice(1)) : bare);
}

/** A file on this machine as an attachment; undefined when it cannot be read. */
async function fileAttachment(file: string): Promise<Attachment | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { name: path.basename(file), size: info.size, download: () => readFile(file) };
}

/** Runs the chat until /thoat, Ctrl-C or the end of input; says goodbye. */
export async function runConsoleChat({ conversation, terminal, greeting, person, logger }: ConsoleChatDeps): Promise<void> {
  const message = (fields: Partial<IncomingMessage>): IncomingMessage => ({
    channel: 'console',
    chatId: person.chatId,
    chatType: 'private',
    userId: person.userId,
    userName: person.userName,
    addressedToBot: true,
    ...fields,
  });

  function print(replies: readonly Reply[]): void {
    for (const reply of replies) {
      const buttons =
        reply.kind === 'text'
          ? reply.buttons
          : reply.kind === 'answer' && reply.feedbackId
            ? [
                [
                  { label: '👍', data: feedbackData(reply.feedbackId, 'up') },
                  { label: '👎', data: feedbackData(reply.feedbackId, 'down') },
                ],
              ]
            : undefined;
      terminal.show(renderPlain(reply), buttons);
    }
  }

  async function answer(text: string): Promise<void> {
    const pressed = terminal.choice(text);
    if (pressed) {
      const result = await conversation.handleButton({
        channel: 'console',
        chatId: person.chatId,
        userId: person.userId,
        userName: person.userName,
        data: pressed,
      });
      if (result.closeButtons) terminal.closeChoices();
      if (result.notice) terminal.show(CONSOLE_REPLIES.notice(result.notice));
      return print(result.replies ?? []);
    }
    // Anything else typed moves on from the choices shown: a number now answers what comes next (a numbered list).
    terminal.closeChoices();
    const command = readCommand(text, new Set([ADD_FILE]));
    if (command?.name === ADD_FILE) {
      if (!command.args) return terminal.show(CONSOLE_REPLIES.addFileUsage);
      const attachment = await fileAttachment(resolvePath(command.args));
      if (!attachment) return terminal.show(CONSOLE_REPLIES.fileMissing(command.args));
      return print(await conversation.handleMessage(message({ attachment })));
    }
    print(await conversation.handleMessage(message({ text })));
  }

  terminal.show(greeting);
  try {
    for await (const line of terminal.lines()) {
      const text = line.trim();
      if (EXIT_WORDS.has(text.toLowerCase())) break;
      // As in a channel: what a command defers (a notice queued) runs once its replies are printed.
      if (text) await repliesFirst(() => answer(text), logger);
    }
  } finally {
    terminal.close();
    terminal.show(CONSOLE_REPLIES.goodbye);
  }
}
