import type { Analyzer, QueryTerms } from './analyze-vietnamese.js';
import { describeCitedRegulations, describeStatus, documentDate, sectionText } from './describe-source.js';
import type { AnalyzedPassage } from './passage-analysis.js';
import { analyzeQuestion } from './question-analysis.js';
import { conceptCoverage, questionConcepts, unseenPenalty } from './question-concepts.js';
import { scoreSentences, type ScoredSentence } from './score-sentences.js';
import { countWords } from './split-sentences.js';
import { trimLongSentence } from './trim-quote.js';
import { endsWithColon, quoteAfterColon } from './after-colon.js';
import { DIFFERENT_TIMES_NOTE, NOT_FOUND_ANSWER, sourceHeading } from './answer-texts.js';
import { placeOf } from './quote-place.js';
import { fitText } from './fit-answer.js';
import { sourcesChars } from './format-answer.js';
import { lineMarker } from './line-markers.js';
import type { PassageOutline } from './passage-outline.js';
import type { Answer, Chunk, Citation, DocumentMeta, RetrievalHit } from './types.js';

/** Options of the extractive answerer. */
export interface AnswererOptions {
  /** Confidence below which the answer is "not found". @defaultValue 0.35 (calibrated on ../shared/eval) */
  threshold?: number;
  /** Retrieved passages whose sentences are weighed as answers. @defaultValue 12 */
  candidates?: number;
  /** A further sentence is quoted when it scores at least this share of the best. @defaultValue 0.75 */
  companionShare?: number;
  /** Most sentences quoted in one answer. @defaultValue 3 */
  maxSentences?: number;
  /** Most words of a list (a lead line and its items) quoted in one answer; at least one item is kept. @defaultValue 160 */
  maxListWords?: number;
  /** Most words of sentences quoted in one answer. @defaultValue 120 */
  maxWords?: number;
  /**
   * Most words quoted after a quote that ends with a colon ("… như sau:"), from the items or lines
   * that follow it, within the answer's budget; the first sentence that follows is always quoted. @defaultValue 80
   */
  followWords?: number;
  /**
   * Most characters a member reads, about one phone screen, its numbered sources included: a longer
   * answer quotes fewer list items, then drops its weakest further quotes, then is cut where a line
   * or clause ends after the best sentence; the whole of it is kept for /nguon (`fullAnswer`). @defaultValue 700
   */
  maxChars?: number;
  /** Most citations listed (and passages quoted from). @defaultValue 2 */
  maxCitations?: number;
  /** Longest excerpt kept per citation (/nguon shows it whole), in characters. @defaultValue 1000 */
  excerptChars?: number;
}

/** Defaults of {@link AnswererOptions}. */
export const ANSWERER_DEFAULTS: Required<AnswererOptions> = {
  threshold: 0.35,
  candidates: 12,
  companionShare: 0.75,
  maxSentences: 3,
  maxWords: 120,
  maxListWords: 160,
  followWords: 80,
  maxChars: 700,
  maxCitations: 2,
  excerptChars: 1000,
};

/** What the answerer reads besides the hits. */
export interface AnswerContext {
  analyzer: Analyzer;
  /** A passage's outline and sentence terms (see passage-analysis.ts). */
  analyzePassage: (chunk: Chunk) => AnalyzedPassage;
  /** Inverse document frequency of a term (for weighting the question's words). */
  idf: (term: string) => number;
  documents: ReadonlyMap<string, DocumentMeta>;
  chunksById: ReadonlyMap<string, Chunk>;
}

/** A term no passage holds: its IDF is the highest there is. */
const UNSEEN_TERM = '\u0000unseen';

/** A quoted piece of the answer: one sentence, or a lead line with its first items. */
interface Quote {
  text: string;
  outline: PassageOutline;
  hit: number;
  line: number;
  /** The score of the sentence it quotes: the lowest goes first when the answer is too long for a screen. */
  score: number;
  /** A quote from a document of another date, shown so that sources that may disagree across time are both read: it stays. */
  anotherTime?: true;
}

/** A list item quoted on its own reads as a sentence: its bullet goes ("- Đảng đoàn họp ..."). */
function withoutBullet(text: string): string {
  return text.replace(/^[-–+•*]\s+/u, '');
}

/** True for the last sentence of a line that introduces a list. */
function introducesList(sentence: ScoredSentence): boolean {
  return sentence.endsLine && sentence.outline.itemsEnd.has(sentence.line);
}

