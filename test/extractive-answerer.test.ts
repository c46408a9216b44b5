import { describe, expect, it } from 'vitest';
import { createAnalyzer, type Chunk, type DocumentMeta, type RetrievalHit } from '../knowledge/index.js';
import { answerExtractively, confidenceOf, NOT_FOUND_ANSWER, type AnswerContext } from '../knowledge/extractive-answerer.js';
import { createPassageAnalyzer } from '../knowledge/passage-analysis.js';

const meta: DocumentMeta = {
  file: 'a.txt',
  title: 'Bài A',
  kind: 'article',
  date: '2013-08-26',
  status: { state: 'in-force' },
  cites: [{ name: 'Quy định 24-QĐ/TW năm 2021', number: '24-QĐ/TW', replacedBy: 'Quy định 294-QĐ/TW (26/5/2025)' }],
};
const chunk: Chunk = {
  id: 'a.txt#0',
  docId: 'a.txt',
  ordinal: 0,
  headingPath: ['2. Nhiệm vụ của đảng đoàn'],
  text: [
    'Theo Quy định 24-QĐ/TW, đảng đoàn có các nhiệm vụ sau:',
    '- Đảng đoàn họp định kỳ mỗi tháng một lần.',
    '- Đảng đoàn báo cáo cấp ủy hằng năm.',
  ].join('\n'),
};
const analyzer = createAnalyzer();
const context: AnswerContext = {
  analyzer,
  analyzePassage: createPassageAnalyzer(analyzer),
  idf: () => 1,
  documents: new Map([['a.txt', meta]]),
  chunksById: new Map([[chunk.id, chunk]]),
};
const hit = (lexical: number, vector: number): RetrievalHit => ({ chunk, score: 1, lexical, vector });

describe('confidenceOf', () => {
  it('rises with lexical coverage and vector similarity, within [0, 1]', () => {
    expect(confidenceOf([hit(0.9, 0.5)])).toBeGreaterThan(confidenceOf([hit(0.3, 0.5)]));
    expect(confidenceOf([hit(0.5, 0.9)])).toBeGreaterThan(confidenceOf([hit(0.5, 0.1)]));
    expect(confidenceOf([hit(1, 1)])).toBeLessThanOrEqual(1);
    expect(confidenceOf([])).toBe(0);
  });
});

describe('answerExtractively', () => {
  it('refuses below the threshold, answers above it', () => {
    const question = 'Đảng đoàn họp mấy lần?';
    const low = answerExtractively(question, [hit(0.2, 0.2)], context);
    expect(low).toMatchObject({ grounded: false, answer: NOT_FOUND_ANSWER, citations: [] });
    const high = answerExtractively(question, [hit(0.9, 0.4)], context);
    expect(high.grounded).toBe(true);
    expect(answerExtractively(question, [hit(0.9, 0.4)], context, { threshold: 0.99 }).grounded).toBe(false);
  });

  it('quotes the document verbatim and names the source, its date and the replaced regulation', () => {
    const answer = answerExtractively('Đảng đoàn họp định kỳ bao lâu một lần?', [hit(0.9, 0.4)], context);
    expect(answer.answer).toContain('Đảng đoàn họp định kỳ mỗi tháng một lần.');
    expect(answer.citations[0]).toMatchObject({
      source: 'a.txt',
      title: 'Bài A',
      section: '2. Nhiệm vụ của đảng đoàn',
      date: '26/08/2013',
      cites: ['Quy định 24-QĐ/TW năm 2021 (đã được thay thế bởi Quy định 294-QĐ/TW (26/5/2025))'],
    });
  });

  it('quotes a list with its lead line when the lead matches best', () => {
    const answer = answerExtractively('Đảng đoàn có các nhiệm vụ gì?', [hit(0.9, 0.4)], context);
    expect(answer.answer.split('\n')[0]).toBe('Theo Quy định 24-QĐ/TW, đảng đoàn có các nhiệm vụ sau:');
    expect(answer.answer).toContain('- Đảng đoàn báo cáo cấp ủy hằng năm.');
  });
});
