import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';
import { paraphrasesIn } from './party-vocabulary.js';
import { FOLDED, foldWord, scanPhrases, syllableOf, type Syllable } from './syllable-scan.js';
import { NUMBER_WORDS, numberSpans } from './vietnamese-numbers.js';
import { ABBREVIATIONS, NUMBER_ABBREVIATIONS, PLURAL_WORDS, QUESTION_INTENTS, QUESTION_PHRASES } from './vietnamese-terms.js';

/** Abbreviation readings, e.g. `{ cb: ['chi bộ'] }`, keyed by the matching form of the abbreviation. */
export type AbbreviationTable = Readonly<Record<string, readonly string[]>>;

const SYLLABLE = /[\p{L}\p{N}]+/gu;
const DOCUMENT_NUMBER = /\b\d+[-–]([\p{L}]+)\/([\p{L}]+)/gu;
/** "288 chi bộ (CB)": a long form followed by its abbreviation in brackets. */
const DEFINITION = /([\p{L}]+(?:\s+[\p{L}]+){1,7})\s*\(([\p{Lu}Đ]{2,8})\)/u;

/**
 * Terms of a query with their weights; accented and folded terms are kept apart. Terms added
 * by expansion (abbreviations, question intents) are `optional`: they help ranking but a
 * passage is not expected to hold them.
 */
export class QueryTerms extends Map<string, number> {
  readonly optional = new Set<string>();
}

/** Options of {@link createAnalyzer}. */
export interface AnalyzerOptions {
  /** Weight of accented terms in a query that has diacritics. @defaultValue 1 */
  accentedWeight?: number;
  /** Weight of accent-folded terms in a query that has diacritics. @defaultValue 0.5 */
  foldedWeight?: number;
  /** Weight of syllable bigrams relative to single syllables. @defaultValue 1 */
  bigramWeight?: number;
  /** Weight of terms added by expanding an abbreviation. @defaultValue 0.6 */
  expansionWeight?: number;
  /** Weight of the documents' wording for what a question asks ("bao lâu" → "định kỳ"). @defaultValue 0.5 */
  intentWeight?: number;
}

/**
 * Receives the terms of a text in order: `term` a one-syllable term (or a number), `pair` the
 * two-syllable term `${first} ${second}`, given in parts so that an index can recognise a pair
 * it has seen without building its string again. Terms made of syllables come as the shared
 * syllable records, which an index recognises by number without reading a string.
 */
export interface TermVisitor {
  term(term: string): void;
  pair(first: string, second: string): void;
  /** The term `syllable.text`, or `syllable.foldedKey` when `folded`. */
  syllable(syllable: Syllable, folded: boolean): void;
  /** The term `${first.text} ${second.text}`, or `${first.foldedKey} ${second.folded}` when `folded`. */
  syllablePair(first: Syllable, second: Syllable, folded: boolean): void;
}

/** A visitor that is given every term as strings, syllables' terms included. */
export function termStrings(term: (term: string) => void, pair: (first: string, second: string) => void): TermVisitor {
  return {
    term,
    pair,
    syllable: (syllable, folded) => term(folded ? syllable.foldedKey : syllable.text),
    syllablePair: (first, second, folded) => (folded ? pair(first.foldedKey, second.folded) : pair(first.text, second.text)),
  };
}

/** Turns text into index terms and queries into weighted terms, the same way on both sides. */
export interface Analyzer {
  /**
   * Index terms of a passage (repeated terms count): syllables and syllable bigrams, accented
   * and folded, with abbreviations expanded (`local` readings win over the shared table).
   */
  documentTerms(text: string, local?: AbbreviationTable): string[];
  /** The terms {@link Analyzer.documentTerms} returns, in the same order, given to `visitor`. */
  visitDocumentTerms(text: string, local: AbbreviationTable | undefined, visitor: TermVisitor): void;
  /**
   * Weighted terms of a question: question words removed, abbreviations expanded. A question
   * typed without any diacritic is matched on folded terms only.
   */
  queryTerms(text: string): QueryTerms;
}

function syllablesOf(text: string): string[] {
  return text.match(SYLLABLE) ?? [];
}

/** Gives the unigrams and bigrams of a run of syllables, accented and/or folded, to `visitor`. */
function emitRun(syllables: readonly Syllable[], accented: boolean, visitor: TermVisitor): void {
  for (let i = 0; i < syllables.length; i += 1) {
    const syllable = syllables[i]!;
    if (accented) visitor.syllable(syllable, false);
    visitor.syllable(syllable, true);
    if (i > 0) {
      const previous = syllables[i - 1]!;
      if (accented) visitor.syllablePair(previous, syllable, false);
      visitor.syllablePair(previous, syllable, true);
    }
  }
}

/** The syllables of a text as shared records. */
function syllableRecords(text: string): Syllable[] {
  return syllablesOf(text).map(syllableOf);
}

