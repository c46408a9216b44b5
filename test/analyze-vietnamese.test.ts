import { describe, expect, it } from 'vitest';
import { createAnalyzer, findLocalAbbreviations } from '../knowledge/analyze-vietnamese.js';

const analyzer = createAnalyzer();

describe('documentTerms', () => {
  it('makes accented and folded syllables and bigrams, not across punctuation', () => {
    const terms = analyzer.documentTerms('Đảng đoàn họp, định kỳ');
    expect(terms).toEqual(expect.arrayContaining(['đảng', '~dang', 'đảng đoàn', '~dang doan', 'định kỳ', '~dinh ky']));
    expect(terms).not.toContain('họp định');
  });

  it('expands abbreviations, preferring the reading the document defines', () => {
    const shared = analyzer.documentTerms('TCCSĐ');
    expect(shared).toEqual(expect.arrayContaining(['tccsđ', 'tổ chức', 'cơ sở', 'sở đảng']));
    const ambiguous = analyzer.documentTerms('CB');
    expect(ambiguous).toEqual(expect.arrayContaining(['chi bộ', 'cán bộ']));
    const local = analyzer.documentTerms('CB', { cb: ['chi bộ'] });
    expect(local).toContain('chi bộ');
    expect(local).not.toContain('cán bộ');
  });

  it('expands document-type abbreviations inside a document number only', () => {
    expect(analyzer.documentTerms('Quy định 294-QĐ/TW')).toEqual(expect.arrayContaining(['quyết định', 'trung ương']));
    expect(analyzer.documentTerms('ct kl hd')).not.toContain('chỉ thị');
  });
});

describe('queryTerms', () => {
  it('drops question words', () => {
    const terms = analyzer.queryTerms('Chức năng của cấp ủy cơ sở là gì?');
    expect(terms.has('gì')).toBe(false);
    expect(terms.has('là gì')).toBe(false);
    expect(terms.has('chức năng')).toBe(true);
  });

  it('drops a closing yes/no "không" but keeps a meaningful one', () => {
    expect(analyzer.queryTerms('Có nên tổ chức chi bộ không?').has('không')).toBe(false);
    expect(analyzer.queryTerms('không tổ chức chi bộ cơ quan xã').has('không')).toBe(true);
  });

  it('drops the plural word before what a question asks about, and keeps it elsewhere', () => {
    const terms = analyzer.queryTerms('Đảng viên có những quyền gì?');
    expect(terms.has('những')).toBe(false);
    expect(terms.has('có quyền')).toBe(true);
    expect(analyzer.queryTerms('dang vien co nhung quyen gi').has('~co quyen')).toBe(true);
    expect(analyzer.queryTerms('Những đảng viên vi phạm bị xử lý ra sao?').has('những')).toBe(true);
  });

  it('matches a question typed without diacritics on folded terms only', () => {
    const terms = analyzer.queryTerms('dang doan hop dot xuat khi nao');
    const own = [...terms.keys()].filter((term) => !terms.optional.has(term));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((term) => term.startsWith('~'))).toBe(true);
    expect(terms.get('~dang doan')).toBe(1);
    expect(terms.has('~khi nao')).toBe(false);
    expect(terms.has('dang')).toBe(false);
  });

  it('expands abbreviations in questions, with or without diacritics', () => {
    expect(analyzer.queryTerms('ĐV phải làm gì').has('đảng viên')).toBe(true);
    expect(analyzer.queryTerms('dv phai lam gi').has('đảng viên')).toBe(true);
  });

  it('treats uỷ and ủy, decomposed and composed input alike', () => {
    const a = analyzer.queryTerms('Đảng uỷ cơ sở');
    const b = analyzer.queryTerms('Đảng ủy cơ sở'.normalize('NFD'));
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
  });
});

describe('findLocalAbbreviations', () => {
  it('reads definitions whose initials spell the abbreviation', () => {
    expect(findLocalAbbreviations('đã thành lập được 288 chi bộ (CB), với tổng số 32.015 đảng viên (ĐV).')).toEqual({
      cb: ['chi bộ'],
      đv: ['đảng viên'],
    });
    expect(findLocalAbbreviations('theo quy định (QĐ) mới')).toEqual({ qđ: ['quy định'] });
    expect(findLocalAbbreviations('một câu (ABC) khác')).toEqual({});
  });
});

describe('question intents', () => {
  it("adds the documents' wording for what is asked, as optional terms", () => {
    const terms = analyzer.queryTerms('Đảng đoàn họp bao lâu một lần?');
    expect(terms.has('định kỳ')).toBe(true);
    expect(terms.optional.has('định kỳ')).toBe(true);
    expect(terms.optional.has('đảng đoàn')).toBe(false);
    expect(analyzer.queryTerms('dang doan hop bao lau mot lan').has('định kỳ')).toBe(true);
    expect(analyzer.queryTerms('Đảng đoàn họp ở đâu?').has('định kỳ')).toBe(false);
  });

  it('marks abbreviation readings optional too', () => {
    const terms = analyzer.queryTerms('CB họp khi nào');
    expect(terms.optional.has('chi bộ')).toBe(true);
    expect(terms.optional.has('cb')).toBe(false);
  });
});
