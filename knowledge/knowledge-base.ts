import path from 'node:path';
import { Document } from '@langchain/core/documents';
import type { Logger } from '../common/index.js';
import { createAnalyzer, findLocalAbbreviations, type Analyzer, type AnalyzerOptions } from './analyze-vietnamese.js';
import { chunkDocument, type ChunkOptions } from './chunk-document.js';
import { LEXICAL_ONLY } from './embeddings-provider.js';
import { ANSWERER_DEFAULTS, answerExtractively, answerWithPassage, type AnswererOptions } from './extractive-answerer.js';
import { inNamedSources, namedSources } from './named-sources.js';
import { HnswStore, type DescribedEmbeddings } from './hnsw-store.js';
import { HybridRetriever, type HybridOptions } from './hybrid-retriever.js';
import {
  documentsOf,
  INDEX_FORMAT,
  passagesOf,
  readIndexState,
  replaceIndexDirectory,
  type IndexBatch,
  type IndexedDocument,
  type IndexState,
} from './index-state.js';
import { IndexedPassages } from './indexed-passages.js';
import type { ProgressListener } from './index-progress.js';
import { LEXICAL_DEFAULTS, LexicalIndex, type LexicalOptions, type LexicalPassage } from './lexical-index.js';
import { createPassageAnalyzer } from './passage-analysis.js';
import { PassageBatch, type PassageStore } from './passage-store.js';
import { QUESTION_PROBLEM_REPLIES } from './answer-texts.js';
import { prepareQuestion } from './prepare-question.js';
import type { ChatTurn, GenerativeAnswerer } from './generative-answerer.js';
import type { Answer, Chunk, CleanDocument, DocumentMeta, RetrievalHit } from './types.js';

/** Tuning of every stage; each part has documented defaults of its own. */
export interface KnowledgeOptions {
  analyzer?: AnalyzerOptions;
  chunking?: ChunkOptions;
  lexical?: LexicalOptions;
  hybrid?: HybridOptions;
  answerer?: AnswererOptions;
}

/** What a knowledge base is made from. */
export interface KnowledgeDeps {
  /** Where the index lives (`DATA_DIR/index`); omit to keep it in memory only. */
  indexDir?: string;
  /**
   * The embeddings of the vector side (hnswlib); omit for lexical retrieval only, which is what
   * the built-in hashing embeddings were measured to be worth (see the README).
   */
  embeddings?: DescribedEmbeddings;
  logger: Logger;
  options?: KnowledgeOptions;
  /** A language model's answerer: answers are then written by the model from the passages, still grounded. */
  generator?: GenerativeAnswerer;
  /** Told how (re)indexing goes, stage by stage. */
  onProgress?: ProgressListener;
}

/** Options of one question. */
export interface AskOptions {
  /** The chat's last exchanges: a follow-up is rewritten into a question that stands alone (with a language model). */
  history?: readonly ChatTurn[];
}

/** Counts of what an index holds and how long making it ready took. */
export interface IndexReport {
  documents: number;
  chunks: number;
  /** Documents that had to be chunked, indexed or embedded this time (0 when the index was current). */
  reindexed: number;
  ms: number;
}

/** Grounded question answering over an indexed corpus. */
export interface KnowledgeBase {
  /** Answers a question from the documents, or says plainly that they do not hold the answer. */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The best passages for a question, best first. */
  search(question: string, k: number): Promise<RetrievalHit[]>;
  /** Documents in the index. */
  documents(): DocumentMeta[];
  /** Every passage, in index order (decoded on each call: meant for small corpora and tests). */
  chunks(): readonly Chunk[];
  /** What the last (re)indexing did. */
  report: IndexReport;
}

const VECTORS = 'vectors';
/** Removed passages may make up this share of the lexical index before it is built anew. */
const REBUILD_SHARE = 0.25;
/** Progress is reported every this many passages. */
const PROGRESS_EVERY = 256;

/** The text a passage is embedded as: its innermost heading, then the passage. */
function vectorDocument(chunk: Chunk): Document {
  const heading = chunk.headingPath.at(-1);
  return new Document({
    pageContent: heading ? `${heading}\n${chunk.text}` : chunk.text,
    id: chunk.id,
    metadata: { id: chunk.id, docId: chunk.docId },
  });
}

