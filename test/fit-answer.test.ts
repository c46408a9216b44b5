import { describe, expect, it } from 'vitest';
import { fitText } from '../knowledge/fit-answer.js';

describe('fitText', () => {
  it('keeps a text within the budget whole', () => {
    expect(fitText('Chi bộ họp mỗi tháng một lần.', 600)).toEqual({ text: 'Chi bộ họp mỗi tháng một lần.' });
  });

  it('cuts a longer text where a line ends, marks the cut and keeps the whole text', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `- Nhiệm vụ thứ ${i + 1}: chi ủy kiểm tra việc thực hiện nghị quyết.`);
    const { text, full } = fitText(lines.join('\n'), 300);
    expect(text.length).toBeLessThanOrEqual(302);
    expect(text.endsWith('nghị quyết. …')).toBe(true);
    expect(text.split('\n').at(-1)).toMatch(/^- Nhiệm vụ thứ \d+: chi ủy kiểm tra việc thực hiện nghị quyết\. …$/u);
    expect(full).toBe(lines.join('\n'));
  });

  it('cuts one long sentence between clauses, not inside a word', () => {
    const sentence = Array.from({ length: 12 }, (_, i) => `cấp ủy chỉ đạo công tác số ${i + 1}`).join('; ');
    const { text } = fitText(sentence, 200);
    expect(text).toMatch(/công tác số \d+ …$/u);
    expect(text.length).toBeLessThanOrEqual(202);
  });

  it('keeps the best quote whole when it ends past the budget', () => {
    const best = 'Cấp ủy chú ý hỗ trợ đối với đảng viên cao tuổi, đảng viên không sử dụng điện thoại thông minh.';
    const text = `${'Các tỉnh ủy cụ thể hóa hướng dẫn này. '.repeat(8)}${best}\nĐoạn sau.`;
    const fitted = fitText(text, 200, best);
    expect(fitted.text).toContain(best);
    expect(fitted.text).not.toContain('Đoạn sau');
  });
});
