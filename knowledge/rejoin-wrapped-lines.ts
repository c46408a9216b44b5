import { isAllCapsLine, isStructuralStart, lineMarker } from './line-markers.js';
import { countWords } from './split-sentences.js';

/** Text extracted from PDFs: telling hard-wrapped documents apart, removing page artefacts, rejoining lines. */

/** Sentence-final punctuation, possibly followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?:;…]["”’»)\]]*$/u;

/** Typical full-line width: the 90th percentile of line lengths. */
function lineWidth(lines: string[]): number {
  const lengths = lines
    .filter(Boolean)
    .map((line) => line.length)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 0;
}

/**
 * A document is hard-wrapped (text from a PDF) when its lines cluster below one narrow maximum
 * width, many of them stop mid-sentence and many start in lower case (continuing the line above).
 * Web pages with one paragraph per line have widely varying lengths and end their lines with
 * punctuation.
 */
export function isHardWrapped(lines: string[]): boolean {
  const text = lines.filter(Boolean);
  if (text.length < 10) return false;
  const width = lineWidth(text);
  const share = (test: (line: string) => boolean): number => text.filter(test).length / text.length;
  return (
    width <= 160 &&
    share((line) => line.length >= 0.7 * width) >= 0.3 &&
    share((line) => !SENTENCE_END.test(line)) >= 0.35 &&
    share((line) => /^\p{Ll}/u.test(line)) >= 0.1
  );
}

const PAGE_NUMBER = /^(?:(?:trang|page) )?[-–]? ?\d{1,3}(?: ?(?:\/|of|trên) ?\d{1,3})? ?[-–]?$/iu;

/**
 * Drops standalone page numbers and lines repeated on several pages (running headers and footers):
 * short lines, not structural, that occur three times or more with only their digits changing.
 */
export function removePageArtefacts(lines: string[]): string[] {
  const key = (line: string): string => line.replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const line of lines) if (line) counts.set(key(line), (counts.get(key(line)) ?? 0) + 1);
  const isRunningHeader = (line: string): boolean =>
    (counts.get(key(line)) ?? 0) >= 3 && countWords(line) <= 15 && /^[\p{Lu}\d]/u.test(line) && !isStructuralStart(line);
  return lines.filter((line) => !line || (!PAGE_NUMBER.test(line) && !isRunningHeader(line)));
}

/** A numbered heading ("IV. CHUYỂN GIAO ...", "A. CÔNG TÁC ...") whose capitals may wrap. */
function isNumberedHeading(paragraph: string): boolean {
  const kind = lineMarker(paragraph)?.kind;
  return kind === 'roman' || kind === 'upper-letter' || kind === 'number';
}

/**
 * Joins the lines of hard-wrapped paragraphs. A line continues the previous one unless it opens a
 * structural unit (numbering, bullet, label, capitals heading) or the previous line ended a
 * sentence, ended short of the full width, or was a capitals heading. Blank lines always separate.
 */
export function joinWrappedLines(lines: string[]): string[] {
  const width = lineWidth(lines);
  const text = lines.filter(Boolean);
  const blankSeparated = lines.length - text.length >= 0.1 * text.length;
  const paragraphs: string[] = [];
  let last = ''; // last physical line of the paragraph being built
  let physicalLines = 0;
  let startsBlock = true; // the paragraph's first line follows a blank line or the start
  let afterBlank = true;
  for (const line of lines) {
    if (!line) {
      paragraphs.push('');
      afterBlank = true;
      last = '';
      continue;
    }
    const paragraph = paragraphs.at(-1) ?? '';
    const joinable =
      last !== '' &&
      continuesLine(paragraph, last, line, {
        width,
        indentedFirstLine: blankSeparated && startsBlock && physicalLines === 1,
      });
    if (joinable) {
      paragraphs[paragraphs.length - 1] = `${paragraph} ${line}`;
      physicalLines += 1;
    } else {
      paragraphs.push(line);
      physicalLines = 1;
      startsBlock = afterBlank;
    }
    last = line;
    afterBlank = false;
  }
  return paragraphs;
}

function continuesLine(paragraph: string, last: string, next: string, layout: { width: number; indentedFirstLine: boolean }): boolean {
  if (!/[\p{L}\p{N}]/u.test(last) || !/[\p{L}\p{N}]/u.test(next)) return false;
  if (isAllCapsLine(last)) {
    const wraps = isNumberedHeading(paragraph) || last.length >= 0.8 * layout.width;
    return wraps && !SENTENCE_END.test(last) && !lineMarker(next) && /^\p{Lu}{2,}/u.test(next);
  }
  if (isStructuralStart(next)) return false;
  // A sentence never starts in lower case, whatever the line above ended with.
  if (/^\p{Ll}/u.test(next)) return true;
  if (SENTENCE_END.test(last)) return false;
  if (/^[\p{N}("“'[]/u.test(next)) return true;
  return last.length >= 0.8 * layout.width || (layout.indentedFirstLine && last.length >= 0.4 * layout.width);
}
