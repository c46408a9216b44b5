/**
 * The terminal as a full channel (`npm start` with no bot token): the person at the terminal is a
 * committee admin and the secretary of the demo cell, whose chat is the terminal; reminders and
 * notices print between prompts. The demo keeps its records and queues under its own key prefix.
 */
import type { Readable, Writable } from 'node:stream';
import type { AppConfig, Logger, Sender } from '../../common/index.js';
import type { Conversation } from '../conversation.js';
import type { WorkerScope } from '../start-workers.js';
import { runConsoleChat } from './console-chat.js';
import { createConsoleTerminal } from './console-terminal.js';
import { consoleGreeting, CONSOLE_REPLIES, type DemoState } from './console-texts.js';
import { DEMO_KEY_PREFIX, demoConfig, openDemoCell, TERMINAL_ID, TERMINAL_USER_NAME } from './demo-cell.js';

/** Where the terminal chat reads and writes, and what tests change. */
export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** The demo's key prefix (a test takes its own). @defaultValue 'pca-demo' */
  keyPrefix?: string;
  /** The clock of scheduling and reminders (a test moves it). @defaultValue () => new Date() */
  now?: () => Date;
}

/** The terminal channel, before it runs. */
export interface ConsoleChannel {
  /** Prints to the terminal: the messenger's sender of `console:` chats. */
  readonly sender: Sender;
  /** The demo's records, queues and clock, for what runs on Redis. */
  readonly scope: WorkerScope;
  /** The configuration the demo runs with: the person at the terminal is its committee admin. */
  config(config: AppConfig): AppConfig;
  /** Creates the demo cell on first run, once Redis answers; when the chat is already open, says that scheduling is on. */
  prepare(): Promise<void>;
  /** Greets and runs the chat until /thoat, Ctrl-C or the end of input. */
  run(conversation: Conversation): Promise<void>;
}

/** A meeting two minutes from now, reminded one minute before: the first thing to try. */
function meetingExample(now: Date, timeZone: string): string {
  const at = new Date(now.getTime() + 2 * 60_000);
  const parts = (date: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
  const when = parts(at);
  const today = parts(now);
  const day = when.day === today.day ? 'hôm nay' : `ngày ${when.day}/${when.month}`;
  return `/hop họp thử ${Number(when.hour)}h${when.minute} ${day} nhắc trước 1 phút`;
}

/** The Redis URL without its password, for the greeting. */
function shownUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/u, '//$1:***@');
}

/** Opens the terminal channel for `config` (its Redis URL and time zone). */
export function createConsoleChannel(options: ConsoleOptions, config: AppConfig, logger: Logger): ConsoleChannel {
  const terminal = createConsoleTerminal({ input: options.input, output: options.output, chatId: TERMINAL_ID });
  const prefix = options.keyPrefix ?? DEMO_KEY_PREFIX;
  const now = options.now ?? (() => new Date());
  let state: DemoState = { kind: 'no-redis', redisUrl: shownUrl(config.redisUrl) };
  let running = false;
  return {
    sender: terminal.sender,
    // Console chats go to the first broadcast queue (every address but Zalo's does): this process works it for the demo.
    scope: { prefix, now, platforms: ['telegram'] },
    config: demoConfig,
    async prepare() {
      const { cell, created } = await openDemoCell(config.redisUrl, prefix);
      state = { kind: created ? 'created' : 'existing', cellName: cell.name };
      if (running) terminal.show(CONSOLE_REPLIES.redisConnected(cell.name));
    },
    async run(conversation) {
      running = true;
      await runConsoleChat({
        conversation,
        terminal,
        greeting: consoleGreeting(state, meetingExample(now(), config.timezone)),
        person: { chatId: TERMINAL_ID, userId: TERMINAL_ID, userName: TERMINAL_USER_NAME },
        logger,
      });
    },
  };
}
