import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BaseRetriever } from '@langchain/core/retrievers';
import type { HnswStore } from './hnsw-store.js';
import type { QueryTerms } from './analyze-vietnamese.js';
import type { PassageLookup } from './indexed-passages.js';
import type { LexicalIndex } from './lexical-index.js';
import type { Chunk, RetrievalHit } from './types.js';

/** How the lexical and vector rankings are combined. */
export type FusionMethod = 'weighted' | 'rrf';

/** Options of {@link HybridRetriever}. */
export interface HybridOptions {
  /** @defaultValue 'weighted' (measured better than RRF on ../shared/eval; see the README). */
  fusion?: FusionMethod;
  /** Share of the lexical score in weighted fusion, in [0, 1]. @defaultValue 0.85 */
  lexicalWeight?: number;
  /** Candidates taken from each side before fusing. @defaultValue 40 */
  candidates?: number;
  /** RRF's rank constant. @defaultValue 60 */
  rrfK?: number;
}

/** What the retriever needs: the indexes over the same chunks. */
export interface HybridSources {
  /** Passages by their position in the lexical index and by id. */
  passages: PassageLookup;
  lexical: LexicalIndex;
  /** The vector side; without it (or without `embeddings`), retrieval is lexical only. */
  vectors?: HnswStore;
  embeddings?: EmbeddingsInterface;
}

/** Defaults chosen on ../shared/eval. */
export const HYBRID_DEFAULTS = { fusion: 'weighted', lexicalWeight: 0.85, candidates: 40, rrfK: 60 } as const;

interface Candidate {
  position: number;
  lexical: number;
  coverage: number;
  vector: number;
  lexicalRank: number;
  vectorRank: number;
}

/**
 * Hybrid retrieval: BM25 and vector similarity, fused. A LangChain retriever (documents carry
 * the chunk and its scores in `metadata`), with {@link HybridRetriever.search} for typed hits.
 */
export class HybridRetriever extends BaseRetriever {
  lc_namespace = ['party_cell_assistant', 'retrievers'];

  private readonly options: Required<HybridOptions>;

  constructor(
    private readonly sources: HybridSources,
    options: HybridOptions = {},
    /** How many passages `invoke` returns. */
    private readonly k = 5,
  ) {
    super();
    this.options = { ...HYBRID_DEFAULTS, ...options };
    if (this.options.lexicalWeight < 0 || this.options.lexicalWeight > 1) {
      throw new RangeError(`lexicalWeight must be between 0 and 1, got ${this.options.lexicalWeight}`);
    }
  }

  /** LangChain entry point: the best passages as Documents. */
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const hits = await this.search(query, this.k);
    return hits.map(
      (hit) =>
        new Document({
          pageContent: hit.chunk.text,
          id: hit.chunk.id,
          metadata: { ...hit.chunk, score: hit.score, lexical: hit.lexical, vector: hit.vector },
        }),
    );
  }

  /**
   * The `k` best passages, best first. `score` is the fused score; `lexical` is the share of the
   * question's weight the passage matches (absolute, for confidence); `vector` is the cosine.
   * `terms` are the question's analysed terms, when the caller already has them.
   */
  async search(
    query: string,
    k: number,
    accept?: (chunk: Chunk) => boolean,
    terms: QueryTerms = this.sources.lexical.queryTerms(query),
  ): Promise<RetrievalHit[]> {
    const { passages, lexical, vectors, embeddings } = this.sources;
    // Without vectors nothing is fused: the k best by words are the answer, and fewer are cheaper to find.
    const wanted = vectors && embeddings ? Math.max(k, this.options.candidates) : k;
    const acceptPosition = accept ? (position: number) => accept(passages.at(position)!) : undefined;
    const acceptDocument = accept
      ? (document: { id?: string }) => {
          const position = passages.positionOf(String(document.id));
          return position !== undefined && accept(passages.at(position)!);
        }
      : undefined;
    const lexicalHits = lexical.search(terms, wanted, acceptPosition);
    const vectorHits = vectors && embeddings ? await vectors.similaritySearchVectorWithScore(await embeddings.embedQuery(query), wanted, acceptDocument) : [];

    const candidates = new Map<number, Candidate>();
    const candidate = (position: number): Candidate => {
      let entry = candidates.get(position);
      if (!entry) {
        entry = { position, lexical: 0, coverage: 0, vector: 0, lexicalRank: Infinity, vectorRank: Infinity };
        candidates.set(position, entry);
      }
      return entry;
    };
    lexicalHits.forEach((hit, rank) => {
      const entry = candidate(hit.passage);
      entry.lexical = hit.score;
      entry.coverage = hit.coverage;
      entry.lexicalRank = rank;
    });
    vectorHits.forEach(([document, similarity], rank) => {
      const position = passages.positionOf(String(document.id));
      if (position === undefined) return;
      const entry = candidate(position);
      entry.vector = similarity;
      entry.vectorRank = rank;
    });

    const fused = this.fuse([...candidates.values()]);
    const best = fused[0]?.score ?? 0;
    return fused.slice(0, k).map(({ entry, score }) => ({
      chunk: passages.at(entry.position)!,
      score: best > 0 ? score / best : 0,
      lexical: entry.coverage,
      vector: entry.vector,
    }));
  }

  private fuse(entries: Candidate[]): { entry: Candidate; score: number }[] {
    const { fusion, lexicalWeight, rrfK } = this.options;
    let scored: { entry: Candidate; score: number }[];
    if (fusion === 'rrf') {
      const best = 2 / (rrfK + 1);
      scored = entries.map((entry) => ({
        entry,
        score: (1 / (rrfK + 1 + entry.lexicalRank) + 1 / (rrfK + 1 + entry.vectorRank)) / best,
      }));
    } else {
      const lexicalScale = normaliser(entries.map((entry) => entry.lexical));
      const vectorScale = normaliser(entries.filter((entry) => entry.vectorRank < Infinity).map((entry) => entry.vector));
      scored = entries.map((entry) => ({
        entry,
        score: lexicalWeight * lexicalScale(entry.lexical) + (1 - lexicalWeight) * (entry.vectorRank < Infinity ? vectorScale(entry.vector) : 0),
      }));
    }
    return scored.sort((x, y) => y.score - x.score);
  }
}

/** Min-max normalisation over one query's candidates (0 for a missing score). */
function normaliser(values: number[]): (value: number) => number {
  if (values.length === 0) return () => 0;
  const max = Math.max(...values);
  const min = Math.min(0, ...values);
  const span = max - min;
  return (value) => (span > 0 ? (value - min) / span : value > 0 ? 1 : 0);
}
