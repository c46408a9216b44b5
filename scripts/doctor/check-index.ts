/**
 * The index under DATA_DIR is current: built by this version, with the embeddings the configuration
 * gives, from the documents the corpus holds now. Only read, never rebuilt.
 */
import { DateTime } from 'luxon';
import type { AppConfig } from '../../common/index.js';
import { indexDirFor, readIndexState, type DescribedEmbeddings } from '../../knowledge/index.js';
import { fail, pass, reasonOf, skip, warn, type CheckResult } from './check-result.js';
import type { CorpusReading } from './check-corpus.js';

/** The embeddings `npm start` would use (provider and dimensions), or why they could not be made. */
export type EmbeddingsInUse = Pick<DescribedEmbeddings, 'provider' | 'dimensions'> | { error: unknown };

const REBUILD = 'chạy npm run ingest (npm start cũng tự cập nhật chỉ mục khi khởi động)';

/** Up to three file names, then how many more. */
function someFiles(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} và ${files.length - 3} tệp khác`;
}

/** Compares the index state of the configured corpus with what the corpus holds now and the embeddings in use. */
export async function checkIndex(
  config: Pick<AppConfig, 'dataDir' | 'corpusDir' | 'timezone'>,
  reading: CorpusReading,
  embeddings: EmbeddingsInUse,
): Promise<CheckResult> {
  if ('error' in reading) return skip('index', 'chưa kiểm tra: kho tài liệu không đọc được');
  const indexDir = indexDirFor(config, config.corpusDir);
  const state = await readIndexState(indexDir);
  if (!state) return fail('index', `chưa có chỉ mục dùng được ở ${indexDir} (chưa lập, hoặc lập bởi phiên bản khác)`, REBUILD);

  const indexed = new Map(state.documents.map((document) => [document.meta.file, document.contentHash]));
  const current = new Set(reading.documents.map((document) => document.meta.file));
  const added = reading.documents.filter((document) => !indexed.has(document.meta.file)).map((document) => document.meta.file);
  const changed = reading.documents
    .filter((document) => indexed.has(document.meta.file) && indexed.get(document.meta.file) !== document.contentHash)
    .map((document) => document.meta.file);
  const removed = [...indexed.keys()].filter((file) => !current.has(file));
  const differences = [
    added.length > 0 && `${added.length} tài liệu chưa lập (${someFiles(added)})`,
    changed.length > 0 && `${changed.length} tài liệu đã sửa (${someFiles(changed)})`,
    removed.length > 0 && `${removed.length} tài liệu đã bỏ (${someFiles(removed)})`,
  ].filter((difference): difference is string => typeof difference === 'string');

  const built = `${state.provider}, ${state.dimensions} chiều`;
  if ('error' in embeddings) {
    if (differences.length > 0) return fail('index', `cũ so với kho tài liệu: ${differences.join('; ')}`, REBUILD);
    return warn(
      'index',
      `khớp ${state.documents.length} tài liệu, lập bằng embeddings ${built}; không dựng được embeddings đang cấu hình để so (${reasonOf(embeddings.error)})`,
      'xem dòng Embeddings: npm start sẽ lập lại vectơ nếu embeddings dùng khi đó khác',
    );
  }
  if (embeddings.provider !== state.provider || embeddings.dimensions !== state.dimensions) {
    differences.push(`lập bằng embeddings ${built}, cấu hình hiện cho ${embeddings.provider}, ${embeddings.dimensions} chiều`);
  }
  if (differences.length > 0) return fail('index', `cũ: ${differences.join('; ')}`, REBUILD);
  const when = DateTime.fromISO(state.builtAt, { zone: config.timezone });
  const passages = state.documents.reduce((sum, document) => sum + document.chunks.length, 0);
  return pass(
    'index',
    `hiện hành: ${state.documents.length} tài liệu, ${passages} đoạn, embeddings ${built}${when.isValid ? `, lập lúc ${when.toFormat('HH:mm dd/MM/yyyy')}` : ''}`,
  );
}
