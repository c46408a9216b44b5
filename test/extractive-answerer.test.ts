import { describe, expect, it } from 'vitest';
import { silentLogger } from '../common/index.js';
import { createAnalyzer, createKnowledgeBase, HashingEmbeddings, type Chunk, type DocumentMeta, type RetrievalHit } from '../knowledge/index.js';
import { answerExtractively, type AnswerContext } from '../knowledge/extractive-answerer.js';
import { NOT_FOUND_ANSWER } from '../knowledge/answer-texts.js';
import { createPassageAnalyzer } from '../knowledge/passage-analysis.js';
import { countWords } from '../knowledge/split-sentences.js';
import { regulation } from './fakes/test-helpers.js';

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
  text: ['Theo Quy định 24-QĐ/TW, đảng đoàn có các nhiệm vụ sau:', '- Đảng đoàn họp định kỳ mỗi tháng một lần.', '- Đảng đoàn báo cáo cấp ủy hằng năm.'].join(
    '\n',
  ),
};
const analyzer = createAnalyzer();
/** Words of the passage are common (IDF 1); any other word is one no passage holds (the highest IDF). */
const known = new Set(analyzer.documentTerms(`${chunk.headingPath.join('\n')}\n${chunk.text}`));
const context: AnswerContext = {
  analyzer,
  analyzePassage: createPassageAnalyzer(analyzer),
  idf: (term) => (known.has(term) ? 1 : 5),
  documents: new Map([['a.txt', meta]]),
  chunksById: new Map([[chunk.id, chunk]]),
};
const hit = (lexical: number, vector: number): RetrievalHit => ({ chunk, score: 1, lexical, vector });

describe('answerExtractively', () => {
  it('answers when a sentence holds what the question names, and refuses below the threshold', () => {
    const question = 'Đảng đoàn họp mấy lần?';
    const high = answerExtractively(question, [hit(0.9, 0.4)], context);
    expect(high.grounded).toBe(true);
    expect(high.confidence).toBeGreaterThan(0.4);
    expect(answerExtractively(question, [hit(0.9, 0.4)], context, { threshold: 0.99 })).toMatchObject({
      grounded: false,
      answer: NOT_FOUND_ANSWER,
      citations: [],
    });
    const unrelated = answerExtractively('Ai quyết định khai trừ đảng viên?', [hit(0.9, 0.4)], context);
    expect(unrelated.grounded).toBe(false);
  });

  it('refuses a question whose asked fact the passage does not state, though the words match', () => {
    // The passage says how often, not on which day.
    expect(answerExtractively('Đảng đoàn họp vào ngày mấy hằng tháng?', [hit(0.9, 0.4)], context).grounded).toBe(false);
    expect(answerExtractively('dang doan hop vao ngay nao trong thang', [hit(0.9, 0.4)], context).grounded).toBe(false);
    // A count must count what was asked, and not only repeat the question's own number.
    expect(answerExtractively('Đảng đoàn có bao nhiêu ủy viên nữ?', [hit(0.9, 0.4)], context).grounded).toBe(false);
  });

  it('does not answer a question about the chi bộ with a rule for the đảng đoàn', () => {
    expect(answerExtractively('Chi bộ họp định kỳ mấy lần một tháng?', [hit(0.9, 0.4)], context).grounded).toBe(false);
    expect(answerExtractively('Đảng đoàn họp định kỳ mấy lần một tháng?', [hit(0.9, 0.4)], context).grounded).toBe(true);
  });

  it('refuses a question about something no document mentions', () => {
    expect(answerExtractively('Đảng đoàn họp trên Zoom hay Teams?', [hit(0.9, 0.4)], context).grounded).toBe(false);
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
    // Its place in the document ("Mục 2") comes first, so the document is named.
    expect(answer.answer.split('\n').slice(0, 2)).toEqual(['Theo "Bài A" (26/08/2013):', 'Mục 2: Theo Quy định 24-QĐ/TW, đảng đoàn có các nhiệm vụ sau:']);
    expect(answer.answer).toContain('- Đảng đoàn báo cáo cấp ủy hằng năm.');
  });
});