function lexicalPassages(documents: readonly IndexedDocument[]): LexicalPassage[] {
  return documents.flatMap((doc) =>
    doc.chunks.map((chunk) => ({
      text: chunk.text,
      context: [doc.meta.title, ...chunk.headingPath].join('\n'),
      abbreviations: doc.abbreviations,
    })),
  );
}

/** The vector store of a saved index, when it was made by these embeddings and reads. */
async function loadVectors(indexDir: string, state: IndexState, embeddings: DescribedEmbeddings, logger: Logger): Promise<HnswStore | undefined> {
  if (state.provider !== embeddings.provider || state.dimensions !== embeddings.dimensions) {
    logger.info(
      { was: `${state.provider}/${state.dimensions}`, now: `${embeddings.provider}/${embeddings.dimensions}` },
      'Embedding provider changed; rebuilding the vector index',
    );
    return undefined;
  }
  return HnswStore.load(path.join(indexDir, VECTORS), embeddings).catch((error: unknown) => {
    logger.warn({ err: error }, 'Stored vector index cannot be read; rebuilding it');
    return undefined;
  });
}

/** The saved lexical index, when it reads and was built with these settings. */
async function loadLexical(indexDir: string, analyzer: Analyzer, options: LexicalOptions): Promise<LexicalIndex | undefined> {
  const lexical = await LexicalIndex.load(indexDir, analyzer).catch(() => undefined);
  const wanted = { ...LEXICAL_DEFAULTS, ...options };
  const settings = lexical?.settings;
  return settings && settings.k1 === wanted.k1 && settings.b === wanted.b && settings.contextBoost === wanted.contextBoost ? lexical : undefined;
}

/**
 * Opens a knowledge base over `documents`: the index under `indexDir` is reused where the
 * documents' content hashes still match, and only changed documents are chunked, indexed and
 * embedded again (their old passages are dropped); an index of another format is rebuilt, and
 * vectors of another embedding provider are made again.
 */
