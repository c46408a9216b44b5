/**
 * Numbers written in words ("mười tám tuổi", "ba mươi đảng viên", "hai phần ba") read as digits,
 * so that "18 tuổi" finds "mười tám tuổi" and the reverse. Only unambiguous spans are read: two
 * or more number words, or one number word before a unit ("hai năm", "một tháng"); "năm" is a
 * number only before another unit ("năm ngày"), and "tư", "mốt", "lăm" only after "mươi".
 */

const DIGITS: Readonly<Record<string, number>> = { không: 0, một: 1, hai: 2, ba: 3, bốn: 4, năm: 5, sáu: 6, bảy: 7, tám: 8, chín: 9 };
const AFTER_TENS: Readonly<Record<string, number>> = { mốt: 1, tư: 4, lăm: 5 };
const MULTIPLIERS: Readonly<Record<string, number>> = { nghìn: 1000, ngàn: 1000, triệu: 1_000_000 };

/** Nouns a lone number word counts: "hai năm", "một tháng", "ba đảng viên". */
const UNITS = new Set([
  'giây',
  'phút',
  'giờ',
  'ngày',
  'tuần',
  'tháng',
  'quý',
  'năm',
  'tuổi',
  'lần',
  'người',
  'đảng',
  'đồng',
  'phiếu',
  'kỳ',
  'nhiệm',
  'chi',
  'tổ',
  'khóa',
  'cấp',
  'bước',
  'loại',
  'hình',
  'phần',
]);

/** Every word a number read from words can start with (see {@link numberSpans}). */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([
  ...Object.keys(DIGITS),
  ...Object.keys(AFTER_TENS),
  ...Object.keys(MULTIPLIERS),
  'mười',
  'mươi',
  'trăm',
]);

/** A number read from words: where it stands (syllable indexes, end exclusive) and its value. */
export interface NumberSpan {
  start: number;
  end: number;
  value: number;
}

/** The value of number words in order ("hai mươi lăm" → 25), or undefined when they do not form one. */
function valueOf(words: readonly string[]): number | undefined {
  let total = 0;
  let hundreds = 0;
  let current: number | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const previous = words[i - 1];
    if (word === 'mười') {
      if (current !== undefined) return undefined;
      current = 10;
    } else if (word === 'mươi') {
      if (current === undefined || current >= 10) return undefined;
      current *= 10;
    } else if (word in AFTER_TENS || (word in DIGITS && (previous === 'mươi' || previous === 'mười'))) {
      if (current === undefined || current % 10 !== 0) return undefined;
      current += AFTER_TENS[word] ?? DIGITS[word]!;
    } else if (word in DIGITS) {
      if (current !== undefined) return undefined;
      current = DIGITS[word]!;
    } else if (word === 'trăm') {
      hundreds += (current ?? 1) * 100;
      current = undefined;
    } else if (word in MULTIPLIERS) {
      total += (hundreds + (current ?? 0) || 1) * MULTIPLIERS[word]!;
      hundreds = 0;
      current = undefined;
    } else {
      return undefined;
    }
  }
  return total + hundreds + (current ?? 0);
}

function isNumberWord(word: string, previous: string | undefined): boolean {
  if (word in AFTER_TENS) return previous === 'mươi';
  return word in DIGITS || word === 'mười' || word === 'mươi' || word === 'trăm' || word in MULTIPLIERS;
}

/**
 * The numbers written in words among `syllables` (lower case, in order). "năm" ends a span
 * unless it follows "mươi"/"mười" as its last digit ("hai mươi năm" stays twenty years).
 */
export function numberSpans(syllables: readonly string[]): NumberSpan[] {
  const spans: NumberSpan[] = [];
  let i = 0;
  while (i < syllables.length) {
    const first = syllables[i]!;
    if (!isNumberWord(first, syllables[i - 1]) || first === 'năm') {
      // "năm" alone is a number only before another unit ("năm ngày").
      const next = syllables[i + 1];
      if (first === 'năm' && next !== undefined && next !== 'năm' && UNITS.has(next)) spans.push({ start: i, end: i + 1, value: 5 });
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < syllables.length && syllables[end] !== 'năm' && isNumberWord(syllables[end]!, syllables[end - 1])) end += 1;
    const words = syllables.slice(i, end);
    const value = valueOf(words);
    const next = syllables[end];
    const counted = words.length > 1 || (next !== undefined && UNITS.has(next));
    if (value !== undefined && counted && !(words.length === 1 && first === 'không')) spans.push({ start: i, end, value });
    i = end;
  }
  return spans;
}
