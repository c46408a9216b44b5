/**
 * A question as the things it names ("concepts"), each weighted by how rare it is in the corpus:
 * one syllable, or an everyday wording with the documents' wordings that stand for it
 * ("qua đời" is met by "từ trần"). A passage's sentence answers the question as far as it holds
 * its concepts, the rare ones above all.
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';
import type { QueryTerms } from './analyze-vietnamese.js';
import { paraphrasesIn } from './party-vocabulary.js';
import { ABBREVIATIONS, CHAT_WORDS, PLURAL_WORDS } from './vietnamese-terms.js';

/** One thing a question names: any of `alternatives` (each a list of terms, all needed) meets it. */
export interface Concept {
  alternatives: readonly (readonly string[])[];
  weight: number;
  /** Part of what the question wants listed or classified (see QuestionAnalysis.focus). */
  focus: boolean;
}

/** A question's concepts and its word pairs (for a small bonus to sentences that keep its wording). */
export interface QuestionConcepts {
  concepts: readonly Concept[];
  bigrams: readonly string[];
  /**
   * Words of the question's subject that no passage holds and no known wording stands for
   * ("iPhone", "python", "1930"): the documents most likely do not speak of what is asked.
   */
  unseen: readonly string[];
}

/** Words that only make a noun plural ("những", "các"), folded. */
const PLURAL_FOLDED = new Set(PLURAL_WORDS.map(foldVietnamese));

/** Prefix of folded terms (as in analyze-vietnamese.ts). */
const FOLDED = '~';

/** Weight of a syllable no passage holds, as a share of the highest IDF. */
const UNSEEN_SHARE = 0.6;
/** Weight factor of the words naming what a question wants listed or classified (its focus). */
const FOCUS_FACTOR = 2;
/** Highest weight of a word of conversation ("tôi", "hẳn"). */
const CHAT_WEIGHT = 0.3;
/** Confidence factor of each word of the question that no document holds. */
const UNSEEN_FACTOR = 0.7;
/**
 * The same for a word no document holds that is not Vietnamese ("iPhone", "Android", "VNeID"): a
 * product or a technology the documents do not speak of is what the question is about.
 */
const FOREIGN_FACTOR = 0.5;

/** A Vietnamese syllable's shape, diacritics folded: an onset, one to three vowels, a final. */
const SYLLABLE_SHAPE = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$/u;

/** True for a folded word of two vowels or more that no Vietnamese syllable spells ("iphone", "zalo"); abbreviations ("ubkt", "tccsd") are not. */
function isForeignWord(folded: string): boolean {
  return !SYLLABLE_SHAPE.test(folded) && (folded.match(/[aeiouy]/gu)?.length ?? 0) >= 2;
}

/** How much the words of a question no document holds lower the confidence of an answer (1: none). */
export function unseenPenalty(unseen: readonly string[]): number {
  return unseen.reduce((factor, word) => factor * (isForeignWord(word) ? FOREIGN_FACTOR : UNSEEN_FACTOR), 1);
}

const CHAT_FOLDED = new Set([...CHAT_WORDS].map(foldVietnamese));
/** The abbreviations' readings keyed by the folded abbreviation ("đu" and "du" → đảng ủy). */
export const READINGS_BY_FOLDED: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(ABBREVIATIONS).map(([abbreviation, readings]) => [foldVietnamese(abbreviation), readings]),
);

/**
 * The concepts of `question`, from its analysed `terms`. `idf` weights a term by its rarity among passages; the question
 * words ("bao nhiêu", "là gì") were already removed by the analyzer.
 */
