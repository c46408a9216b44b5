/** The knowledge engine: corpus → clean → chunk → index (BM25 + HNSW) → retrieve → answer. */
export { createAnalyzer, type Analyzer, type AnalyzerOptions } from './analyze-vietnamese.js';
export { chunkDocument, type ChunkOptions } from './chunk-document.js';
export { createChatModel, type ChatModelEndpoint } from './chat-model-provider.js';
export { createEmbeddings, LEXICAL_ONLY, type EmbeddingsConfig } from './embeddings-provider.js';
export { reportIndexProgress, type IndexProgress, type IndexStage, type ProgressListener, type ProgressOutput } from './index-progress.js';
export {
  buildPrompt,
  checkCitations,
  createGenerativeAnswerer,
  NOT_IN_PASSAGES,
  type ChatTurn,
  type GenerativeAnswerer,
  type GenerativeOptions,
} from './generative-answerer.js';
export { DEFAULT_LOCAL_MODEL, LocalEmbeddings, openExtractor } from './local-embeddings.js';
export { OpenAICompatibleEmbeddings, type EmbeddingsEndpoint } from './openai-embeddings.js';
export { ANSWERER_DEFAULTS, type AnswererOptions } from './extractive-answerer.js';
export { MORE_IN_SOURCES, NOT_FOUND_ANSWER, SOURCES_HINT } from './answer-texts.js';
export { formatAnswerText, passagesByDocument, quotedDocuments, type QuotedDocument } from './format-answer.js';
export { HashingEmbeddings } from './hashing-embeddings.js';
export { HnswStore, type DescribedEmbeddings } from './hnsw-store.js';
export { HYBRID_DEFAULTS, HybridRetriever, type FusionMethod, type HybridOptions } from './hybrid-retriever.js';
export { createKnowledgeBase, type AskOptions, type IndexReport, type KnowledgeBase, type KnowledgeDeps, type KnowledgeOptions } from './knowledge-base.js';
export { documentsFromRecords, readJsonl, type JsonlQuestion, type JsonlRecord } from './jsonl-corpus.js';
export { LEXICAL_DEFAULTS, LexicalIndex, type LexicalOptions, type LexicalPassage } from './lexical-index.js';
export { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';
export { indexDirFor, openCorpusKnowledgeBase } from './open-corpus.js';
export { readIndexState, type IndexState } from './index-state.js';
export { cleanDocumentBytes, readCorpus } from './read-corpus.js';
export { createDocumentLibrary, safeFileName, type DocumentLibrary, type DocumentPreview, type EditableMeta } from './document-library.js';
export { documentReadingStats, DOCUMENT_FORMATS, extractFileText, FILE_LIMITS, type ExtractOptions } from './extract-file-text.js';
export { READING_LIMITS, type ReadingLimits } from './text-reading-process.js';
export { ZIP_LIMITS } from './zip-bomb-check.js';
export { createReloadableKnowledge, type ReloadableKnowledge } from './reloadable-knowledge.js';
export type { Answer, Chunk, Citation, CleanDocument, DocumentMeta, RetrievalHit } from './types.js';
export { comparable, judgeAnswer, scoreAnswers, STRICT_ANSWER_CHARS, type AnswerQuestion, type AnswerScore, type AnswerVerdict } from './score-answers.js';
export { documentMetaSchema } from './manifest.js';
