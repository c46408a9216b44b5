import type { AppConfig, Logger } from '../common/index.js';
import { HashingEmbeddings } from './hashing-embeddings.js';
import type { DescribedEmbeddings } from './hnsw-store.js';

/**
 * The embeddings `EMBEDDINGS` selects. `auto` is the best provider this deployment has; today
 * that is the built-in hashing embeddings, which need no model and no network.
 */
export function createEmbeddings(provider: AppConfig['embeddings'], logger: Logger): DescribedEmbeddings {
  const embeddings = new HashingEmbeddings();
  if (provider === 'auto') {
    logger.debug({ provider: embeddings.provider, dimensions: embeddings.dimensions }, 'Using the built-in hashing embeddings');
  }
  return embeddings;
}
