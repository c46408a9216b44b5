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
 */
const NEW_STYLE_TONE = /(^|[^\p{L}])(\p{L}*?)([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?!\p{L})/gu;

function moveToneToFirstVowel(match: string, before: string, onset: string, first: string, second: string): string {
  const toned = TONED_SECOND[second];
  if (!toned) return match;
  const lowerFirst = first.toLowerCase();
  const lowerBase = toned.base.toLowerCase();
  const pairOk = (lowerFirst === 'o' && (lowerBase === 'a' || lowerBase === 'e')) || (lowerFirst === 'u' && lowerBase === 'y');
  if (!pairOk) return match;
  // "qu" and "gi" make u part of the onset: the tone stays on the nucleus.
  if (lowerFirst === 'u' && /q$/i.test(onset)) return match;
  // Only a plain consonant onset is rewritten (no other vowel before the pair).
  if (/[aăâeêioôơuưy]/i.test(onset.normalize('NFD').replace(/\p{M}/gu, ''))) return match;
  const firstToned = TONED_FIRST[first]?.[toned.tone];
  return firstToned ? `${before}${onset}${firstToned}${toned.base}` : match;
}

/** NFC, Ð→Đ, one tone placement style; case is kept. For building matching keys and display-safe text. */
export function canonicalizeVietnamese(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\u00D0/g, '\u0110')
    .replace(/\u00F0/g, '\u0111')
    .replace(NEW_STYLE_TONE, moveToneToFirstVowel);
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
