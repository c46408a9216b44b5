import { describe, expect, it } from 'vitest';
import { createAnalyzer, type Chunk, type DocumentMeta } from '../knowledge/index.js';
import { answerExtractively, type AnswerContext } from '../knowledge/extractive-answerer.js';
import { createPassageAnalyzer } from '../knowledge/passage-analysis.js';
import { outlinePassage } from '../knowledge/passage-outline.js';
import { placeOf } from '../knowledge/quote-place.js';
import { trimLongSentence } from '../knowledge/trim-quote.js';

describe('placeOf', () => {
  const article = outlinePassage(
    ['Điều 35.', '1. Tổ chức đảng vi phạm kỷ luật phải xử lý.', '2. Hình thức kỷ luật :', '- Đối với tổ chức đảng : khiển trách, cảnh cáo, giải tán;'].join(
      '\n',
    ),
  );

  it('names the article, the clause and the point of a quoted line', () => {
    expect(placeOf(article, 1, ['Chương VIII KHEN THƯỞNG VÀ KỶ LUẬT', 'Điều 35.'])).toBe('Điều 35, khoản 1');
    expect(placeOf(article, 3, [])).toBe('Điều 35, khoản 2');
    const points = outlinePassage(['1. Người vào Đảng phải :', 'a) Thừa nhận Điều lệ Đảng;', 'b) Có lý lịch rõ ràng.'].join('\n'));
    expect(placeOf(points, 2, ['Điều 4.'])).toBe('Điều 4, khoản 1, điểm b');
  });

  it('names the numbered section in documents numbered "3.5.1.", and nothing where the line shows its own number', () => {
    const numbered = outlinePassage(['Không xem xét, kết nạp lại những người trước đây ra khỏi Đảng.', 'a) Chi bộ báo cáo cấp ủy cơ sở.'].join('\n'));
    expect(placeOf(numbered, 0, ['3. Điều 4: Thủ tục kết nạp', '3.5.2. Đối tượng không xem xét kết nạp lại.'])).toBe('mục 3.5.2');
    expect(placeOf(numbered, 1, ['7.2. Trách nhiệm của chi bộ'])).toBe('mục 7.2, điểm a');
    expect(placeOf(outlinePassage('3.5.3. Chỉ kết nạp lại một lần.'), 0, ['3.5. Kết nạp lại'])).toBeUndefined();
    expect(placeOf(outlinePassage('Đảng viên phải gương mẫu.'), 0, ['Bài viết'])).toBeUndefined();
  });
});

describe('trimLongSentence', () => {
  const long = [
    'Tuy nhiên, qua kiểm tra tình hình xây dựng quy chế làm việc của cấp ủy cơ sở trong nhiệm kỳ vừa qua, bên cạnh những kết quả đạt được còn bộc lộ hạn chế, thiếu sót là một số cấp ủy chưa quan tâm đến việc sửa đổi, bổ sung quy chế làm việc;',
    'nhiều cơ sở đảng ban hành quy chế không đúng thể thức văn bản;...Nguyên nhân dẫn đến hạn chế là do trách nhiệm của người đứng đầu cấp ủy;',
    'còn sao chép với quy chế làm việc mẫu;',
    'cán bộ phụ trách công tác đảng thường xuyên thay đổi vị trí.',
  ].join(' ');
  const relevance = (clause: string) => (clause.includes('Nguyên nhân') ? 1 : 0);

  it('quotes an over-long sentence from the clause that answers, on to its end within the budget', () => {
    expect(trimLongSentence(long, relevance, 120)).toBe(
      '… Nguyên nhân dẫn đến hạn chế là do trách nhiệm của người đứng đầu cấp ủy; còn sao chép với quy chế làm việc mẫu; cán bộ phụ trách công tác đảng thường xuyên thay đổi vị trí.',
    );
    expect(trimLongSentence(long, relevance, 25)).toBe(
      '… Nguyên nhân dẫn đến hạn chế là do trách nhiệm của người đứng đầu cấp ủy; còn sao chép với quy chế làm việc mẫu; …',
    );
  });

  it('leaves a sentence of ordinary length whole', () => {
    expect(trimLongSentence('Chi bộ họp mỗi tháng một lần; họp bất thường khi cần.', relevance, 120)).toBe(
      'Chi bộ họp mỗi tháng một lần; họp bất thường khi cần.',
    );
  });
});

