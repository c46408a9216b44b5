/**
 * Embeddings from an OpenAI-compatible `/v1/embeddings` endpoint (Ollama with bge-m3, vLLM,
 * OpenAI), through @langchain/openai (batched, retried by LangChain's caller), described for the
 * vector index: provider `openai`, the model, and the dimension measured on a probe.
 */
import { Embeddings } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import { IndexError } from '../common/index.js';
import type { DescribedEmbeddings } from './hnsw-store.js';

/** Where the endpoint is. */
export interface EmbeddingsEndpoint {
  /** The API's base URL, `…/v1`. */
  baseUrl: string;
  /** The embedding model's name ("bge-m3"). */
  model: string;
  /** Sent as the bearer token, when the endpoint needs one. */
  apiKey?: string;
}

/** OpenAI-compatible embeddings with a known dimension; every vector is checked against it. */
export class OpenAICompatibleEmbeddings extends Embeddings implements DescribedEmbeddings {
  readonly provider = 'openai';

  private constructor(
    private readonly inner: OpenAIEmbeddings,
    readonly model: string,
    readonly dimensions: number,
  ) {
    super({});
  }

  /** Connects and measures the dimension with one probe; throws when the endpoint does not answer. */
  static async connect(
    endpoint: EmbeddingsEndpoint,
    options: { batchSize?: number; maxRetries?: number; timeoutMs?: number } = {},
  ): Promise<OpenAICompatibleEmbeddings> {
    const inner = new OpenAIEmbeddings({
      model: endpoint.model,
      apiKey: endpoint.apiKey ?? 'not-needed',
      configuration: { baseURL: endpoint.baseUrl },
      batchSize: options.batchSize ?? 64,
      maxRetries: options.maxRetries ?? 3,
      timeout: options.timeoutMs ?? 30_000,
    });
    const probe = await inner.embedQuery('xin chào');
    if (probe.length === 0) throw new IndexError(`The embeddings endpoint ${endpoint.baseUrl} returned an empty vector for ${endpoint.model}`);
    return new OpenAICompatibleEmbeddings(inner, endpoint.model, probe.length);
  }

  private checked(vectors: number[][], expected: number): number[][] {
    if (vectors.length !== expected) throw new IndexError(`The embeddings endpoint returned ${vectors.length} vectors for ${expected} texts (${this.model})`);
    const wrong = vectors.find((vector) => vector.length !== this.dimensions);
    if (wrong) throw new IndexError(`The embeddings endpoint returned a vector of ${wrong.length} dimensions, expected ${this.dimensions} (${this.model})`);
    return vectors;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.checked(await this.inner.embedDocuments(texts), texts.length);
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.checked([await this.inner.embedQuery(text)], 1)[0]!;
  }
}
