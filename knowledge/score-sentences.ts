/**
 * Scores each sentence of the retrieved passages as an answer to the question: how much of the
 * question's concepts it holds (its headings count for less), whether it keeps the question's
 * wording, how well its passage was retrieved, whether it states the kind of fact asked for, and
 * whether it is about the subject asked about.
 */
import { foldVietnamese, normalizeForMatch } from '../common/index.js';
import type { Analyzer } from './analyze-vietnamese.js';
import type { AnalyzedPassage } from './passage-analysis.js';
import type { OutlineSentence, PassageOutline } from './passage-outline.js';
import { isBareMarker, lineMarker, markerRank } from './line-markers.js';
import { countsNoun, factsIn, numbersIn } from './passage-facts.js';
import { namesAny, wordPadded } from './party-vocabulary.js';
import { CHECKABLE_FACTS, type AskedFact, type QuestionAnalysis } from './question-analysis.js';
import { conceptCoverage, namesFocus, READINGS_BY_FOLDED, type QuestionConcepts } from './question-concepts.js';
import { countWords } from './split-sentences.js';
import type { Chunk, DocumentMeta, RetrievalHit } from './types.js';

/** A sentence of a hit, scored. */
export interface ScoredSentence extends OutlineSentence {
  hit: number;
  outline: PassageOutline;
  score: number;
  /** The question asks a checkable fact (a number, a day...) and this sentence states none. */
  lacksFact: boolean;
}

/** What scoring reads besides the hits. */
export interface SentenceScoring {
  analyzer: Analyzer;
  analyzePassage: (chunk: Chunk) => AnalyzedPassage;
  documents: ReadonlyMap<string, DocumentMeta>;
  concepts: QuestionConcepts;
  analysis: QuestionAnalysis;
}

/** How much a question's concept found only in the line introducing the list counts, against one in the sentence. */
const LEAD_SHARE = 0.85;
/** How much a question's concept found only in the headings counts. */
const HEADING_SHARE = 0.6;
/** How much a question's concept found only elsewhere in the passage (another clause of the article) counts. */
const PASSAGE_SHARE = 0.4;
/** Factor for a sentence that neither enumerates nor belongs to a list, when a list is asked for. */
const NOT_A_LIST = 0.65;
/** Factor for a list whose lead does not name what the question wants listed, when it names something. */
const OTHER_LIST = 0.8;
/** Factor for a sentence that lacks the asked kind of fact, or is about another subject. */
const MISMATCH = 0.45;
/**
 * Factor for a sentence that opens with what the question is about and says of it what is asked
 * ("Đảng đoàn là …", "Ủy ban kiểm tra có quyền …"); not for an item of a list a line announces ("…:"), which answers whole.
 */
const SAYS_OF_SUBJECT = 1.25;
/** Words the subject may take before what is said of it ("là", "có nhiệm vụ"), parentheses left out ("Tổ chức cơ sở đảng (chi bộ cơ sở, …) là ..."). */
const SUBJECT_REACH = 8;

/** The line that introduces the list `line` is an item of, if any (the innermost). */
function enclosingLead(outline: PassageOutline, line: number): number | undefined {
  let lead: number | undefined;
  for (const [start, end] of outline.itemsEnd) if (start < line && end > line && (lead === undefined || start > lead)) lead = start;
  return lead;
}

/** A line without its numbering: "1.2.1." or "Điều 5" states no number. */
function withoutNumbering(line: string): string {
  return lineMarker(line)?.rest ?? line;
}

/** The text a sentence is checked for facts on: a line introducing a list stands with its items. */
function factText(sentence: OutlineSentence, outline: PassageOutline): string {
  const end = sentence.endsLine ? outline.itemsEnd.get(sentence.line) : undefined;
  const lines = end === undefined ? [sentence.text] : [sentence.text, ...outline.lines.slice(sentence.line + 1, end)];
  return lines.map(withoutNumbering).join('\n');
}

/** True when every word of what a count question counts is in `padded`, itself or as the abbreviation's reading. */
function namesCounted(padded: string, counted: readonly string[]): boolean {
  return counted.every((word) => {
    if (padded.includes(` ${word} `)) return true;
    const readings = READINGS_BY_FOLDED.get(word) ?? [];
    return readings.some((reading) => padded.includes(` ${foldVietnamese(reading)} `));
  });
}

/**
 * Whether `text` states the fact the question asks, new to the question (not its own numbers),
 * and, for a count, of the thing counted. `padded` is the sentence with its lead and headings, folded.
 */
function statesAskedFact(stated: StatedFacts, padded: string, analysis: QuestionAnalysis): boolean {
  const asked = analysis.asks.filter((fact) => CHECKABLE_FACTS.has(fact));
  if (asked.length === 0) return true;
  if (!asked.some((fact) => stated.facts.has(fact))) return false;
  if (asked.includes('count') || asked.includes('amount')) {
    const numbers = [...stated.numbers].filter((number) => !analysis.numbers.has(number));
    const [noun] = analysis.counted;
    // The thing counted, where the sentence names it, stands by the number ("ba đảng viên"), not anywhere ("trang nghiêm … từng người một").
    const counts = noun === undefined || !` ${stated.folded} `.includes(` ${noun} `) || countsNoun(stated.text, noun);
    return (numbers.length > 0 || stated.wordyCount) && namesCounted(padded, analysis.counted) && counts;
  }
  return true;
}

