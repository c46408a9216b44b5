import { describe, expect, it } from 'vitest';
import { createAnalyzer, hasDiacritics, normalizeForMatch } from '../knowledge/index.js';
import { countsNoun, factsIn, numbersIn } from '../knowledge/passage-facts.js';
import { EXCLUSIVE_SUBJECTS, paraphrasesIn } from '../knowledge/party-vocabulary.js';
import { analyzeQuestion } from '../knowledge/question-analysis.js';
import { conceptCoverage, questionConcepts, unseenPenalty } from '../knowledge/question-concepts.js';
import { inNamedSources, namedSources } from '../knowledge/named-sources.js';
import type { DocumentMeta } from '../knowledge/index.js';
import { numberSpans } from '../knowledge/vietnamese-numbers.js';

describe('numbers written in words', () => {
  it.each([
    ['mười tám tuổi', 18],
    ['ba mươi đảng viên trở lên', 30],
    ['hai mươi lăm năm', 25],
    ['hai mươi năm', 20],
    ['trong vòng một tháng', 1],
    ['một trăm hai mươi tư', 124],
    ['năm ngày', 5],
  ])('reads "%s" as %d', (text, value) => {
    expect(numberSpans(text.split(' ')).map((span) => span.value)).toEqual([value]);
  });

  it('leaves words that are not counting alone', () => {
    for (const text of ['năm 2025', 'không sinh hoạt', 'ba mặt công tác', 'chi bộ một']) expect(numberSpans(text.split(' '))).toEqual([]);
  });

  it('lets digits and words find each other', () => {
    const analyzer = createAnalyzer();
    expect(analyzer.documentTerms('Công dân Việt Nam từ mười tám tuổi trở lên')).toContain('18 tuổi');
    expect([...analyzer.queryTerms('Người bao nhiêu tuổi thì được vào Đảng, 18 tuổi được không?').keys()]).toContain('18 tuổi');
  });
});

describe('the Party vocabulary', () => {
  it('is a valid data file whose subjects pair two different names', () => {
    expect(EXCLUSIVE_SUBJECTS.length).toBeGreaterThan(0);
    for (const [first, second] of EXCLUSIVE_SUBJECTS) expect(first.some((name) => second.includes(name))).toBe(false);
  });

  it.each([
    ['Bị đuổi khỏi Đảng thì có được vào lại không?', 'khai trừ'],
    ['Người đứng đầu chi bộ là ai?', 'bí thư chi bộ'],
    ['Bố tôi qua đời thì thẻ Đảng xử lý thế nào?', 'từ trần'],
    ['chuyen dang ve noi o moi mat bao lau', 'chuyển sinh hoạt đảng'],
    ['Làm mất thẻ Đảng thì làm sao?', 'thẻ đảng viên bị mất'],
    ['Chi bộ sinh hoạt định kỳ mấy tháng một lần?', 'thường lệ'],
    ['Đảng viên dự bị phải qua thời gian thử thách bao lâu?', 'thời kỳ dự bị'],
    ['Muốn được bầu vào cấp ủy cần bao nhiêu phiếu?', 'trúng cử'],
  ])('reads "%s" with the documents’ wording "%s"', (question, wording) => {
    const found = paraphrasesIn(normalizeForMatch(question), hasDiacritics(question)).flatMap((paraphrase) => paraphrase.documents);
    expect(found).toContain(wording);
  });

  it.each([['Đảng viên dự bị có được bầu cử không?', 'trúng cử']])('does not read "%s" (to vote) as "%s" (to be elected)', (question, wording) => {
    const found = paraphrasesIn(normalizeForMatch(question), hasDiacritics(question)).flatMap((paraphrase) => paraphrase.documents);
    expect(found).not.toContain(wording);
  });
});