/**
 * The line that introduces the list a sentence belongs to: the sentence's own line when it
 * introduces one, or, for a question that asks for a list, the lead of the list it is an item of.
 */
function leadOf(sentence: ScoredSentence, asksForList: boolean): number | undefined {
  const { itemsEnd } = sentence.outline;
  if (introducesList(sentence)) return sentence.line;
  if (!asksForList) return undefined;
  let lead: number | undefined;
  for (const [line, end] of itemsEnd) if (line < sentence.line && end > sentence.line && (lead === undefined || line > lead)) lead = line;
  return lead;
}

/**
 * A list quoted whole where it fits: its lead line ("6. Nhiệm vụ của ...:", "- Đổi mới ...") and
 * its items in order within `maxWords` and `maxChars`, always keeping the item the best sentence is in.
 */
function quoteList(sentence: ScoredSentence, maxWords: number, followWords: number, asksForList: boolean, maxChars = Infinity): Quote | undefined {
  const lead = leadOf(sentence, asksForList);
  if (lead === undefined) return undefined;
  const { lines, itemsEnd } = sentence.outline;
  const end = itemsEnd.get(lead)!;
  const must = sentence.line === lead ? lead + 1 : sentence.line;
  const kept = [lead];
  let words = countWords(lines[lead]!) + (must < end ? countWords(lines[must]!) : 0);
  let chars = lines[lead]!.length + (must < end ? lines[must]!.length + 1 : 0);
  let crowdedOut = false;
  for (let line = lead + 1; line < end; line += 1) {
    if (line === must) {
      kept.push(line);
      continue;
    }
    const length = countWords(lines[line]!);
    if (words + length > maxWords) continue;
    if (chars + lines[line]!.length + 1 > maxChars) {
      crowdedOut = true;
      continue;
    }
    kept.push(line);
    words += length;
    chars += lines[line]!.length + 1;
  }
  const texts = kept.map((line) => lines[line]!);
  // A last line that announces what follows ("… như sau:") but whose items did not fit is quoted with their start.
  const last = kept.at(-1)!;
  const after = endsWithColon(lines[last]!) ? quoteAfterColon(sentence.outline, last, Math.min(followWords, maxWords - words)) : undefined;
  if (after) texts.push(after);
  // Items left out for the screen's sake are said to be there ("…"); the whole list is in /nguon.
  else if (crowdedOut) texts.push('…');
  return { text: texts.join('\n'), outline: sentence.outline, hit: sentence.hit, line: lead, score: sentence.score };
}

/** A sentence that ends its line with a colon ("… như sau:"), with the start of what follows it in its passage. */
function withWhatFollows(text: string, sentence: ScoredSentence, maxWords: number): string {
  if (!sentence.endsLine || !endsWithColon(text)) return text;
  const after = quoteAfterColon(sentence.outline, sentence.line, maxWords);
  return after ? `${text}\n${after}` : text;
}

/**
 * The quotes of an answer: the best list with its items when the best match introduces one,
 * else the best sentence and the next ones that score nearly as well, within the word budget.
 */
function chooseQuotes(
  sentences: readonly ScoredSentence[],
  settings: Required<AnswererOptions>,
  asksForList: boolean,
  whole: (sentence: ScoredSentence) => string,
): Quote[] {
  const first = sentences[0];
  if (!first || first.score <= 0) return [];
  const list = quoteList(first, settings.maxListWords, settings.followWords, asksForList);
  if (list) return [list];
  const chosen: Quote[] = [];
  let words = 0;
  let chars = 0;
  for (const sentence of sentences) {
    if (chosen.length >= settings.maxSentences || sentence.score < settings.companionShare * first.score) break;
    // A line that only introduces a list ("... có nhiệm vụ sau:") says nothing without its items.
    if (introducesList(sentence)) continue;
    const text = withWhatFollows(whole(sentence), sentence, Math.min(settings.followWords, settings.maxWords - words));
    const length = countWords(text);
    if (chosen.length > 0 && (words + length > settings.maxWords || chars + text.length > settings.maxChars)) continue;
    if (chosen.some((other) => other.text.includes(text) || text.includes(other.text))) continue;
    chosen.push({ text, outline: sentence.outline, hit: sentence.hit, line: sentence.line, score: sentence.score });
    words += length;
    chars += text.length + 1;
  }
  return chosen.sort((x, y) => x.hit - y.hit || x.line - y.line);
}

/**
 * The best quote of another document of another date that the passages also rank highly, so
 * that sources which may disagree across time are both shown, each with its date.
 */
