/**
 * A few searches made when a knowledge base opens, on words of its own passages: the questions
 * asked first then run compiled code (without it, the first handful of questions after a start
 * or a rebuild take several times as long as the others).
 */
import type { LexicalIndex } from './lexical-index.js';
import type { Chunk } from './types.js';

/** Searches made, on passages spread over the index. */
const WARM_UP_SEARCHES = 6;
/** Words of a passage searched for: about a question's length. */
const WARM_UP_WORDS = 16;

/** Searches `lexical` for the first words of a few of its passages, read with `passageAt`. */
export function warmUpSearch(lexical: LexicalIndex, passageAt: (position: number) => Chunk | undefined): void {
  const { positions } = lexical;
  for (let i = 0; i < WARM_UP_SEARCHES && positions > 0; i += 1) {
    const text = passageAt(Math.floor((i * positions) / WARM_UP_SEARCHES))?.text;
    if (text) lexical.search(text.split(/\s+/u, WARM_UP_WORDS).join(' '), 10);
  }
}
