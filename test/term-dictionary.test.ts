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

  it('reads saved terms one a line, finds each by its number, and numbers new ones after them', () => {
    const saved = Array.from({ length: 5_000 }, (_, i) => (i % 2 === 0 ? `~chi ${i}` : `hòa bình ${i}`));
    const dictionary = TermDictionary.fromLines(new TermDictionary(saved).lines());
    expect(dictionary.size).toBe(5_000);
    expect(saved.every((term, i) => dictionary.find(term) === i)).toBe(true);
    expect(dictionary.find('hòa bình')).toBeUndefined();
    expect(dictionary.add('hòa bình')).toBe(5_000);
    expect(dictionary.add(saved[7]!)).toBe(7);
    expect(dictionary.addSyllable(syllableOf('hòa'), false)).toBe(5_001);
    expect(dictionary.terms).toEqual([...saved, 'hòa bình', 'hòa']);
    expect(TermDictionary.fromLines(dictionary.lines()).find('hòa')).toBe(5_001);
    expect(TermDictionary.fromLines('').size).toBe(0);
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
