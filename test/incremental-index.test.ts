import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../common/index.js';
import { createAnalyzer } from '../knowledge/analyze-vietnamese.js';
import { LexicalIndex } from '../knowledge/lexical-index.js';
import { createKnowledgeBase, reportIndexProgress, type CleanDocument, type IndexProgress } from '../knowledge/index.js';

function doc(file: string, text: string): CleanDocument {
  return { meta: { file, title: file, kind: 'article', status: { state: 'in-force' } }, text, contentHash: createHash('sha256').update(text).digest('hex') };
}

const passages = [
  { text: 'Chi bộ họp thường lệ mỗi tháng một lần vào đầu tháng.', context: 'Chế độ họp' },
  { text: 'Đảng viên đóng đảng phí hằng tháng theo tỷ lệ thu nhập.', context: 'Đảng phí' },
  { text: 'Đảng ủy cơ sở được ủy quyền quyết định kết nạp đảng viên (ĐV).', context: 'Kết nạp' },
  { text: 'Chi ủy kiểm tra việc thực hiện nghị quyết của chi bộ.', context: 'Kiểm tra' },
];
const questions = ['chi bộ họp mấy lần', 'đóng đảng phí', 'kết nạp đảng viên', 'kiem tra nghi quyet'];

describe('LexicalIndex.update', () => {
  it('scores exactly as an index built anew over the live passages', () => {
    const analyzer = createAnalyzer();
    const updated = LexicalIndex.build(passages.slice(0, 3), analyzer).update([1], [passages[3]!]);
    const rebuilt = LexicalIndex.build([passages[0]!, passages[2]!, passages[3]!], analyzer);
    // Positions differ (0, 2, 3 against 0, 1, 2); scores and their order do not.
    const positionOf = [0, 2, 3];
    for (const question of questions) {
      const got = updated.search(question, 4);
      const want = rebuilt.search(question, 4);
      expect(got.map((hit) => hit.passage)).toEqual(want.map((hit) => positionOf[hit.passage]));
      got.forEach((hit, i) => expect(hit.score).toBeCloseTo(want[i]!.score, 5));
    }
    expect(updated.size).toBe(3);
    expect(updated.deleted).toBe(1);
    expect(updated.search('đảng phí hằng tháng', 4).some((hit) => hit.passage === 1)).toBe(false);
  });

  it('saves segments and deletions and loads them back to the same results', async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'lexical-update-'));
    try {
      const analyzer = createAnalyzer();
      const index = LexicalIndex.build(passages.slice(0, 2), analyzer).update([0], passages.slice(2));
      await index.save(directory);
      const loaded = await LexicalIndex.load(directory, analyzer);
      for (const question of questions) expect(loaded.search(question, 4)).toEqual(index.search(question, 4));
      expect(loaded.positions).toBe(4);
      expect(loaded.deleted).toBe(1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('createKnowledgeBase on a saved index', () => {
  let indexDir: string;
  beforeEach(async () => {
    indexDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'kb-incremental-')), 'index');
  });
  afterEach(async () => {
    await rm(path.dirname(indexDir), { recursive: true, force: true });
  });

  const library = Array.from({ length: 12 }, (_, i) => doc(`d${i}.txt`, `Văn bản số ${i}. ${passages[i % 4]!.text} Mục ${i} nói về việc thứ ${i}.`));

  it('indexes only the document added: the other passages and their files stay as they were', async () => {
    const first = await createKnowledgeBase(library, { indexDir, logger: silentLogger() });
    expect(first.report.reindexed).toBe(12);
    const before = new Map(await Promise.all((await readdir(indexDir)).map(async (file) => [file, (await stat(path.join(indexDir, file))).ino] as const)));

    const added = doc('moi.txt', 'Tổ đảng sinh hoạt định kỳ mỗi quý một lần theo hướng dẫn của chi ủy.');
    const stages: IndexProgress[] = [];
    const grown = await createKnowledgeBase([...library, added], { indexDir, logger: silentLogger(), onProgress: (progress) => stages.push(progress) });
    expect(grown.report.reindexed).toBe(1);
    // Only the new document's passage went through the lexical stage.
    expect(stages.filter((progress) => progress.stage === 'lexical').at(-1)).toMatchObject({ done: 1, total: 1 });
    expect((await grown.search('tổ đảng sinh hoạt mỗi quý', 1))[0]?.chunk.docId).toBe('moi.txt');
    // The segments and passages already saved are the same files (linked, not written again).
    const after = await readdir(indexDir);
    for (const file of after.filter((name) => /^(lexical-\d|passages-)/u.test(name) && before.has(name))) {
      expect((await stat(path.join(indexDir, file))).ino, file).toBe(before.get(file));
    }
    expect(after.filter((name) => !before.has(name)).length).toBeGreaterThanOrEqual(2);

    const reopened = await createKnowledgeBase([...library, added], { indexDir, logger: silentLogger() });
    expect(reopened.report.reindexed).toBe(0);
    expect(reopened.chunks()).toHaveLength(grown.chunks().length);
    expect((await reopened.search('tổ đảng sinh hoạt mỗi quý', 1))[0]?.chunk.docId).toBe('moi.txt');
  });

  it("drops a changed document's old passages and finds its new text, as a full build would", async () => {
    await createKnowledgeBase(library, { indexDir, logger: silentLogger() });
    const changed = library.map((document) =>
      document.meta.file === 'd1.txt' ? doc('d1.txt', 'Đảng viên dự bị được xét chuyển chính thức sau mười hai tháng.') : document,
    );
    const updated = await createKnowledgeBase(changed, { indexDir, logger: silentLogger() });
    const fresh = await createKnowledgeBase(changed, { logger: silentLogger() });
    expect(updated.report.reindexed).toBe(1);
    for (const question of [...questions, 'chuyển đảng viên chính thức', 'đảng phí']) {
      const got = (await updated.search(question, 5)).map((hit) => [hit.chunk.id, hit.score.toFixed(6)]);
      const want = (await fresh.search(question, 5)).map((hit) => [hit.chunk.id, hit.score.toFixed(6)]);
      expect(got, question).toEqual(want);
    }
  });
});

describe('reportIndexProgress', () => {
  const run = (progress: (p: IndexProgress) => void) => {
    progress({ stage: 'chunking', done: 0, total: 2, passages: 0 });
    progress({ stage: 'chunking', done: 1, total: 2, passages: 5 });
    progress({ stage: 'chunking', done: 2, total: 2, passages: 9 });
    progress({ stage: 'lexical', done: 0, total: 9, passages: 9 });
    progress({ stage: 'lexical', done: 9, total: 9, passages: 9 });
  };

  it('logs one line per finished stage when the output is not a terminal', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream });
    run(reportIndexProgress({ logger }));
    expect(lines.map((line) => JSON.parse(line) as { msg: string; stage: string; passages: number })).toMatchObject([
      { msg: 'Index stage chunking done', stage: 'chunking', passages: 9 },
      { msg: 'Index stage lexical done', stage: 'lexical', passages: 9 },
    ]);
  });

  it('draws documents and passages done and the time left on a terminal', () => {
    let written = '';
    const stream = { isTTY: true, write: (text: string) => (written += text) } as unknown as NodeJS.WriteStream;
    let clock = 0;
    const progress = reportIndexProgress({ logger: silentLogger(), stream, now: () => (clock += 1000) });
    run(progress);
    expect(written).toContain('tách đoạn 1/2 tài liệu, 5 đoạn, còn khoảng 1 s');
    expect(written).toContain('lập chỉ mục từ khóa 9/9 đoạn, 9 đoạn\n');
  });
});
