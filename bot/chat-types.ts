/** The one message shape every channel produces, and the one reply shape every channel renders. */
import type { ChannelName, ReplyButton } from '../common/index.js';
import type { Answer } from '../knowledge/index.js';

/** A message a member sent, as every channel reports it. */
export interface IncomingMessage {
  channel: ChannelName;
  /** The chat's id on its platform. */
  chatId: string;
  chatType: 'private' | 'group';
  /** The sender's id on its platform. */
  userId: string;
  /** How the sender is called, for logs and greetings. */
  userName?: string;
  /** The sender's public username without "@" (Telegram's `from.username`), so that "@username" can name them later. */
  userHandle?: string;
  /** The message text, or undefined for stickers, photos and other non-text messages. */
  text?: string;
  /** True when the message is addressed to the bot in a group: a mention or a reply to the bot. */
  addressedToBot: boolean;
  /** The person whose message this one replies to (not the bot), where the platform says. */
  replyTo?: { userId: string; userName?: string };
  /**
   * The bot's own message this one replies to, where the platform says (Telegram): its id in the
   * chat and its text, so that an answer to a reminder or a notice is read as one.
   */
  repliesToBot?: { messageId: string; text?: string };
  /**
   * People the text mentions whom the platform identifies (Telegram's `text_mention`: a member
   * picked by name who has no username), in order; "@username" stays in the text.
   */
  mentions?: readonly { userId: string; userName?: string }[];
  /** True when the bot was just added to this group: the channel sends it as the text "/start", and the bot greets the group. */
  botAdded?: boolean;
  /** A file sent with the message (a document), downloaded on demand. */
  attachment?: Attachment;
}

/** A file a member sent. */
export interface Attachment {
  /** The file's name as sent ("Quy dinh 294.pdf"). */
  name: string;
  /** Size in bytes, when the platform says. */
  size?: number;
  /** Fetches the file's bytes from the platform. */
  download(): Promise<Buffer>;
}

/** What the assistant says back; each channel renders it in its own format and limits. */
export type Reply =
  /** An answer from the documents, with its sources (and 👍/👎 where the channel has buttons). */
  | { kind: 'answer'; answer: Answer; feedbackId?: string }
  /** The full sources of the last answer (/nguon). */
  | { kind: 'sources'; answer: Answer }
  /** Plain text, with optional rows of buttons. */
  | { kind: 'text'; text: string; buttons?: ReplyButton[][] };

/** A button a member pressed. */
export interface ButtonPress {
  channel: ChannelName;
  chatId: string;
  userId: string;
  userName?: string;
  data: string;
}

/** What a pressed button leads to. */
export interface ButtonResult {
  /** A short notice shown to the person who pressed (Telegram's callback answer). */
  notice?: string;
  /** Messages posted in the chat. */
  replies?: Reply[];
  /** Take the buttons off the message pressed (a confirmation that is done). */
  closeButtons?: boolean;
}
