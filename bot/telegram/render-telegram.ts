/**
 * Replies as Telegram HTML (parse_mode 'HTML'): bold titles, quoted excerpts, 👍/👎 buttons, and
 * messages that never exceed Telegram's 4096 characters nor cut a tag in two.
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import { MORE_IN_SOURCES, passagesByDocument, quotedDocuments, SOURCES_HINT, type Answer, type Citation } from '../../knowledge/index.js';
import type { Reply } from '../chat-types.js';
import { feedbackData } from '../conversation.js';
import { splitMessage } from '../split-message.js';

/** Longest text Telegram accepts in one message, in characters. */
export const TELEGRAM_MAX_LENGTH = 4096;

/** A reply ready for sendMessage: the HTML of each message, and the keyboard of the last one. */
export interface TelegramRendering {
  html: string[];
  keyboard?: InlineKeyboardMarkup;
}

/**
 * A piece of HTML that is never cut: tags inside it are balanced and it fits in one message.
 * `separator` goes between it and the block before it when both share a message.
 */
interface Block {
  html: string;
  separator: string;
}

/** Escapes text for Telegram HTML, which needs exactly `&`, `<` and `>` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Splits raw text into escaped pieces of at most `budget` characters, cutting where splitMessage does. */
function escapeToFit(text: string, budget: number, rawLimit = budget): string[] {
  return splitMessage(text, rawLimit).flatMap((piece) => {
    const html = escapeHtml(piece);
    if (html.length <= budget) return [html];
    // Escaping made it longer: cut the raw piece shorter in proportion.
    return escapeToFit(piece, budget, Math.max(1, Math.floor((piece.length * budget) / html.length)));
  });
}

/** Text as blocks between `before` and `after` (HTML), split as text first when it is too long. */
function textBlocks(text: string, separator: string, before = '', after = ''): Block[] {
  return escapeToFit(text, TELEGRAM_MAX_LENGTH - before.length - after.length).map((html) => ({ html: before + html + after, separator }));
}

/** One block when the blocks fit in a message together, else the blocks as they are. */
function keepTogether(blocks: Block[]): Block[] {
  const [first, ...rest] = blocks;
  if (!first) return [];
  const html = rest.reduce((joined, block) => joined + block.separator + block.html, first.html);
  return html.length <= TELEGRAM_MAX_LENGTH ? [{ html, separator: first.separator }] : blocks;
}

/** Fills messages with whole blocks, in order. */
function pack(blocks: Block[]): string[] {
  const messages: string[] = [];
  let current = '';
  for (const block of blocks) {
    const joined = current ? current + block.separator + block.html : block.html;
    if (joined.length <= TELEGRAM_MAX_LENGTH) {
      current = joined;
      continue;
    }
    messages.push(current);
    current = block.html;
  }
  if (current) messages.push(current);
  return messages;
}

/** "[1] <b>Title</b> (date)" and its validity note: a document as /nguon heads its passages. */
function documentBlocks(document: Citation, index: number): Block[] {
  const date = document.date ? ` (${escapeHtml(document.date)})` : '';
  const lines = textBlocks(document.title, '\n\n', `[${index + 1}] <b>`, `</b>${date}`);
  if (document.status) lines.push(...textBlocks(document.status, '\n', 'Lưu ý: '));
  return lines;
}

/** A passage in /nguon: its section, the regulations it cites, its excerpt as a quote. */
function passageBlocks(passage: Citation): Block[] {
  const lines = passage.section ? textBlocks(passage.section, '\n', 'Mục: ') : [];
  for (const cited of passage.cites ?? []) lines.push(...textBlocks(cited, '\n', 'Căn cứ: '));
  lines.push(...textBlocks(passage.excerpt, '\n', '<blockquote>', '</blockquote>'));
  return lines;
}

/** "[1] <b>Title</b> (date)": a source as the answer lists it, about one screen in all. */
function briefSourceBlocks(citation: Citation, index: number): Block[] {
  const date = citation.date ? ` (${escapeHtml(citation.date)})` : '';
  const blocks = textBlocks(citation.title, '\n', `[${index + 1}] <b>`, `</b>${date}`);
  // A replaced document is warned of where the member reads the quote.
  if (citation.replaced && citation.status) blocks.push(...textBlocks(citation.status, '\n', '    Lưu ý: '));
  return blocks;
}

/**
 * The answer (ending "… (xem đầy đủ: /nguon)" where it was cut to fit a screen), the documents it
 * quotes, numbered, by title and date, and how to see them in full.
 */
function answerBlocks(answer: Answer): Block[] {
  if (!answer.grounded) return textBlocks(answer.answer, '\n\n');
  const blocks = textBlocks(answer.fullAnswer === undefined ? answer.answer : `${answer.answer} ${MORE_IN_SOURCES}`, '\n\n');
  const sources = quotedDocuments(answer.citations).flatMap((citation, index) => briefSourceBlocks(citation, index));
  blocks.push(...keepTogether([{ html: '<b>Nguồn:</b>', separator: '\n\n' }, ...sources]));
  if (answer.fullAnswer === undefined) blocks.push(...textBlocks(SOURCES_HINT, '\n\n'));
  return blocks;
}

/** Every source in full (/nguon): the whole answer where the chat cut it, then each document as the answer numbers it, with its passages' sections and excerpts as quotes. */
function sourcesBlocks(answer: Answer): Block[] {
  const blocks = textBlocks(`Nguồn của câu trả lời cho "${answer.question}":`, '\n\n');
  if (answer.fullAnswer !== undefined) blocks.push(...textBlocks(answer.fullAnswer, '\n\n', '<b>Câu trả lời đầy đủ:</b>\n'));
  // Numbered as the answer numbers its documents: /nguon's [2] is the answer's [2].
  passagesByDocument(answer.citations).forEach(({ document, passages }, index) => {
    const [first, ...rest] = passages.map(passageBlocks);
    blocks.push(...keepTogether([...documentBlocks(document, index), ...(first ?? [])]));
    for (const passage of rest) blocks.push(...keepTogether(passage));
  });
  return blocks;
}

/** 👍 and 👎 under an answer; the conversation reads the vote back from the button data. */
function feedbackKeyboard(feedbackId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '👍', callback_data: feedbackData(feedbackId, 'up') },
        { text: '👎', callback_data: feedbackData(feedbackId, 'down') },
      ],
    ],
  };
}

/**
 * Renders a reply as Telegram HTML messages: corpus and member text escaped, an answer with its
 * numbered sources, /nguon with every excerpt quoted, long replies split between whole blocks.
 * The keyboard (👍/👎 of an answer with a `feedbackId`, or a text reply's buttons) belongs under
 * the last message.
 */
export function renderTelegram(reply: Reply): TelegramRendering {
  switch (reply.kind) {
    case 'answer': {
      const html = pack(answerBlocks(reply.answer));
      return reply.feedbackId ? { html, keyboard: feedbackKeyboard(reply.feedbackId) } : { html };
    }
    case 'sources':
      return { html: pack(sourcesBlocks(reply.answer)) };
    case 'text': {
      const html = pack(textBlocks(reply.text, '\n\n'));
      if (!reply.buttons?.length) return { html };
      const inline_keyboard = reply.buttons.map((row) => row.map((button) => ({ text: button.label, callback_data: button.data })));
      return { html, keyboard: { inline_keyboard } };
    }
  }
}
