/** The knowledge engine: corpus → clean → chunk → index (BM25 + HNSW) → retrieve → answer. */
export { createAnalyzer, type Analyzer, type AnalyzerOptions } from './analyze-vietnamese.js';
export { chunkDocument, type ChunkOptions } from './chunk-document.js';
export { createEmbeddings } from './embeddings-provider.js';
export { ANSWERER_DEFAULTS, NOT_FOUND_ANSWER, type AnswererOptions } from './extractive-answerer.js';
export { formatAnswerText } from './format-answer.js';
export { HashingEmbeddings } from './hashing-embeddings.js';
export { HnswStore, type DescribedEmbeddings } from './hnsw-store.js';
export { HYBRID_DEFAULTS, HybridRetriever, type FusionMethod, type HybridOptions } from './hybrid-retriever.js';
export { createKnowledgeBase, type IndexReport, type KnowledgeBase, type KnowledgeDeps, type KnowledgeOptions } from './knowledge-base.js';
export { documentsFromRecords, readJsonl, type JsonlQuestion, type JsonlRecord } from './jsonl-corpus.js';
export { LEXICAL_DEFAULTS, LexicalIndex, type LexicalOptions, type LexicalPassage } from './lexical-index.js';
export { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';
export { indexDirFor, openCorpusKnowledgeBase } from './open-corpus.js';
export { readCorpus } from './read-corpus.js';
export type { Answer, Chunk, Citation, CleanDocument, DocumentMeta, RetrievalHit } from './types.js';
