import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../knowledge/analyze-vietnamese.js';
import { Bm25Builder } from '../knowledge/bm25-index.js';
import { LexicalIndex } from '../knowledge/lexical-index.js';

const passages = [
  { text: 'Đảng đoàn và ban cán sự đảng họp định kỳ mỗi tháng một lần và có thể họp đột xuất khi cần thiết.', context: 'Nhiệm vụ của đảng đoàn' },
  { text: 'Cấp ủy cơ sở là hạt nhân chính trị, lãnh đạo thực hiện đường lối của Đảng.', context: 'Chức năng' },
  { text: 'Chi bộ cơ quan cấp xã phân công đảng viên dự họp với các địa bàn khu dân cư.', context: 'Chi bộ cơ quan cấp xã' },
  { text: 'Đảng ủy cơ sở nếu được cấp ủy cấp trên trực tiếp ủy quyền thì được quyết định kết nạp và khai trừ đảng viên.', context: 'Nhiệm vụ' },
];

describe('Bm25Builder / Bm25Index', () => {
  it('ranks the document with more of the rare terms first and scores known terms only', () => {
    const builder = new Bm25Builder();
    builder.add(['a', 'b', 'c']);
    builder.add(['a', 'a', 'd']);
    builder.add(['e']);
    const index = builder.build();
    const hits = index.search(
      new Map([
        ['d', 1],
        ['a', 1],
      ]),
      10,
    );
    expect(hits.map((hit) => hit.doc)).toEqual([1, 0]);
    expect(index.search(new Map([['zzz', 1]]), 10)).toEqual([]);
    expect(index.documentFrequency('a')).toBe(2);
    const reference = index.referenceScore(
      new Map([
        ['d', 1],
        ['a', 1],
      ]),
    );
    expect(
      index.referenceScore(
        new Map([
          ['d', 1],
          ['a', 1],
          ['unseen', 1],
        ]),
        () => 1,
      ),
    ).toBeGreaterThan(reference);
    expect(
      index.referenceScore(
        new Map([
          ['d', 1],
          ['a', 1],
          ['unseen', 1],
        ]),
      ),
    ).toBe(reference);
  });

  it('returns the k best in order when there are many candidates', () => {
    const builder = new Bm25Builder();
    for (let i = 0; i < 200; i += 1) builder.add(Array.from({ length: (i % 7) + 1 }, () => 'x').concat(`u${i}`));
    const hits = builder.build().search(new Map([['x', 1]]), 5);
    expect(hits).toHaveLength(5);
    for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });
});

describe('LexicalIndex', () => {
  const analyzer = createAnalyzer();
  let directory: string | undefined;
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
    directory = undefined;
  });

  it('finds passages with or without diacritics and with abbreviations', () => {
    const index = LexicalIndex.build(passages, analyzer);
    expect(index.search('Đảng đoàn họp bao lâu một lần?', 1)[0]!.passage).toBe(0);
    expect(index.search('dang doan hop dot xuat khi nao', 1)[0]!.passage).toBe(0);
    expect(index.search('ĐV cơ quan cấp xã dự họp ở khu dân cư', 1)[0]!.passage).toBe(2);
    expect(index.search('Đảng uỷ cơ sở có quyền khai trừ đảng viên không?', 1)[0]!.passage).toBe(3);
  });

  it('reports coverage in [0, 1], higher when more of the question matches', () => {
    const index = LexicalIndex.build(passages, analyzer);
    const good = index.search('chức năng hạt nhân chính trị của cấp ủy cơ sở', 1)[0]!;
    const poor = index.search('cách nấu phở bò ngon cho cấp ủy', 1)[0]!;
    expect(good.coverage).toBeGreaterThan(poor.coverage);
    expect(good.coverage).toBeLessThanOrEqual(1);
    expect(poor.coverage).toBeGreaterThanOrEqual(0);
  });

  it('saves and loads to the same results', async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'lexical-'));
    const index = LexicalIndex.build(passages, analyzer);
    await index.save(directory);
    const loaded = await LexicalIndex.load(directory, analyzer);
    const question = 'bí thư cấp ủy khai trừ đảng viên';
    expect(loaded.search(question, 4)).toEqual(index.search(question, 4));
    expect(loaded.size).toBe(4);
  });
});
