import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexError, IndexMismatchError } from '../common/index.js';
import { HashingEmbeddings } from '../knowledge/hashing-embeddings.js';
import { HnswStore } from '../knowledge/hnsw-store.js';

const PASSAGES: Record<string, string> = {
  'quy-che#0': 'Đảng đoàn họp thường kỳ mỗi quý một lần, họp bất thường khi cần.',
  'quy-che#1': 'Chi bộ sinh hoạt thường kỳ mỗi tháng một lần vào đầu tháng.',
  'quy-che#2': 'Ủy ban kiểm tra đảng ủy cơ sở kiểm tra đảng viên khi có dấu hiệu vi phạm.',
  'quy-che#3': 'Đảng viên đóng đảng phí hằng tháng theo quy định của Ban Chấp hành Trung ương.',
  'quy-che#4': 'Bí thư chi bộ chủ trì hội nghị và ký nghị quyết của chi bộ.',
};

function documents(): Document[] {
  return Object.entries(PASSAGES).map(([id, pageContent]) => new Document({ pageContent, metadata: { docId: id.split('#')[0] }, id }));
}

describe('HnswStore', () => {
  const embeddings = new HashingEmbeddings({ dimensions: 256 });
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'hnsw-store-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('finds the nearest passages first, with similarities in [-1, 1]', async () => {
    const store = await HnswStore.fromDocuments(documents(), embeddings);
    expect(store.size).toBe(5);
    expect(store._vectorstoreType()).toBe('hnsw');
    const results = await store.similaritySearchWithScore('dang doan hop may lan', 5);
    expect(results).toHaveLength(5);
    expect(results[0]?.[0].id).toBe('quy-che#0');
    expect(results[0]?.[0].metadata).toEqual({ docId: 'quy-che' });
    const scores = results.map(([, score]) => score);
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(-1);
      expect(score).toBeLessThanOrEqual(1);
    }
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const exact = await store.similaritySearchVectorWithScore(await embeddings.embedQuery(PASSAGES['quy-che#3'] ?? ''), 1);
    expect(exact[0]?.[0].id).toBe('quy-che#3');
    expect(exact[0]?.[1]).toBeCloseTo(1, 4);
  });

  it('returns at most the number of documents, and nothing when empty', async () => {
    const empty = new HnswStore(embeddings);
    expect(await empty.similaritySearch('chi bộ', 3)).toEqual([]);
    const store = await HnswStore.fromDocuments(documents().slice(0, 2), embeddings);
    expect(await store.similaritySearch('chi bộ', 10)).toHaveLength(2);
    expect(await store.similaritySearch('chi bộ', 0)).toEqual([]);
  });

  it('applies a filter on the document', async () => {
    const store = await HnswStore.fromDocuments(documents(), embeddings);
    const results = await store.similaritySearch('đảng đoàn họp', 5, (document) => document.id !== 'quy-che#0');
    expect(results.map((document) => document.id)).not.toContain('quy-che#0');
    expect(results).toHaveLength(4);
  });

  it('deletes by id', async () => {
    const store = await HnswStore.fromDocuments(documents(), embeddings);
    await store.delete({ ids: ['quy-che#0', 'not-there'] });
    expect(store.has('quy-che#0')).toBe(false);
    expect(store.size).toBe(4);
    expect(store.ids()).not.toContain('quy-che#0');
    const results = await store.similaritySearch('Đảng đoàn họp thường kỳ mỗi quý', 5);
    expect(results.map((document) => document.id)).not.toContain('quy-che#0');
    expect(results).toHaveLength(4);
  });

  it('replaces a document added again under the same id', async () => {
    const store = await HnswStore.fromDocuments(documents(), embeddings);
    const text = 'Hội nghị đại biểu đảng viên bầu ban chấp hành đảng bộ nhiệm kỳ mới.';
    await store.addDocuments([new Document({ pageContent: text, metadata: { version: 2 } })], { ids: ['quy-che#1'] });
    expect(store.size).toBe(5);
    const [best] = await store.similaritySearch('bầu ban chấp hành đảng bộ', 1);
    expect(best?.id).toBe('quy-che#1');
    expect(best?.pageContent).toBe(text);
    expect(best?.metadata).toEqual({ version: 2 });
    const old = await store.similaritySearch(PASSAGES['quy-che#1'] ?? '', 5);
    expect(old.map((document) => document.pageContent)).not.toContain(PASSAGES['quy-che#1']);
  });

  it('keeps the last of repeated ids in one call and returns ids in input order', async () => {
    const store = new HnswStore(embeddings);
    const ids = await store.addDocuments(
      [new Document({ pageContent: 'bầu cử' }), new Document({ pageContent: 'kết nạp đảng viên' }), new Document({ pageContent: 'đảng phí' })],
      { ids: ['a', 'b', 'a'] },
    );
    expect(ids).toEqual(['a', 'b', 'a']);
    expect(store.size).toBe(2);
    const [best] = await store.similaritySearch('dang phi', 1);
    expect(best?.id).toBe('a');
    expect(best?.pageContent).toBe('đảng phí');
  });

  it('grows past its initial capacity and keeps working after deletes', async () => {
    const store = new HnswStore(embeddings, { initialCapacity: 4 });
    const texts = Array.from({ length: 50 }, (_, i) => `Điều ${i} quy định về chi bộ số ${i} và đảng viên thứ ${i * 7}`);
    await store.addDocuments(
      texts.map((pageContent) => new Document({ pageContent })),
      { ids: texts.map((_, i) => `c${i}`) },
    );
    expect(store.size).toBe(50);
    await store.delete({ ids: texts.map((_, i) => `c${i}`).slice(0, 25) });
    await store.addDocuments(
      texts.slice(0, 25).map((pageContent) => new Document({ pageContent })),
      { ids: texts.slice(0, 25).map((_, i) => `d${i}`) },
    );
    expect(store.size).toBe(50);
    const [best] = await store.similaritySearch(texts[42] ?? '', 1);
    expect(best?.id).toBe('c42');
    const [reused] = await store.similaritySearch(texts[3] ?? '', 1);
    expect(reused?.id).toBe('d3');
  });

  it('gives documents without an id a new one', async () => {
    const store = new HnswStore(embeddings);
    const [id] = await store.addDocuments([new Document({ pageContent: 'chi bộ' })]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.has(id ?? '')).toBe(true);
  });

  it('rejects vectors of the wrong length', async () => {
    const store = new HnswStore(embeddings);
    await expect(store.addVectors([[1, 0, 0]], [new Document({ pageContent: 'x' })], { ids: ['x'] })).rejects.toThrow(
      /vector 0 has 3 dimensions, the index has 256/,
    );
    await expect(store.similaritySearchVectorWithScore([1, 0], 1)).rejects.toThrow(RangeError);
    expect(() => new HnswStore(embeddings, { m: 1 })).toThrow(/m must be an integer >= 2, got 1/);
  });

  it('saves and loads the same documents, ids and results', async () => {
    const store = await HnswStore.fromDocuments(documents(), embeddings, { m: 8, efConstruction: 50 });
    await store.delete({ ids: ['quy-che#4'] });
    await store.save(directory);
    const args = JSON.parse(await readFile(path.join(directory, 'args.json'), 'utf8')) as Record<string, unknown>;
    expect(args).toMatchObject({ formatVersion: 1, provider: 'hashing', dimensions: 256, space: 'cosine', m: 8, efConstruction: 50, count: 4 });
    expect(args['model']).toBe(embeddings.model);

    const loaded = await HnswStore.load(directory, embeddings, { efSearch: 32 });
    expect(loaded.size).toBe(4);
    expect(loaded.m).toBe(8);
    expect(loaded.efSearch).toBe(32);
    expect(loaded.ids().sort()).toEqual(store.ids().sort());
    const query = 'chi bo sinh hoat hang thang';
    const before = await store.similaritySearchWithScore(query, 4);
    const after = await loaded.similaritySearchWithScore(query, 4);
    expect(after.map(([document, score]) => [document.id, document.metadata, score.toFixed(5)])).toEqual(
      before.map(([document, score]) => [document.id, document.metadata, score.toFixed(5)]),
    );

    await loaded.addDocuments([new Document({ pageContent: 'Bí thư chi bộ ký nghị quyết.' })], { ids: ['quy-che#9'] });
    const [best] = await loaded.similaritySearch('bi thu ky nghi quyet', 1);
    expect(best?.id).toBe('quy-che#9');
    expect(loaded.size).toBe(5);
  });

  it('refuses an index built with another provider, model or dimension', async () => {
    const store = await HnswStore.fromTexts(['chi bộ', 'đảng viên'], { source: 'test' }, embeddings);
    await store.save(directory);
    const otherDimension = new HashingEmbeddings({ dimensions: 512 });
    await expect(HnswStore.load(directory, otherDimension)).rejects.toBeInstanceOf(IndexMismatchError);
    await expect(HnswStore.load(directory, otherDimension)).rejects.toMatchObject({ field: 'dimensions', expected: 512, found: 256 });
    await expect(HnswStore.load(directory, new HashingEmbeddings({ dimensions: 256, bigramWeight: 1 }))).rejects.toMatchObject({
      field: 'model',
    });
    const otherProvider = Object.assign(new HashingEmbeddings({ dimensions: 256 }), { provider: 'openai' });
    const error = await HnswStore.load(directory, otherProvider).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexMismatchError);
    expect(error).toBeInstanceOf(IndexError);
    expect(error).toMatchObject({ field: 'provider', expected: 'openai', found: 'hashing' });
  });

  it('refuses an unknown format version and a missing index', async () => {
    const store = await HnswStore.fromTexts(['chi bộ'], {}, embeddings);
    await store.save(directory);
    const argsFile = path.join(directory, 'args.json');
    const args = JSON.parse(await readFile(argsFile, 'utf8')) as Record<string, unknown>;
    await writeFile(argsFile, JSON.stringify({ ...args, formatVersion: 99 }));
    await expect(HnswStore.load(directory, embeddings)).rejects.toMatchObject({ name: 'IndexMismatchError', field: 'formatVersion' });
    const missing = await HnswStore.load(path.join(directory, 'nothing'), embeddings).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(IndexError);
    expect(missing).not.toBeInstanceOf(IndexMismatchError);
  });

  it('builds from texts with one metadata object or one per text', async () => {
    const shared = await HnswStore.fromTexts(['chi bộ họp', 'đảng viên mới'], { source: 'manual' }, embeddings);
    const each = await HnswStore.fromTexts(['chi bộ họp', 'đảng viên mới'], [{ n: 1 }, { n: 2 }], embeddings);
    expect(shared.size).toBe(2);
    const [first] = await shared.similaritySearch('chi bo hop', 1);
    expect(first?.metadata).toEqual({ source: 'manual' });
    const [second] = await each.similaritySearch('dang vien moi', 1);
    expect(second).toMatchObject({ pageContent: 'đảng viên mới', metadata: { n: 2 } });
  });
});
