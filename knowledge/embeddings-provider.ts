import type { AppConfig, Logger } from '../common/index.js';
import { HashingEmbeddings } from './hashing-embeddings.js';
import type { DescribedEmbeddings } from './hnsw-store.js';
import { LocalEmbeddings } from './local-embeddings.js';
import { OpenAICompatibleEmbeddings } from './openai-embeddings.js';

/** How an index without vectors records its (absent) embeddings: lexical retrieval only. */
export const LEXICAL_ONLY = { provider: 'none', dimensions: 0 } as const;

/** What chooses the embeddings. */
export type EmbeddingsConfig = Pick<AppConfig, 'embeddings' | 'embeddingsEndpoint' | 'modelDir'>;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** A URL as logged: any user and password masked. */
const withoutCredentials = (url: string) => url.replace(/\/\/[^/@]*@/u, '//***@');

/**
 * The embeddings `EMBEDDINGS` selects: `hashing` (built in), `openai` (the endpoint; throws when it
 * does not answer), `local` (the model on disk; throws when it cannot load). `auto` is the best
 * available: the endpoint when one is configured and answers, else the local model when it loads,
 * else none (undefined: lexical retrieval only), saying why in one log line. The built-in hashing
 * vectors are not the fallback: they added nothing to ranking on ALQAC 2024 or the members'
 * questions and cost most of a large build (README, "Measured"); `EMBEDDINGS=hashing` still
 * chooses them.
 */
export async function createEmbeddings(config: EmbeddingsConfig, logger: Logger): Promise<DescribedEmbeddings | undefined> {
  if (config.embeddings === 'hashing') return new HashingEmbeddings();
  if (config.embeddings === 'openai') return OpenAICompatibleEmbeddings.connect(config.embeddingsEndpoint!);
  if (config.embeddings === 'local') return LocalEmbeddings.load(config.modelDir);
  const skipped: string[] = [];
  if (config.embeddingsEndpoint) {
    try {
      // A quick probe decides; the embeddings used keep the normal retries and timeout.
      await OpenAICompatibleEmbeddings.connect(config.embeddingsEndpoint, { maxRetries: 0, timeoutMs: 5_000 });
      return await OpenAICompatibleEmbeddings.connect(config.embeddingsEndpoint);
    } catch (error) {
      skipped.push(`endpoint ${withoutCredentials(config.embeddingsEndpoint.baseUrl)}: ${reason(error)}`);
    }
  }
  try {
    return await LocalEmbeddings.load(config.modelDir);
  } catch (error) {
    skipped.push(`local model in ${config.modelDir}: ${reason(error).split('\n')[0]}`);
  }
  logger.info({ skipped }, 'No embedding model available: lexical retrieval only (EMBEDDINGS=hashing adds the built-in hashing vectors)');
  return undefined;
}
