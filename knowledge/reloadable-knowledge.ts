import type { AskOptions, IndexReport, KnowledgeBase } from './knowledge-base.js';
import type { Answer, Chunk, DocumentMeta, RetrievalHit } from './types.js';

/** A knowledge base that can be opened again while it answers (after the corpus changed). */
export interface ReloadableKnowledge extends KnowledgeBase {
  /** Opens the corpus again (only changed documents are re-indexed) and answers from it from then on. */
  reload(): Promise<IndexReport>;
}

/**
 * Wraps `open`: questions go to the last knowledge base opened; a reload builds the next one
 * beside it and swaps, so no question waits for it. Reloads run one after another.
 */
export async function createReloadableKnowledge(open: () => Promise<KnowledgeBase>): Promise<ReloadableKnowledge> {
  let current = await open();
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ask: (question: string, options?: AskOptions): Promise<Answer> => current.ask(question, options),
    search: (question: string, k: number): Promise<RetrievalHit[]> => current.search(question, k),
    documents: (): DocumentMeta[] => current.documents(),
    chunks: (): readonly Chunk[] => current.chunks(),
    get report() {
      return current.report;
    },
    reload() {
      // After the reloads already asked for: a change made during one is read by the next.
      const next = queue.then(async () => {
        current = await open();
        return current.report;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
