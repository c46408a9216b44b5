/** The corpus reads as the knowledge engine reads it: documents, passages, and the files it refuses with the reason. */
import type { Logger } from '../../common/index.js';
import { chunkDocument, readCorpus, type CleanDocument } from '../../knowledge/index.js';
import { fail, pass, reasonOf, warn, type CheckResult } from './check-result.js';

/** What reading the corpus gave: the documents and their passages (chunked as the index chunks them), or why the folder cannot be read. */
export type CorpusReading = { documents: CleanDocument[]; passages: number; refused: { file: string; reason: string }[] } | { error: unknown };

/**
 * Reads `corpusDir` with the knowledge engine's own reader: PDF and Word files in its reading
 * process, each within that process's time and memory limits.
 */
export async function readCorpusForDoctor(corpusDir: string, logger: Logger): Promise<CorpusReading> {
  try {
    const { documents, skipped } = await readCorpus(corpusDir, logger);
    const passages = documents.reduce((sum, document) => sum + chunkDocument(document).length, 0);
    return { documents, passages, refused: skipped };
  } catch (error) {
    return { error };
  }
}

/** The corpus line: fails when the folder cannot be read or holds no readable document; refused files are a warning. */
export function judgeCorpus(corpusDir: string, reading: CorpusReading): CheckResult {
  if ('error' in reading) {
    return fail(
      'corpus',
      `không đọc được ${corpusDir} (${reasonOf(reading.error)})`,
      'sửa CORPUS_DIR cho đúng thư mục tài liệu, hoặc sửa manifest.json trong đó',
    );
  }
  const { documents, passages, refused } = reading;
  const read = `${documents.length} tài liệu, ${passages} đoạn trong ${corpusDir}`;
  if (documents.length === 0) {
    const also = refused.length > 0 ? `; ${refused.length} tệp bị từ chối` : '';
    return fail('corpus', `không có tài liệu nào đọc được trong ${corpusDir}${also}`, 'đặt tệp .pdf, .docx, .txt, .md hoặc .html vào CORPUS_DIR');
  }
  if (refused.length === 0) return pass('corpus', read);
  const reasons = refused.map(({ file, reason }) => `${file} (${reason})`).join('; ');
  return warn(
    'corpus',
    `${read}; ${refused.length} tệp bị từ chối: ${reasons}`,
    'sửa các tệp này (PDF cần lớp chữ, không phải ảnh quét) hoặc bỏ chúng khỏi CORPUS_DIR',
  );
}
