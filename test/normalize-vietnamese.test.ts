import { describe, expect, it } from 'vitest';
import { canonicalizeVietnamese, foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/normalize-vietnamese.js';

describe('normalizeForMatch', () => {
  it('reads decomposed Unicode (some phone keyboards) as the composed form', () => {
    const decomposed = 'Đảng ủy cơ sở'.normalize('NFD');
    expect(decomposed).not.toBe('Đảng ủy cơ sở');
    expect(normalizeForMatch(decomposed)).toBe('đảng ủy cơ sở');
  });

  it('puts tone marks in one place: uỷ/ủy, hoá/hóa, hoà/hòa, thuỷ/thủy, khoẻ/khỏe', () => {
    expect(normalizeForMatch('Đảng uỷ')).toBe(normalizeForMatch('Đảng ủy'));
    expect(normalizeForMatch('văn hoá')).toBe('văn hóa');
    expect(normalizeForMatch('hoà bình')).toBe('hòa bình');
    expect(normalizeForMatch('THUỶ')).toBe('thủy');
    expect(normalizeForMatch('khoẻ')).toBe('khỏe');
  });

  it('leaves syllables whose tone place is not in doubt alone', () => {
    expect(normalizeForMatch('quý hoàn thuyền')).toBe('quý hoàn thuyền');
    expect(normalizeForMatch('quỹ')).toBe('quỹ');
  });

  it('moves a tone only in a syllable that ends with the pair, whatever letters or marks stand before it', () => {
    expect(canonicalizeVietnamese('Hoá, hoáx; xoè-uỷ')).toBe('Hóa, hoáx; xòe-ủy');
    expect(canonicalizeVietnamese('𝐀hoá')).toBe('𝐀hóa');
    expect(canonicalizeVietnamese('x\u0327hoá toá')).toBe('x\u0327hóa tóa');
    expect(canonicalizeVietnamese('Ðoá ðoè')).toBe('Đóa đòe');
  });

  it('reads the look-alike Ð (U+00D0) as Đ (U+0110)', () => {
    expect(normalizeForMatch('\u00D0ảng')).toBe('\u0111ảng');
    expect(canonicalizeVietnamese('\u00D0iều lệ')).toBe('\u0110iều lệ');
  });
});

describe('foldVietnamese', () => {
  it('removes diacritics and folds đ', () => {
    expect(foldVietnamese('Đảng đoàn họp đột xuất')).toBe('dang doan hop dot xuat');
    expect(foldVietnamese('\u00D0ảng')).toBe('dang');
    expect(foldVietnamese('Ủy ban'.normalize('NFD'))).toBe('uy ban');
  });
});

describe('hasDiacritics', () => {
  it('tells typed-without-accents text apart', () => {
    expect(hasDiacritics('dang doan hop bao lau')).toBe(false);
    expect(hasDiacritics('đang')).toBe(true);
    expect(hasDiacritics('họp'.normalize('NFD'))).toBe(true);
  });
});