describe('an answer that ends on a colon', () => {
  /** A long item: its first sentence, then `count` more about `subject`. */
  const item = (first: string, subject: string, count: number) =>
    [first, ...Array.from({ length: count }, (_, n) => `Ý thứ ${n + 1} về ${subject} nêu rõ trách nhiệm của tổ đảng trong giáo dục, quản lý đảng viên.`)].join(
      ' ',
    );
  const rules = regulation('quy-dinh-to-dang.txt', 'Quy định về tổ đảng', [
    'Điều 7. Nhiệm vụ và quyền hạn của tổ đảng',
    'Nhiệm vụ và quyền hạn của tổ đảng được quy định tại Mục 31 Quy định 24-QĐ/TW năm 2021 như sau:',
    `a) ${item('Tổ đảng lãnh đạo đảng viên thực hiện nghị quyết của chi bộ.', 'lãnh đạo', 6)}`,
    `b) ${item('Tổ đảng giúp chi bộ theo dõi, giáo dục quần chúng ưu tú.', 'quần chúng', 6)}`,
    `c) ${item('Tổ đảng phân công đảng viên làm nhiệm vụ ở khu dân cư.', 'phân công', 6)}`,
    'Điều 9. Sinh hoạt tổ đảng',
    'Tổ đảng sinh hoạt định kỳ mỗi tháng một lần theo trình tự như sau:',
    'Tổ trưởng báo cáo tình hình tư tưởng của đảng viên trong tổ.',
    'Tổ thảo luận, phân công đảng viên thực hiện nghị quyết của chi bộ.',
    'Điều 10. Khen thưởng',
    'Tổ đảng làm tốt nhiệm vụ được chi bộ biểu dương.',
  ]);
  const open = () => createKnowledgeBase([rules], { embeddings: new HashingEmbeddings(), logger: silentLogger() });

  it('quotes the start of the items a lead line announces when they are too long to quote whole', async () => {
    const knowledge = await open();
    for (const question of ['Tổ đảng có nhiệm vụ gì?', 'Nhiệm vụ và quyền hạn của tổ đảng thế nào?']) {
      const { answer, grounded } = await knowledge.ask(question);
      expect(grounded, question).toBe(true);
      // Before: "… năm 2021 như sau:" and nothing after it.
      expect(answer, question).toContain('như sau:\na) Tổ đảng lãnh đạo đảng viên thực hiện nghị quyết của chi bộ.');
      expect(answer.trim(), question).not.toMatch(/:$/u);
      const after = answer.slice(answer.indexOf('như sau:') + 'như sau:'.length);
      // Within the budget of what follows a colon (80 words), marked as cut.
      expect(countWords(after), question).toBeLessThanOrEqual(80);
      expect(after.trim(), question).toMatch(/…$/u);
    }
  });

  it('quotes the plain lines that follow a sentence ending with a colon', async () => {
    const { answer } = await (await open()).ask('Tổ đảng sinh hoạt định kỳ mấy lần?');
    expect(answer).toContain(
      [
        'Tổ đảng sinh hoạt định kỳ mỗi tháng một lần theo trình tự như sau:',
        'Tổ trưởng báo cáo tình hình tư tưởng của đảng viên trong tổ.',
        'Tổ thảo luận, phân công đảng viên thực hiện nghị quyết của chi bộ.',
      ].join('\n'),
    );
    // What follows the colon stops where the article does.
    expect(answer).not.toContain('Khen thưởng');
  });
});

describe('a question on what something is or has', () => {
  const passage = (docId: string, text: string): Chunk => ({ id: `${docId}#0`, docId, ordinal: 0, headingPath: [], text });
  // The abbreviation's own passage ranks first; the article that says what it is comes after it.
  const conclusion = passage('ket-luan.txt', 'Cấp ủy chỉ đạo xây dựng TCCSĐ trong sạch, vững mạnh; củng cố TCCSĐ yếu kém; cấp tỉnh nắm đến TCCSĐ.');
  const charter = passage('dieu-le.txt', '1. Tổ chức cơ sở đảng (chi bộ cơ sở, đảng bộ cơ sở) là nền tảng của Đảng, là hạt nhân chính trị ở cơ sở.');
  const held = new Set([conclusion, charter].flatMap((chunk) => analyzer.documentTerms(chunk.text)));
  const documents = new Map<string, DocumentMeta>([
    ['ket-luan.txt', { file: 'ket-luan.txt', title: 'Kết luận', kind: 'article', status: { state: 'in-force' } }],
    ['dieu-le.txt', { file: 'dieu-le.txt', title: 'Điều lệ', kind: 'regulation', status: { state: 'in-force' } }],
  ]);
  const definitions: AnswerContext = {
    ...context,
    documents,
    chunksById: new Map([conclusion, charter].map((chunk) => [chunk.id, chunk])),
    idf: (term) => (held.has(term) ? 1 : 5),
  };
  const hits: RetrievalHit[] = [
    { chunk: conclusion, score: 1, lexical: 1, vector: 0 },
    { chunk: charter, score: 0.5, lexical: 0.5, vector: 0 },
  ];

  it('quotes first the sentence that says what the thing is, asked abbreviated or written out', () => {
    for (const question of ['TCCSĐ là gì?', 'tccsd la gi', 'Tổ chức cơ sở đảng là gì?']) {
      const { answer, citations } = answerExtractively(question, hits, definitions);
      expect(citations[0]?.source, question).toBe('dieu-le.txt');
      expect(answer, question).toContain('là nền tảng của Đảng');
    }
  });

  it('quotes first the sentence that says the subject has what is asked ("Ủy ban kiểm tra có quyền …")', () => {
    // Passages of their own ids: passage analyses are kept by id.
    const guidance = passage('quy-dinh.txt', 'Khi cần thiết, cấp ủy cấp trên có quyền điều động đảng viên từ đảng bộ khác tham gia ban kiểm tra.');
    const article = passage('dieu-le-33.txt', 'Uỷ ban kiểm tra có quyền yêu cầu tổ chức đảng cấp dưới và đảng viên báo cáo, cung cấp tài liệu.');
    const known = new Set([guidance, article].flatMap((chunk) => analyzer.documentTerms(chunk.text)));
    const powers: AnswerContext = {
      ...definitions,
      documents: new Map([
        ['quy-dinh.txt', { file: 'quy-dinh.txt', title: 'Quy định', kind: 'regulation', status: { state: 'in-force' } }],
        ['dieu-le-33.txt', { file: 'dieu-le-33.txt', title: 'Điều lệ', kind: 'regulation', status: { state: 'in-force' } }],
      ]),
      chunksById: new Map([guidance, article].map((chunk) => [chunk.id, chunk])),
      idf: (term) => (known.has(term) ? 1 : 5),
    };
    const ranked: RetrievalHit[] = [
      { chunk: guidance, score: 1, lexical: 1, vector: 0 },
      { chunk: article, score: 0.6, lexical: 0.6, vector: 0 },
    ];
    const { citations } = answerExtractively('Ủy ban kiểm tra có những quyền gì?', ranked, powers);
    expect(citations[0]?.source).toBe('dieu-le-33.txt');
  });
});
