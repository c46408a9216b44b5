import type { Analyzer } from './analyze-vietnamese.js';
import { outlinePassage, type PassageOutline } from './passage-outline.js';
import type { Chunk } from './types.js';

/** A passage's outline and the terms of each of its sentences, as the answerer reads them. */
export interface AnalyzedPassage {
  outline: PassageOutline;
  /** Terms of `outline.sentences[i]`. */
  sentenceTerms: ReadonlySet<string>[];
}

/**
 * Analyses passages for the answerer, remembering the most recently used ones: passages do not
 * change and the same few answer most questions, so repeated analysis (most of an answer's cost)
 * is skipped.
 */
export function createPassageAnalyzer(analyzer: Analyzer, capacity = 5000): (chunk: Chunk) => AnalyzedPassage {
  const cache = new Map<string, AnalyzedPassage>();
  return (chunk) => {
    let analyzed = cache.get(chunk.id);
    if (analyzed) {
      cache.delete(chunk.id);
    } else {
      const outline = outlinePassage(chunk.text);
      analyzed = { outline, sentenceTerms: outline.sentences.map((sentence) => new Set(analyzer.documentTerms(sentence.text))) };
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(chunk.id, analyzed);
    return analyzed;
  };
}