/** What a question is about, as the documents may write it: itself, or an abbreviation's readings, folded. */
function subjectForms(subject: string): string[] {
  return [subject, ...(READINGS_BY_FOLDED.get(subject) ?? []).map((reading) => foldVietnamese(reading))];
}

/** True for a sentence that opens with one of `subjects` and says `predicate` of it ("Đảng đoàn là ...", "Đảng viên có quyền: ..."). */
function saysOfSubject(text: string, subjects: readonly string[], predicate: string): boolean {
  const words = foldVietnamese(normalizeForMatch(withoutNumbering(text)))
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  return subjects.some((subject) => {
    const length = subject.split(' ').length;
    return words.slice(0, length).join(' ') === subject && ` ${words.slice(length, length + SUBJECT_REACH).join(' ')} `.includes(` ${predicate} `);
  });
}

/** The facts a sentence (with its list, for a lead) states: they depend on the passage alone. */
interface StatedFacts {
  facts: ReadonlySet<AskedFact>;
  numbers: ReadonlySet<string>;
  /** A count in words without a number ("quá một nửa", "tất cả"). */
  wordyCount: boolean;
  /** The text checked, as read, and folded with its punctuation gone. */
  text: string;
  folded: string;
}

function statedFacts(text: string): StatedFacts {
  const normalized = normalizeForMatch(text);
  const folded = foldVietnamese(normalized).replace(/[^\p{L}\p{N}]+/gu, ' ');
  return { facts: factsIn(text), numbers: numbersIn(text), wordyCount: /\b(?:một nửa|quá nửa|đa số|tất cả|toàn bộ)\b/u.test(normalized), text, folded };
}

/** True for a sentence that lists three or more short things ("khiển trách, cảnh cáo, cách chức, khai trừ"). */
function enumerates(text: string): boolean {
  return /(?:[^,;:]{1,40}[,;]\s*){2,}[^,;:]{1,40}/u.test(text) && text.split(/[,;]/u).filter((part) => part.trim().split(/\s+/u).length <= 6).length >= 3;
}

/** The line that introduces a list, with its terms. */
interface ListLead {
  text: string;
  terms: ReadonlySet<string>;
}

/** Longest line read as a list's title without a colon ("Nhiệm vụ của bí thư chi bộ"). */
const MAX_TITLE_WORDS = 12;

/** True for a line that says what its list is: a lead-in ("... có nhiệm vụ:") or a short title, not a sentence of its own. */
function titlesList(text: string): boolean {
  return /:\s*$/u.test(text) || countWords(text) <= MAX_TITLE_WORDS;
}

/**
 * How well a sentence has the shape of the answer to a list question ("những hình thức nào",
 * "có phải là nhiệm vụ ... không"): best a list whose lead names what is asked for ("Hình thức kỷ
 * luật:"), then any list or enumeration, last a sentence that only mentions the thing. The
 * clauses under a bare "Điều 38." are an article's clauses, not the items of a list.
 */
function listShape(
  sentence: OutlineSentence,
  outline: PassageOutline,
  terms: ReadonlySet<string>,
  lead: ListLead | undefined,
  scoring: SentenceScoring,
): number {
  const { analysis, concepts } = scoring;
  const focused = concepts.concepts.some((concept) => concept.focus);
  if (!analysis.asks.includes('list') && !(focused && analysis.asks.includes('yes-no'))) return 1;
  const introduces = outline.itemsEnd.has(sentence.line) && !isBareMarker(outline.lines[sentence.line]!);
  const listLead = introduces ? { text: sentence.text, terms } : lead;
  if (focused && listLead && namesFocus(concepts, listLead.terms) && titlesList(listLead.text)) return 1;
  if (listLead || enumerates(sentence.text)) return focused ? OTHER_LIST : 1;
  return NOT_A_LIST;
}

/** True when the sentence (with its headings) names the other side of a subject pair, not the asked one. */
function aboutAnotherSubject(padded: string, analysis: QuestionAnalysis): boolean {
  return analysis.subjects.some(({ named, other }) => namesAny(padded, other, true) && !namesAny(padded, named, true));
}

/**
 * When a passage's last heading is a lead-in ("Đảng viên có nhiệm vụ :", "b) ... có nhiệm vụ và
 * quyền hạn:"), which of its lines are that list's items: marked lines below the lead-in's own rank.
 */
function leadInHeading(headingPath: readonly string[]): ((line: string) => boolean) | undefined {
  const heading = headingPath.at(-1);
  if (!heading?.endsWith(':')) return undefined;
  const own = lineMarker(heading);
  return (line) => {
    const marker = lineMarker(line);
    return marker !== undefined && (own === undefined || markerRank(marker) > markerRank(own));
  };
}

/** Key of {@link PassageContext.leadTerms} for a lead-in that is the passage's last heading. */
const HEADING_LEAD = -1;

