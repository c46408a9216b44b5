/**
 * Building blocks of the phrase patterns. Patterns are written with diacritics and compiled per
 * phrase style: a phrase without diacritics is matched on its folded words ("thu tu tuan sau");
 * a phrase with diacritics accepts each word with or without them ("họp thu tư"), except the
 * ambiguous words, which must then carry them (see {@link PhraseText.accented}).
 */
import { foldVietnamese } from '../../common/index.js';
import type { PhraseText } from './phrase-text.js';

/** Start of a word: no letter or digit just before. */
export const B = '(?<![\\p{L}\\p{N}])';
/** End of a word: no letter or digit just after. */
export const E = '(?![\\p{L}\\p{N}])';

/** Word patterns for one phrase style. */
export interface Lexicon {
  /** A word or phrase, matched with or without its diacritics ("thứ" also matches "thu"). */
  w: (source: string) => string;
  /** An ambiguous word: with its diacritics only, when the phrase has any ("tối", not "toi"/"tôi"). */
  aw: (source: string) => string;
  /** One weekday, no capture: "thứ hai".."thứ bảy", "thứ 2".."thứ 7", "t2".."t7", "chủ nhật", "cn". */
  weekday: string;
  /** A part of the day, captured as `period`: sáng, trưa, chiều, tối, đêm, khuya (after an optional "buổi"). */
  period: string;
  /** A small count in digits or words, captured: "3", "ba", "mười hai". */
  count: string;
  /** "này" | "sau" | "tới" | "trước" (the last only when no date follows it: "trước ngày 20" is a deadline). */
  offsetWord: string;
}

function loosen(source: string): string {
  return [...source]
    .map((char) => {
      const folded = foldVietnamese(char);
      return folded !== char && /^[a-z]$/u.test(folded) ? `(?:${char}|${folded})` : char;
    })
    .join('');
}

function createLexicon(accented: boolean): Lexicon {
  const w = accented ? loosen : foldVietnamese;
  const aw = accented ? (source: string) => source : foldVietnamese;
  const weekday = `(?:${w('thứ')}\\s*(?:hai|ba|${aw('tư')}|${aw('năm')}|${aw('sáu')}|${aw('bảy')}|${w('bẩy')}|[2-7])|t[2-7]|${w('chủ')}\\s*${w('nhật')}|cn)${E}`;
  // "sáng kiến", "sáng tạo", "sáng lập", "sáng suốt" are not mornings.
  const notAWord = `(?!\\s+(?:${w('kiến')}|${w('tạo')}|${w('lập')}|${w('suốt')}))`;
  const period = `(?:${w('buổi')}\\s+)?(?<period>${aw('sáng')}|${w('trưa')}|${w('chiều')}|${aw('tối')}|${w('đêm')}|${w('khuya')})${E}${notAWord}`;
  const count = `(\\d{1,2}|${w('mười')}(?:\\s+(?:một|hai))?|${w('một')}|hai|ba|${w('bốn')}|${aw('năm')}|${aw('sáu')}|${aw('bảy')}|${w('tám')}|${w('chín')})`;
  const offsetWord = `(?:${w('này')}|sau|${w('tới')}|${w('trước')}(?!\\s*(?:${w('ngày')}\\s*)?\\d))`;
  return { w, aw, weekday, period, count, offsetWord };
}

const lexicons = new Map<boolean, Lexicon>();

/** The lexicon for the phrase's style (cached). */
function lexiconFor(phrase: PhraseText): Lexicon {
  let lexicon = lexicons.get(phrase.accented);
  if (!lexicon) {
    lexicon = createLexicon(phrase.accented);
    lexicons.set(phrase.accented, lexicon);
  }
  return lexicon;
}

/**
 * Compiles patterns once per phrase style: `build` receives the lexicon and returns regular
 * expression sources, compiled global and Unicode-aware.
 */
export function patternsFor<K extends string>(build: (lexicon: Lexicon) => Record<K, string>): (phrase: PhraseText) => Record<K, RegExp> {
  const cache = new Map<boolean, Record<K, RegExp>>();
  return (phrase) => {
    let compiled = cache.get(phrase.accented);
    if (!compiled) {
      const sources = build(lexiconFor(phrase));
      compiled = Object.fromEntries(Object.entries<string>(sources).map(([name, source]) => [name, new RegExp(source, 'gu')])) as Record<K, RegExp>;
      cache.set(phrase.accented, compiled);
    }
    return compiled;
  };
}

const WEEKDAY_NUMBERS: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6 };

/** Luxon weekday (1 = Monday … 7 = Sunday) of a text matched by {@link Lexicon.weekday}. */
export function weekdayNumber(matched: string): number {
  const word = foldVietnamese(matched).replace(/\s+/gu, '');
  if (word === 'cn' || word === 'chunhat') return 7;
  const digit = /^(?:thu|t)([2-7])$/u.exec(word)?.[1];
  if (digit) return Number(digit) - 1;
  return WEEKDAY_NUMBERS[word.replace(/^thu/u, '')] ?? 0;
}

const COUNT_WORDS: Record<string, number> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  nam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
  'muoi mot': 11,
  'muoi hai': 12,
};

/** The number of a text matched by {@link Lexicon.count}. */
export function countNumber(matched: string): number {
  const word = foldVietnamese(matched).replace(/\s+/gu, ' ').trim();
  return /^\d+$/u.test(word) ? Number(word) : (COUNT_WORDS[word] ?? 0);
}

/** Offset of an {@link Lexicon.offsetWord}: này 0, sau/tới 1, trước -1. */
export function offsetNumber(matched: string): number {
  const word = foldVietnamese(matched);
  if (word === 'nay') return 0;
  return word === 'truoc' ? -1 : 1;
}
