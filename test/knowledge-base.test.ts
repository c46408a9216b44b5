import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createLogger, silentLogger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings, NOT_FOUND_ANSWER, type CleanDocument } from '../knowledge/index.js';

function doc(file: string, text: string, title = file): CleanDocument {
  return {
    meta: { file, title, kind: 'article', status: { state: 'in-force' } },
    text,
    contentHash: createHash('sha256').update(text).digest('hex'),
  };
}

const meetings = doc(
  'hop.txt',
  [
    '1. Chế độ họp của chi bộ',
    'Chi bộ họp thường lệ mỗi tháng một lần vào đầu tháng. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.',
    'Khi cần thiết, chi bộ có thể họp bất thường theo đề nghị của chi ủy.',
  ].join('\n'),
);
const fees = doc(
  'dang-phi.txt',
  ['1. Đảng phí', 'Đảng viên đóng đảng phí hằng tháng theo tỷ lệ phần trăm của thu nhập. Chi bộ thu đảng phí và nộp lên cấp ủy cấp trên.'].join('\n'),
);

describe('createKnowledgeBase', () => {
  let indexDir: string;
  beforeEach(async () => {
    indexDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'kb-')), 'index');
  });
  afterEach(async () => {
    await rm(path.dirname(indexDir), { recursive: true, force: true });
  });

  const open = (documents: CleanDocument[]) => createKnowledgeBase(documents, { indexDir, embeddings: new HashingEmbeddings(), logger: silentLogger() });

  it('answers from the right document and names it', async () => {
    const knowledge = await open([meetings, fees]);
    const answer = await knowledge.ask('Chi bộ họp mấy lần một tháng?');
    expect(answer.grounded).toBe(true);
    expect(answer.citations[0]?.source).toBe('hop.txt');
    expect(answer.answer).toContain('mỗi tháng một lần');
    expect(answer.citations[0]?.section).toBe('1. Chế độ họp của chi bộ');
  });

  it('says plainly when the documents do not hold the answer', async () => {
    const knowledge = await open([meetings, fees]);
    for (const question of ['Cách nấu phở bò ngon?', 'What is the capital of France?', 'Giá vàng hôm nay bao nhiêu?']) {
      const answer = await knowledge.ask(question);
      expect(answer.grounded, question).toBe(false);
      expect(answer.answer).toBe(NOT_FOUND_ANSWER);
      expect(answer.citations).toEqual([]);
    }
  });

  it('answers bad input in Vietnamese without throwing', async () => {
    const knowledge = await open([meetings, fees]);
    expect((await knowledge.ask('')).answer).toMatch(/chưa nhập câu hỏi/u);
    expect((await knowledge.ask('🙂🙂🙂 ?!')).answer).toMatch(/không có chữ/u);
    const html = await knowledge.ask('<b>Chi bộ</b> **họp** mấy lần một tháng?');
    expect(html.grounded).toBe(true);
    const huge = await knowledge.ask(`Chi bộ họp mấy lần một tháng? ${'lorem ipsum '.repeat(900)}`);
    expect(typeof huge.grounded).toBe('boolean');
    expect(huge.question.length).toBeGreaterThan(10_000);
  });

  it('reuses a current index, re-chunks only a changed document and drops a removed one', async () => {
    const first = await open([meetings, fees]);
    expect(first.report).toMatchObject({ documents: 2, reindexed: 2 });
    const again = await open([meetings, fees]);
    expect(again.report.reindexed).toBe(0);

    const changed = doc('dang-phi.txt', fees.text.replace('hằng tháng', 'mỗi quý một lần'));
    const updated = await open([meetings, changed]);
    expect(updated.report.reindexed).toBe(1);
    expect((await updated.ask('Đảng viên đóng đảng phí khi nào?')).answer).toContain('mỗi quý một lần');

    const shrunk = await open([meetings]);
    expect(shrunk.documents().map((meta) => meta.file)).toEqual(['hop.txt']);
    expect(shrunk.chunks().every((chunk) => chunk.docId === 'hop.txt')).toBe(true);
    expect((await shrunk.search('đảng phí', 5)).every((hit) => hit.chunk.docId === 'hop.txt')).toBe(true);
  });

  it('rebuilds an index written by another version instead of crashing', async () => {
    await open([meetings]);
    const statePath = path.join(indexDir, 'state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { format: number };
    await writeFile(statePath, JSON.stringify({ ...state, format: -1 }));
    const rebuilt = await open([meetings]);
    expect(rebuilt.report.reindexed).toBe(1);
    expect((await rebuilt.ask('Chi bộ họp mấy lần một tháng?')).grounded).toBe(true);

    await writeFile(statePath, '{ not json');
    expect((await open([meetings])).report.reindexed).toBe(1);
  });

  it('rebuilds when the embeddings that built the index change', async () => {
    await open([meetings]);
    const other = await createKnowledgeBase([meetings], {
      indexDir,
      embeddings: new HashingEmbeddings({ dimensions: 256 }),
      logger: silentLogger(),
    });
    expect(other.report.reindexed).toBe(1);
    expect((await other.ask('Chi bộ họp mấy lần một tháng?')).grounded).toBe(true);
  });

  it('answers "not found" over an empty corpus', async () => {
    const knowledge = await open([]);
    expect((await knowledge.ask('Chi bộ họp mấy lần?')).grounded).toBe(false);
  });
});

describe('createKnowledgeBase with an index folder it cannot write', () => {
  it('answers from memory and says why in the log', async () => {
    const parent = await mkdtemp(path.join(os.tmpdir(), 'kb-readonly-'));
    const blocker = path.join(parent, 'not-a-folder');
    await writeFile(blocker, 'a file where the index folder should be');
    let logged = '';
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => {
      logged += chunk.toString('utf8');
    });
    const logger = createLogger({ level: 'warn', destination });
    const knowledge = await createKnowledgeBase([meetings], { indexDir: path.join(blocker, 'index'), embeddings: new HashingEmbeddings(), logger });
    await rm(parent, { recursive: true, force: true });
    expect((await knowledge.ask('Chi bộ họp mấy lần một tháng?')).grounded).toBe(true);
    expect(logged).toContain('"msg":"Cannot save the index; answering from memory"');
  });
});
