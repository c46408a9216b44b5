/** Questions as users type them, made fit to search: markup and courtesy removed, length bounded. */
import { withoutCourtesy } from './courtesy-words.js';

/** Longest question text that is searched; the rest of a longer message is ignored. */
export const MAX_QUESTION_CHARS = 1000;

/** How much of a message is read at all, before markup is removed. */
const RAW_QUESTION_CHARS = 4 * MAX_QUESTION_CHARS;

/** Why a question cannot be searched at all. */
export type QuestionProblem = 'empty' | 'no-words';

/**
 * Cleans a question: HTML tags and entities, Markdown marks and links, control characters and
 * extra spaces go, then the greetings and politeness around it ("Chào trợ lý, cho tôi hỏi … với ạ?",
 * see courtesy-words.ts); what is left is cut at {@link MAX_QUESTION_CHARS} on a word boundary.
 */
export function prepareQuestion(raw: string): { text: string; problem?: QuestionProblem } {
  // Cut first (generously: markup goes below), so that no pattern ever runs over a huge message.
  let text = raw
    .slice(0, RAW_QUESTION_CHARS)
    .normalize('NFC')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(?:nbsp|amp|lt|gt|quot|#39);/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~#>|]+/g, ' ')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  text = withoutCourtesy(text);
  if (text.length > MAX_QUESTION_CHARS) {
    const cut = text.slice(0, MAX_QUESTION_CHARS);
    const space = cut.lastIndexOf(' ');
    text = space > MAX_QUESTION_CHARS / 2 ? cut.slice(0, space) : cut;
  }
  if (!text) return { text, problem: 'empty' };
  if (!/\p{L}/u.test(text)) return { text, problem: 'no-words' };
  return { text };
}
