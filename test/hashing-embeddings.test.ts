import { describe, expect, it } from 'vitest';
import { HashingEmbeddings } from '../knowledge/hashing-embeddings.js';

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

function norm(vector: ArrayLike<number>): number {
  return Math.sqrt(cosine(vector, vector));
}

const PASSAGE = 'Đảng đoàn họp thường kỳ mỗi quý một lần, họp bất thường khi cần.';
const UNRELATED = 'Giá lúa gạo xuất khẩu tăng mạnh trong tháng này.';

describe('HashingEmbeddings', () => {
  const embeddings = new HashingEmbeddings();

  it('describes itself for the index', () => {
    expect(embeddings.provider).toBe('hashing');
    expect(embeddings.dimensions).toBe(768);
    expect(embeddings.model).toContain('grams=3-5');
    expect(new HashingEmbeddings({ ngramWeight: 0.5 }).model).not.toBe(embeddings.model);
  });

  it('returns vectors of the configured length with unit norm', async () => {
    const small = new HashingEmbeddings({ dimensions: 256 });
    const [first, second] = await small.embedDocuments([PASSAGE, UNRELATED]);
    expect(first).toHaveLength(256);
    expect(second).toHaveLength(256);
    expect(norm(first ?? [])).toBeCloseTo(1, 5);
    expect(norm(await small.embedQuery('chi bộ'))).toBeCloseTo(1, 5);
    expect(Array.isArray(first)).toBe(true);
  });

  it('is deterministic across calls and instances', async () => {
    const again = new HashingEmbeddings();
    expect(await embeddings.embedQuery(PASSAGE)).toEqual(await again.embedQuery(PASSAGE));
    const [viaDocuments] = await embeddings.embedDocuments([PASSAGE]);
    expect(viaDocuments).toEqual(await embeddings.embedQuery(PASSAGE));
  });

  it('gives accented and unaccented spellings the same vector', () => {
    expect(cosine(embeddings.embed('Đảng đoàn họp'), embeddings.embed('dang doan hop'))).toBeCloseTo(1, 5);
    expect(cosine(embeddings.embed('Ủy ban kiểm tra'), embeddings.embed('UỶ BAN KIỂM TRA'))).toBeCloseTo(1, 5);
  });

  it('keeps folded and misspelt text closer than unrelated text', () => {
    const reference = embeddings.embed(PASSAGE);
    const folded = cosine(reference, embeddings.embed('dang doan hop thuong ky moi quy mot lan'));
    const typo = cosine(reference, embeddings.embed('dang doam hop thuong ki moi quy mot lna'));
    const related = cosine(reference, embeddings.embed('Chi bộ sinh hoạt thường kỳ mỗi tháng một lần.'));
    const unrelated = cosine(reference, embeddings.embed(UNRELATED));
    expect(typo).toBeGreaterThan(0.3);
    expect(folded).toBeGreaterThan(typo);
    expect(typo).toBeGreaterThan(related);
    expect(related).toBeGreaterThan(unrelated);
    expect(unrelated).toBeLessThan(0.1);
  });

  it('matches a misspelt word through its character n-grams', () => {
    const misspelt = cosine(embeddings.embed('kiem tra'), embeddings.embed('kiểm trra'));
    const other = cosine(embeddings.embed('kiem tra'), embeddings.embed('bầu cử'));
    expect(misspelt).toBeGreaterThan(0.25);
    expect(other).toBeLessThan(0.1);
  });

  it('gives the zero vector to text without letters or digits', () => {
    expect(norm(embeddings.embed(' ... ! '))).toBe(0);
    expect(embeddings.embed('')).toHaveLength(768);
  });

  it('does not join syllables across punctuation', () => {
    const joined = embeddings.embed('chi bộ');
    const split = embeddings.embed('chi. bộ');
    expect(cosine(joined, split)).toBeLessThan(0.99);
    expect(cosine(joined, embeddings.embed('chi   bộ'))).toBeCloseTo(1, 5);
  });

  it('rejects options out of range with a specific message', () => {
    expect(() => new HashingEmbeddings({ dimensions: 0 })).toThrow(/dimensions must be an integer from 16 to 16384, got 0/);
    expect(() => new HashingEmbeddings({ dimensions: 512.5 })).toThrow(/dimensions/);
    expect(() => new HashingEmbeddings({ minGram: 4, maxGram: 3 })).toThrow(/maxGram must be an integer from 4 to 8, got 3/);
    expect(() => new HashingEmbeddings({ ngramWeight: -1 })).toThrow(/ngramWeight must be a finite number >= 0, got -1/);
    expect(() => new HashingEmbeddings({ bigramWeight: Number.NaN })).toThrow(RangeError);
  });

  it('embeds many passages in order', async () => {
    const texts = Array.from({ length: 600 }, (_, i) => `Điều ${i}. Chi bộ ${i % 7} họp ngày ${i % 28}.`);
    const vectors = await embeddings.embedDocuments(texts);
    expect(vectors).toHaveLength(600);
    expect(vectors[599]).toEqual(Array.from(embeddings.embed(texts[599] ?? '')));
  });
});
