import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/index.js';
import { chunkDocument } from '../knowledge/chunk-document.js';
import { readIndexState } from '../knowledge/index-state.js';
import { IndexedPassages } from '../knowledge/indexed-passages.js';
import { PassageBatch, PassageStore } from '../knowledge/passage-store.js';
import { createKnowledgeBase, type CleanDocument } from '../knowledge/index.js';

function doc(file: string, text: string): CleanDocument {
  return { meta: { file, title: file, kind: 'article', status: { state: 'in-force' } }, text, contentHash: createHash('sha256').update(text).digest('hex') };
}

const texts = [
  'Điều 1. Chi bộ họp thường lệ mỗi tháng một lần.\n\nĐiều 2. Đảng viên đóng đảng phí hằng tháng — theo tỷ lệ thu nhập "thực lĩnh".',
  'Mục 1.1. Đảng ủy cơ sở được ủy quyền quyết định kết nạp đảng viên (ĐV).\n\nMục 1.2. Chi ủy kiểm tra việc thực hiện nghị quyết 🙂.',
  '',
];

describe('PassageBatch', () => {
  it('gives back every passage and document record exactly as they were encoded', () => {
    let position = 5;
    const documents = texts.map((text, i) => {
      const chunks = chunkDocument(doc(`d${i}.txt`, text));
      const entry = {
        meta: doc(`d${i}.txt`, text).meta,
        contentHash: `h${i}`,
        abbreviations: { dv: ['đảng viên'] },
        position,
        passages: chunks.length,
        chunks,
      };
      position += chunks.length;
      return entry;
    });
    const batch = PassageBatch.encode(5, documents);
    const read = PassageBatch.decode(5, Buffer.from(batch.bytes));
    const chunks = documents.flatMap((document) => document.chunks);
    expect(read.count).toBe(chunks.length);
    chunks.forEach((chunk, i) => expect(read.at(i)).toEqual(chunk));
    expect(read.documents).toEqual(documents.map(({ chunks: _, ...record }) => record));
    const store = new PassageStore([read]);
    expect(store.at(5)).toEqual(chunks[0]);
    expect(store.at(4)).toBeUndefined();
    expect(store.at(5 + chunks.length)).toBeUndefined();
  });

  it('refuses bytes that are not a batch or are cut short', () => {
    const chunks = chunkDocument(doc('a.txt', 'Chi bộ họp.'));
    const batch = PassageBatch.encode(0, [{ meta: doc('a.txt', '').meta, contentHash: 'h', abbreviations: {}, position: 0, passages: chunks.length, chunks }]);
    expect(() => PassageBatch.decode(0, Buffer.from('not a batch at all'))).toThrow('Not a passages batch');
    expect(() => PassageBatch.decode(0, batch.bytes.subarray(0, batch.bytes.length - 3))).toThrow('cut short');
  });

  it('finds passages by id as a map would, decoding only the ones asked for', () => {
    const chunks = chunkDocument(doc('a.txt', texts[0]!));
    const record = { meta: doc('a.txt', texts[0]!).meta, contentHash: 'h', abbreviations: {}, position: 0, passages: chunks.length };
    const passages = new IndexedPassages([record], new PassageStore([PassageBatch.encode(0, [{ ...record, chunks }])]));
    expect(passages.get(chunks.at(-1)!.id)).toEqual(chunks.at(-1));
    expect(passages.get('a.txt#99')).toBeUndefined();
    expect(passages.get('b.txt#0')).toBeUndefined();
    expect(passages.positionOf(chunks.at(-1)!.id)).toBe(chunks.length - 1);
    expect([...passages.values()]).toEqual(chunks);
    expect(passages.size).toBe(chunks.length);
  });
});

describe('a saved index', () => {
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('reads its passages lazily, equal to the ones chunked, and keeps state.json small across changes', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'passages-'));
    const indexDir = path.join(directory, 'index');
    const library = Array.from({ length: 30 }, (_, i) => doc(`d${i}.txt`, `${texts[i % 2]!}\n\nMục ${i}. Việc thứ ${i} của chi bộ.`));
    const built = await createKnowledgeBase(library, { indexDir, logger: silentLogger() });
    const eager = library.flatMap((document) => chunkDocument(document));
    expect(built.chunks()).toEqual(eager);

    const state = await readIndexState(indexDir);
    expect(state?.documents.map((document) => document.chunks)).toEqual(library.map((document) => chunkDocument(document)));
    const stateBytes = (await readFile(path.join(indexDir, 'state.json'))).length;
    expect(stateBytes).toBeLessThan(400);

    const changed = library.map((document, i) => (i === 3 ? doc('d3.txt', 'Tổ đảng sinh hoạt mỗi quý một lần.') : document));
    const updated = await createKnowledgeBase(changed, { indexDir, logger: silentLogger() });
    expect(updated.report.reindexed).toBe(1);
    const reopened = await readIndexState(indexDir);
    const byId = (chunks: readonly { id: string }[]) => [...chunks].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(reopened!.documents.flatMap((document) => document.chunks))).toEqual(byId(updated.chunks()));
    expect((await updated.search('tổ đảng sinh hoạt mỗi quý', 1))[0]?.chunk.id).toBe('d3.txt#0');
    expect((await readFile(path.join(indexDir, 'state.json'))).length).toBeLessThan(stateBytes + 100);
  });

  it('builds everything anew, unchanged documents included, once a change leaves too many passages deleted', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'passages-'));
    const indexDir = path.join(directory, 'index');
    const library = Array.from({ length: 8 }, (_, i) => doc(`d${i}.txt`, `Mục ${i}. Việc thứ ${i} của chi bộ số ${i}.`));
    await createKnowledgeBase(library, { indexDir, logger: silentLogger() });
    const changed = library.map((document, i) =>
      i < 4 ? doc(document.meta.file, `Mục ${i}. Đảng viên dự bị thứ ${i} được xét chuyển chính thức.`) : document,
    );
    const rebuilt = await createKnowledgeBase(changed, { indexDir, logger: silentLogger() });
    const fresh = await createKnowledgeBase(changed, { logger: silentLogger() });
    expect(rebuilt.chunks()).toEqual(fresh.chunks());
    expect((await readIndexState(indexDir))?.batches).toHaveLength(1);
    for (const question of ['đảng viên dự bị chuyển chính thức', 'việc thứ 6 của chi bộ']) {
      expect((await rebuilt.search(question, 3)).map((hit) => [hit.chunk.id, hit.score])).toEqual(
        (await fresh.search(question, 3)).map((hit) => [hit.chunk.id, hit.score]),
      );
    }
  });
});
