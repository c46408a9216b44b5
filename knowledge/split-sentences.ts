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

/** Number of whitespace-separated words. */
export function countWords(text: string): number {
  const words = text.trim().split(/\s+/);
  return words[0] === '' ? 0 : words.length;
}