function quoteOfAnotherTime(
  sentences: readonly ScoredSentence[],
  chosen: readonly Quote[],
  hits: readonly RetrievalHit[],
  dateOf: (docId: string) => string | undefined,
  followWords: number,
): Quote | undefined {
  const best = sentences[0]?.score ?? 0;
  const quotedDocs = new Set(chosen.map((quote) => hits[quote.hit]!.chunk.docId));
  const quotedDates = new Set([...quotedDocs].map(dateOf).filter((date) => date !== undefined));
  if (quotedDates.size === 0) return undefined;
  const other = sentences.find((sentence) => {
    const hit = hits[sentence.hit]!;
    const date = dateOf(hit.chunk.docId);
    return (
      !quotedDocs.has(hit.chunk.docId) &&
      date !== undefined &&
      !quotedDates.has(date) &&
      !introducesList(sentence) &&
      hit.score >= 0.6 * hits[0]!.score &&
      sentence.score >= 0.4 * best
    );
  });
  return (
    other && {
      text: withWhatFollows(withoutBullet(other.text), other, followWords),
      outline: other.outline,
      hit: other.hit,
      line: other.line,
      score: other.score,
    }
  );
}

/** Marks the best quote of each document dated otherwise than the best quote's: they stay on the screen side by side. */
function markOtherTimes(chosen: Quote[], dateOf: (quote: Quote) => string | undefined): void {
  const best = chosen.reduce<Quote | undefined>((top, quote) => (top && top.score >= quote.score ? top : quote), undefined);
  const bestDate = best && dateOf(best);
  const seen = new Set<string>();
  for (const quote of [...chosen].sort((x, y) => y.score - x.score)) {
    const date = dateOf(quote);
    if (bestDate === undefined || date === undefined || date === bestDate || seen.has(date)) continue;
    seen.add(date);
    quote.anotherTime = true;
  }
}

/**
 * A sentence with the rest of it that the chunker put in the next passage: an over-long line is
 * cut between clauses, so a passage's last sentence that ends with ";" or "," may go on there.
 */
function continuedSentence(sentence: ScoredSentence, hits: readonly RetrievalHit[], chunksById: ReadonlyMap<string, Chunk>): string {
  const { outline } = sentence;
  const last = outline.sentences.at(-1);
  if (last?.text !== sentence.text || last.line !== sentence.line || !/[;,]$/u.test(sentence.text)) return sentence.text;
  const { docId, ordinal } = hits[sentence.hit]!.chunk;
  const next = chunksById.get(`${docId}#${ordinal + 1}`)?.text.split('\n')[0];
  // A new line (an item, a paragraph) starts with a capital or a marker; the rest of a cut line does not.
  return next && /^\p{Ll}/u.test(next) ? `${sentence.text} ${next}` : sentence.text;
}

function excerptAround(chunk: Chunk, sentence: string | undefined, limit: number): string {
  const text = chunk.text.trim();
  if (text.length <= limit) return text;
  const at = sentence ? Math.max(0, text.indexOf(sentence)) : 0;
  const start = Math.max(0, Math.min(at - Math.floor(limit / 4), text.length - limit));
  const cut = text.slice(start, start + limit);
  return `${start > 0 ? '…' : ''}${cut.trim()}${start + limit < text.length ? '…' : ''}`;
}

/** The source of a passage: document, section, excerpt around `quoted`, date, cited regulations, status. */
export function citationOf(hit: RetrievalHit, context: AnswerContext, quoted: string | undefined, limit: number): Citation {
  const meta = context.documents.get(hit.chunk.docId);
  const title = meta?.title ?? hit.chunk.docId;
  const citation: Citation = {
    source: hit.chunk.docId,
    title,
    section: hit.chunk.headingPath.join(' › '),
    excerpt: excerptAround(hit.chunk, quoted, limit),
    score: Math.round(hit.score * 1000) / 1000,
  };
  if (meta) {
    const date = documentDate(meta);
    if (date) citation.date = date;
    const cites = describeCitedRegulations(meta, sectionText(hit.chunk, context.chunksById));
    if (cites.length > 0) citation.cites = cites;
    const status = describeStatus(meta);
    if (status) citation.status = status;
    if (meta.status.state === 'replaced') citation.replaced = true;
  }
  return citation;
}

/**
 * Answers from the passages alone: the most relevant sentences, verbatim, with their sources.
 * Below the confidence threshold it says plainly that the documents do not hold the answer.
 */