describe('answers with their place', () => {
  const meta: DocumentMeta = { file: 'dl.txt', title: 'Điều lệ Đảng', kind: 'regulation', date: '2011-01-19', status: { state: 'in-force' } };
  const chunks: Chunk[] = [
    {
      id: 'dl.txt#0',
      docId: 'dl.txt',
      ordinal: 0,
      headingPath: ['Chương VIII KỶ LUẬT', 'Điều 35.'],
      text: [
        'Điều 35.',
        '1. Tổ chức đảng và đảng viên vi phạm kỷ luật phải xử lý công minh.',
        '2. Hình thức kỷ luật :',
        '- Đối với tổ chức đảng : khiển trách, cảnh cáo, giải tán;',
        '- Đối với đảng viên dự bị : khiển trách, cảnh cáo.',
      ].join('\n'),
    },
    {
      id: 'dl.txt#1',
      docId: 'dl.txt',
      ordinal: 1,
      headingPath: ['Chương VIII KỶ LUẬT', 'Điều 36.'],
      text: ['Điều 36.', '1. Ban thường vụ cấp uỷ quyết định các hình thức kỷ luật đảng viên, khiển trách cấp uỷ viên.'].join('\n'),
    },
  ];
  const analyzer = createAnalyzer();
  // Words of the passages are common (IDF 1); any other word is one no passage holds (the highest IDF).
  const known = new Set(chunks.flatMap((chunk) => analyzer.documentTerms(`${chunk.headingPath.join('\n')}\n${chunk.text}`)));
  const context: AnswerContext = {
    analyzer,
    analyzePassage: createPassageAnalyzer(analyzer),
    idf: (term) => (known.has(term) ? 1 : 5),
    documents: new Map([['dl.txt', meta]]),
    chunksById: new Map(chunks.map((chunk) => [chunk.id, chunk])),
  };

  it('answers a list question with the list whose lead names what is asked, placed in its article', () => {
    const hits = chunks.map((chunk) => ({ chunk, score: 1, lexical: 1, vector: 0 }));
    const answer = answerExtractively('Tổ chức đảng vi phạm thì bị kỷ luật bằng những hình thức nào?', hits, context);
    expect(answer.grounded).toBe(true);
    expect(answer.answer.split('\n').slice(0, 3)).toEqual([
      'Theo "Điều lệ Đảng" (19/01/2011):',
      'Điều 35, khoản 2: Hình thức kỷ luật :',
      '- Đối với tổ chức đảng : khiển trách, cảnh cáo, giải tán;',
    ]);
  });

  it('reads a sentence on into the next passage where the chunker cut it between clauses', () => {
    const cut: Chunk[] = [
      {
        id: 'qc.txt#0',
        docId: 'qc.txt',
        ordinal: 0,
        headingPath: ['Quy chế làm việc'],
        text: 'Quy chế còn hạn chế. Nguyên nhân dẫn đến hạn chế là do người đứng đầu cấp ủy chưa quan tâm;',
      },
      { id: 'qc.txt#1', docId: 'qc.txt', ordinal: 1, headingPath: ['Quy chế làm việc'], text: 'còn sao chép với quy chế làm việc mẫu.\nĐoạn khác.' },
    ];
    const words = new Set(cut.flatMap((chunk) => analyzer.documentTerms(`${chunk.headingPath.join('\n')}\n${chunk.text}`)));
    const own = {
      ...context,
      idf: (term: string) => (words.has(term) ? 1 : 5),
      chunksById: new Map(cut.map((chunk) => [chunk.id, chunk])),
      documents: new Map(),
    };
    const answer = answerExtractively('Nguyên nhân quy chế còn hạn chế là gì?', [{ chunk: cut[0]!, score: 1, lexical: 1, vector: 0 }], own);
    expect(answer.answer).toContain('Nguyên nhân dẫn đến hạn chế là do người đứng đầu cấp ủy chưa quan tâm; còn sao chép với quy chế làm việc mẫu.');
    expect(answer.answer).not.toContain('Đoạn khác');
  });
});
