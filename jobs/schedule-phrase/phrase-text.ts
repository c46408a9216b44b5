/**
 * A schedule phrase prepared for matching: a lower-case key with the same indices as the text,
 * and the spans the extractors have claimed. What nobody claims becomes the title.
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../../common/index.js';

/** Stands for a claimed character in the masked key: neither letter, digit nor space. */
const CLAIMED = '\u0001';

/** What a claimed span is; some rules look at their neighbours' roles. */
export type SpanRole = 'recurrence' | 'day' | 'time' | 'period' | 'connector';

/** The phrase, its matching key and the claimed spans. */
export class PhraseText {
  /** The phrase in NFC, diacritics and tone style as written (the title is cut from it). */
  readonly text: string;
  /** Lower case, one tone placement style; index i of `key` is index i of `text`. */
  readonly key: string;
  /**
   * True when the phrase carries diacritics. Ambiguous bare words ("sang", "toi", "sau", "nam")
   * are then read as written, not as the time words they fold to ("sáng", "tối", "sáu", "năm").
   */
  readonly accented: boolean;
  private readonly roles: (SpanRole | undefined)[];

  constructor(input: string) {
    // Characters whose lower case has another length (rare outside Vietnamese) become spaces in
    // the key only, so that key and text keep the same indices.
    this.text = input.normalize('NFC');
    const sameLength = [...this.text].map((char) => (char.toLowerCase().length === char.length ? char : ' ')).join('');
    this.key = normalizeForMatch(sameLength);
    this.accented = hasDiacritics(this.text);
    this.roles = new Array<SpanRole | undefined>(this.text.length).fill(undefined);
  }

  /**
   * Claims every match of `pattern` (a global regular expression over the key) that `accept`
   * takes, and returns the claimed matches. Claimed spans are masked out of the key first, so a
   * pattern never matches across them; a refused match lets the search go on one character later.
   */
  claimAll(pattern: RegExp, role: SpanRole, accept: (match: RegExpExecArray) => boolean = () => true): RegExpExecArray[] {
    const masked = this.key
      .split('')
      .map((char, index) => (this.roles[index] === undefined ? char : CLAIMED))
      .join('');
    const claimed: RegExpExecArray[] = [];
    pattern.lastIndex = 0;
    for (let match = pattern.exec(masked); match; match = pattern.exec(masked)) {
      const end = match.index + match[0].length;
      if (match[0].length > 0 && accept(match)) {
        this.roles.fill(role, match.index, end);
        claimed.push(match);
        pattern.lastIndex = end;
      } else {
        pattern.lastIndex = match.index + 1;
      }
    }
    return claimed;
  }

  /** The role of the nearest non-space character before `index`, if it is claimed. */
  roleBefore(index: number): SpanRole | undefined {
    let at = index - 1;
    while (at >= 0 && /\s/u.test(this.key[at] ?? '')) at -= 1;
    return at >= 0 ? this.roles[at] : undefined;
  }

  /** The role of the nearest non-space character at or after `index`, if it is claimed. */
  roleAfter(index: number): SpanRole | undefined {
    let at = index;
    while (at < this.key.length && /\s/u.test(this.key[at] ?? '')) at += 1;
    return this.roles[at];
  }

  /** True when the word starting at `index` is capitalised in the text but does not open it. */
  isCapitalisedInside(index: number): boolean {
    const char = this.text[index] ?? '';
    return this.text.slice(0, index).trim() !== '' && char !== char.toLowerCase();
  }

  /** The text outside the claimed spans, tidied: spaces collapsed, stray punctuation dropped. */
  remainder(): string {
    const kept = this.text
      .split('')
      .map((char, index) => (this.roles[index] === undefined ? char : ' '))
      .join('');
    return kept
      .replace(/\s+/gu, ' ')
      .replace(/\s+([,;:.!?)])/gu, '$1')
      .replace(/([,;:])(?:\s*[,;:.])+/gu, '$1')
      .replace(/\(\s*\)/gu, '')
      .replace(/^[\s,;:.\-–—/]+|[\s,;:\-–—/(]+$/gu, '')
      .trim();
  }
}

/** The accent-folded form of a word, for reading what a pattern captured. */
export function bare(word: string): string {
  return foldVietnamese(word).replace(/\s+/gu, ' ').trim();
}
