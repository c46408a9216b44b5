/**
 * A member's own words in answer to a meeting reminder, read as attendance: "Có", "Em sẽ tham dự
 * ạ", "Em xin vắng vì con ốm ạ", "bận đi công tác", "khong du duoc, ve que" — with or without
 * accents. Any word of absence outweighs a word of presence ("Vâng, nhưng em bận"); the reason is
 * what follows the request to be excused (after "vì", "do" … when given), or the words of the reason
 * themselves ("bận việc gia đình").
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../../common/index.js';
import type { AttendanceStatus } from '../../jobs/index.js';

/** What a member's words say of a meeting. */
export interface AttendanceWords {
  status: AttendanceStatus;
  /** Why not, for an absence, in the member's words. */
  reason?: string;
}

/** Words that only ask to be excused: the reason, if any, follows them. */
const EXCUSE = [
  'xin phép vắng mặt',
  'xin phép vắng',
  'xin phép nghỉ',
  'xin phép',
  'xin vắng mặt',
  'xin vắng',
  'xin nghỉ',
  'báo vắng',
  'vắng mặt',
  'vắng',
  'nghỉ họp',
  'không dự được',
  'không dự',
  'không tham dự được',
  'không tham dự',
  'không tham gia được',
  'không tham gia',
  'không đi được',
  'không đi',
  'không đến được',
  'không đến',
  'không có mặt được',
  'không có mặt',
  'không họp được',
  'không được',
  'không kịp',
  'chưa dự được',
  'chưa đi được',
];

/** Words that are the reason themselves, kept in it. */
const REASON = [
  'bận',
  'ốm',
  'đau',
  'mệt',
  'sốt',
  'nằm viện',
  'đi viện',
  'đi công tác',
  'công tác',
  'về quê',
  'đi vắng',
  'có việc',
  'việc riêng',
  'việc gia đình',
  'trực',
];

/** Words of coming. */
const PRESENT = [
  'có mặt',
  'có',
  'tham dự',
  'sẽ dự',
  'dự',
  'tham gia',
  'đi được',
  'đến được',
  'sẽ đi',
  'sẽ đến',
  'đi',
  'đến',
  'được',
  'đồng ý',
  'nhất trí',
  'vâng',
  'ok',
  'oke',
];

/** Words that lead into a reason ("vì con ốm"). */
const BECAUSE = ['bởi vì', 'tại vì', 'lý do là', 'lí do là', 'lý do', 'lí do', 'vì', 'do', 'tại', 'bởi'];

/** Politeness and a question's tail at the end of a reason ("… được không ạ?"). */
const TAILS = ['ạ', 'nhé', 'nha', 'ah', 'à', 'được không', 'có được không', 'không', 'được chứ', 'nhé ạ'];

/** Words that, typed without accents, mean something else too often to be read ("dau": đâu, đầu). */
const ACCENTS_REQUIRED = new Set(['đau']);

interface Phrase {
  words: string[];
  kind: 'excuse' | 'reason' | 'present';
}

/** Every phrase, longest first, so that "không đi được" wins over "đi". */
const PHRASES: Phrase[] = [
  ...EXCUSE.map((phrase) => ({ phrase, kind: 'excuse' as const })),
  ...REASON.map((phrase) => ({ phrase, kind: 'reason' as const })),
  ...PRESENT.map((phrase) => ({ phrase, kind: 'present' as const })),
]
  .map(({ phrase, kind }) => ({ words: phrase.split(' '), kind }))
  .sort((a, b) => b.words.length - a.words.length);

/** True when a typed word is `word`: with its accents where it has any ("vắng" is not "vâng"), else folded ("vang"). */
function sameWord(typed: string, word: string): boolean {
  if (hasDiacritics(typed)) return normalizeForMatch(typed) === word;
  return !ACCENTS_REQUIRED.has(word) && typed.toLowerCase() === foldVietnamese(word);
}

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokensOf(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)].map((match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
}

/** The length of the phrase of `phrases` starting at token `at`, or 0. */
function phraseAt(tokens: readonly Token[], at: number, phrases: readonly string[][]): number {
  const found = phrases.find((words) => words.every((word, index) => at + index < tokens.length && sameWord(tokens[at + index]!.text, word)));
  return found?.length ?? 0;
}

const BECAUSE_WORDS = BECAUSE.map((phrase) => phrase.split(' '));
const TAIL_WORDS = TAILS.map((phrase) => phrase.split(' ')).sort((a, b) => b.length - a.length);
const EXCUSE_WORDS = EXCUSE.map((phrase) => phrase.split(' '));

/** The length of the tail of {@link TAILS} ending just before token `end` (not before `start`), or 0. */
function tailBefore(tokens: readonly Token[], start: number, end: number): number {
  const found = TAIL_WORDS.find((words) => end - words.length >= start && phraseAt(tokens, end - words.length, [words]) === words.length);
  return found?.length ?? 0;
}

/** The reason in tokens `from` … end: after a "vì" when there is one, without the politeness around it. */
function reasonFrom(text: string, tokens: readonly Token[], from: number): string | undefined {
  let start = from;
  let end = tokens.length;
  for (let at = from; at < tokens.length; at += 1) {
    const length = phraseAt(tokens, at, BECAUSE_WORDS);
    if (length > 0) {
      start = at + length;
      break;
    }
  }
  // "xin phép vắng vì …": the excuse may be said twice.
  for (let excuse = phraseAt(tokens, start, EXCUSE_WORDS); excuse > 0; excuse = phraseAt(tokens, start, EXCUSE_WORDS)) start += excuse;
  for (let tail = tailBefore(tokens, start, end); tail > 0; tail = tailBefore(tokens, start, end)) end -= tail;
  // "a" at the end is "ạ" typed without accents.
  if (end > start + 1 && tokens[end - 1]!.text.toLowerCase() === 'a') end -= 1;
  if (end <= start) return undefined;
  return text.slice(tokens[start]!.start, tokens[end - 1]!.end).trim() || undefined;
}

/**
 * What the words say: absent (with the reason when given), present, or undefined when they say
 * neither. A question ("Có họp không ạ?") is no answer unless it asks to be excused ("Em xin vắng được không ạ?").
 */
export function readAttendanceWords(text: string): AttendanceWords | undefined {
  const typed = text.normalize('NFC');
  const tokens = tokensOf(typed);
  const asks = typed.includes('?');
  let present = false;
  for (let at = 0; at < tokens.length;) {
    const found = PHRASES.find((phrase) => phrase.words.every((word, index) => at + index < tokens.length && sameWord(tokens[at + index]!.text, word)));
    if (!found) {
      at += 1;
      continue;
    }
    if (found.kind === 'present') present = true;
    else {
      const reason = reasonFrom(typed, tokens, found.kind === 'excuse' ? at + found.words.length : at);
      return reason ? { status: 'absent', reason } : { status: 'absent' };
    }
    at += found.words.length;
  }
  return present && !asks ? { status: 'present' } : undefined;
}