export function questionConcepts(
  question: string,
  terms: QueryTerms,
  idf: (term: string) => number,
  maxIdf: number,
  focus: readonly string[] = [],
): QuestionConcepts {
  const accented = hasDiacritics(question);
  const key = (syllable: string) => (accented ? syllable : FOLDED + foldVietnamese(syllable));
  const bare = (term: string) => foldVietnamese(term.startsWith(FOLDED) ? term.slice(1) : term);
  // Compared with diacritics where the question has them: "cài" (install) is not "cái".
  const chat = (term: string) => (term.startsWith(FOLDED) ? CHAT_FOLDED.has(term.slice(1)) : CHAT_WORDS.has(term));
  // Written with diacritics, a syllable is an abbreviation only as such: "dự" is not "ĐU" (đảng ủy).
  const readingsOf = (term: string) => (hasDiacritics(term) ? ABBREVIATIONS[term] : READINGS_BY_FOLDED.get(bare(term)));
  const unseenWord = (term: string) => idf(term) >= maxIdf && !chat(term) && readingsOf(term) === undefined;
  const weightOf = (term: string) => {
    const value = idf(term);
    const weight = value >= maxIdf ? UNSEEN_SHARE * maxIdf : value;
    return chat(term) ? Math.min(weight, CHAT_WEIGHT) : weight;
  };
  const core = [...terms.keys()].filter(
    (term) => !terms.optional.has(term) && !term.includes(' ') && (accented ? !term.startsWith(FOLDED) : term.startsWith(FOLDED)),
  );
  const grouped = new Set<string>();
  const concepts: Concept[] = [];
  // What a list question enumerates is what its answer must be about: it weighs more.
  const focused = new Set(focus);
  const add = (alternatives: (readonly string[])[], weight: number) => {
    const isFocus = alternatives[0]!.some((term) => focused.has(bare(term)));
    concepts.push({ alternatives, weight: isFocus ? FOCUS_FACTOR * weight : weight, focus: isFocus });
  };
  for (const { said, documents } of paraphrasesIn(normalizeForMatch(question), accented)) {
    // A plural word of the wording ("những mức") is not among the question's terms (see analyze-vietnamese.ts).
    const saidTerms = said
      .split(' ')
      .filter((syllable) => !PLURAL_FOLDED.has(foldVietnamese(syllable)))
      .map((syllable) => (accented ? syllable : FOLDED + syllable));
    if (saidTerms.length === 0 || saidTerms.some((term) => grouped.has(term)) || !saidTerms.every((term) => core.includes(term))) continue;
    saidTerms.forEach((term) => grouped.add(term));
    const alternatives = [saidTerms, ...documents.map((wording) => wording.split(' ').map(key))];
    // Weighed as the documents' wording is: an everyday word they never use is no sign of a missing subject.
    const weight = Math.min(...alternatives.map((terms) => Math.max(...terms.map(weightOf))));
    add(alternatives, weight);
  }
  const unseen: string[] = [];
  for (const term of core) {
    if (grouped.has(term)) continue;
    // An abbreviation ("ĐV", "TCCSĐ") is met by its readings too, and weighs as they do.
    const readings = (readingsOf(term) ?? []).map((reading) => reading.split(' ').map(key));
    if (readings.length > 0) {
      const alternatives = [[term], ...readings];
      add(alternatives, Math.min(...alternatives.map((terms) => Math.max(...terms.map(weightOf)))));
      continue;
    }
    add([[term]], weightOf(term));
    if (unseenWord(term)) unseen.push(bare(term));
  }
  const bigrams = [...terms.keys()].filter(
    (term) => !terms.optional.has(term) && term.includes(' ') && (accented ? !term.startsWith(FOLDED) : term.startsWith(FOLDED)),
  );
  return { concepts, bigrams, unseen };
}

/** Terms around a sentence and how much a concept met only there counts (1 for the sentence itself). */
export interface TermLayer {
  terms: ReadonlySet<string>;
  share: number;
}

/**
 * How much of the question's weight a sentence holds. `layers` go from the sentence outwards
 * (the sentence, the line that introduces its list, its headings): a concept counts with the
 * share of the innermost layers that together hold one of its wordings.
 */
export function conceptCoverage({ concepts }: QuestionConcepts, layers: readonly TermLayer[]): number {
  let total = 0;
  let met = 0;
  for (const concept of concepts) {
    total += concept.weight;
    for (let depth = 1; depth <= layers.length; depth += 1) {
      const inner = layers.slice(0, depth);
      if (concept.alternatives.some((terms) => terms.every((term) => inner.some((layer) => layer.terms.has(term))))) {
        met += layers[depth - 1]!.share * concept.weight;
        break;
      }
    }
  }
  return total > 0 ? met / total : 0;
}

/** True when `terms` hold one wording of a concept the question's focus is part of. */
export function namesFocus({ concepts }: QuestionConcepts, terms: ReadonlySet<string>): boolean {
  return concepts.some((concept) => concept.focus && concept.alternatives.some((wording) => wording.every((term) => terms.has(term))));
}