/** What scoring reads of a passage besides its sentences, kept per passage (passages do not change). */
interface PassageContext {
  headingTerms: ReadonlySet<string>;
  headingFolded: string;
  passageTerms: ReadonlySet<string>;
  /** Terms of a line that introduces a list, by line index ({@link HEADING_LEAD} for the last heading). */
  leadTerms: Map<number, ReadonlySet<string>>;
  /** Facts each sentence states, by sentence position, read when a question first asks. */
  stated: Map<number, StatedFacts>;
  /** Each sentence with its headings and lead, folded and word-padded, by sentence position, made when first needed. */
  paddedWords: Map<number, string>;
}

const passageContexts = new WeakMap<Chunk, PassageContext>();

function passageContext(chunk: Chunk, sentenceTerms: readonly ReadonlySet<string>[], scoring: SentenceScoring): PassageContext {
  let context = passageContexts.get(chunk);
  if (!context) {
    const title = scoring.documents.get(chunk.docId)?.title ?? '';
    const headings = [title, ...chunk.headingPath].join('\n');
    context = {
      headingTerms: new Set(scoring.analyzer.documentTerms(headings)),
      headingFolded: foldVietnamese(normalizeForMatch(headings)),
      passageTerms: new Set(sentenceTerms.flatMap((terms) => [...terms])),
      leadTerms: new Map(),
      stated: new Map(),
      paddedWords: new Map(),
    };
    passageContexts.set(chunk, context);
  }
  return context;
}

/** Scores every sentence of `hits`, best first. */
export function scoreSentences(hits: readonly RetrievalHit[], scoring: SentenceScoring): ScoredSentence[] {
  const { analyzer, concepts, analysis } = scoring;
  const bigramTotal = concepts.bigrams.length;
  // The words of a sentence are read only to check a subject or what a count counts.
  const needsWords = analysis.subjects.length > 0 || analysis.counted.length > 0;
  const checksFacts = analysis.asks.some((fact) => CHECKABLE_FACTS.has(fact));
  const subjects = analysis.about ? subjectForms(analysis.about.subject) : [];
  const scored: ScoredSentence[] = [];
  hits.forEach((hit, index) => {
    const { outline, sentenceTerms } = scoring.analyzePassage(hit.chunk);
    const { headingTerms, headingFolded, passageTerms, leadTerms, stated, paddedWords } = passageContext(hit.chunk, sentenceTerms, scoring);
    const headingLead = leadInHeading(hit.chunk.headingPath);
    const prior = 0.75 + 0.25 * hit.score;
    outline.sentences.forEach((sentence, position) => {
      // An item reads with the line that introduces it ("Đảng viên có nhiệm vụ:" … "4. … đóng đảng phí").
      // An item of a list whose lead-in opened the passage's section reads with that lead-in.
      const lead = enclosingLead(outline, sentence.line) ?? (headingLead?.(outline.lines[sentence.line]!) ? HEADING_LEAD : undefined);
      const leadText = lead === undefined ? '' : lead === HEADING_LEAD ? hit.chunk.headingPath.at(-1)! : outline.lines[lead]!;
      const terms = sentenceTerms[position]!;
      let ofLead = lead === undefined ? undefined : leadTerms.get(lead);
      if (lead !== undefined && !ofLead) {
        ofLead = new Set(analyzer.documentTerms(leadText));
        leadTerms.set(lead, ofLead);
      }
      const coverage = conceptCoverage(concepts, [
        { terms, share: 1 },
        { terms: ofLead ?? new Set<string>(), share: LEAD_SHARE },
        { terms: headingTerms, share: HEADING_SHARE },
        { terms: passageTerms, share: PASSAGE_SHARE },
      ]);
      const bigrams = bigramTotal === 0 ? 0 : concepts.bigrams.filter((bigram) => terms.has(bigram)).length / bigramTotal;
      let padded = needsWords ? paddedWords.get(position) : '';
      if (padded === undefined) {
        padded = wordPadded(`${headingFolded} ${foldVietnamese(normalizeForMatch(`${leadText} ${sentence.text}`))}`);
        paddedWords.set(position, padded);
      }
      let facts = stated.get(position);
      if (checksFacts && !facts) {
        facts = statedFacts(factText(sentence, outline));
        stated.set(position, facts);
      }
      const lacksFact = facts !== undefined && !statesAskedFact(facts, padded, analysis);
      const shape = listShape(sentence, outline, terms, lead === undefined || isBareMarker(leadText) ? undefined : { text: leadText, terms: ofLead! }, scoring);
      const mismatch =
        shape *
        (lacksFact ? MISMATCH : 1) *
        (aboutAnotherSubject(padded, analysis) ? MISMATCH : 1) *
        (analysis.about && !/:\s*$/u.test(leadText) && saysOfSubject(sentence.text, subjects, analysis.about.predicate) ? SAYS_OF_SUBJECT : 1);
      const score = ((0.8 * coverage + 0.2 * bigrams) * prior * mismatch) / (1 + sentence.words / 400);
      scored.push({ ...sentence, hit: index, outline, score, lacksFact });
    });
  });
  return scored.sort((x, y) => y.score - x.score);
}
