/**
 * `npm run bench:documents`: document management targets.
 * - The four national texts of ../shared/eval/party-docs (Điều lệ 2011, Quy định 294, Hướng dẫn 06
 *   and 37, ~290 KB of PDF-extracted text) ingested into a fresh index: read, clean, chunk, embed.
 * - A .docx added to that library through the document library and the reloadable knowledge base
 *   (what a confirmed upload does): time from confirmation to the first answer quoting it.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../common/index.js';
import { createDocumentLibrary, createKnowledgeBase, createReloadableKnowledge, HashingEmbeddings, readCorpus } from '../knowledge/index.js';
import { makeDocx } from '../test/fakes/make-documents.js';
import { runScript } from './run-script.js';

const NATIONAL_TEXTS = [
  'dieu-le-dang-2011.txt',
  'quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt',
  'huong-dan-06-HD-TW-2025-thi-hanh-dieu-le-dang.txt',
  'huong-dan-37-HD-BTGDVTW-2025-ban-tin-sinh-hoat-chi-bo.txt',
];

await runScript(async () => {
  const source = path.resolve(import.meta.dirname, '../../shared/eval/party-docs');
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), 'bench-documents-'));
  try {
    for (const file of NATIONAL_TEXTS) await copyFile(path.join(source, file), path.join(corpusDir, file));
    const indexDir = path.join(corpusDir, '.index');
    const open = async () =>
      createKnowledgeBase((await readCorpus(corpusDir, silentLogger())).documents, { embeddings: new HashingEmbeddings(), logger: silentLogger(), indexDir });

    let started = performance.now();
    const knowledge = await createReloadableKnowledge(open);
    const ingest = (performance.now() - started) / 1000;
    console.log(
      `Ingest of the four national texts: ${ingest.toFixed(2)} s, ${knowledge.report.documents} documents, ${knowledge.report.chunks} passages (target < 5 s)`,
    );

    const bytes = await makeDocx([
      'ĐẢNG ỦY PHƯỜNG',
      'Số 07-HD/ĐU',
      'Hà Nội, ngày 2 tháng 11 năm 2026',
      'HƯỚNG DẪN',
      'về lịch sinh hoạt chi bộ quý IV',
      '1. Lịch sinh hoạt',
      'Các chi bộ khu dân cư sinh hoạt định kỳ vào tối thứ Năm tuần thứ hai của tháng, bắt đầu lúc 19 giờ 30.',
    ]);
    const library = createDocumentLibrary(corpusDir);
    const { document } = await library.preview('huong-dan-07.docx', bytes);
    started = performance.now();
    await library.add('huong-dan-07.docx', bytes, document.meta);
    await knowledge.reload();
    const answer = await knowledge.ask('Chi bộ khu dân cư sinh hoạt định kỳ vào lúc nào?');
    const ready = (performance.now() - started) / 1000;
    const quoted = answer.citations.some((citation) => citation.source === 'huong-dan-07.docx');
    console.log(
      `Uploaded .docx confirmed → first answer quoting it: ${ready.toFixed(2)} s (target < 5 s; reindexed ${knowledge.report.reindexed} document, answer ${quoted ? 'quotes it' : 'DOES NOT quote it'})`,
    );
  } finally {
    await rm(corpusDir, { recursive: true, force: true });
  }
});
