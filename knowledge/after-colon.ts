/**
 * What a quote ending with a colon announces ("… tại Mục 31 Quy định 24-QĐ/TW năm 2021 như sau:"):
 * the lines that follow it in its passage, so that an answer never stops on the colon.
 */
import { lineMarker } from './line-markers.js';
import type { PassageOutline } from './passage-outline.js';
import { countWords, splitSentences } from './split-sentences.js';
import { trimLongSentence } from './trim-quote.js';

/** Most lines (items, paragraphs) quoted after a colon. */
const MAX_LINES = 3;

/** True when a quoted text ends on a colon: it announces what follows. */
export function endsWithColon(text: string): boolean {
  return /:\s*$/u.test(text);
}

/**
 * The lines of `outline` that follow line `line`, which ends with a colon: its items where it
 * introduces a list, else the plain paragraphs right after it. Empty when nothing follows in the passage.
 */
function followers(outline: PassageOutline, line: number): string[] {
  const end = outline.itemsEnd.get(line);
  if (end !== undefined) return outline.lines.slice(line + 1, end);
  const plain: string[] = [];
  for (let next = line + 1; next < outline.lines.length && lineMarker(outline.lines[next]!) === undefined; next += 1) plain.push(outline.lines[next]!);
  return plain;
}

/**
 * What follows line `line` (ending with a colon) of `outline`, as quoted under it: up to three
 * lines in order within `maxWords`; a line that does not fit is quoted from its first sentences,
 * and at least the first sentence of the first line is always quoted. "…" marks what is left out.
 * Undefined when nothing follows the line in its passage.
 */
export function quoteAfterColon(outline: PassageOutline, line: number, maxWords: number): string | undefined {
  const lines = followers(outline, line);
  if (lines.length === 0) return undefined;
  const kept: string[] = [];
  let words = 0;
  for (const next of lines.slice(0, MAX_LINES)) {
    const length = countWords(next);
    if (words + length <= maxWords) {
      kept.push(next);
      words += length;
      continue;
    }
    // The line does not fit whole: its first sentences that do (the first one at least, trimmed when over-long).
    const sentences: string[] = [];
    for (const sentence of splitSentences(next)) {
      const size = countWords(sentence);
      if (words + size > maxWords && (kept.length > 0 || sentences.length > 0)) break;
      sentences.push(kept.length === 0 && sentences.length === 0 ? trimLongSentence(sentence, () => 0, maxWords) : sentence);
      words += size;
    }
    if (sentences.length === 0) break;
    const partial = sentences.join(' ');
    return [...kept, partial.endsWith('…') ? partial : `${partial} …`].join('\n');
  }
  return (lines.length > kept.length ? [...kept, '…'] : kept).join('\n');
}
