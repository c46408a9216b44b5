/** The extension point of the conversation: commands beyond questions. */
import type { Attachment, ButtonPress, ButtonResult, IncomingMessage, Reply } from './chat-types.js';

/**
 * A group of commands beyond questions (scheduling, cells, attendance) that the conversation hands
 * over, with the buttons they put under their messages.
 */
export interface ChatCommands {
  /** The command names it answers, lower case, without the slash ("hop", "lich"). */
  readonly commands: readonly string[];
  /** The prefixes of the button data it owns ("sc:"), if it puts buttons under its messages. */
  readonly buttonPrefixes?: readonly string[];
  /** Answers one of its commands; `args` is the text after the command, trimmed. */
  handle(command: string, args: string, message: IncomingMessage): Promise<Reply[]>;
  /** Answers a press of one of its buttons (required with `buttonPrefixes`). */
  handleButton?(press: ButtonPress): Promise<ButtonResult>;
  /** Answers a message that carries a file (a document sent to the bot). */
  handleAttachment?: (message: IncomingMessage & { attachment: Attachment }) => Promise<Reply[]>;
  /**
   * Takes a message that is no command when it answers one of this group's own messages (a reply
   * to a reminder or a notice, the number of a choice it offered); undefined leaves it to the
   * conversation (a question, or nothing in a group).
   */
  handleText?(message: IncomingMessage, text: string): Promise<Reply[] | undefined>;
  /**
   * The help (/start, /trogiup) for the sender of `message`, by what they may do, or the greeting of
   * a group the bot was just added to (`botAdded`); undefined leaves the general help.
   */
  helpFor?: (message: IncomingMessage) => Promise<string | undefined>;
}
