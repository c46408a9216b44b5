import { describe, expect, it } from 'vitest';
import { createAnalyzer, HashingEmbeddings, HnswStore, HybridRetriever, type Chunk } from '../knowledge/index.js';
import { LexicalIndex } from '../knowledge/lexical-index.js';

const texts = [
  'Chi bộ họp thường lệ mỗi tháng một lần; bí thư chi bộ chủ trì cuộc họp.',
  'Đảng viên đóng đảng phí hằng tháng theo tỷ lệ phần trăm thu nhập.',
  'Đảng ủy cơ sở được ủy quyền quyết định kết nạp và khai trừ đảng viên.',
  'Ban Tổ chức Huyện ủy hướng dẫn, thường xuyên kiểm tra việc xây dựng quy chế làm việc.',
];
const chunks: Chunk[] = texts.map((text, ordinal) => ({ id: `f.txt#${ordinal}`, docId: 'f.txt', ordinal, headingPath: [], text }));

async function retriever(options: ConstructorParameters<typeof HybridRetriever>[1] = {}) {
  const embeddings = new HashingEmbeddings();
  const vectors = new HnswStore(embeddings);
  await vectors.addVectors(
    await embeddings.embedDocuments(texts),
    chunks.map((chunk) => ({ pageContent: chunk.text, metadata: {}, id: chunk.id })),
    { ids: chunks.map((chunk) => chunk.id) },
  );
  const lexical = LexicalIndex.build(
    chunks.map((chunk) => ({ text: chunk.text, context: '' })),
    createAnalyzer(),
  );
  const passages = {
    at: (position: number) => chunks[position],
    positionOf: (id: string) => chunks.findIndex((chunk) => chunk.id === id),
  };
  return new HybridRetriever({ passages, lexical, vectors, embeddings }, options, 2);
}

describe('HybridRetriever', () => {
  it('puts the passage both sides agree on first, with fused scores in [0, 1]', async () => {
    const hits = await (await retriever()).search('đảng phí đóng hằng tháng', 4);
    expect(hits[0]?.chunk.id).toBe('f.txt#1');
    expect(hits[0]?.score).toBe(1);
    for (const hit of hits) {
      expect(hit.score).toBeGreaterThanOrEqual(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
  });

  it('still finds a passage through vectors when a typo defeats the words', async () => {
    const hits = await (await retriever()).search('dang phii dong hang thangg', 4);
    expect(hits.map((hit) => hit.chunk.id)).toContain('f.txt#1');
    const typo = hits.find((hit) => hit.chunk.id === 'f.txt#1')!;
    expect(typo.vector).toBeGreaterThan(0);
  });

  it('fuses by reciprocal rank when asked, and ranks the same best passage first', async () => {
    const hits = await (await retriever({ fusion: 'rrf' })).search('quy chế làm việc Ban Tổ chức Huyện ủy', 4);
    expect(hits[0]?.chunk.id).toBe('f.txt#3');
    expect(hits[0]?.score).toBe(1);
  });

  it('applies a passage filter on both sides', async () => {
    const hits = await (await retriever()).search('đảng viên', 4, (chunk) => chunk.id !== 'f.txt#1');
    const ids = hits.map((hit) => hit.chunk.id);
    expect(ids).toContain('f.txt#2');
    expect(ids).not.toContain('f.txt#1');
  });

  it('serves LangChain callers as a retriever', async () => {
    const documents = await (await retriever()).invoke('khai trừ đảng viên');
    expect(documents).toHaveLength(2);
    expect(documents[0]?.pageContent).toContain('khai trừ');
    expect(documents[0]?.metadata.score).toBe(1);
  });

  it('refuses a lexical weight outside [0, 1]', async () => {
    await expect(retriever({ lexicalWeight: 1.5 })).rejects.toThrow(/lexicalWeight must be between 0 and 1/);
  });
});
