import { MORE_IN_SOURCES, SOURCES_HINT } from './answer-texts.js';
import type { Answer, Citation } from './types.js';

/**
 * The documents an answer quotes, each once, in the order of its sources: the chat lists them by
 * title and date under the answer; their sections are for /nguon.
 */
export function quotedDocuments(citations: readonly Citation[]): Citation[] {
  return citations.filter((citation, index) => citations.findIndex((other) => other.title === citation.title && other.date === citation.date) === index);
}

/** A document an answer quotes, with the passages quoted from it. */
export interface QuotedDocument {
  /** Its first passage, which names it (title, date, validity). */
  document: Citation;
  passages: Citation[];
}

/**
 * The answer's passages grouped by document, in the order and with the numbers ([1], [2]...) the
 * answer lists the documents in, so that /nguon's [2] is the answer's [2].
 */
export function passagesByDocument(citations: readonly Citation[]): QuotedDocument[] {
  return quotedDocuments(citations).map((document) => ({
    document,
    passages: citations.filter((citation) => citation.title === document.title && citation.date === document.date),
  }));
}

/**
 * A readable plain-text rendering of an answer with its numbered sources by title and date, each
 * document once (their sections and cited regulations are for /nguon; a replaced document is
 * warned of), for terminals and any channel without formatting. An answer cut to fit a screen
 * says where the rest is.
 */
export function formatAnswerText(answer: Answer): string {
  if (!answer.grounded) return answer.answer;
  const lines = [answer.fullAnswer === undefined ? answer.answer : `${answer.answer} ${MORE_IN_SOURCES}`, '', 'Nguồn:'];
  quotedDocuments(answer.citations).forEach((citation, index) => {
    const when = citation.date ? ` (${citation.date})` : '';
    lines.push(`[${index + 1}] ${citation.title}${when}`);
    if (citation.replaced && citation.status) lines.push(`    Lưu ý: ${citation.status}`);
  });
  return lines.join('\n');
}

/** The characters a member reads besides the answer's text: its numbered sources and the line on /nguon. */
export function sourcesChars(citations: readonly Citation[]): number {
  return formatAnswerText({ question: '', grounded: true, answer: '', citations: [...citations], confidence: 1 }).length + 2 + SOURCES_HINT.length;
}
