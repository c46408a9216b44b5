/**
 * The courtesy around a question as members write it: "Chào trợ lý, cho tôi hỏi … với ạ?",
 * "Trợ lý ơi, cho em hỏi … nhé", "… không ạ? Cảm ơn!". Removed before the question is searched,
 * so that it is answered as the bare question would be ("Chào" would otherwise find "Chào cờ").
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';

/** A run of words of courtesy, in the accented matching form. */
interface Phrase {
  words: readonly string[];
  /** Also removed from a message typed without accents, where its folded words mean nothing else. */
  folded: boolean;
  /** Removed only when punctuation, the end or more courtesy follows it ("Chào," but not "Chào cờ", "Hi," but not "hi sinh"). */
  weak?: boolean;
}

const ADDRESSEES = ['trợ lý', 'bạn', 'đồng chí', 'các đồng chí', 'anh', 'chị', 'anh chị', 'em', 'bot', 'ad', 'admin'];
const ASKERS = ['', 'tôi', 'em', 'mình', 'cháu', 'con', 'tớ'];
const AFTER_ASKING = ['', 'chút', 'một chút', 'tí', 'xíu', 'là', 'với'];

const phrase = (text: string, folded = true, weak = false): Phrase => ({ words: text.split(' ').filter(Boolean), folded, ...(weak ? { weak } : {}) });
const each = (lists: readonly (readonly string[])[]): string[] =>
  lists.reduce<string[]>((texts, list) => texts.flatMap((text) => list.map((word) => `${text} ${word}`)), ['']).map((text) => text.trim());

/** Before a question: greetings, the assistant called, "cho tôi hỏi", "xin hỏi". */
const LEADING: readonly Phrase[] = [
  ...each([
    ['xin chào', 'kính chào'],
    ['', ...ADDRESSEES],
  ]).map((text) => phrase(text)),
  ...each([['chào', 'hello', 'hi'], ADDRESSEES]).map((text) => phrase(text)),
  ...each([ADDRESSEES, ['ơi']]).map((text) => phrase(text)),
  ...each([['cho'], ASKERS, ['hỏi'], AFTER_ASKING]).map((text) => phrase(text)),
  ...each([ASKERS, ['xin hỏi', 'muốn hỏi'], AFTER_ASKING]).map((text) => phrase(text)),
  ...each([
    ['cảm ơn', 'cám ơn'],
    ['', ...ADDRESSEES],
  ]).map((text) => phrase(text)),
  ...['chào', 'hello', 'hi', 'alo', 'dạ', 'vâng', 'dạ vâng'].map((text) => phrase(text, true, true)),
];

/** After a question: particles ("ạ", "nhé", "với ạ"), "giúp tôi", thanks. */
const TRAILING: readonly Phrase[] = [
  ...['ạ', 'nhé', 'nha', 'nhá', 'nhỉ'].map((text) => phrase(text, false)),
  ...each([['giúp', 'giùm'], ASKERS.slice(1)]).map((text) => phrase(text)),
  phrase('với'),
  ...each([
    ['cảm ơn', 'cám ơn', 'xin cảm ơn'],
    ['', ...ADDRESSEES],
    ['', 'nhiều', 'rất nhiều'],
  ]).map((text) => phrase(text)),
  ...['thanks', 'thank you', 'thank'].map((text) => phrase(text)),
];

/** Folded words after which a bare "a" is "ạ" ("co duoc khong a"), not a clause's letter ("diem a"). */
const BEFORE_FOLDED_A = new Set(['voi', 'khong', 'vay', 'nao', 'gi', 'chua', 'sao', 'ai', 'dau', 'nhe', 'nha', 'ha', 'the']);

interface Token {
  /** The word without the punctuation around it, in matching form. */
  word: string;
  /** Punctuation or symbols after the word ("?", ",", "🙏"). */
  after: string;
  text: string;
}