describe('analyzeQuestion', () => {
  it.each([
    ['TCCSĐ là gì?', { subject: 'tccsd', predicate: 'la' }],
    ['Cho hỏi đảng đoàn là gì vậy?', { subject: 'dang doan', predicate: 'la' }],
    ['to chuc co so dang la gi', { subject: 'to chuc co so dang', predicate: 'la' }],
    ['Ủy ban kiểm tra có những quyền gì?', { subject: 'uy ban kiem tra', predicate: 'co quyen' }],
    ['dang vien co nhung nhiem vu nao', { subject: 'dang vien', predicate: 'co nhiem vu' }],
    // Not shaped so: a subject too long to be a name, or more asked after "là gì".
    ['Nhiệm vụ của bí thư chi bộ cơ sở là gì?', undefined],
    ['Đảng đoàn là gì và họp mấy lần?', undefined],
    ['Đảng đoàn có họp đột xuất không?', undefined],
  ])('reads what "%s" is about and what it asks of it: %o', (question, about) => {
    expect(analyzeQuestion(question).about).toEqual(about);
  });

  it.each([
    ['Đảng đoàn họp vào ngày mấy hằng tháng?', 'day'],
    ['dang doan ban can su dang hop dinh ky may lan', 'frequency'],
    ['Người trên 60 tuổi có được kết nạp không?', 'yes-no'],
    ['Đảng viên không đồng ý với quyết định kỷ luật thì được khiếu nại trong thời hạn bao lâu?', 'duration'],
    ['TCCSĐ có từ bao nhiêu ĐV trở lên thì lập đảng bộ cơ sở?', 'count'],
    ['Đảng viên chính thức có thể bị xử lý bằng những hình thức nào?', 'list'],
    ['Ai chủ trì các cuộc họp của đảng đoàn?', 'who'],
    ['Vì sao quy chế còn hạn chế?', 'reason'],
  ])('"%s" asks a %s', (question, fact) => {
    expect(analyzeQuestion(question).asks[0]).toBe(fact);
  });

  it('reads "quyết định kỷ luật" as no frequency, and what a count counts', () => {
    expect(analyzeQuestion('Không đồng ý với quyết định kỷ luật thì khiếu nại trong bao lâu?').asks).not.toContain('frequency');
    expect(analyzeQuestion('Trong 32.015 đảng viên có bao nhiêu đảng viên nữ?')).toMatchObject({ counted: ['dang', 'vien', 'nu'] });
    expect([...analyzeQuestion('Trong 32.015 đảng viên có bao nhiêu đảng viên nữ?').numbers]).toEqual(['32.015']);
  });

  it('counts only where something is counted: a bare "là bao nhiêu" may ask a level', () => {
    expect(analyzeQuestion('trinh do hoc van toi thieu phai la bao nhieu').asks).not.toContain('count');
    expect(analyzeQuestion('Số đảng viên tối thiểu để lập chi bộ là bao nhiêu?').asks).toContain('count');
    expect(analyzeQuestion('bau cap uy can duoc bao nhieu phieu').asks).toContain('count');
  });

  it('names the subject asked about and the one it must not be taken for', () => {
    expect(analyzeQuestion('Chi bộ họp mấy lần một tháng?').subjects).toEqual([{ named: ['chi bộ', 'chi ủy'], other: ['đảng đoàn', 'ban cán sự đảng'] }]);
    expect(analyzeQuestion('Đảng viên dự bị bị kỷ luật thế nào?').subjects[0]?.named).toEqual(['đảng viên dự bị']);
  });
});

describe('facts a passage states', () => {
  it('tells a frequency from a day, and counts numbers in words', () => {
    expect(factsIn('Đảng đoàn họp định kỳ mỗi tháng một lần.')).toEqual(new Set(['frequency', 'count']));
    expect(factsIn('Bản tin phát hành trước ngày mồng 3 hằng tháng.').has('day')).toBe(true);
    expect(factsIn('trong thời hạn 60 ngày làm việc').has('duration')).toBe(true);
    expect(factsIn('Công dân từ mười tám tuổi trở lên').has('age')).toBe(true);
    expect(numbersIn('Có từ ba mươi đảng viên trở lên, tổng số 32.015 đảng viên')).toEqual(new Set(['32.015', '30']));
  });

  it.each([
    ['Chi bộ có 9 đảng viên chính thức trở lên bầu chi ủy', 'dang', true],
    ['Đại hội chỉ hợp lệ khi có ít nhất hai phần ba số đại biểu hoặc số đảng viên chính thức được triệu tập', 'dang', true],
    ['Người trúng cử phải được số phiếu bầu quá một nửa so với tổng số', 'phieu', true],
    ['Được tất cả đảng viên chính thức tán thành', 'dang', true],
    // "trang" of "trang nghiêm" is no count of pages, and the number is far from it.
    ['Lễ kết nạp phải được tổ chức trang nghiêm; tiến hành kết nạp từng người một', 'trang', false],
    ['Chi bộ họp thường kỳ mỗi tháng một lần', 'dang', false],
  ])('"%s" counts "%s": %s', (text, noun, counts) => {
    expect(countsNoun(text, noun)).toBe(counts);
  });
});

