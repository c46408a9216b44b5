import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AppConfig, Logger } from '../common/index.js';
import { createChatModel } from './chat-model-provider.js';
import { createEmbeddings } from './embeddings-provider.js';
import { createGenerativeAnswerer } from './generative-answerer.js';
import { reportIndexProgress, type ProgressListener } from './index-progress.js';
import { createKnowledgeBase, type KnowledgeBase, type KnowledgeOptions } from './knowledge-base.js';
import type { DescribedEmbeddings } from './hnsw-store.js';
import { readCorpus } from './read-corpus.js';

/** Where the index of a corpus folder lives: `DATA_DIR/index`, or a folder of its own for another corpus. */
export function indexDirFor(config: Pick<AppConfig, 'dataDir' | 'corpusDir'>, corpusDir: string): string {
  if (path.resolve(corpusDir) === path.resolve(config.corpusDir)) return path.join(config.dataDir, 'index');
  const key = createHash('sha1').update(path.resolve(corpusDir)).digest('hex').slice(0, 10);
  return path.join(config.dataDir, `index-${key}`);
}

/**
 * Reads a corpus folder and opens its knowledge base, building or refreshing the index under
 * DATA_DIR as needed. Unreadable files are skipped with a warning naming them. Progress is drawn
 * on standard error when it is a terminal, else logged one line per stage, unless `onProgress`
 * says otherwise.
 */
export async function openCorpusKnowledgeBase(
  config: Pick<AppConfig, 'dataDir' | 'corpusDir' | 'embeddings' | 'embeddingsEndpoint' | 'modelDir' | 'llm'>,
  logger: Logger,
  options: { corpusDir?: string; knowledge?: KnowledgeOptions; embeddings?: DescribedEmbeddings; onProgress?: ProgressListener } = {},
): Promise<KnowledgeBase> {
  const corpusDir = options.corpusDir ?? config.corpusDir;
  const { documents } = await readCorpus(corpusDir, logger);
  return createKnowledgeBase(documents, {
    indexDir: indexDirFor(config, corpusDir),
    // Given (even as undefined: no model) when the corpus is opened again and again (reloads): the same model each time.
    embeddings: 'embeddings' in options ? options.embeddings : await createEmbeddings(config, logger),
    onProgress: options.onProgress ?? reportIndexProgress({ logger, stream: process.stderr }),
    ...(config.llm ? { generator: createGenerativeAnswerer({ model: createChatModel(config.llm), logger, timeoutMs: config.llm.timeoutMs }) } : {}),
    logger,
    options: options.knowledge,
  });
}