function tokensOf(text: string, accented: boolean): Token[] {
  return text.split(' ').map((part) => {
    const core = part.replace(/^[^\p{L}\p{N}]+/u, '');
    const word = core.replace(/[^\p{L}\p{N}]+$/u, '');
    const key = normalizeForMatch(word);
    return { word: accented ? key : foldVietnamese(key), after: core.slice(word.length), text: part };
  });
}

const LONGEST_FIRST = (x: Phrase, y: Phrase) => y.words.length - x.words.length;
const ORDERED = { leading: [...LEADING].sort(LONGEST_FIRST), trailing: [...TRAILING].sort(LONGEST_FIRST) };

/**
 * True when `phrase` is the run of tokens from `start`: its words in order, no punctuation
 * inside it (only after its last word).
 */
function matchesAt(phrase: Phrase, tokens: readonly Token[], start: number, accented: boolean): boolean {
  if (!accented && !phrase.folded) return false;
  if (start < 0 || start + phrase.words.length > tokens.length) return false;
  return phrase.words.every((word, index) => {
    const token = tokens[start + index]!;
    if (index < phrase.words.length - 1 && token.after) return false;
    return token.word === (accented ? word : foldVietnamese(word));
  });
}

/** The number of leading tokens that are courtesy. */
function leadingCourtesy(tokens: readonly Token[], accented: boolean): number {
  let start = 0;
  for (;;) {
    // Punctuation and emoji after a greeting go with it ("Chào trợ lý 🙂 cho tôi hỏi …").
    while (start > 0 && start < tokens.length && !tokens[start]!.word) start += 1;
    const found = ORDERED.leading.find((candidate) => matchesAt(candidate, tokens, start, accented));
    if (!found) return start;
    const next = start + found.words.length;
    const followed = next >= tokens.length || tokens[next - 1]!.after !== '' || ORDERED.leading.some((other) => matchesAt(other, tokens, next, accented));
    if (found.weak && !followed) return start;
    start = next;
  }
}

/** The number of tokens, from the start, that remain once trailing courtesy is removed, and whether it held a "?". */
function trailingCourtesy(tokens: readonly Token[], accented: boolean, from: number): { end: number; asked: boolean } {
  let end = tokens.length;
  let asked = false;
  for (;;) {
    // Punctuation and emoji go with the courtesy before them ("… ạ 🙏", "… nhé ?").
    let before = end;
    while (before > from && !tokens[before - 1]!.word) before -= 1;
    const last = tokens[before - 1];
    const foldedA = !accented && last?.word === 'a' && BEFORE_FOLDED_A.has(tokens[before - 2]?.word ?? '');
    const found = foldedA ? phrase('a') : ORDERED.trailing.find((candidate) => matchesAt(candidate, tokens, before - candidate.words.length, accented));
    if (!found) return { end, asked };
    asked ||= tokens.slice(before - 1, end).some((token) => token.text.includes('?'));
    end = before - found.words.length;
    if (end <= from) return { end: from, asked };
  }
}

/**
 * `text` (one line, single spaces) without the greetings and politeness around its question.
 * Unchanged when nothing else is left: a message of courtesy alone stays what it is.
 */
export function withoutCourtesy(text: string): string {
  if (!text) return text;
  const accented = hasDiacritics(text);
  const tokens = tokensOf(text, accented);
  const start = leadingCourtesy(tokens, accented);
  const { end, asked } = trailingCourtesy(tokens, accented, start);
  if (start === 0 && end === tokens.length) return text;
  const kept = tokens.slice(start, end);
  if (!kept.some((token) => /\p{L}/u.test(token.word))) return text;
  const words = kept.map((token) => token.text);
  const last = kept.at(-1)!;
  // The question keeps its question mark: "… một tháng với ạ?" → "… một tháng?".
  if (end < tokens.length && asked && !last.after) words[words.length - 1] = `${last.text}?`;
  return words.join(' ');
}
