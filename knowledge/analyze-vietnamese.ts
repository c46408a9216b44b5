import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';
import { paraphrasesIn } from './party-vocabulary.js';
import { numberSpans } from './vietnamese-numbers.js';
import { ABBREVIATIONS, NUMBER_ABBREVIATIONS, QUESTION_INTENTS, QUESTION_PHRASES } from './vietnamese-terms.js';

/** Abbreviation readings, e.g. `{ cb: ['chi bộ'] }`, keyed by the matching form of the abbreviation. */
export type AbbreviationTable = Readonly<Record<string, readonly string[]>>;

/** Prefix of accent-folded terms; accented terms have none. */
const FOLDED = '~';
const SYLLABLE = /[\p{L}\p{N}]+/gu;
/** Runs of syllables not broken by punctuation: bigrams never cross a comma or a full stop. */
const SEGMENT = /[\p{L}\p{N}]+(?:[ \t\u00A0]+[\p{L}\p{N}]+)*/gu;
const DOCUMENT_NUMBER = /\b\d+[-–]([\p{L}]+)\/([\p{L}]+)/gu;
/** "288 chi bộ (CB)": a long form followed by its abbreviation in brackets. */
const DEFINITION = /([\p{L}]+(?:\s+[\p{L}]+){1,7})\s*\(([\p{Lu}Đ]{2,8})\)/gu;

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

/** Turns text into index terms and queries into weighted terms, the same way on both sides. */
export interface Analyzer {
  /**
   * Index terms of a passage (repeated terms count): syllables and syllable bigrams, accented
   * and folded, with abbreviations expanded (`local` readings win over the shared table).
   */
  documentTerms(text: string, local?: AbbreviationTable): string[];
  /**
   * Weighted terms of a question: question words removed, abbreviations expanded. A question
   * typed without any diacritic is matched on folded terms only.
   */
  queryTerms(text: string): QueryTerms;
}

function syllablesOf(text: string): string[] {
  return text.match(SYLLABLE) ?? [];
}

/** Adds unigrams and bigrams of a run of syllables, accented and/or folded, to `emit`. */
function emitRun(syllables: readonly string[], accented: boolean, emit: (term: string, bigram: boolean) => void): void {
  const folded = syllables.map(foldVietnamese);
  for (let i = 0; i < syllables.length; i += 1) {
    if (accented) emit(syllables[i]!, false);
    emit(FOLDED + folded[i]!, false);
    if (i > 0) {
      if (accented) emit(`${syllables[i - 1]} ${syllables[i]}`, true);
      emit(`${FOLDED}${folded[i - 1]} ${folded[i]}`, true);
    }
  }
}

/**
 * Adds the digit form of numbers written in words ("mười tám tuổi" → "18", "18 tuổi"), with the
 * words beside it as bigrams, so that digits and words match each other.
 */
function emitNumbers(syllables: readonly string[], emit: (term: string, bigram: boolean) => void): void {
  const lower = syllables.map((syllable) => syllable.toLowerCase());
  for (const { start, end, value } of numberSpans(lower)) {
    const digits = String(value);
    emit(digits, false);
    emit(FOLDED + digits, false);
    const before = lower[start - 1];
    const after = lower[end];
    if (before !== undefined) {
      emit(`${before} ${digits}`, true);
      emit(`${FOLDED}${foldVietnamese(before)} ${digits}`, true);
    }
    if (after !== undefined) {
      emit(`${digits} ${after}`, true);
      emit(`${FOLDED}${digits} ${foldVietnamese(after)}`, true);
    }
  }
}

/**
 * Finds abbreviations a text defines for itself ("288 chi bộ (CB)" → cb: chi bộ): the long form's
 * last words' initials must spell the abbreviation.
 */
