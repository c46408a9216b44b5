/**
 * Embeddings from an ONNX sentence-embedding model on disk (e.g. multilingual-e5-small) through
 * @huggingface/transformers, with the e5 "query: " / "passage: " prefixes. The package is optional
 * (its ONNX runtime downloads binaries at install time, which this project's machines cannot):
 * `npm install @huggingface/transformers` and `npm run fetch-model` where there is internet, or
 * bake both into the image. Loading throws when the package or the model files are missing.
 */
import { Embeddings } from '@langchain/core/embeddings';
import type { DescribedEmbeddings } from './hnsw-store.js';

/** The model fetched and used by default. */
export const DEFAULT_LOCAL_MODEL = 'Xenova/multilingual-e5-small';

type Extractor = (texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ tolist(): number[][] }>;

/** The optional package, loaded by name so that the project builds without it. */
async function transformers(): Promise<{ pipeline: (task: string, model: string, options: object) => Promise<Extractor>; env: Record<string, unknown> }> {
  const name = '@huggingface/transformers';
  return (await import(name)) as never;
}

/** Opens the pipeline of `model` from `modelDir`, downloading it first when `download` is set. */
export async function openExtractor(modelDir: string, model: string, download: boolean): Promise<Extractor> {
  const library = await transformers();
  library.env.cacheDir = modelDir;
  library.env.localModelPath = modelDir;
  library.env.allowRemoteModels = download;
  return library.pipeline('feature-extraction', model, { local_files_only: !download, dtype: 'q8' });
}

/** Sentence embeddings from a local model. */
export class LocalEmbeddings extends Embeddings implements DescribedEmbeddings {
  readonly provider = 'local';

  private constructor(
    private readonly extract: Extractor,
    readonly model: string,
    readonly dimensions: number,
  ) {
    super({});
  }

  /** Loads the model from `modelDir` (no download) and measures its dimension. */
  static async load(modelDir: string, model = DEFAULT_LOCAL_MODEL): Promise<LocalEmbeddings> {
    const extract = await openExtractor(modelDir, model, false);
    const [probe] = (await extract(['query: xin chào'], { pooling: 'mean', normalize: true })).tolist();
    return new LocalEmbeddings(extract, model, probe!.length);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += 32) {
      const batch = texts.slice(start, start + 32).map((text) => `passage: ${text}`);
      vectors.push(...(await this.extract(batch, { pooling: 'mean', normalize: true })).tolist());
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.extract([`query: ${text}`], { pooling: 'mean', normalize: true })).tolist()[0]!;
  }
}