export async function createKnowledgeBase(documents: readonly CleanDocument[], deps: KnowledgeDeps): Promise<KnowledgeBase> {
  const started = performance.now();
  const { embeddings, logger, indexDir } = deps;
  const progress = deps.onProgress ?? (() => undefined);
  const options = deps.options ?? {};
  const analyzer = createAnalyzer(options.analyzer);

  // The passages and the lexical index are read at once: one's files are read while the other's are decoded.
  const [state, lexicalFound] = indexDir
    ? await Promise.all([readIndexState(indexDir), loadLexical(indexDir, analyzer, options.lexical ?? {})])
    : [undefined, undefined];
  if (indexDir && !state) logger.info({ indexDir }, 'No usable index (missing or from another version); building it');
  const saved = state ? lexicalFound : undefined;
  const vectors = state && indexDir && embeddings ? await loadVectors(indexDir, state, embeddings, logger) : undefined;

  const previous = new Map(saved && state ? state.documents.map((doc) => [doc.meta.file, doc]) : []);
  let indexed: IndexedDocument[] = [];
  const fresh: IndexedDocument[] = [];
  const stale: IndexedDocument[] = [];
  const changed = documents.filter((doc) => previous.get(doc.meta.file)?.contentHash !== doc.contentHash).length;
  let passages = 0;
  progress({ stage: 'chunking', done: 0, total: changed, passages });
  for (const doc of documents) {
    const prior = previous.get(doc.meta.file);
    previous.delete(doc.meta.file);
    if (prior && prior.contentHash === doc.contentHash) {
      indexed.push(prior);
      continue;
    }
    if (prior) stale.push(prior);
    const chunks = chunkDocument(doc, options.chunking);
    passages += chunks.length;
    const entry = {
      meta: doc.meta,
      contentHash: doc.contentHash,
      abbreviations: findLocalAbbreviations(doc.text),
      chunks,
      position: 0,
      passages: chunks.length,
    };
    indexed.push(entry);
    fresh.push(entry);
    progress({ stage: 'chunking', done: fresh.length, total: changed, passages });
  }
  stale.push(...previous.values());

  const removed = stale.flatMap((doc) => Array.from({ length: doc.passages }, (_, i) => doc.position + i));
  const rebuild = !saved || saved.deleted + removed.length > REBUILD_SHARE * Math.max(saved.positions, 1);
  // A full build numbers every passage again: the stored documents become plain ones.
  if (rebuild)
    indexed = indexed.map(({ meta, contentHash, abbreviations, chunks, passages: count }) => ({
      meta,
      contentHash,
      abbreviations,
      chunks,
      passages: count,
      position: 0,
    }));
  const added = rebuild ? indexed : fresh;
  let position = rebuild ? 0 : saved.positions;
  for (const doc of added) {
    doc.position = position;
    position += doc.chunks.length;
  }
  const total = added.reduce((sum, doc) => sum + doc.passages, 0);
  let done = 0;
  progress({ stage: 'lexical', done, total, passages: total });
  const tick = () => {
    done += 1;
    if (done % PROGRESS_EVERY === 0 && done < total) progress({ stage: 'lexical', done, total, passages: total });
  };
  const lexical = rebuild ? LexicalIndex.build(lexicalPassages(added), analyzer, options.lexical, tick) : saved.update(removed, lexicalPassages(added));
  progress({ stage: 'lexical', done: total, total, passages: total });

  const store = embeddings ? await updateVectors(vectors ?? new HnswStore(embeddings, {}), vectors ? fresh : indexed, stale, progress) : undefined;
  const batches = rebuild ? [{ batch: PassageBatch.encode(0, indexed), retired: new Set<number>() }] : keptBatches(state!.batches, stale);
  if (!rebuild && fresh.length > 0) batches.push({ batch: PassageBatch.encode(saved.positions, fresh), retired: new Set() });
  // From here on passages are read from the batches: the chunks made above can go.
  // Documents kept from the saved index are read from its batches already: only the new batch's are made here.
  const live = new Map(documentsOf(rebuild ? batches : batches.slice(state!.batches.length)).map((doc) => [doc.meta.file, doc]));
  indexed = indexed.map((doc) => (doc.stored ? doc : live.get(doc.meta.file)!));
  const dirty = rebuild || fresh.length > 0 || stale.length > 0 || (embeddings !== undefined && !vectors);
  if (dirty && indexDir) {
    const nextState: Omit<IndexState, 'documents'> = {
      format: INDEX_FORMAT,
      provider: embeddings?.provider ?? LEXICAL_ONLY.provider,
      dimensions: embeddings?.dimensions ?? LEXICAL_ONLY.dimensions,
      builtAt: new Date().toISOString(),
      batches,
    };
    const savedBatches = new Set(rebuild ? [] : state!.batches.map(({ batch }) => batch));
    progress({ stage: 'saving', done: 0, total: 1, passages: total });
    await replaceIndexDirectory(indexDir, nextState, savedBatches, async (target, current) => {
      await lexical.save(target, current);
      if (store) await store.save(path.join(target, VECTORS));
    }).catch((error: unknown) => {
      // Answers do not depend on the saved copy: the next start simply builds the index again.
      logger.warn({ err: error, indexDir }, 'Cannot save the index; answering from memory');
    });
    progress({ stage: 'saving', done: 1, total: 1, passages: total });
  }

  const report: IndexReport = {
    documents: indexed.length,
    chunks: indexed.reduce((sum, doc) => sum + doc.passages, 0),
    // Vectors of another provider are all made again: every document then counts.
    reindexed: embeddings && !vectors ? indexed.length : fresh.length,
    ms: Math.round(performance.now() - started),
  };
  return assemble({ analyzer, lexical, store, embeddings, indexed, passages: passagesOf(batches), options, report, generator: deps.generator });
}

