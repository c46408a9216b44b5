/**
 * An answer that fits one phone screen: a quoted text longer than the budget is cut where a line,
 * a sentence or a clause ends, and marked "…"; the whole text stays for /nguon.
 */

/** Where a cut may fall, best first: a line's end, a sentence's or clause's end, a comma, a space. */
const BOUNDARIES = [/\n/gu, /[.;:!?…](?=\s)/gu, /,(?=\s)/gu, /\s/gu];

/** A cut no earlier than this share of the budget; an earlier boundary of a better kind is passed over. */
const LEAST_SHARE = 0.5;

/** The quoted text kept when `text` is longer than `maxChars`, and the whole of it. */
export interface FittedText {
  text: string;
  /** The whole text, when `text` was cut. */
  full?: string;
}

/** The last boundary at or before `limit`, of the best kind that has one past the least share. */
function cutAt(text: string, limit: number): number {
  for (const boundary of BOUNDARIES) {
    let at = -1;
    for (const match of text.slice(0, limit + 1).matchAll(boundary)) {
      // A punctuation mark stays with the text before it; a space or a line break goes.
      at = match[0].trim() ? match.index + match[0].length : match.index;
    }
    if (at >= limit * LEAST_SHARE) return at;
  }
  return limit;
}

/**
 * `text` itself when it holds at most `maxChars` characters; otherwise its start up to the last
 * line, sentence or clause end within the budget, followed by "…", with the whole text in `full`.
 * The budget grows to the end of `keep` (the best quote, which holds the fact) when `text` has it.
 */
export function fitText(text: string, maxChars: number, keep?: string): FittedText {
  const at = keep ? text.indexOf(keep) : -1;
  const limit = at < 0 ? maxChars : Math.max(maxChars, at + keep!.length);
  if (text.length <= limit) return { text };
  const kept = withoutBareLead(text.slice(0, cutAt(text, limit))).replace(/[\s,;:]+$/u, '');
  return { text: `${kept} …`, full: text };
}

/**
 * A cut text without its last line when that line only announces what the cut left out: a source's
 * heading ("Theo Quy định 294-QĐ/TW (26/05/2025):") or a list's lead, and the blank line before it.
 */
function withoutBareLead(kept: string): string {
  const lines = kept.trimEnd().split('\n');
  if (lines.length < 2 || !lines.at(-1)!.trimEnd().endsWith(':')) return kept;
  return lines.slice(0, -1).join('\n');
}
