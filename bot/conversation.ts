import { randomBytes } from 'node:crypto';
import { BoundedMap, type Logger, type Metrics } from '../common/index.js';
import type { Answer, KnowledgeBase } from '../knowledge/index.js';
import type { ChatCommands } from './chat-commands.js';
import { chatAddress } from '../common/index.js';
import type { Attachment, ButtonPress, ButtonResult, IncomingMessage, Reply } from './chat-types.js';
import type { ChatMemory } from './chat-memory.js';
import { readCommand, slashlessCommand } from './command-words.js';
import type { FeedbackStore } from './feedback-store.js';
import { HELP_TEXT, REPLIES } from './help-texts.js';
import { RateLimiter } from './rate-limiter.js';
import { smallTalk } from './small-talk.js';

/** What the conversation needs. */
export interface ConversationDeps {
  knowledge: Pick<KnowledgeBase, 'ask'>;
  logger: Logger;
  feedback?: FeedbackStore;
  /** Questions per user per minute. @defaultValue a RateLimiter of 10 a minute */
  rateLimiter?: RateLimiter;
  /** Other commands (/trogiup, /nguon, /lich...) per user per minute. @defaultValue a RateLimiter of 20 a minute */
  commandLimiter?: RateLimiter;
  /** Button presses per user per minute. @defaultValue a RateLimiter of 30 a minute */
  buttonLimiter?: RateLimiter;
  /** Chats whose last answer is remembered for /nguon and votes. @defaultValue 10000 */
  remembered?: number;
  /** Further commands (scheduling, cells, attendance). */
  commands?: readonly ChatCommands[];
  /** Where questions and answer times are counted. */
  metrics?: Metrics;
  /** Each chat's recent exchanges, for follow-up questions. */
  memory?: ChatMemory;
}

/** The channel-agnostic conversation: one message in, the replies out. */
export interface Conversation {
  /** The replies to a message (none for group chatter not addressed to the bot). */
  handleMessage(message: IncomingMessage): Promise<Reply[]>;
  /** Handles a pressed button: the notice to show and the messages to post. */
  handleButton(press: ButtonPress): Promise<ButtonResult>;
}

const FEEDBACK = /^fb:([a-f0-9]{12}):(up|down)$/;
/** Commands answered here, besides /hoi (/ask). */
const BUILT_IN = new Set(['start', 'trogiup', 'help', 'nguon']);

/** Button data of a vote on an answer. */
export function feedbackData(feedbackId: string, vote: 'up' | 'down'): string {
  return `fb:${feedbackId}:${vote}`;
}

interface Remembered {
  question: string;
  answer: Answer;
  chat: string;
  /** Users who voted on this answer: one vote each. */
  voters?: Set<string>;
}

/**
 * Creates the conversation: in a private chat any text is a question; in a group only /hoi
 * (/ask), a mention or a reply to the bot. Commands are read as typed on phone keyboards ("/họp",
 * "/thông báo", see command-words.ts); a greeting, thanks or "dạ vâng" gets a short reply
 * (small-talk.ts), and in a private chat a scheduling command typed without its slash gets a hint.
 * A reply to the bot's reminder or notice goes to the commands that sent it (an attendance answer,
 * an acknowledgement; see `ChatCommands.handleText`); a reply to an answer is a follow-up question.
 * /start and /trogiup (/help) explain, /nguon shows the last answer's sources. Each user may ask a
 * limited number of questions, send a limited number of other commands and press a limited number
 * of buttons a minute: a flood is warned once, then refused in silence until the window frees.
 * Each user votes once on an answer, from its chat.
 */