/**
 * Adds the digit form of numbers written in words ("mười tám tuổi" → "18", "18 tuổi"), with the
 * words beside it as bigrams, so that digits and words match each other.
 */
function emitNumbers(syllables: readonly Syllable[], visitor: TermVisitor): void {
  // Every number read from words starts with one of these.
  if (!syllables.some((syllable) => NUMBER_WORDS.has(syllable.lower))) return;
  const lower = syllables.map((syllable) => syllable.lower);
  for (const { start, end, value } of numberSpans(lower)) {
    const digits = String(value);
    visitor.term(digits);
    visitor.term(FOLDED + digits);
    const before = lower[start - 1];
    const after = lower[end];
    if (before !== undefined) {
      visitor.pair(before, digits);
      visitor.pair(FOLDED + foldWord(before), digits);
    }
    if (after !== undefined) {
      visitor.pair(digits, after);
      visitor.pair(FOLDED + digits, foldWord(after));
    }
  }
}

/** Where a definition ends: every {@link DEFINITION} match ends with one of these. */
const BRACKETED = /\([\p{Lu}Đ]{2,8}\)/gu;
const LETTER_OR_SPACE = /[\p{L}\s]/u;

/**
 * Start of the run of letters and white space that ends at `end`: a definition ending in the
 * bracket at `end` starts within it (and nowhere before it).
 */
function runStart(text: string, end: number): number {
  let start = end;
  while (start > 0) {
    const low = text.charCodeAt(start - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && start >= 2 && text.codePointAt(start - 2)! > 0xffff ? 2 : 1;
    if (!LETTER_OR_SPACE.test(text.slice(start - width, start))) break;
    start -= width;
  }
  return start;
}

/**
 * Finds abbreviations a text defines for itself ("288 chi bộ (CB)" → cb: chi bộ): the long form's
 * last words' initials must spell the abbreviation. Only the stretch before each bracketed
 * abbreviation is searched, which finds exactly what a search of the whole text finds.
 */
export function findLocalAbbreviations(text: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const normalized = text.normalize('NFC');
  for (const bracket of normalized.matchAll(BRACKETED)) {
    const end = bracket.index + bracket[0].length;
    const match = DEFINITION.exec(normalized.slice(runStart(normalized, bracket.index), end));
    if (!match) continue;
    const abbreviation = normalizeForMatch(match[2]!);
    const words = normalizeForMatch(match[1]!).split(/\s+/);
    const longForm = words.slice(-abbreviation.length);
    const initials = longForm.map((word) => word[0]).join('');
    if (longForm.length === abbreviation.length && foldVietnamese(initials) === foldVietnamese(abbreviation)) {
      found[abbreviation] = [longForm.join(' ')];
    }
  }
  return found;
}

/** The documents' wording for the question phrases a question contains. */
function intentsOf(question: string, accented: boolean): Syllable[][] {
  const padded = ` ${question.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const runs: Syllable[][] = [];
  for (const [phrase, wordings] of QUESTION_INTENTS) {
    const form = accented ? phrase : foldVietnamese(phrase);
    if (padded.includes(` ${form} `)) for (const wording of wordings) runs.push(syllableRecords(wording));
  }
  return runs;
}

/** A question phrase as a pattern matching it as whole words. */
function phrasePattern(form: string): RegExp {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${form}(?=[^\\p{L}\\p{N}]|$)`, 'gu');
}

/**
 * Question phrases to remove, compiled once: every phrase from accented questions; from questions
 * typed without diacritics only the phrases whose folded form cannot be a content word ("dau"
 * could be "đầu", "may" could be "máy").
 */
const QUESTION_PATTERNS = {
  accented: QUESTION_PHRASES.map(phrasePattern),
  folded: QUESTION_PHRASES.filter((phrase) => phrase.includes(' ') || ['gì', 'nào', 'ai'].includes(phrase)).map((phrase) =>
    phrasePattern(foldVietnamese(phrase)),
  ),
};

/** A plural word followed, within three words, by "gì" or "nào" (with or without diacritics). */
const PLURAL_ASKED = new RegExp(`\\s(?:${[...PLURAL_WORDS, ...PLURAL_WORDS.map(foldVietnamese)].join('|')})(?=(?:\\s\\S+){1,3}\\s(?:gì|nào|gi|nao)\\s)`, 'gu');

function removeQuestionWords(normalized: string, accented: boolean): string {
  let text = ` ${normalized.replace(/[?？]+/g, ' ')} `;
  // A closing "không" asks yes or no ("có nên ... không?"); elsewhere it carries meaning.
  text = text.replace(/\s(không|khong)\s*$/u, ' ');
  // "những" / "các" before the thing a question asks about ("có những quyền gì", "các trường hợp nào") only make it plural.
  text = text.replace(PLURAL_ASKED, ' ');
  for (const pattern of accented ? QUESTION_PATTERNS.accented : QUESTION_PATTERNS.folded) text = text.replace(pattern, '$1');
  return text.trim();
}

