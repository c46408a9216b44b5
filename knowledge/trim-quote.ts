/**
 * An over-long sentence quoted from the part that answers: a paragraph-long sentence ("Tuy nhiên
 * ... hạn chế là: ...; ...Nguyên nhân dẫn đến hạn chế là do ...; còn sao chép ...") is quoted from
 * the clause that holds most of the question, on to the sentence's end as far as the budget goes.
 */
import { countWords } from './split-sentences.js';

/** A sentence longer than this is quoted clause by clause. */
export const LONG_SENTENCE_WORDS = 60;

/** The clauses of a sentence, each keeping its ";" (also after "...", where a new clause starts with a capital). */
function clausesOf(sentence: string): string[] {
  return sentence
    .split(/(?<=;)\s+|(?<=;|\.\.\.|…)(?=\p{Lu})/u)
    .map((clause) => clause.trim())
    .filter(Boolean);
}

/**
 * `sentence` itself when short; otherwise its clauses from the one `relevance` rates highest
 * (the first of equals), followed by the next ones within `maxWords`, with "…" where text is left out.
 */
export function trimLongSentence(sentence: string, relevance: (clause: string) => number, maxWords: number): string {
  if (countWords(sentence) <= LONG_SENTENCE_WORDS) return sentence;
  const clauses = clausesOf(sentence);
  if (clauses.length < 2) return sentence;
  let best = 0;
  let bestScore = -Infinity;
  clauses.forEach((clause, index) => {
    const score = relevance(clause);
    if (score > bestScore) [best, bestScore] = [index, score];
  });
  const kept = [clauses[best]!];
  let words = countWords(clauses[best]!);
  let end = best + 1;
  for (; end < clauses.length; end += 1) {
    const length = countWords(clauses[end]!);
    if (words + length > maxWords) break;
    kept.push(clauses[end]!);
    words += length;
  }
  return `${best > 0 ? '… ' : ''}${kept.join(' ')}${end < clauses.length ? ' …' : ''}`;
}