export function createConversation(deps: ConversationDeps): Conversation {
  const limiter = deps.rateLimiter ?? new RateLimiter();
  const commandLimiter = deps.commandLimiter ?? new RateLimiter({ limit: 20 });
  const buttonLimiter = deps.buttonLimiter ?? new RateLimiter({ limit: 30 });
  const lastAnswers = new BoundedMap<string, Remembered>(deps.remembered ?? 10_000);
  const votable = new BoundedMap<string, Remembered>(deps.remembered ?? 10_000);

  /** Counts one use by the sender: undefined when allowed, else the seconds to wait (warn once), then 'silent'. */
  function overLimit(rateLimiter: RateLimiter, kind: string, sender: { channel: string; userId: string }): number | 'silent' | undefined {
    const user = `${sender.channel}:${sender.userId}`;
    const { wait, warn } = rateLimiter.attempt(user);
    if (wait === 0) return undefined;
    if (warn) return Math.ceil(wait / 1000);
    deps.logger.debug({ user, kind }, 'Over the limit again: no reply');
    return 'silent';
  }

  async function answer(message: IncomingMessage, question: string): Promise<Reply[]> {
    const wait = overLimit(limiter, 'question', message);
    if (wait !== undefined) return wait === 'silent' ? [] : [{ kind: 'text', text: REPLIES.tooFast(wait) }];
    const chat = chatAddress(message.channel, message.chatId);
    const timer = deps.metrics?.answerSeconds.startTimer();
    try {
      // Each person's own exchanges in this chat: in a group, one member's words never steer another's question.
      // Without the memory (Redis down) the question simply stands alone.
      const thread = `${chat}:${message.userId}`;
      const history = (await deps.memory?.history(thread).catch(() => undefined)) ?? [];
      const result = await deps.knowledge.ask(question, { history });
      if (result.grounded) void deps.memory?.remember(thread, { question, answer: result.answer }).catch(() => undefined);
      timer?.();
      deps.metrics?.questions.inc({ outcome: result.grounded ? 'answered' : 'refused' });
      const remembered = { question, answer: result, chat };
      lastAnswers.set(chat, remembered);
      if (!result.grounded) return [{ kind: 'answer', answer: result }];
      const feedbackId = randomBytes(6).toString('hex');
      votable.set(feedbackId, remembered);
      return [{ kind: 'answer', answer: result, feedbackId }];
    } catch (error) {
      deps.metrics?.questions.inc({ outcome: 'failed' });
      deps.logger.error({ err: error, chat }, 'Answering a question failed');
      return [{ kind: 'text', text: REPLIES.failure }];
    }
  }

  const extensions = deps.commands ?? [];

  /**
   * A message to the assistant (or the text of /hoi): small talk gets a short reply, a private
   * message that reads like a scheduling command without its slash (`hint`) the command to type,
   * anything else is a question. The short replies count as commands; over that limit they are not sent.
   */
  async function converse(message: IncomingMessage, text: string, known: ReadonlySet<string>, hint: boolean): Promise<Reply[]> {
    const talk = smallTalk(text);
    const suggested = !talk && hint ? slashlessCommand(text) : undefined;
    if (!talk && !(suggested && known.has(suggested))) return answer(message, text);
    if (overLimit(commandLimiter, 'chat', message) !== undefined) return [];
    return [{ kind: 'text', text: talk ? REPLIES.smallTalk[talk] : REPLIES.slashlessCommand(suggested!) }];
  }

  /** Runs a further command; a failure (Redis gone, a bug) becomes a polite reply. */
  async function runCommand(commands: ChatCommands, name: string, args: string, message: IncomingMessage): Promise<Reply[]> {
    try {
      return await commands.handle(name, args, message);
    } catch (error) {
      deps.logger.error({ err: error, command: name, chat: chatAddress(message.channel, message.chatId) }, 'A command failed');
      return [{ kind: 'text', text: REPLIES.commandFailure }];
    }
  }

  /**
   * Offers a message that is no command to the commands that may await it (a reply to their
   * reminder or notice, a number they asked for); undefined when none takes it. When they fail
   * (Redis gone) the message is read as it would be without them: a question, or group chatter.
   */
  async function takeText(message: IncomingMessage, text: string): Promise<Reply[] | undefined> {
    for (const commands of extensions) {
      try {
        const replies = await commands.handleText?.(message, text);
        if (replies) return replies;
      } catch (error) {
        deps.logger.error({ err: error, chat: chatAddress(message.channel, message.chatId) }, 'Reading a reply to the bot failed');
        return undefined;
      }
    }
    return undefined;
  }

  /** Runs a file's handler; a failure becomes a polite reply. */
  async function runAttachment(commands: ChatCommands, message: IncomingMessage & { attachment: Attachment }): Promise<Reply[]> {
    try {
      return (await commands.handleAttachment?.(message)) ?? [];
    } catch (error) {
      deps.logger.error({ err: error, file: message.attachment.name }, 'Handling a file failed');
      return [{ kind: 'text', text: REPLIES.commandFailure }];
    }
  }

  async function vote(press: ButtonPress, match: RegExpExecArray): Promise<ButtonResult> {
    const remembered = votable.get(match[1]!);
    // An answer forgotten, or one given in another chat (a forged press), takes no vote.
    if (!remembered || remembered.chat !== chatAddress(press.channel, press.chatId)) return { notice: REPLIES.feedbackExpired };
    const user = `${press.channel}:${press.userId}`;
    remembered.voters ??= new Set();
    if (remembered.voters.has(user)) return { notice: REPLIES.alreadyVoted };
    remembered.voters.add(user);
    try {
      await deps.feedback?.record({
        at: new Date().toISOString(),
        chat: remembered.chat,
        user,
        vote: match[2] as 'up' | 'down',
        question: remembered.question,
        answer: remembered.answer.answer,
        grounded: remembered.answer.grounded,
        sources: remembered.answer.citations.map((citation) => citation.source),
      });
    } catch (error) {
      remembered.voters.delete(user);
      deps.logger.warn({ err: error }, 'Cannot record feedback');
    }
    return { notice: REPLIES.thanks };
  }

  function sources(message: IncomingMessage): Reply[] {
    const last = lastAnswers.get(chatAddress(message.channel, message.chatId));
    if (!last) return [{ kind: 'text', text: REPLIES.noSourcesYet }];
    if (!last.answer.grounded) return [{ kind: 'text', text: REPLIES.notFoundSources }];
    return [{ kind: 'sources', answer: last.answer }];
  }

  return {
    async handleMessage(message) {
      const isPrivate = message.chatType === 'private';
      const { attachment } = message;
      if (attachment && isPrivate) {
        const owner = extensions.find((commands) => commands.handleAttachment);
        if (owner?.handleAttachment) return runAttachment(owner, { ...message, attachment });
      }
      const text = message.text?.trim();
      if (text === undefined) return isPrivate ? [{ kind: 'text', text: REPLIES.onlyText }] : [];
      // Read each time: the cell commands change when Redis comes or goes.
      const known = new Set([...BUILT_IN, 'hoi', 'ask', ...extensions.flatMap((commands) => commands.commands)]);
      const command = readCommand(text, known);
      if (command) {
        const { name, args } = command;
        const owner = extensions.find((commands) => commands.commands.includes(name));
        // Questions have their own limit; a command meant for another bot in a group is not counted.
        const answered = isPrivate || message.addressedToBot || owner !== undefined || BUILT_IN.has(name);
        if (name !== 'hoi' && name !== 'ask' && answered) {
          const wait = overLimit(commandLimiter, 'command', message);
          if (wait !== undefined) return wait === 'silent' ? [] : [{ kind: 'text', text: REPLIES.tooManyCommands(wait) }];
        }
        switch (name) {
          case 'start':
          case 'trogiup':
          case 'help': {
            // Help by role, and the greeting of a group the bot was just added to (issue 19): the cell
            // commands know who asks; without them (Redis down) or when they fail, a member's help.
            const guide = extensions.find((commands) => commands.helpFor);
            const help = await guide?.helpFor?.(message).catch((error: unknown) => deps.logger.warn({ err: error }, 'Cannot read the asker’s role for help'));
            return [{ kind: 'text', text: help ?? HELP_TEXT }];
          }
          case 'hoi':
          case 'ask':
            return args ? converse(message, args, known, false) : [{ kind: 'text', text: REPLIES.askWithoutQuestion }];
          case 'nguon':
            return sources(message);
          default: {
            if (owner) return runCommand(owner, name, args, message);
            return isPrivate || message.addressedToBot ? [{ kind: 'text', text: REPLIES.unknownCommand(command.typed) }] : [];
          }
        }
      }
      // A reply to the bot's reminder or notice, or the number of a choice it offered, is no question.
      const taken = await takeText(message, text);
      if (taken) {
        const wait = overLimit(commandLimiter, 'reply', message);
        return wait === undefined ? taken : wait === 'silent' ? [] : [{ kind: 'text', text: REPLIES.tooManyCommands(wait) }];
      }
      if (!isPrivate && !message.addressedToBot) return [];
      return converse(message, text, known, isPrivate);
    },

    async handleButton(press) {
      const wait = overLimit(buttonLimiter, 'button', press);
      if (wait !== undefined) return wait === 'silent' ? {} : { notice: REPLIES.tooManyPresses };
      const match = FEEDBACK.exec(press.data);
      if (match) return vote(press, match);
      const owner = extensions.find((commands) => commands.buttonPrefixes?.some((prefix) => press.data.startsWith(prefix)));
      if (!owner?.handleButton) return {};
      try {
        return await owner.handleButton(press);
      } catch (error) {
        deps.logger.error({ err: error, data: press.data }, 'A button failed');
        return { notice: REPLIES.commandFailure };
      }
    },
  };
}
