/**
 * Vietnamese text normalisation for matching.
 *
 * Display text is never changed by these functions' callers: they build matching keys from it.
 * - `normalizeForMatch`: NFC, the look-alike `Ð`/`ð` (U+00D0/U+00F0) read as `Đ`/`đ`, one tone
 *   placement style (the traditional one: `hòa`, `thủy`, `ủy`), lower case.
 * - `foldVietnamese`: the same, then diacritics removed and `đ` folded to `d` ("dang doan").
 */

/** Tone-marked a, e, y and the same tone on o, u, indexed by tone (grave, acute, hook, tilde, dot). */
const TONED_SECOND: Record<string, { base: string; tone: number }> = {};
const TONED_FIRST: Record<string, string[]> = {
  o: ['ò', 'ó', 'ỏ', 'õ', 'ọ'],
  u: ['ù', 'ú', 'ủ', 'ũ', 'ụ'],
  O: ['Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
  U: ['Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
};
for (const [base, marks] of Object.entries({
  a: 'àáảãạ',
  e: 'èéẻẽẹ',
  y: 'ỳýỷỹỵ',
  A: 'ÀÁẢÃẠ',
  E: 'ÈÉẺẼẸ',
  Y: 'ỲÝỶỸỴ',
})) {
  [...marks].forEach((mark, tone) => {
    TONED_SECOND[mark] = { base, tone };
  });
}

/**
 * Open syllables ending in oa, oe or uy with the tone on the second vowel ("hoá", "uỷ") are
 * rewritten with the tone on the first ("hóa", "ủy"). "qu" + y keeps its tone on y ("quý").
 * Found by their last two letters: a vowel pair with a toned a, e or y.
 */
const NEW_STYLE_PAIR = /[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]/gu;
const LETTER = /\p{L}/u;
const LOOK_ALIKE_D = /[\u00D0\u00F0]/g;

/** The pair `first` + `second` after a syllable's `onset`, its tone moved to the first vowel, or undefined when it stays. */
function traditionalPair(onset: string, first: string, second: string): string | undefined {
  const toned = TONED_SECOND[second];
  if (!toned) return undefined;
  const lowerFirst = first.toLowerCase();
  const lowerBase = toned.base.toLowerCase();
  const pairOk = (lowerFirst === 'o' && (lowerBase === 'a' || lowerBase === 'e')) || (lowerFirst === 'u' && lowerBase === 'y');
  if (!pairOk) return undefined;
  // "qu" and "gi" make u part of the onset: the tone stays on the nucleus.
  if (lowerFirst === 'u' && /q$/i.test(onset)) return undefined;
  // Only a plain consonant onset is rewritten (no other vowel before the pair).
  if (/[aăâeêioôơuưy]/i.test(onset.normalize('NFD').replace(/\p{M}/gu, ''))) return undefined;
  const firstToned = TONED_FIRST[first]?.[toned.tone];
  return firstToned ? `${firstToned}${toned.base}` : undefined;
}

/** Width in code units of the letter ending just before `at` (2 outside the BMP), or 0 when none does. */
function letterBefore(text: string, at: number): number {
  const low = text.charCodeAt(at - 1);
  const width = low >= 0xdc00 && low <= 0xdfff && at >= 2 && text.codePointAt(at - 2)! > 0xffff ? 2 : 1;
  return LETTER.test(text.slice(at - width, at)) ? width : 0;
}

/** True when a letter starts at `at`. */
function letterAt(text: string, at: number): boolean {
  return at < text.length && LETTER.test(String.fromCodePoint(text.codePointAt(at)!));
}

/** Every syllable (whole run of letters) ending in a new-style pair, its tone moved to the first vowel. */
function placeTonesTraditionally(text: string): string {
  let placed = '';
  let copied = 0;
  for (const match of text.matchAll(NEW_STYLE_PAIR)) {
    const at = match.index;
    if (letterAt(text, at + 2)) continue;
    let start = at;
    for (let width = letterBefore(text, start); start > 0 && width > 0; width = start > 0 ? letterBefore(text, start) : 0) start -= width;
    const pair = traditionalPair(text.slice(start, at), match[0][0]!, match[0][1]!);
    if (pair === undefined) continue;
    placed += text.slice(copied, at) + pair;
    copied = at + 2;
  }
  return copied === 0 ? text : placed + text.slice(copied);
}

/** NFC, Ð→Đ, one tone placement style; case is kept. For building matching keys and display-safe text. */
export function canonicalizeVietnamese(text: string): string {
  let canonical = text.normalize('NFC');
  if (canonical.includes('\u00D0') || canonical.includes('\u00F0')) {
    canonical = canonical.replace(LOOK_ALIKE_D, (d) => (d === '\u00D0' ? '\u0110' : '\u0111'));
  }
  return placeTonesTraditionally(canonical);
}

/** Canonical form, lower-cased: the accented matching key. */
export function normalizeForMatch(text: string): string {
  return canonicalizeVietnamese(text).toLowerCase();
}

/** Accent-folded matching key: lower case, no diacritics, đ→d ("Đảng đoàn" → "dang doan"). */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u0110\u00D0]/g, 'D')
    .replace(/[\u0111\u00F0]/g, 'd')
    .toLowerCase();
}

/** True when the text carries any Vietnamese diacritic or đ. */
export function hasDiacritics(text: string): boolean {
  return /[\u0300-\u036f\u0110\u0111\u00D0\u00F0]/u.test(text.normalize('NFD'));
}
