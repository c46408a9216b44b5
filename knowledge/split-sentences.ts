import { isBareMarker } from './line-markers.js';

/**
 * Splits a passage into quotable units: each line (list item, paragraph) and, inside a line,
 * each sentence. Abbreviations with full stops ("TP. Hà Nội") and a line's numbering ("1.1.")
 * do not end a sentence.
 */
export function splitSentences(text: string): string[] {
  const units: string[] = [];
  for (const line of text.split(/\n+/)) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    // A sentence ends at . ! ? ; followed by a space and an upper-case letter or an opening quote.
    const parts = trimmed.split(/(?<=[.!?…])\s+(?=["“(]?[\p{Lu}\d])(?<!\b(?:TP|Tp|ThS|TS|PGS|GS|St|Đ\/c)\.\s+)/u);
    // A line's own numbering stays with its first sentence: "1.2.1. Người vào Đảng ...".
    if (parts.length > 1 && isBareMarker(parts[0]!.trim())) parts.splice(0, 2, `${parts[0]!.trim()} ${parts[1]!}`);
    for (const part of parts) {
      const sentence = part.trim();
      if (sentence) units.push(sentence);
    }
  }
  return units;
}

/** True for the code units `\s` matches in a regular expression. */
function isSpace(code: number): boolean {
  if (code <= 0x7f) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Number of whitespace-separated words: runs of characters other than `\s`, counted in one pass. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i += 1) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words;
}
