import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, DocumentReadError, IndexError } from '../common/index.js';
import { cleanPageText, extractPageMetadata } from '../knowledge/clean-page.js';
import { inferDocumentMeta, loadManifest } from '../knowledge/manifest.js';
import { readCorpus, readCorpusFile } from '../knowledge/read-corpus.js';
import type { DocumentMeta } from '../knowledge/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = path.join(repoRoot, 'knowledge/corpus');
const partyDocsDir = path.join(path.resolve(repoRoot, '../shared'), 'eval/party-docs');

/** A logger whose JSON lines are kept for the test to read. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      written.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

let tempDir: string;

beforeEach(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'read-corpus-'));
});

afterEach(async () => {
  await rm(tempDir, { recursive: true, force: true });
});

describe('readCorpus', () => {
  it('reads the five sample documents and the four national texts with their manifest entries', async () => {
    const { logger, lines } = capturingLogger();
    const { documents, skipped } = await readCorpus(corpusDir, logger);
    expect(skipped).toEqual([]);
    expect(documents.map((doc) => doc.meta.file)).toEqual([
      'bai-8-cong-tac-cap-uy-co-so-va-bi-thu.txt',
      'chi-bo-co-quan-cap-xa.txt',
      'dieu-le-dang-2011.txt',
      'huong-dan-06-HD-TW-2025-thi-hanh-dieu-le-dang.txt',
      'huong-dan-37-HD-BTGDVTW-2025-ban-tin-sinh-hoat-chi-bo.txt',
      'nang-cao-nang-luc-lanh-dao-tccsd-ket-luan-38.txt',
      'quan-he-cong-tac-dang-bo-co-so-co-quan-138-qd-tw.txt',
      'quy-che-lam-viec-cap-uy-co-so.txt',
      'quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt',
    ]);
    const byFile = new Map(documents.map((doc) => [doc.meta.file, doc]));
    expect(byFile.get('bai-8-cong-tac-cap-uy-co-so-va-bi-thu.txt')?.meta).toMatchObject({
      title: 'Bài 8: Công tác của cấp ủy đảng ở cơ sở và của người bí thư',
      kind: 'lesson',
    });
    expect(byFile.get('chi-bo-co-quan-cap-xa.txt')?.meta).toMatchObject({ date: '2013-08-26', issuer: 'Dương Út' });
    expect(byFile.get('quan-he-cong-tac-dang-bo-co-so-co-quan-138-qd-tw.txt')?.meta.cites).toContainEqual(
      expect.objectContaining({ number: '24-QĐ/TW', replacedBy: 'Quy định 294-QĐ/TW (26/5/2025)' }),
    );
    for (const doc of documents) {
      expect(doc.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(doc.text).not.toMatch(/Post a Comment|Gửi bình luận|Các tin khác|Lượt xem|1900\./);
    }
    expect(byFile.get('quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt')?.meta).toMatchObject({
      number: '294-QĐ/TW',
      date: '2025-05-26',
      replaces: ['Quy định 24-QĐ/TW (2021)'],
    });
    expect(byFile.get('huong-dan-06-HD-TW-2025-thi-hanh-dieu-le-dang.txt')?.meta).toMatchObject({
      number: '06-HD/TW',
      issuer: 'Ban Bí thư',
      replaces: ['Hướng dẫn 01-HD/TW (28/9/2021)'],
    });
    // The PDF line wrapping of the national texts is gone: a sentence runs on one line.
    expect(byFile.get('quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt')?.text).toContain('người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng).');
    expect(lines()).toContainEqual(expect.objectContaining({ msg: 'Read corpus', documents: 9, skipped: 0 }));
  });

  it('skips and names a file that is not valid UTF-8, and reads the others', async () => {
    await copyFile(path.join(corpusDir, 'chi-bo-co-quan-cap-xa.txt'), path.join(tempDir, 'b-chi-bo.txt'));
    await writeFile(path.join(tempDir, 'a-broken.txt'), Buffer.from([0x43, 0x68, 0x69, 0x20, 0x62, 0xe1, 0xbb, 0x0a, 0xff, 0xfe]));
    await writeFile(path.join(tempDir, 'c-furniture-only.html'), '<p>Post a Comment</p><p>0 Comments</p>');
    await writeFile(path.join(tempDir, 'd-page.html'), '<h1>Sinh hoạt chi bộ</h1><p>Chi bộ họp mỗi tháng một lần.</p>');
    await writeFile(path.join(tempDir, 'README.md'), '# Not a document');
    await writeFile(path.join(tempDir, 'notes.json'), '{}');
    const { logger, lines } = capturingLogger();

    const { documents, skipped } = await readCorpus(tempDir, logger);

    expect(documents.map((doc) => doc.meta.file)).toEqual(['b-chi-bo.txt', 'd-page.html']);
    expect(skipped).toEqual([
      { file: 'a-broken.txt', reason: 'not valid UTF-8' },
      { file: 'c-furniture-only.html', reason: 'no text left after cleaning' },
    ]);
    const warnings = lines().filter((line) => line.level === 40);
    expect(warnings.map((line) => line.file)).toEqual(['a-broken.txt', 'c-furniture-only.html']);
    expect(warnings[0]?.msg).toBe('Skipping unreadable corpus file: a-broken.txt (not valid UTF-8)');
    // Without a manifest the metadata is inferred from the text and the page furniture.
    expect(documents[0]?.meta).toMatchObject({ title: 'Chi bộ cơ quan cấp xã, đáp ứng nhiệm vụ chính trị ở cơ sở', date: '2013-08-26' });
    expect(documents[1]?.text).toBe('Sinh hoạt chi bộ\n\nChi bộ họp mỗi tháng một lần.');
  });

  it('throws an IndexError naming a malformed manifest', async () => {
    await writeFile(path.join(tempDir, 'manifest.json'), '[{ "file": "a.txt", ');
    await expect(readCorpus(tempDir, capturingLogger().logger)).rejects.toThrow(IndexError);
    await expect(readCorpus(tempDir, capturingLogger().logger)).rejects.toThrow(path.join(tempDir, 'manifest.json'));
  });
});

describe('readCorpusFile', () => {
  const file = path.join(corpusDir, 'quy-che-lam-viec-cap-uy-co-so.txt');
  const meta: DocumentMeta = { file: 'quy-che-lam-viec-cap-uy-co-so.txt', title: 'Quy chế', kind: 'article', status: { state: 'in-force' } };

  it('hashes the raw bytes together with the metadata', async () => {
    const first = await readCorpusFile(file, meta);
    expect((await readCorpusFile(file, meta)).contentHash).toBe(first.contentHash);
    const replaced = await readCorpusFile(file, { ...meta, status: { state: 'replaced', replacedBy: 'Quy chế mới' } });
    expect(replaced.contentHash).not.toBe(first.contentHash);
    expect(replaced.text).toBe(first.text);
  });

  it('infers the metadata of a file the manifest does not list', async () => {
    const doc = await readCorpusFile(file);
    expect(doc.meta).toEqual({
      file: 'quy-che-lam-viec-cap-uy-co-so.txt',
      title: 'Xây dựng và thực hiện quy chế làm việc của cấp ủy cơ sở',
      kind: 'article',
      issuer: 'Ban Tổ chức Huyện ủy',
      dateText: '05/04',
      status: { state: 'in-force' },
    });
  });

  it('throws a DocumentReadError naming a missing file', async () => {
    await expect(readCorpusFile(path.join(tempDir, 'missing.txt'))).rejects.toThrow(DocumentReadError);
    await expect(readCorpusFile(path.join(tempDir, 'missing.txt'))).rejects.toThrow('missing.txt');
  });
});

describe('loadManifest', () => {
  it('loads the corpus manifest: every corpus file, in force, dates only where the text gives them', async () => {
    const manifest = await loadManifest(corpusDir);
    expect([...manifest.keys()].sort()).toHaveLength(9);
    for (const meta of manifest.values()) expect(meta.status).toEqual({ state: 'in-force' });
    expect(manifest.get('nang-cao-nang-luc-lanh-dao-tccsd-ket-luan-38.txt')).toMatchObject({
      issuer: 'Hà Ban, Ủy viên Trung ương Đảng, Phó Trưởng Ban Tổ chức Trung ương',
      dateText: 'sau ngày 13-11-2018',
    });
    expect(manifest.get('nang-cao-nang-luc-lanh-dao-tccsd-ket-luan-38.txt')?.date).toBeUndefined();
    expect(manifest.get('quy-che-lam-viec-cap-uy-co-so.txt')).toMatchObject({ dateText: '05/04, nhiệm kỳ 2020-2025' });
    expect(manifest.get('quy-che-lam-viec-cap-uy-co-so.txt')?.date).toBeUndefined();
  });

  it('is empty when there is no manifest', async () => {
    expect((await loadManifest(tempDir)).size).toBe(0);
  });

  it('names the manifest and the bad field when an entry has the wrong shape', async () => {
    const manifestFile = path.join(tempDir, 'manifest.json');
    await writeFile(manifestFile, JSON.stringify([{ file: 'a.txt', title: 'A', kind: 'poem', status: { state: 'in-force' } }]));
    await expect(loadManifest(tempDir)).rejects.toThrow(IndexError);
    await expect(loadManifest(tempDir)).rejects.toThrow(`Malformed manifest ${manifestFile} at 0.kind`);
  });

  it('rejects a file listed twice', async () => {
    const entry = { file: 'a.txt', title: 'A', kind: 'article', status: { state: 'in-force' } };
    await writeFile(path.join(tempDir, 'manifest.json'), JSON.stringify([entry, entry]));
    await expect(loadManifest(tempDir)).rejects.toThrow('a.txt is listed twice');
  });
});

describe('inferDocumentMeta', () => {
  async function inferParty(file: string): Promise<DocumentMeta> {
    const raw = await readFile(path.join(partyDocsDir, file), 'utf8');
    return inferDocumentMeta(file, cleanPageText(raw, 'txt'), extractPageMetadata(raw));
  }

  it('reads Quy định 294-QĐ/TW from its header', async () => {
    expect(await inferParty('quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt')).toEqual({
      file: 'quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt',
      title: 'Quy định 294-QĐ/TW thi hành Điều lệ Đảng',
      kind: 'regulation',
      number: '294-QĐ/TW',
      issuer: 'Ban Chấp hành Trung ương',
      date: '2025-05-26',
      status: { state: 'in-force' },
    });
  });

  it('reads Hướng dẫn 06-HD/TW and 37-HD/BTGDVTW as guidance', async () => {
    expect(await inferParty('huong-dan-06-HD-TW-2025-thi-hanh-dieu-le-dang.txt')).toMatchObject({
      title: 'Hướng dẫn 06-HD/TW một số vấn đề cụ thể thi hành Điều lệ Đảng',
      kind: 'guidance',
      number: '06-HD/TW',
      date: '2025-06-09',
    });
    expect(await inferParty('huong-dan-37-HD-BTGDVTW-2025-ban-tin-sinh-hoat-chi-bo.txt')).toMatchObject({
      kind: 'guidance',
      number: '37-HD/BTGDVTW',
      date: '2025-11-19',
      issuer: 'Ban Tuyên giáo và Dân vận Trung ương',
    });
  });

  it('keeps a month-only date as written and takes no number from the citations of a document without one', async () => {
    const meta = await inferParty('hanoi-btctu-huong-dan-nghiep-vu-to-chuc-dang-dang-vien-2025-11.txt');
    expect(meta).toMatchObject({
      title: 'Hướng dẫn nghiệp vụ công tác tổ chức đảng và đảng viên',
      kind: 'guidance',
      issuer: 'Ban Tổ chức Thành ủy Hà Nội',
      date: '2025-11',
      dateText: 'tháng 11 năm 2025',
    });
    expect(meta.number).toBeUndefined();
  });

  it('reads the date of the Party Charter', async () => {
    expect(await inferParty('dieu-le-dang-2011.txt')).toMatchObject({
      title: 'Điều lệ Đảng Cộng sản Việt Nam',
      kind: 'regulation',
      date: '2011-01-19',
    });
  });

  it('treats a web page as an article or a lesson, with the title in sentence case', () => {
    const lesson = inferDocumentMeta('bai-3.txt', 'BÀI 3: CÔNG TÁC KIỂM TRA, GIÁM SÁT CỦA CHI BỘ\nNội dung bài học.');
    expect(lesson).toMatchObject({ title: 'Bài 3: Công tác kiểm tra, giám sát của chi bộ', kind: 'lesson' });
    const article = inferDocumentMeta('tin.txt', 'Hội nghị sơ kết công tác xây dựng Đảng\nNgày 13-11-2018, Bộ Chính trị ban hành Kết luận số 38-KL/TW.', {
      date: '2019-01-05',
      dateText: '05/01/2019',
      author: 'Ban Tuyên giáo',
    });
    expect(article).toEqual({
      file: 'tin.txt',
      title: 'Hội nghị sơ kết công tác xây dựng Đảng',
      kind: 'article',
      issuer: 'Ban Tuyên giáo',
      date: '2019-01-05',
      status: { state: 'in-force' },
    });
  });
});
