/**
 * Files made to bring the bot down: a .docx that inflates to far more than it weighs (saying so in
 * its central directory, or lying about it), a PDF whose pages share one huge content stream, a
 * .docx under the limits that still needs more memory than allowed. Each is refused with the
 * reason, quickly, without stalling the main thread or growing its memory; a corpus folder holding
 * them still reads its other files; an unchanged PDF or Word file is not read again at a reload.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../common/index.js';
import { documentReadingStats, extractFileText, readCorpus, type ExtractOptions } from '../knowledge/index.js';
import { declaredSizeRefusal, inflatedSizeRefusal, zipEntries } from '../knowledge/zip-bomb-check.js';
import { makeDocx, makeDocxBomb, makeSharedStreamPdf, makeTextPdf, zipOf } from './fakes/make-documents.js';

/** Short limits, so that a bomb is refused within the test. */
const LIMITS: ExtractOptions = { timeoutMs: 2_500 };
const MB = 1024 * 1024;
const PARAGRAPHS = ['QUY ĐỊNH', 'Điều 1. Chi bộ sinh hoạt định kỳ mỗi tháng một lần vào ngày 15.', 'Điều 2. Bí thư chi bộ chủ trì buổi sinh hoạt.'];
const TEXT_PDF = makeTextPdf([['QUY DINH', 'Dieu 1. Chi bo sinh hoat dinh ky moi thang mot lan vao ngay 15.']]);

/** Runs `work` while a timer ticks every 10 ms: how it ended, how long it took, and the longest the timer was late. */
async function watchMainThread<T>(work: () => Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; seconds: number; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last - 10);
    last = now;
  }, 10);
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work()]);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(ticker);
  stallMs = Math.max(stallMs, performance.now() - last - 10);
  return { outcome, seconds, stallMs };
}

const reasonOf = (outcome: PromiseSettledResult<unknown>) => (outcome.status === 'rejected' ? String(outcome.reason) : 'read without refusal');

describe('the zip central directory', () => {
  it('lists the entries a .docx declares, and passes an ordinary one', async () => {
    const docx = await makeDocx(PARAGRAPHS);
    expect(zipEntries(docx).map((entry) => entry.name)).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']));
    expect(declaredSizeRefusal(docx)).toBeUndefined();
    expect(inflatedSizeRefusal(docx)).toBeUndefined();
  });

  it('refuses an archive declaring too much, too many entries or ZIP64 sizes, and what is not an archive', () => {
    const part = (name: string, declared = 1) => ({ name, method: 0, data: Buffer.from('x'), crc: 0, declared });
    expect(declaredSizeRefusal(zipOf([part('a.xml', 30 * MB), part('b.xml', 30 * MB)]))).toBe(
      'declares 60.0 MB once decompressed, over the 50.0 MB allowed: a decompression bomb?',
    );
    expect(declaredSizeRefusal(zipOf(Array.from({ length: 10_001 }, (_, index) => part(`${index}.xml`))))).toBe(
      '10001 entries in the archive, more than 10000',
    );
    expect(declaredSizeRefusal(zipOf([part('a.xml', 0xffffffff)]))).toBe('a ZIP64 archive, which a Word file does not need');
    expect(declaredSizeRefusal(Buffer.from('not a zip'))).toBe('not a zip archive (no end of central directory)');
  });
});

describe('files made to bring the bot down', () => {
  beforeAll(async () => {
    // The reading process started, so that the times below are the files' own.
    await extractFileText('warm-up.pdf', makeTextPdf([['Warm-up: the reading process loads pdf.js before the bombs come.']]), LIMITS);
  });

  it('refuses a .docx declaring 64 MB decompressed at once, without inflating it', async () => {
    const bomb = makeDocxBomb(64 * MB);
    expect(bomb.length).toBeLessThan(MB);
    const peakBefore = process.resourceUsage().maxRSS;
    const { outcome, seconds } = await watchMainThread(() => extractFileText('bom.docx', bomb, LIMITS));
    expect(reasonOf(outcome)).toContain('bom.docx: not a readable Word (.docx) file (declares 64.0 MB once decompressed, over the 50.0 MB allowed');
    expect(seconds).toBeLessThan(2);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(50);
  });

  it('refuses a .docx that lies about its size, once it inflates past what it declares', async () => {
    const bomb = makeDocxBomb(64 * MB, { declaredBytes: MB });
    const peakBefore = process.resourceUsage().maxRSS;
    const { outcome, stallMs } = await watchMainThread(() => extractFileText('noi-doi.docx', bomb, LIMITS));
    expect(reasonOf(outcome)).toContain(
      'noi-doi.docx: not a readable Word (.docx) file (word/document.xml inflates past the 1.0 MB it declares: a decompression bomb?)',
    );
    expect(stallMs).toBeLessThan(1_000);
    expect((process.resourceUsage().maxRSS - peakBefore) / 1024).toBeLessThan(50);
  });

  it('refuses a PDF whose pages share one huge content stream within the time budget, the main thread staying responsive', async () => {
    // 150 pages: several seconds of work on an idle machine under Node 24 too, so the 2.5 s budget always ends it.
    const bomb = makeSharedStreamPdf(150, 200_000);
    expect(bomb.length).toBeLessThan(50_000);
    const { outcome, seconds, stallMs } = await watchMainThread(() => extractFileText('bom.pdf', bomb, LIMITS));
    expect(reasonOf(outcome)).toContain('bom.pdf: took longer than 2.5 s to read');
    expect(seconds).toBeGreaterThanOrEqual(2.5);
    // Read on the main thread, these pages held it for minutes; a loaded machine may still delay a tick a little.
    expect(stallMs).toBeLessThan(1_000);
  });

  it('refuses a .docx under the limits that needs more memory than allowed, this process living on', async () => {
    // 45 MB of XML passes the declared-size check, and takes mammoth past the heap limit.
    const heavy = makeDocxBomb(45 * MB);
    const { outcome, stallMs } = await watchMainThread(() => extractFileText('nang.docx', heavy, { timeoutMs: 20_000, maxMemoryMb: 128 }));
    expect(reasonOf(outcome)).toContain('nang.docx: needs more memory than allowed to read');
    expect(stallMs).toBeLessThan(1_000);
    expect((await extractFileText('tot.pdf', TEXT_PDF, LIMITS)).raw).toContain('Dieu 1. Chi bo sinh hoat');
  });
});