/** {@link ABBREVIATIONS} as a map: looked up for every syllable of every passage. */
const SHARED_ABBREVIATIONS = new Map(Object.entries(ABBREVIATIONS));

function hasEntries(table: AbbreviationTable): boolean {
  for (const key in table) if (Object.hasOwn(table, key)) return true;
  return false;
}

/** Creates the analyzer used by both the index and the queries. */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const accentedWeight = options.accentedWeight ?? 1;
  const foldedWeight = options.foldedWeight ?? 0.5;
  const bigramWeight = options.bigramWeight ?? 1;
  const expansionWeight = options.expansionWeight ?? 0.6;
  const intentWeight = options.intentWeight ?? 0.5;

  /** Readings of the abbreviations among `syllables` (all of `normalized`), and of document numbers' parts. */
  function expansions(normalized: string, syllables: readonly string[], local: AbbreviationTable | undefined): Syllable[][] {
    const runs: Syllable[][] = [];
    const own = local !== undefined && hasEntries(local) ? local : undefined;
    for (const syllable of syllables) {
      const readings = own?.[syllable] ?? SHARED_ABBREVIATIONS.get(syllable);
      if (readings) for (const reading of readings) runs.push(syllableRecords(reading));
    }
    for (const match of normalized.matchAll(DOCUMENT_NUMBER)) {
      for (const part of [match[1]!, match[2]!]) {
        const readings = NUMBER_ABBREVIATIONS[part] ?? foldedTables().number[part];
        if (readings) for (const reading of readings) runs.push(syllableRecords(reading));
      }
    }
    return runs;
  }

  const analyzer: Analyzer = {
    visitDocumentTerms(text, local, visitor) {
      const normalized = normalizeForMatch(text);
      const syllables = scanPhrases(normalized, (phrase) => {
        emitRun(phrase, true, visitor);
        emitNumbers(phrase, visitor);
      });
      for (const run of expansions(
        normalized,
        syllables.map((syllable) => syllable.text),
        local,
      ))
        emitRun(run, true, visitor);
    },

    documentTerms(text, local) {
      const terms: string[] = [];
      analyzer.visitDocumentTerms(
        text,
        local,
        termStrings(
          (term) => terms.push(term),
          (first, second) => terms.push(`${first} ${second}`),
        ),
      );
      return terms;
    },

    queryTerms(text) {
      const accented = hasDiacritics(text);
      const question = normalizeForMatch(text);
      const normalized = removeQuestionWords(question, accented);
      const weights = new QueryTerms();
      const add = (scale: number): TermVisitor => {
        const weigh = (term: string, bigram: boolean): void => {
          const base = term.startsWith(FOLDED) ? (accented ? foldedWeight : 1) : accentedWeight;
          const weight = base * scale * (bigram ? bigramWeight : 1);
          const previous = weights.get(term);
          if (previous === undefined && scale < 1) weights.optional.add(term);
          if (previous !== undefined && scale === 1) weights.optional.delete(term);
          weights.set(term, Math.max(previous ?? 0, weight));
        };
        return termStrings(
          (term) => weigh(term, false),
          (first, second) => weigh(`${first} ${second}`, true),
        );
      };
      scanPhrases(normalized, (syllables) => {
        emitRun(syllables, accented, add(1));
        if (accented) emitNumbers(syllables, add(expansionWeight));
      });
      for (const { documents } of paraphrasesIn(question, accented)) {
        for (const wording of documents) emitRun(syllableRecords(wording), true, add(expansionWeight));
      }
      const folded = accented ? normalized : foldVietnamese(normalized);
      const table = accented ? undefined : foldedTables().words;
      for (const run of expansions(folded, syllablesOf(folded), table)) emitRun(run, true, add(expansionWeight));
      for (const run of intentsOf(accented ? question : foldVietnamese(question), accented)) emitRun(run, true, add(intentWeight));
      return weights;
    },
  };
  return analyzer;
}

let foldedTableCache: { words: AbbreviationTable; number: AbbreviationTable } | undefined;

/** The abbreviation tables keyed by folded abbreviations, for questions typed without diacritics. */
function foldedTables(): { words: AbbreviationTable; number: AbbreviationTable } {
  const byFolded = (table: AbbreviationTable): AbbreviationTable =>
    Object.fromEntries(Object.entries(table).map(([abbreviation, readings]) => [foldVietnamese(abbreviation), readings]));
  foldedTableCache ??= { words: byFolded(ABBREVIATIONS), number: byFolded(NUMBER_ABBREVIATIONS) };
  return foldedTableCache;
}
