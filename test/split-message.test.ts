import { describe, expect, it } from 'vitest';
import { splitMessage } from '../bot/index.js';

describe('splitMessage', () => {
  it('keeps a short text whole', () => {
    expect(splitMessage('  một đoạn ngắn  ', 100)).toEqual(['một đoạn ngắn']);
  });

  it('cuts at paragraph boundaries first, every part within the limit', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Đoạn ${i}: ${'chữ '.repeat(20).trim()}.`);
    const parts = splitMessage(paragraphs.join('\n\n'), 500);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(500);
      expect(part.startsWith('Đoạn ')).toBe(true);
    }
    expect(parts.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('falls back to sentences, spaces and finally a hard cut', () => {
    const sentences = splitMessage('Câu một dài dài. Câu hai dài dài. Câu ba dài dài.', 20);
    expect(sentences.every((part) => part.length <= 20)).toBe(true);
    expect(splitMessage('x'.repeat(45), 20)).toEqual(['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(5)]);
  });

  it('never cuts an emoji in two', () => {
    const parts = splitMessage('a' + '😀'.repeat(30), 10);
    expect(parts.join('')).toBe('a' + '😀'.repeat(30));
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(10);
    for (const part of parts) expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
  });
});
