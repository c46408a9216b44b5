import { describe, expect, it } from 'vitest';
import { PairTable } from '../knowledge/pair-table.js';
import { syllableOf } from '../knowledge/syllable-scan.js';
import { TermDictionary } from '../knowledge/term-dictionary.js';

describe('TermDictionary', () => {
  it('numbers a syllable and a pair of syllables as it numbers their strings', () => {
    const dictionary = new TermDictionary();
    const [hoa, binh] = [syllableOf('hòa'), syllableOf('bình')];
    expect(dictionary.addSyllable(hoa, false)).toBe(dictionary.add('hòa'));
    expect(dictionary.addSyllable(hoa, true)).toBe(dictionary.find('~hoa'));
    const pair = dictionary.addSyllablePair(hoa, binh, false);
    expect(dictionary.terms[pair]).toBe('hòa bình');
    expect(dictionary.addPair('hòa', 'bình')).toBe(pair);
    const folded = dictionary.addPair('~hoa', 'binh');
    expect(dictionary.addSyllablePair(hoa, binh, true)).toBe(folded);
    expect(dictionary.terms).toEqual(['hòa', '~hoa', 'hòa bình', '~hoa binh']);
  });

  it('keeps what it knows of syllables to itself: another dictionary numbers them anew', () => {
    const first = new TermDictionary(['a', 'b']);
    const second = new TermDictionary();
    const syllable = syllableOf('chi');
    expect(first.addSyllable(syllable, false)).toBe(2);
    expect(second.addSyllable(syllable, false)).toBe(0);
    expect(second.addSyllablePair(syllable, syllable, false)).toBe(1);
    expect(first.addSyllablePair(syllable, syllable, false)).toBe(3);
  });
});

describe('PairTable', () => {
  it('finds every pair it holds, through growth and its small front copy', () => {
    const table = new PairTable();
    for (let i = 0; i < 50_000; i += 1) table.set(i % 97, i, i * 3);
    const wrong: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      for (let i = 0; i < 50_000; i += 1) if (table.get(i % 97, i) !== i * 3) wrong.push(i);
    }
    expect(wrong).toEqual([]);
    expect(table.get(1, 0)).toBe(-1);
  });
});
