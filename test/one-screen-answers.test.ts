/**
 * Answers fit one phone screen as a member reads them, sources included: documents are named by
 * kind and number above their quotes (the full title is in the sources, each document once), a
 * long list keeps its lead and the items that fit and says there is more, and a cut never ends on
 * a line that only announces what was cut.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer, formatAnswerText, SOURCES_HINT, type Chunk, type DocumentMeta, type RetrievalHit } from '../knowledge/index.js';
import { answerExtractively, type AnswerContext } from '../knowledge/extractive-answerer.js';
import { fitText } from '../knowledge/fit-answer.js';
import { createPassageAnalyzer } from '../knowledge/passage-analysis.js';

const SCREEN = 700;
const analyzer = createAnalyzer();

/** An answer context over the given documents and passages; every word of them is common. */
function contextOf(documents: Array<[DocumentMeta, Chunk[]]>): AnswerContext {
  const chunks = documents.flatMap(([, list]) => list);
  const known = new Set(chunks.flatMap((chunk) => analyzer.documentTerms(`${chunk.headingPath.join('\n')}\n${chunk.text}`)));
  return {
    analyzer,
    analyzePassage: createPassageAnalyzer(analyzer),
    idf: (term) => (known.has(term) ? 1 : 5),
    documents: new Map(documents.map(([meta, list]) => [list[0]!.docId, meta])),
    chunksById: new Map(chunks.map((chunk) => [chunk.id, chunk])),
  };
}

const passage = (docId: string, heading: string, lines: string[]): Chunk => ({
  id: `${docId}#0`,
  docId,
  ordinal: 0,
  headingPath: [heading],
  text: lines.join('\n'),
});
const hitOf = (chunk: Chunk, score = 1): RetrievalHit => ({ chunk, score, lexical: score, vector: 0.4 });
/** What a member reads: the answer, its sources, and the line on /nguon (an answer cut says so itself). */
const read = (answer: ReturnType<typeof answerExtractively>) =>
  answer.fullAnswer === undefined ? `${formatAnswerText(answer)}\n\n${SOURCES_HINT}` : formatAnswerText(answer);

describe('answers on one screen', () => {
  it('names a numbered document by its kind and number above its quotes and in full once in the sources', () => {
    const title = 'Quy định 99-QĐ/TW về chức năng, nhiệm vụ, mối quan hệ công tác của chi bộ trong các loại hình cơ sở đảng';
    const meta: DocumentMeta = { file: 'q.txt', title, kind: 'regulation', date: '2025-05-26', status: { state: 'in-force' } };
    const first = passage('q.txt', 'Điều 3. Sinh hoạt chi bộ', ['1. Chi bộ họp thường lệ mỗi tháng một lần vào đầu tháng.']);
    const second: Chunk = { ...passage('q.txt', 'Điều 4. Sinh hoạt chuyên đề', ['Chi bộ họp chuyên đề mỗi quý ít nhất một lần.']), id: 'q.txt#1', ordinal: 1 };
    const context = contextOf([[meta, [first, second]]]);
    const answer = answerExtractively('Chi bộ họp mỗi tháng mấy lần?', [hitOf(first), hitOf(second, 0.9)], context);
    expect(answer.grounded).toBe(true);
    expect(answer.answer).toMatch(/^Theo Quy định 99-QĐ\/TW \(26\/05\/2025\):\n/u);
    const text = read(answer);
    expect(text.split(title)).toHaveLength(2);
    expect(text).toContain(`[1] ${title} (26/05/2025)`);
    expect(text).not.toContain('[2]');
  });

  it('quotes the lead of a long list and the items that fit, says there are more, and keeps the whole list for /nguon', () => {
    const title = 'Hướng dẫn 12-HD/BTCTW về nâng cao chất lượng sinh hoạt chi bộ trong các loại hình chi bộ ở cơ sở';
    const meta: DocumentMeta = { file: 'h.txt', title, kind: 'guidance', date: '2024-03-01', status: { state: 'in-force' } };
    const items = Array.from(
      { length: 12 },
      (_, i) => `- Nhiệm vụ thứ ${i + 1}: chi ủy lãnh đạo, kiểm tra, giám sát việc thực hiện nghị quyết của chi bộ về công tác số ${i + 1} ở cơ sở.`,
    );
    const chunk = passage('h.txt', '3. Nhiệm vụ của chi ủy', ['Chi ủy có các nhiệm vụ sau:', ...items]);
    const answer = answerExtractively('Chi ủy có những nhiệm vụ gì?', [hitOf(chunk)], contextOf([[meta, [chunk]]]));
    expect(answer.grounded).toBe(true);
    expect(read(answer).length).toBeLessThanOrEqual(SCREEN);
    expect(answer.answer).toContain('Chi ủy có các nhiệm vụ sau:');
    expect(answer.answer).toContain('- Nhiệm vụ thứ 1:');
    expect(answer.answer.split('\n').at(-1)).toBe('…');
    expect(answer.fullAnswer).toContain('- Nhiệm vụ thứ 5:');
    expect(answer.answer).not.toContain('- Nhiệm vụ thứ 5:');
  });
});

describe('quotes from one place', () => {
  it('name the place once', () => {
    const meta: DocumentMeta = { file: 'b.txt', title: 'Bài 8: Công tác của cấp ủy', kind: 'lesson', status: { state: 'in-force' } };
    const chunk = passage('b.txt', '2. Chức năng của cấp ủy cơ sở', [
      'Cấp ủy cơ sở là hạt nhân chính trị, lãnh đạo thực hiện đường lối của Đảng ở cơ sở.',
      'Cấp ủy cơ sở lãnh đạo công tác kiểm tra, giám sát tổ chức đảng trực thuộc và đảng viên.',
    ]);
    const answer = answerExtractively('Chức năng của cấp ủy cơ sở là gì?', [hitOf(chunk)], contextOf([[meta, [chunk]]]));
    expect(answer.answer.split('\n').slice(1)).toEqual([
      'Mục 2: Cấp ủy cơ sở là hạt nhân chính trị, lãnh đạo thực hiện đường lối của Đảng ở cơ sở.',
      'Cấp ủy cơ sở lãnh đạo công tác kiểm tra, giám sát tổ chức đảng trực thuộc và đảng viên.',
    ]);
  });
});

describe('fitText', () => {
  it('never ends a cut on a line that only announces what was cut', () => {
    const text = [
      'Chi bộ họp thường lệ mỗi tháng một lần.',
      '',
      'Theo Quy định 99-QĐ/TW (26/05/2025):',
      'Chi bộ họp chuyên đề mỗi quý ít nhất một lần để bàn sâu một việc.',
    ].join('\n');
    const { text: kept, full } = fitText(text, 80);
    expect(kept).toBe('Chi bộ họp thường lệ mỗi tháng một lần. …');
    expect(full).toBe(text);
  });
});
