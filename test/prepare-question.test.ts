import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS, prepareQuestion } from '../knowledge/prepare-question.js';
import { safeFileName } from '../knowledge/index.js';

describe('prepareQuestion', () => {
  it('removes HTML and Markdown but keeps the words', () => {
    expect(prepareQuestion('<b>Chi bộ</b> **họp** [mấy lần](http://x.y) &nbsp;?').text).toBe('Chi bộ họp mấy lần ?');
  });

  it('names empty and wordless questions', () => {
    expect(prepareQuestion('   ').problem).toBe('empty');
    expect(prepareQuestion('🙂🙂 ?!').problem).toBe('no-words');
    expect(prepareQuestion('Chi bộ họp khi nào?').problem).toBeUndefined();
  });

  it('removes the greetings and politeness around a question, keeping its question mark', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['Chào trợ lý, cho tôi hỏi chi bộ họp mấy lần một tháng với ạ?', 'chi bộ họp mấy lần một tháng?'],
      ['Trợ lý ơi, cho em hỏi chút: đảng phí đóng thế nào ạ', 'đảng phí đóng thế nào'],
      ['Dạ cho em hỏi Chào cờ trong lễ kết nạp thế nào ạ? Cảm ơn trợ lý nhiều!', 'Chào cờ trong lễ kết nạp thế nào?'],
      ['Xin chào. Tôi muốn hỏi là đảng viên dự bị có được biểu quyết không nhé 🙏', 'đảng viên dự bị có được biểu quyết không'],
      ['chao tro ly, cho toi hoi dang phi dong the nao voi a', 'dang phi dong the nao'],
      ['Hi, chi bộ họp khi nào giúp em với', 'chi bộ họp khi nào'],
    ];
    for (const [typed, question] of cases) expect(prepareQuestion(typed).text, typed).toBe(question);
  });

  it('keeps words that only look like courtesy, and courtesy with nothing else', () => {
    for (const question of [
      'Chào cờ trong lễ kết nạp thế nào?',
      'hi sinh khi làm nhiệm vụ thì sao',
      'dieu 3 khoan 1 diem a',
      'vang hop chi bo thi sao',
      'Kỷ luật nào là nhẹ nhất',
      'Xin chào',
      'Cảm ơn nhé',
    ]) {
      expect(prepareQuestion(question).text, question).toBe(question);
    }
  });

  it('bounds a very long question on a word boundary', () => {
    const { text } = prepareQuestion('chi bộ '.repeat(2000));
    expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(text.endsWith('chi') || text.endsWith('bộ')).toBe(true);
  });

  it('reads a huge message in time linear in its length (cut before any pattern runs)', () => {
    const started = performance.now();
    const { text } = prepareQuestion('['.repeat(100_000) + ' chi bộ họp mấy lần');
    // Quadratic before the fix: over ten seconds on this machine; a bound far above the linear time.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
  });
});

describe('safeFileName', () => {
  it('keeps an uploaded name within 255 bytes, cut on whole characters', () => {
    // Three bytes a letter: 120 of them would be 360 bytes.
    const vietnamese = safeFileName(`${'ệ'.repeat(200)}.pdf`);
    expect(Buffer.byteLength(vietnamese)).toBeLessThanOrEqual(255);
    expect(vietnamese.endsWith('.pdf')).toBe(true);
    // Letters outside the BMP are two UTF-16 units: none is cut in half.
    const astral = safeFileName(`a${'𝔸'.repeat(100)}.docx`);
    expect(Buffer.byteLength(astral)).toBeLessThanOrEqual(255);
    expect(astral).toMatch(/^a(?:𝔸)+\.docx$/u);
    expect(safeFileName('README.md')).toBe('tai-lieu-README.md');
  });
});