/** The batches of a saved index with the documents of `stale` marked no longer in use. */
function keptBatches(batches: readonly IndexBatch[], stale: readonly IndexedDocument[]): IndexBatch[] {
  const kept = batches.map(({ batch, retired }) => ({ batch, retired: new Set(retired) }));
  for (const doc of stale) {
    if (doc.stored) kept.find(({ batch }) => batch === doc.stored!.batch)?.retired.add(doc.stored.index);
  }
  return kept;
}

/** Drops the passages of `stale` documents from the vector store and embeds those of `fresh` ones. */
async function updateVectors(
  store: HnswStore,
  fresh: readonly IndexedDocument[],
  stale: readonly IndexedDocument[],
  progress: ProgressListener,
): Promise<HnswStore> {
  const ids = stale.flatMap((doc) => doc.chunks.map((chunk) => chunk.id));
  if (ids.length > 0) await store.delete({ ids });
  const chunks = fresh.flatMap((doc) => doc.chunks);
  progress({ stage: 'vectors', done: 0, total: chunks.length, passages: chunks.length });
  for (let start = 0; start < chunks.length; start += VECTOR_BATCH) {
    const batch = chunks.slice(start, start + VECTOR_BATCH);
    await store.addDocuments(batch.map(vectorDocument), { ids: batch.map((chunk) => chunk.id) });
    progress({ stage: 'vectors', done: start + batch.length, total: chunks.length, passages: chunks.length });
  }
  return store;
}

/** Passages embedded between two progress reports. */
const VECTOR_BATCH = 1024;

function assemble(parts: {
  analyzer: Analyzer;
  lexical: LexicalIndex;
  store: HnswStore | undefined;
  embeddings: DescribedEmbeddings | undefined;
  indexed: IndexedDocument[];
  passages: PassageStore;
  options: KnowledgeOptions;
  report: IndexReport;
  generator: GenerativeAnswerer | undefined;
}): KnowledgeBase {
  const { analyzer, lexical, store, embeddings, indexed, options, report, generator } = parts;
  const documents = new Map(indexed.map((doc) => [doc.meta.file, doc.meta]));
  const chunksById = new IndexedPassages(indexed, parts.passages);
  const retriever = new HybridRetriever({ passages: chunksById, lexical, vectors: store, embeddings: store && embeddings }, options.hybrid);
  const context = {
    analyzer,
    idf: (term: string) => lexical.idf(term),
    analyzePassage: createPassageAnalyzer(analyzer),
    documents,
    chunksById,
  };

  return {
    report,
    documents: () => [...documents.values()],
    chunks: () => indexed.flatMap((doc) => doc.chunks),
    search: async (question, k) => {
      const { text, problem } = prepareQuestion(question);
      return problem ? [] : retriever.search(text, k);
    },
    ask: async (question, askOptions = {}) => {
      const prepared = prepareQuestion(question);
      if (prepared.problem) return { question, grounded: false, answer: QUESTION_PROBLEM_REPLIES[prepared.problem], citations: [], confidence: 0 };
      const text = generator && askOptions.history?.length ? await generator.standalone(prepared.text, askOptions.history) : prepared.text;
      // The question is analysed once, for both retrieval and quoting.
      const terms = lexical.queryTerms(text);
      const k = options.answerer?.candidates ?? ANSWERER_DEFAULTS.candidates;
      // A document the question names ("theo Quy định 294", "Điều 24 Điều lệ") answers first;
      // the article asked for is quoted from its start when nothing in it matches better.
      const named = namedSources(text, documents.values());
      const own = named ? await retriever.search(text, k, (chunk) => inNamedSources(chunk, named), terms) : [];
      let answer = own.length > 0 ? answerExtractively(text, own, context, options.answerer, terms) : undefined;
      if (answer && !answer.grounded && named?.article) {
        answer = answerWithPassage(
          text,
          own.reduce((best, hit) => (hit.chunk.ordinal < best.chunk.ordinal ? hit : best)),
          context,
          options.answerer,
        );
      }
      const hits = answer?.grounded ? own : await retriever.search(text, k, undefined, terms);
      if (!answer?.grounded) answer = answerExtractively(text, hits, context, options.answerer, terms);
      const extractive = { ...answer, question };
      return generator ? generator.answer(text, hits, extractive, context) : extractive;
    },
  };
}
