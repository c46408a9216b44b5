import path from 'node:path';
import { Document } from '@langchain/core/documents';
import type { Logger } from '../common/index.js';
import { createAnalyzer, findLocalAbbreviations, type Analyzer, type AnalyzerOptions } from './analyze-vietnamese.js';
import { chunkDocument, type ChunkOptions } from './chunk-document.js';
import { ANSWERER_DEFAULTS, answerExtractively, answerWithPassage, type AnswererOptions } from './extractive-answerer.js';
import { inNamedSources, namedSources } from './named-sources.js';
import { HnswStore, type DescribedEmbeddings } from './hnsw-store.js';
import { HybridRetriever, type HybridOptions } from './hybrid-retriever.js';
import { INDEX_FORMAT, readIndexState, replaceIndexDirectory, type IndexedDocument, type IndexState } from './index-state.js';
import { LexicalIndex, type LexicalOptions } from './lexical-index.js';
import { createPassageAnalyzer } from './passage-analysis.js';
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
  embeddings: DescribedEmbeddings;
  logger: Logger;
  options?: KnowledgeOptions;
  /** A language model's answerer: answers are then written by the model from the passages, still grounded. */
  generator?: GenerativeAnswerer;
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
  /** Documents that had to be chunked and embedded this time (0 when the index was current). */
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
  /** Every passage, in index order. */
  chunks(): readonly Chunk[];
  /** What the last (re)indexing did. */
  report: IndexReport;
}

const VECTORS = 'vectors';

/** The text a passage is embedded as: its innermost heading, then the passage. */
function vectorDocument(chunk: Chunk): Document {
  const heading = chunk.headingPath.at(-1);
  return new Document({
    pageContent: heading ? `${heading}\n${chunk.text}` : chunk.text,
    id: chunk.id,
    metadata: { id: chunk.id, docId: chunk.docId },
  });
}

function lexicalPassages(documents: readonly IndexedDocument[]) {
  return documents.flatMap((doc) =>
    doc.chunks.map((chunk) => ({
      text: chunk.text,
      context: [doc.meta.title, ...chunk.headingPath].join('\n'),
      abbreviations: doc.abbreviations,
    })),
  );
}

/**
 * Opens a knowledge base over `documents`: the index under `indexDir` is reused where the
 * documents' content hashes still match, only changed documents are chunked and embedded again,
 * and an index of another format or embedding provider is rebuilt.
 */
export async function createKnowledgeBase(documents: readonly CleanDocument[], deps: KnowledgeDeps): Promise<KnowledgeBase> {
  const started = performance.now();
  const { embeddings, logger, indexDir } = deps;
  const options = deps.options ?? {};
  const analyzer = createAnalyzer(options.analyzer);

  const state = indexDir ? await readIndexState(indexDir) : undefined;
  let vectors: HnswStore | undefined;
  if (state && indexDir) {
    if (state.provider !== embeddings.provider || state.dimensions !== embeddings.dimensions) {
      logger.info(
        { was: `${state.provider}/${state.dimensions}`, now: `${embeddings.provider}/${embeddings.dimensions}` },
        'Embedding provider changed; rebuilding the vector index',
      );
    } else {
      vectors = await HnswStore.load(path.join(indexDir, VECTORS), embeddings).catch((error: unknown) => {
        logger.warn({ err: error }, 'Stored vector index cannot be read; rebuilding it');
        return undefined;
      });
    }
  } else if (indexDir) {
    logger.info({ indexDir }, 'No usable index (missing or from another version); building it');
  }

  const previous = new Map(vectors && state ? state.documents.map((doc) => [doc.meta.file, doc]) : []);
  const indexed: IndexedDocument[] = [];
  const fresh: Chunk[] = [];
  const stale: string[] = [];
  let reindexed = 0;
  for (const doc of documents) {
    const prior = previous.get(doc.meta.file);
    previous.delete(doc.meta.file);
    if (prior && prior.contentHash === doc.contentHash) {
      indexed.push(prior);
      continue;
    }
    if (prior) stale.push(...prior.chunks.map((chunk) => chunk.id));
    const chunks = chunkDocument(doc, options.chunking);
    reindexed += 1;
    indexed.push({ meta: doc.meta, contentHash: doc.contentHash, abbreviations: findLocalAbbreviations(doc.text), chunks });
    fresh.push(...chunks);
  }
  for (const gone of previous.values()) stale.push(...gone.chunks.map((chunk) => chunk.id));

  const changed = !vectors || fresh.length > 0 || stale.length > 0;
  const store = vectors ?? new HnswStore(embeddings, {});
  if (stale.length > 0) await store.delete({ ids: stale });
  if (fresh.length > 0) await store.addDocuments(fresh.map(vectorDocument), { ids: fresh.map((chunk) => chunk.id) });

  let lexical: LexicalIndex | undefined;
  if (!changed && indexDir) {
    lexical = await LexicalIndex.load(indexDir, analyzer).catch(() => undefined);
  }
  lexical ??= LexicalIndex.build(lexicalPassages(indexed), analyzer, options.lexical);

  if (changed && indexDir) {
    const nextState: IndexState = {
      format: INDEX_FORMAT,
      provider: embeddings.provider,
      dimensions: embeddings.dimensions,
      builtAt: new Date().toISOString(),
      documents: indexed,
    };
    const built = lexical;
    await replaceIndexDirectory(indexDir, nextState, async (target) => {
      await built.save(target);
      await store.save(path.join(target, VECTORS));
    }).catch((error: unknown) => {
      // Answers do not depend on the saved copy: the next start simply builds the index again.
      logger.warn({ err: error, indexDir }, 'Cannot save the index; answering from memory');
    });
  }

  const chunks = indexed.flatMap((doc) => doc.chunks);
  const report: IndexReport = {
    documents: indexed.length,
    chunks: chunks.length,
    reindexed,
    ms: Math.round(performance.now() - started),
  };
  return assemble({ analyzer, lexical, store, embeddings, indexed, chunks, options, report, generator: deps.generator });
}

function assemble(parts: {
  analyzer: Analyzer;
  lexical: LexicalIndex;
  store: HnswStore;
  embeddings: DescribedEmbeddings;
  indexed: IndexedDocument[];
  chunks: Chunk[];
  options: KnowledgeOptions;
  report: IndexReport;
  generator: GenerativeAnswerer | undefined;
}): KnowledgeBase {
  const { analyzer, lexical, store, embeddings, indexed, chunks, options, report, generator } = parts;
  const documents = new Map(indexed.map((doc) => [doc.meta.file, doc.meta]));
  const retriever = new HybridRetriever({ chunks, lexical, vectors: store, embeddings }, options.hybrid);
  const chunksById = new Map(chunks.map((chunk) => [chunk.id, chunk]));
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
    chunks: () => chunks,
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