describe('a corpus folder', () => {
  let corpusDir: string;
  beforeEach(async () => {
    corpusDir = await mkdtemp(path.join(os.tmpdir(), 'file-bombs-'));
  });
  afterEach(async () => {
    await rm(corpusDir, { recursive: true, force: true });
  });

  /** A logger whose warnings are kept for the test to read. */
  function warningsLogger(): { logger: ReturnType<typeof createLogger>; warnings: string[] } {
    const warnings: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        const line = JSON.parse(String(chunk)) as { level: number; msg: string };
        if (line.level === 40) warnings.push(line.msg);
        done();
      },
    });
    return { logger: createLogger({ level: 'info', destination }), warnings };
  }

  it('reads its good files when it holds bombs, naming each bomb with the reason at every reload', async () => {
    await writeFile(path.join(corpusDir, 'quy-dinh.docx'), await makeDocx(PARAGRAPHS));
    await writeFile(path.join(corpusDir, 'quy-dinh.pdf'), TEXT_PDF);
    await writeFile(path.join(corpusDir, 'ghi-chu.txt'), 'Chi bộ sinh hoạt vào ngày 15 hằng tháng tại nhà văn hóa khu phố.');
    await writeFile(path.join(corpusDir, 'bom.docx'), makeDocxBomb(64 * MB));
    await writeFile(path.join(corpusDir, 'bom.pdf'), makeSharedStreamPdf(150, 200_000));

    for (const reload of [false, true]) {
      const { logger, warnings } = warningsLogger();
      const started = performance.now();
      const { documents, skipped } = await readCorpus(corpusDir, logger, LIMITS);
      expect(documents.map((document) => document.meta.file)).toEqual(['ghi-chu.txt', 'quy-dinh.docx', 'quy-dinh.pdf']);
      expect(skipped).toEqual([
        { file: 'bom.docx', reason: 'not a readable Word (.docx) file (declares 64.0 MB once decompressed, over the 50.0 MB allowed: a decompression bomb?)' },
        { file: 'bom.pdf', reason: 'took longer than 2.5 s to read' },
      ]);
      expect(warnings).toEqual([
        expect.stringMatching(/^Skipping unreadable corpus file: bom\.docx \(.+\)$/u),
        'Skipping unreadable corpus file: bom.pdf (took longer than 2.5 s to read)',
      ]);
      // The refused PDF is not tried again at the reload: the refusal is remembered.
      if (reload) expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it('does not read an unchanged PDF or Word file again at the next reload', async () => {
    const { logger } = warningsLogger();
    await writeFile(path.join(corpusDir, 'lich.docx'), await makeDocx([...PARAGRAPHS, 'Điều 3. Lịch sinh hoạt quý IV.']));
    await writeFile(path.join(corpusDir, 'lich.pdf'), makeTextPdf([['LICH SINH HOAT', 'Dieu 3. Lich sinh hoat quy IV cua chi bo khu dan cu.']]));
    const first = await readCorpus(corpusDir, logger, LIMITS);
    const before = documentReadingStats();
    const again = await readCorpus(corpusDir, logger, LIMITS);
    expect(again.documents).toEqual(first.documents);
    expect(documentReadingStats()).toMatchObject({ filesRead: before.filesRead, cacheHits: before.cacheHits + 2 });

    await writeFile(path.join(corpusDir, 'lich.pdf'), makeTextPdf([['LICH SINH HOAT', 'Dieu 3. Lich sinh hoat quy IV da thay doi sang thu Sau.']]));
    const changed = await readCorpus(corpusDir, logger, LIMITS);
    expect(documentReadingStats().filesRead).toBe(before.filesRead + 1);
    expect(changed.documents.find((document) => document.meta.file === 'lich.pdf')?.text).toContain('thu Sau');
  });
});
