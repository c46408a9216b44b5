/**
 * `npm run fetch-model`: downloads the sentence-embedding model `EMBEDDINGS=local` loads
 * (Xenova/multilingual-e5-small) into EMBEDDINGS_MODEL_DIR (default DATA_DIR/models) for `EMBEDDINGS=local`, where the
 * model hub can be reached. Needs the optional package: `npm install @huggingface/transformers`.
 * The development and CI machines of this project cannot reach the hub; there `EMBEDDINGS=auto`
 * uses the built-in hashing embeddings.
 */
import { AppError, createConfig } from '../common/index.js';
import { DEFAULT_LOCAL_MODEL, openExtractor } from '../knowledge/index.js';
import { loadDotEnv, runScript } from './run-script.js';

await runScript(async () => {
  loadDotEnv();
  const { modelDir } = createConfig(process.env);
  const model = DEFAULT_LOCAL_MODEL;
  try {
    const extract = await openExtractor(modelDir, model, true);
    const [probe] = (await extract(['query: xin chào'], { pooling: 'mean', normalize: true })).tolist();
    process.stdout.write(`${JSON.stringify({ model: model, dir: modelDir, dimensions: probe!.length })}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Cannot find (package|module) '@huggingface\/transformers'/u.test(message))
      throw new AppError('The optional package is missing: npm install @huggingface/transformers, then run fetch-model again');
    throw new AppError(`Cannot fetch ${model} into ${modelDir}: ${message.split('\n')[0]}`);
  }
});
