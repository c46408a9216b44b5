import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS, prepareQuestion } from '../knowledge/prepare-question.js';

describe('prepareQuestion', () => {
  it('removes HTML and Markdown but keeps the words', () => {
    expect(prepareQuestion('<b>Chi bộ</b> **họp** [mấy lần](http://x.y) &nbsp;?').text).toBe('Chi bộ họp mấy lần ?');
  });

  it('names empty and wordless questions', () => {
    expect(prepareQuestion('   ').problem).toBe('empty');
    expect(prepareQuestion('🙂🙂 ?!').problem).toBe('no-words');
    expect(prepareQuestion('Chi bộ họp khi nào?').problem).toBeUndefined();
  });

  it('bounds a very long question on a word boundary', () => {
    const { text } = prepareQuestion('chi bộ '.repeat(2000));
    expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(text.endsWith('chi') || text.endsWith('bộ')).toBe(true);
  });
});