describe('question concepts', () => {
  const analyzer = createAnalyzer();
  // Rare words weigh more; an abbreviation no passage writes as such has the highest IDF.
  const idf = (term: string) => ({ đv: 5, đảng: 0.1, viên: 0.3, thẻ: 2, mất: 2 })[term] ?? 5;

  it('meets an abbreviation by its reading, weighed as the reading is', () => {
    const question = 'ĐV mất thẻ?';
    const concepts = questionConcepts(question, analyzer.queryTerms(question), idf, 5);
    const abbreviation = concepts.concepts.find((concept) => concept.alternatives.some((terms) => terms.join(' ') === 'đv'));
    expect(abbreviation?.alternatives).toContainEqual(['đảng', 'viên']);
    expect(abbreviation?.weight).toBe(0.3);
    expect(concepts.unseen).toEqual([]);
    const sentence = new Set(analyzer.documentTerms('Đảng viên làm mất thẻ phải báo cáo.'));
    expect(conceptCoverage(concepts, [{ terms: sentence, share: 1 }])).toBeCloseTo(1);
  });

  it('takes a syllable written with diacritics for an abbreviation only as written: "dự" is not "ĐU"', () => {
    const readsPartyCommittee = (question: string) =>
      questionConcepts(question, analyzer.queryTerms(question), idf, 5).concepts.some((concept) =>
        concept.alternatives.some((terms) => terms.join(' ') === 'đảng ủy' || terms.join(' ') === '~dang ~uy'),
      );
    expect(readsPartyCommittee('Đảng viên dự bị vi phạm thì bị kỷ luật thế nào?')).toBe(false);
    expect(readsPartyCommittee('ĐU họp mấy tháng một lần?')).toBe(true);
    expect(readsPartyCommittee('du hop may thang mot lan')).toBe(true);
  });

  it('lists the words no passage holds, and a foreign one lowers the confidence more than a Vietnamese one', () => {
    const question = 'so tay dang vien co cai duoc tren iphone khong';
    const concepts = questionConcepts(question, analyzer.queryTerms(question), (term) => (term === '~iphone' ? 5 : 1), 5);
    expect(concepts.unseen).toEqual(['iphone']);
    expect(unseenPenalty(concepts.unseen)).toBe(0.5);
    // Vietnamese syllables and abbreviations are not foreign words: "nguyễn", "khuyến", "UBKT", "TCCSĐ".
    for (const word of ['nguyen', 'khuyen', 'ubkt', 'tccsd']) expect(unseenPenalty([word])).toBe(0.7);
    expect(unseenPenalty(['android', 'vneid'])).toBeCloseTo(0.25);
    expect(unseenPenalty([])).toBe(1);
  });
});

describe('documents a question names', () => {
  const documents: DocumentMeta[] = [
    { file: 'dl.txt', title: 'Điều lệ Đảng Cộng sản Việt Nam', kind: 'regulation', status: { state: 'in-force' } },
    { file: '294.txt', title: 'Quy định 294-QĐ/TW thi hành Điều lệ Đảng', kind: 'regulation', number: '294-QĐ/TW', status: { state: 'in-force' } },
    { file: '06.txt', title: 'Hướng dẫn 06-HD/TW', kind: 'guidance', number: '06-HD/TW', status: { state: 'in-force' } },
    { file: 'bai.txt', title: 'Điều lệ và đời sống', kind: 'article', status: { state: 'in-force' } },
  ];
  const files = (question: string) => [...(namedSources(question, documents)?.files ?? [])];

  it.each([
    ['Theo Quy định 294 thì đảng viên được miễn sinh hoạt khi nào?', ['294.txt']],
    ['qd 294-qd/tw noi gi ve the dang vien', ['294.txt']],
    ['Hướng dẫn số 6 nói gì về kết nạp lại?', ['06.txt']],
    ['Điều lệ Đảng quy định đảng viên có nhiệm vụ gì?', ['dl.txt']],
    ['Quy định thi hành Điều lệ Đảng nói gì về thẻ?', []],
    ['Chi bộ họp mấy lần một tháng?', []],
  ])('"%s" names %j', (question, expected) => {
    expect(files(question)).toEqual(expected);
  });

  it('names an article, and keeps to the passages under it', () => {
    const named = namedSources('Điều 24 Điều lệ Đảng quy định gì?', documents)!;
    expect(named.article).toBe('Điều 24');
    const chunk = (docId: string, headingPath: string[]) => ({ id: `${docId}#0`, docId, ordinal: 0, headingPath, text: '' });
    expect(inNamedSources(chunk('dl.txt', ['Chương V', 'Điều 24.']), named)).toBe(true);
    expect(inNamedSources(chunk('dl.txt', ['Chương V', 'Điều 2.']), named)).toBe(false);
    expect(inNamedSources(chunk('294.txt', ['Điều 24.']), named)).toBe(false);
  });
});
