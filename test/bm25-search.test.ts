import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../knowledge/analyze-vietnamese.js';
import { Bm25Builder, Bm25Index, type Bm25Hit } from '../knowledge/bm25-index.js';
import { LexicalIndex } from '../knowledge/lexical-index.js';

/** A 31-bit LCG: the same corpus on every run. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 2147483648;
  };
}

/** Every live passage scored on every query term, sorted as the search sorts. */
function exhaustive(index: Bm25Index, query: ReadonlyMap<string, number>, k: number, accept?: (doc: number) => boolean): Bm25Hit[] {
  const scores = new Map<number, number>();
  for (const [term, weight] of query) {
    const number = index.dictionary.find(term);
    if (number === undefined) continue;
    const factor = weight * index.idfOf(number) * (index.k1 + 1);
    index.forPostings(number, (doc, tf) => scores.set(doc, (scores.get(doc) ?? 0) + (factor * tf) / (tf + index.lengthNorm[doc]!)));
  }
  return [...scores]
    .filter(([doc, score]) => score > 0 && !index.deleted.has(doc) && (!accept || accept(doc)))
    .map(([doc, score]) => ({ doc, score }))
    .sort((x, y) => y.score - x.score || x.doc - y.doc)
    .slice(0, k);
}

describe('Bm25Index.search (block-max, document at a time)', () => {
  // Zipf-like words over 10,000 passages in three segments (two longer than a search window),
  // with repeated words, short and long passages, and some passages deleted.
  const random = randomFrom(7);
  const word = () => `w${Math.floor(Math.exp(random() * Math.log(3000)))}`;
  const builder = new Bm25Builder();
  const segments = [];
  for (let doc = 0; doc < 10_000; doc += 1) {
    const length = 5 + Math.floor(random() * random() * 120);
    builder.add(Array.from({ length }, word), doc % 11 === 0 ? 2 : 1);
    if (doc === 5_999 || doc === 8_499) segments.push(builder.segment()!);
  }
  segments.push(builder.segment()!);
  const deleted = new Set(Array.from({ length: 300 }, () => Math.floor(random() * 10_000)));
  const index = new Bm25Index(builder.dictionary, segments, { k1: 0.9, b: 0.6 }, deleted);
  const queries = Array.from({ length: 40 }, (_, q) => new Map(Array.from({ length: 3 + (q % 9) * 10 }, () => [word(), 0.5 + random()] as const)));

  it('finds exactly the k best of an exhaustive scoring, in the same order', () => {
    for (const k of [1, 5, 12, 40]) {
      for (const query of queries) {
        const got = index.search(query, k);
        const want = exhaustive(index, query, k);
        expect(got.map((hit) => hit.doc)).toEqual(want.map((hit) => hit.doc));
        got.forEach((hit, i) => expect(hit.score).toBeCloseTo(want[i]!.score, 9));
      }
    }
  });

  it('applies a filter exactly as an exhaustive scoring does', () => {
    const accept = (doc: number) => doc % 3 !== 0;
    for (const query of queries) {
      expect(index.search(query, 12, accept).map((hit) => hit.doc)).toEqual(exhaustive(index, query, 12, accept).map((hit) => hit.doc));
    }
  });

  it('scores terms with the same postings (a word and its folded form) as an exhaustive scoring does', () => {
    const pick = randomFrom(5);
    const twin = () => `w${Math.floor(Math.exp(pick() * Math.log(400)))}`;
    const twins = new Bm25Builder();
    for (let doc = 0; doc < 6_000; doc += 1) {
      const words = Array.from({ length: 5 + Math.floor(pick() * 60) }, twin);
      // Each word's folded twin follows it, but for words ending in 0 in a few passages.
      twins.add(words.flatMap((w) => (doc % 97 === 0 && w.endsWith('0') ? [w] : [w, `~${w}`])));
    }
    const twinIndex = twins.build({ k1: 0.9, b: 0.6 });
    for (let q = 0; q < 30; q += 1) {
      const query = new Map(
        Array.from({ length: 3 + q }, () => {
          const w = twin();
          return [
            [w, 1],
            [`~${w}`, 0.5],
          ] as const;
        }).flat(),
      );
      const got = twinIndex.search(query, 10);
      const want = exhaustive(twinIndex, query, 10);
      expect(got.map((hit) => hit.doc)).toEqual(want.map((hit) => hit.doc));
      got.forEach((hit, i) => expect(hit.score).toBeCloseTo(want[i]!.score, 9));
    }
  });

  it('orders passages of equal score by position', () => {
    const twins = new Bm25Builder();
    for (let doc = 0; doc < 300; doc += 1) twins.add(doc % 50 === 7 ? ['rare', 'x', 'y'] : ['x', `u${doc}`, 'y', 'z']);
    const hits = twins.build().search(
      new Map([
        ['rare', 1],
        ['x', 0.5],
        ['y', 0.7],
      ]),
      4,
    );
    expect(hits.map((hit) => hit.doc)).toEqual([7, 57, 107, 157]);
    expect(new Set(hits.map((hit) => hit.score)).size).toBe(1);
  });

  it('searches a saved and loaded index (postings and block bounds read back) as the one built', async () => {
    const syllables = ['chi', 'bộ', 'đảng', 'viên', 'họp', 'tháng', 'một', 'lần', 'kết', 'nạp', 'ủy', 'kiểm', 'tra', 'nghị', 'quyết', 'phí'];
    const pick = randomFrom(11);
    const passages = Array.from({ length: 600 }, () => ({
      text: Array.from({ length: 10 + Math.floor(pick() * 60) }, () => syllables[Math.floor(pick() * pick() * syllables.length)]).join(' '),
      context: syllables[Math.floor(pick() * syllables.length)]!,
    }));
    const analyzer = createAnalyzer();
    const built = LexicalIndex.build(passages, analyzer).update([3, 50, 51], passages.slice(0, 40));
    const directory = await mkdtemp(path.join(os.tmpdir(), 'bm25-search-'));
    try {
      await built.save(directory);
      const loaded = await LexicalIndex.load(directory, analyzer);
      for (let q = 0; q < 20; q += 1) {
        const question = Array.from({ length: 2 + q }, () => syllables[Math.floor(pick() * syllables.length)]).join(' ');
        expect(loaded.search(question, 10)).toEqual(built.search(question, 10));
      }
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