export function findLocalAbbreviations(text: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const match of text.normalize('NFC').matchAll(DEFINITION)) {
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
function intentsOf(question: string, accented: boolean): string[][] {
  const padded = ` ${question.replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const runs: string[][] = [];
  for (const [phrase, wordings] of QUESTION_INTENTS) {
    const form = accented ? phrase : foldVietnamese(phrase);
    if (padded.includes(` ${form} `)) for (const wording of wordings) runs.push(syllablesOf(wording));
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

function removeQuestionWords(normalized: string, accented: boolean): string {
  let text = ` ${normalized.replace(/[?？]+/g, ' ')} `;
  // A closing "không" asks yes or no ("có nên ... không?"); elsewhere it carries meaning.
  text = text.replace(/\s(không|khong)\s*$/u, ' ');
  for (const pattern of accented ? QUESTION_PATTERNS.accented : QUESTION_PATTERNS.folded) text = text.replace(pattern, '$1');
  return text.trim();
}

/** Creates the analyzer used by both the index and the queries. */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const accentedWeight = options.accentedWeight ?? 1;
  const foldedWeight = options.foldedWeight ?? 0.5;
  const bigramWeight = options.bigramWeight ?? 1;
  const expansionWeight = options.expansionWeight ?? 0.6;
  const intentWeight = options.intentWeight ?? 0.5;

  function expansions(normalized: string, local: AbbreviationTable | undefined): string[][] {
    const runs: string[][] = [];
    for (const syllable of syllablesOf(normalized)) {
      const readings = local?.[syllable] ?? ABBREVIATIONS[syllable];
      if (readings) for (const reading of readings) runs.push(syllablesOf(reading));
    }
    for (const match of normalized.matchAll(DOCUMENT_NUMBER)) {
      for (const part of [match[1]!, match[2]!]) {
        const readings = NUMBER_ABBREVIATIONS[part] ?? foldedTables().number[part];
        if (readings) for (const reading of readings) runs.push(syllablesOf(reading));
      }
    }
    return runs;
  }

  return {
    documentTerms(text, local) {
      const normalized = normalizeForMatch(text);
      const terms: string[] = [];
      const emit = (term: string): void => {
        terms.push(term);
      };
      for (const segment of normalized.match(SEGMENT) ?? []) {
        const syllables = syllablesOf(segment);
        emitRun(syllables, true, emit);
        emitNumbers(syllables, emit);
      }
      for (const run of expansions(normalized, local)) emitRun(run, true, emit);
      return terms;
    },

    queryTerms(text) {
      const accented = hasDiacritics(text);
      const question = normalizeForMatch(text);
      const normalized = removeQuestionWords(question, accented);
      const weights = new QueryTerms();
      const add =
        (scale: number) =>
        (term: string, bigram: boolean): void => {
          const base = term.startsWith(FOLDED) ? (accented ? foldedWeight : 1) : accentedWeight;
          const weight = base * scale * (bigram ? bigramWeight : 1);
          const previous = weights.get(term);
          if (previous === undefined && scale < 1) weights.optional.add(term);
          if (previous !== undefined && scale === 1) weights.optional.delete(term);
          weights.set(term, Math.max(previous ?? 0, weight));
        };
      for (const segment of normalized.match(SEGMENT) ?? []) {
        const syllables = syllablesOf(segment);
        emitRun(syllables, accented, add(1));
        if (accented) emitNumbers(syllables, add(expansionWeight));
      }
      for (const { documents } of paraphrasesIn(question, accented)) for (const wording of documents) emitRun(syllablesOf(wording), true, add(expansionWeight));
      const folded = accented ? normalized : foldVietnamese(normalized);
      const table = accented ? undefined : foldedTables().words;
      for (const run of expansions(folded, table)) emitRun(run, true, add(expansionWeight));
      for (const run of intentsOf(accented ? question : foldVietnamese(question), accented)) emitRun(run, true, add(intentWeight));
      return weights;
    },
  };
}

let foldedTableCache: { words: AbbreviationTable; number: AbbreviationTable } | undefined;

/** The abbreviation tables keyed by folded abbreviations, for questions typed without diacritics. */
function foldedTables(): { words: AbbreviationTable; number: AbbreviationTable } {
  const byFolded = (table: AbbreviationTable): AbbreviationTable =>
    Object.fromEntries(Object.entries(table).map(([abbreviation, readings]) => [foldVietnamese(abbreviation), readings]));
  foldedTableCache ??= { words: byFolded(ABBREVIATIONS), number: byFolded(NUMBER_ABBREVIATIONS) };
  return foldedTableCache;
}
