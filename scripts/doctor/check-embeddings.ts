/**
 * The embeddings: the endpoint (`EMBEDDINGS_*`) answers one embedding of a short text, as the start
 * probes it; without an endpoint, which embeddings the start uses.
 */
import type { AppConfig } from '../../common/index.js';
import { OpenAICompatibleEmbeddings } from '../../knowledge/index.js';
import { fail, pass, reasonOf, shownUrl, skip, warn, type CheckResult } from './check-result.js';
import type { EmbeddingsInUse } from './check-index.js';
import { withinDeadline } from './deadline.js';

/**
 * One line for the embeddings. With an endpoint `EMBEDDINGS` uses, a failure fails with
 * `EMBEDDINGS=openai` (the start stops) and warns with `auto` (the start falls back to a local
 * model or the built-in hashing embeddings). Without one, the line says what `inUse` (the
 * embeddings the start would make) gives, and fails when `EMBEDDINGS=local` cannot load its model.
 */
export async function checkEmbeddings(
  config: Pick<AppConfig, 'embeddings' | 'embeddingsEndpoint' | 'modelDir'>,
  timeoutMs: number,
  inUse: Promise<EmbeddingsInUse>,
): Promise<CheckResult> {
  const endpoint = config.embeddingsEndpoint;
  if (!endpoint || (config.embeddings !== 'openai' && config.embeddings !== 'auto')) {
    const used = await inUse;
    const unused = endpoint ? `EMBEDDINGS=${config.embeddings} nên không dùng EMBEDDINGS_BASE_URL` : 'không cấu hình máy chủ embeddings';
    if (!('error' in used)) return skip('embeddings', `${unused}; dùng ${used.provider}, ${used.dimensions} chiều`);
    return fail(
      'embeddings',
      `EMBEDDINGS=${config.embeddings}: không dựng được embeddings (${reasonOf(used.error).split('\n')[0]})`,
      config.embeddings === 'local'
        ? `cài @huggingface/transformers và chạy npm run fetch-model (mô hình vào ${config.modelDir}), hoặc đặt EMBEDDINGS=auto`
        : 'đặt EMBEDDINGS=hashing hoặc auto',
    );
  }
  const base = shownUrl(endpoint.baseUrl);
  try {
    const embeddings = await withinDeadline(OpenAICompatibleEmbeddings.connect(endpoint, { maxRetries: 0, timeoutMs }), timeoutMs + 500, 'embeddings probe');
    return pass('embeddings', `${base} trả lời bằng mô hình ${endpoint.model} (${embeddings.dimensions} chiều)`);
  } catch (error) {
    const detail = `${base} không trả lời embeddings của ${endpoint.model} (${reasonOf(error)})`;
    const fix = 'chạy máy chủ embeddings hoặc sửa EMBEDDINGS_BASE_URL, EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY';
    return config.embeddings === 'openai'
      ? fail('embeddings', detail, `${fix}: với EMBEDDINGS=openai, npm start dừng khi nó không trả lời`)
      : warn('embeddings', detail, `${fix}: với EMBEDDINGS=auto, npm start dùng embeddings khác và lập lại vectơ`);
  }
}
