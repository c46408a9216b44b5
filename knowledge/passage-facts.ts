/**
 * Which kinds of fact a passage states: a duration ("trong thời hạn 60 ngày", "một năm"), a
 * frequency ("mỗi tháng một lần"), a day of the month ("ngày mồng 3 hằng tháng"), an age, an
 * amount, a count. Numbers count whether written in digits or words.
 */
import { foldVietnamese, normalizeForMatch } from '../common/index.js';
import type { AskedFact } from './question-analysis.js';
import { numberSpans } from './vietnamese-numbers.js';

const TIME_UNIT = '(?:ngày|tuần|tháng|quý|năm|giờ)';
/** `#` stands for a number once numbers in words are replaced by digits. */
const FACT_PATTERNS: ReadonlyArray<readonly [AskedFact, RegExp]> = [
  ['day', /\b(?:ngày|mồng|mùng)\s+(?:mồng\s+|mùng\s+)?#|\bngày\s+(?:đầu|cuối)\s+(?:tháng|năm|quý)\b/u],
  ['frequency', new RegExp(`(?:mỗi|hằng|hàng)\\s+${TIME_UNIT}|#\\s+${TIME_UNIT}\\s+#\\s+lần|#\\s+lần\\s+(?:trong|một|mỗi)|định kỳ|thường kỳ|thường lệ`, 'u')],
  ['age', /#\s+tuổi|\btuổi\s+(?:đời|từ)|\btuổi\b/u],
  ['amount', /#\s*(?:%|phần trăm|đồng|nghìn đồng|triệu đồng)|\bmức\s+(?:đóng|thu)/u],
  ['duration', new RegExp(`#\\s+${TIME_UNIT}|thời hạn|trong vòng|chậm nhất|kể từ ngày|nhiệm kỳ`, 'u')],
  ['count', /#|\b(?:một nửa|quá nửa|đa số|tất cả|toàn bộ|phần ba|phần tư)\b/u],
];

/** The passage in matching form with every number (digits or words) written as "#". */
function withNumberMarks(text: string): string {
  const normalized = normalizeForMatch(text);
  const words = normalized.split(/\s+/u);
  const bare = words.map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''));
  const marked = [...words];
  for (const { start, end } of numberSpans(bare)) {
    marked[start] = marked[start]!.replace(bare[start]!, '#');
    for (let i = start + 1; i < end; i += 1) marked[i] = '';
  }
  return marked
    .filter((word) => word !== '')
    .join(' ')
    .replace(/\d+(?:[.,/]\d+)*/gu, '#');
}

/** How far (in words) the thing a count counts may stand from its number: "hai phần ba số đại biểu", "đảng viên chính thức là 3". */
const COUNTED_REACH = 6;

/**
 * True when `text` counts `noun` (folded, its first word): the word stands within a few words of a
 * number or a count in words ("ba đảng viên", "quá một nửa số phiếu"), not only somewhere in the
 * text ("trang nghiêm; … từng người một" does not count pages).
 */
export function countsNoun(text: string, noun: string): boolean {
  const words = foldVietnamese(withNumberMarks(text).replace(/(?<!\p{L})(?:tất cả|toàn bộ|đa số|nửa|phần (?:ba|tư|năm|trăm))(?!\p{L})/gu, '#'))
    .split(' ')
    .map((word) => word.replace(/[^\p{L}#]/gu, ''));
  return words.some((word, at) => word === noun && words.slice(Math.max(0, at - COUNTED_REACH - 1), at + COUNTED_REACH + 2).includes('#'));
}

/** The kinds of fact `text` states; a yes/no, who, list, reason, place or moment is not checked here. */
export function factsIn(text: string): Set<AskedFact> {
  const marked = withNumberMarks(text);
  const found = new Set<AskedFact>();
  for (const [fact, pattern] of FACT_PATTERNS) if (pattern.test(marked)) found.add(fact);
  return found;
}

/** The numbers `text` states, as digits ("ba mươi" → "30", "32.015" → "32.015"). */
export function numbersIn(text: string): Set<string> {
  const normalized = normalizeForMatch(text);
  const found = new Set(normalized.match(/\d+(?:[.,]\d+)*/gu) ?? []);
  const bare = normalized.split(/\s+/u).map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''));
  for (const { value } of numberSpans(bare)) found.add(String(value));
  return found;
}