export function answerExtractively(
  question: string,
  hits: readonly RetrievalHit[],
  context: AnswerContext,
  options: AnswererOptions = {},
  query: QueryTerms = context.analyzer.queryTerms(question),
): Answer {
  const settings = { ...ANSWERER_DEFAULTS, ...options };
  const notFound = (confidence: number): Answer => ({ question, grounded: false, answer: NOT_FOUND_ANSWER, citations: [], confidence });
  if (hits.length === 0 || query.size === 0) return notFound(0);

  const analysis = analyzeQuestion(question);
  const concepts = questionConcepts(question, query, context.idf, context.idf(UNSEEN_TERM), analysis.focus);
  const ranked = scoreSentences(hits.slice(0, settings.candidates), { ...context, concepts, analysis });
  // A question about something no document mentions ("iPhone") is most likely not answered by them.
  const confidence = Math.min(1, ranked[0]?.score ?? 0) * unseenPenalty(concepts.unseen);
  if (confidence < settings.threshold || ranked[0]!.lacksFact) return notFound(confidence);
  // The passages quoted from: those of the best sentences, in the order of their best sentence.
  const order = [...new Set(ranked.map((sentence) => sentence.hit))].slice(0, settings.maxCitations);
  const usable = order.map((index) => hits[index]!);
  const sentences = ranked.filter((sentence) => order.includes(sentence.hit)).map((sentence) => ({ ...sentence, hit: order.indexOf(sentence.hit) }));
  // A list, or a how-question ("... ra sao?"), is answered with the whole list.
  // An over-long sentence, read on into the next passage where the chunker cut it, is quoted from its clause that holds most of the question.
  const relevance = (clause: string) => conceptCoverage(concepts, [{ terms: new Set(context.analyzer.documentTerms(clause)), share: 1 }]);
  const whole = (sentence: ScoredSentence) =>
    trimLongSentence(withoutBullet(continuedSentence(sentence, usable, context.chunksById)), relevance, settings.maxWords);
  const asksForList = analysis.asks.includes('list') || analysis.asks.includes('how');
  const chosen = chooseQuotes(sentences, settings, asksForList, whole);
  const dateOf = (docId: string) => {
    const meta = context.documents.get(docId);
    return meta && documentDate(meta);
  };
  const otherTime = quoteOfAnotherTime(sentences, chosen, usable, dateOf, settings.followWords);
  if (otherTime) chosen.push(otherTime);
  markOtherTimes(chosen, (quote) => dateOf(usable[quote.hit]!.chunk.docId));

  if (chosen.length === 0) return notFound(confidence);

  // The sources are the passages quoted, each section named once.
  const citations: Citation[] = [];
  usable.forEach((hit, index) => {
    const quote = chosen.find((candidate) => candidate.hit === index);
    if (!quote || citations.some((c) => c.source === hit.chunk.docId && c.section === hit.chunk.headingPath.join(' › '))) return;
    citations.push(citationOf(hit, context, quote.text, settings.excerptChars));
  });
  const best = sentences[0]!;
  const fitted = fitQuotes(chosen, (quotes) => composeAnswer(quotes, usable, citations), settings.maxChars - sourcesChars(citations), {
    keep: whole(best),
    shorterList: (maxChars) => quoteList(best, settings.maxListWords, settings.followWords, asksForList, maxChars),
    alone: { text: whole(best), outline: best.outline, hit: best.hit, line: best.line, score: best.score },
  });
  return { question, grounded: true, ...fitted, citations, confidence };
}

/** How {@link fitQuotes} shortens an answer: the best sentence, a shorter list, the best sentence quoted alone. */
interface Shortening {
  keep: string;
  shorterList: (maxChars: number) => Quote | undefined;
  alone: Quote;
}

/**
 * The answer within `budget` characters: the quotes whole when they fit; else a list with fewer
 * items, then without the further quotes, weakest first (a quote of another date stays), then the best sentence alone (a list's
 * lead and the item that answers may not fit), then cut after the best sentence (`keep`).
 * The whole answer stays in `fullAnswer` for /nguon.
 */
function fitQuotes(
  chosen: readonly Quote[],
  compose: (quotes: readonly Quote[]) => string,
  budget: number,
  { keep, shorterList, alone }: Shortening,
): Pick<Answer, 'answer' | 'fullAnswer'> {
  const full = compose(chosen);
  let quotes = [...chosen];
  let text = full;
  const list = quotes.length === 1 && text.length > budget ? shorterList(budget - (text.length - quotes[0]!.text.length)) : undefined;
  if (list) [quotes, text] = [[list], compose([list])];
  const best = Math.max(...quotes.map((quote) => quote.score));
  for (const weakest of quotes.filter((quote) => quote.score < best && !quote.anotherTime).sort((x, y) => x.score - y.score)) {
    if (text.length <= budget) break;
    quotes = quotes.filter((quote) => quote !== weakest);
    text = compose(quotes);
  }
  const single = text.length > budget && quotes.length === 1 ? compose([alone]) : text;
  if (single.length < text.length) text = single;
  const { text: answer } = fitText(text, budget, keep);
  return answer === full ? { answer } : { answer, fullAnswer: full };
}

