/** The structural markers a line can open with: numbering, labels, enumerations, bullets, capitals headings. */

/** Kinds of numbering, labels and bullets that open a structural unit at the start of a line. */
export type MarkerKind =
  'part' | 'chapter' | 'section' | 'article' | 'clause' | 'upper-letter' | 'roman' | 'number' | 'paren-number' | 'letter' | 'enumeration' | 'bullet';

/** The structural marker a line starts with: "Chương II", "Điều 5.", "1.2.", "a)", "- ", "Một là,". */
export interface LineMarker {
  kind: MarkerKind;
  /** Numbering depth: 2 for "1.2.", 3 for "1.2.3."; 1 for every other kind. */
  depth: number;
  /** The marker as written ("1.2.", "Điều 5", "-"). */
  label: string;
  /** The line after the marker, trimmed (empty for a bare label such as "Chương I"). */
  rest: string;
}

const ORDINAL_WORDS = 'Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười(?: một| hai| ba| bốn| lăm| năm)?';
const RANK_WORDS = 'nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười';
const NOT_WORD = '(?![\\p{L}\\p{N}])';
/** After "Điều 5", "Khoản 2", "Mục 3": the end of the line or punctuation; "Điều 3 Điều lệ Đảng" is a citation. */
const LABEL_END = '(?=\\s*(?:$|[.:–-]))';

/** Marker patterns, most specific first; group 1 is the label, group 2 the numbering when depth matters. */
const MARKER_PATTERNS: ReadonlyArray<{ kind: MarkerKind; pattern: RegExp }> = [
  { kind: 'part', pattern: new RegExp(`^((?:PHẦN|Phần)\\s+(?:THỨ\\s+\\p{Lu}+|thứ\\s+\\p{Ll}+|[IVXLC]+|\\d+)${NOT_WORD})`, 'u') },
  { kind: 'chapter', pattern: new RegExp(`^((?:CHƯƠNG|Chương)\\s+(?:[IVXLC]+|\\d+)${NOT_WORD})`, 'u') },
  { kind: 'section', pattern: new RegExp(`^((?:MỤC|Mục)\\s+(?:[IVXLC]+|\\d+))${LABEL_END}`, 'u') },
  { kind: 'article', pattern: new RegExp(`^((?:ĐIỀU|Điều)\\s+\\d+[a-z]?)${LABEL_END}`, 'u') },
  { kind: 'clause', pattern: new RegExp(`^((?:KHOẢN|Khoản)\\s+\\d+)${LABEL_END}`, 'u') },
  // Single I, V and X are numerals; single C, D, L and M are letters ("A.", "B.", "C." headings).
  { kind: 'roman', pattern: /^((?:[IVX]|[IVXLC]{2,})\.)(?=\s|$)/u },
  { kind: 'upper-letter', pattern: /^([A-Z]\.)(?=\s)/u },
  // Sub-numbers have one or two digits: "32.015 đảng viên" is a number, not numbering.
  { kind: 'number', pattern: /^((\d{1,3}(?:\.\d{1,2})*)\.)(?=\s|$)/u },
  { kind: 'number', pattern: /^((\d{1,3}(?:\.\d{1,2})+))(?=\s)/u },
  { kind: 'paren-number', pattern: /^(\(\d{1,3}\)|\d{1,3}\))(?=\s)/u },
  { kind: 'letter', pattern: /^(\(?[a-zđ]\))(?=\s)/u },
  { kind: 'enumeration', pattern: new RegExp(`^((?:${ORDINAL_WORDS})\\s+là|Thứ\\s+(?:${RANK_WORDS}))\\s*(?=[,:])`, 'u') },
  // A dash followed by a lower-case word continues a wrapped line ("kinh tế\n- xã hội").
  { kind: 'bullet', pattern: /^([-–—•*+·●○▪◦])(?=\s*(?:$|[^\s\p{Ll}]))/u },
];

/** The structural marker a line starts with, if any. */
export function lineMarker(line: string): LineMarker | undefined {
  for (const { kind, pattern } of MARKER_PATTERNS) {
    const match = pattern.exec(line);
    if (!match?.[1]) continue;
    const depth = kind === 'number' && match[2] ? match[2].split('.').length : 1;
    const rest = line
      .slice(match[0].length)
      .replace(/^[\s,]+/, '')
      .trim();
    return { kind, depth, label: match[1], rest };
  }
  return undefined;
}

/** True for a line that is only numbering ("Điều 38.", "1.2.1."): a label that says nothing itself. */
export function isBareMarker(line: string): boolean {
  const marker = lineMarker(line);
  return marker !== undefined && marker.kind !== 'bullet' && /^[.:–-]?$/u.test(marker.rest);
}

/** True for a line written in capitals: at least two words, no lower-case letter ("QUY ĐỊNH"). */
export function isAllCapsLine(line: string): boolean {
  if (/\p{Ll}/u.test(line) || /[,;]$/.test(line)) return false;
  const words = line.split(/\s+/).filter((word) => /\p{Lu}/u.test(word));
  return words.length >= 2 && (line.match(/\p{Lu}/gu)?.length ?? 0) >= 4;
}

/** True when a line opens a structural unit: numbering, a label, a bullet, or an ALL-CAPS heading. */
export function isStructuralStart(line: string): boolean {
  return lineMarker(line) !== undefined || isAllCapsLine(line);
}

/** Outer headings rank lower. Numbers add their depth: "1." is 7, "1.1." is 8. */
const RANKS: Record<MarkerKind, number> = {
  part: 0,
  chapter: 1,
  section: 2,
  'upper-letter': 2.5,
  roman: 3,
  article: 4,
  clause: 5,
  number: 6,
  'paren-number': 11,
  letter: 12,
  enumeration: 13,
  bullet: 14,
};

/** Rank of a chapter heading ("Chương II"). */
export const CHAPTER_RANK = RANKS.chapter;

/** Outline rank of a marker: smaller is higher in the document's structure. */
export function markerRank(marker: LineMarker): number {
  return RANKS[marker.kind] + (marker.kind === 'number' ? marker.depth : 0);
}