/**
 * Answers with the opening of a passage the member named ("Điều 24 Điều lệ Đảng quy định gì?"):
 * its lines in order within the list budget, with its source.
 */
export function answerWithPassage(question: string, hit: RetrievalHit, context: AnswerContext, options: AnswererOptions = {}): Answer {
  const settings = { ...ANSWERER_DEFAULTS, ...options };
  const { outline } = context.analyzePassage(hit.chunk);
  const kept: string[] = [];
  let words = 0;
  for (const line of outline.lines) {
    const length = countWords(line);
    if (kept.length > 0 && words + length > settings.maxListWords) break;
    kept.push(line);
    words += length;
  }
  const citation = citationOf(hit, context, kept[0], settings.excerptChars);
  // A last line that announces what follows ("… như sau:") is quoted with its start.
  const after =
    kept.length < outline.lines.length && endsWithColon(kept.at(-1)!)
      ? quoteAfterColon(outline, kept.length - 1, Math.min(settings.followWords, settings.maxListWords - words))
      : undefined;
  const more = after ? `\n${after}` : kept.length < outline.lines.length ? '\n…' : '';
  const { text: answer, full } = fitText(`${sourceHeading(citation)}\n${kept.join('\n')}${more}`, settings.maxChars - sourcesChars([citation]));
  return { question, grounded: true, answer, ...(full === undefined ? {} : { fullAnswer: full }), citations: [citation], confidence: 1 };
}

/**
 * Joins the quoted sentences. When they come from more than one document, each group names its
 * source and date, so that sources from different times can be told apart.
 */
/** A quote as the member reads it: its place first where the document numbers it ("Điều 35, khoản 2: Hình thức kỷ luật :"). */
function withPlace(quote: Quote, hit: RetrievalHit, place = placeOf(quote.outline, quote.line, hit.chunk.headingPath)): string {
  if (!place) return quote.text;
  const marker = lineMarker(quote.text);
  // The place replaces the line's own numbering or bullet ("2. Hình thức kỷ luật :" → "Điều 35, khoản 2: Hình thức kỷ luật :").
  const body = marker ? quote.text.slice(quote.text.indexOf(marker.label) + marker.label.length).replace(/^\s*[.:]?\s*/u, '') : quote.text;
  return `${place[0]!.toUpperCase()}${place.slice(1)}: ${body}`;
}

function composeAnswer(chosen: readonly Quote[], hits: readonly RetrievalHit[], citations: readonly Citation[]): string {
  const byDocument = new Map<string, Quote[]>();
  for (const quote of chosen) {
    const doc = hits[quote.hit]!.chunk.docId;
    byDocument.set(doc, [...(byDocument.get(doc) ?? []), quote]);
  }
  // A quote from the place the one before it named ("Mục 2: …", "Mục 2: …") does not name it again.
  const places = chosen.map((quote) => placeOf(quote.outline, quote.line, hits[quote.hit]!.chunk.headingPath));
  const texts = new Map(
    chosen.map((quote, index) => [quote, index > 0 && places[index] === places[index - 1] ? quote.text : withPlace(quote, hits[quote.hit]!, places[index])]),
  );
  const placed = chosen.some((quote) => texts.get(quote) !== quote.text);
  // One document is named in the answer only when a place in it ("Điều 35, khoản 2") needs it.
  if (byDocument.size <= 1 && !placed) return chosen.map((quote) => quote.text).join('\n');
  const groups: string[] = [];
  for (const [doc, group] of byDocument) {
    const citation = citations.find((candidate) => candidate.source === doc)!;
    groups.push(`${sourceHeading(citation)}\n${group.map((quote) => texts.get(quote)!).join('\n')}`);
  }
  const dates = new Set([...byDocument.keys()].map((doc) => citations.find((c) => c.source === doc)?.date).filter(Boolean));
  const note = dates.size > 1 ? `\n${DIFFERENT_TIMES_NOTE}` : '';
  return groups.join('\n\n') + note;
}
