/**
 * What a question asks for: a number, a duration, a frequency, a day, an age, an amount, a body
 * or person, a list, a reason, a place, a moment, or a yes/no; and which subjects it is about.
 * Read on the accent-folded question, so that questions typed without diacritics read the same.
 */
import { foldVietnamese, normalizeForMatch } from '../common/index.js';
import { EXCLUSIVE_SUBJECTS, namesAny, wordPadded } from './party-vocabulary.js';

/** A kind of fact a question asks for. */
export type AskedFact = 'day' | 'frequency' | 'age' | 'amount' | 'duration' | 'count' | 'place' | 'who' | 'list' | 'how' | 'reason' | 'when' | 'yes-no';

/**
 * Facts whose kind can be checked in a passage: a passage without a fact of the asked kind does
 * not answer the question, whatever words it shares with it.
 */
export const CHECKABLE_FACTS: ReadonlySet<AskedFact> = new Set(['day', 'frequency', 'age', 'amount', 'duration', 'count']);

/** What {@link analyzeQuestion} read. */
export interface QuestionAnalysis {
  /** Asked facts, the most specific first (empty for an open question: "... là gì?"). */
  asks: AskedFact[];
  /** Numbers the question itself states (digits): repeating them answers nothing. */
  numbers: ReadonlySet<string>;
  /** What a count question counts ("bao nhiêu đảng viên nữ" → đang, vien, nu), folded syllables. */
  counted: readonly string[];
  /**
   * What a list or a classifying yes/no question is about ("những hình thức nào" → hinh, thuc;
   * "có phải là nhiệm vụ ..." → nhiem, vu; "nguyên nhân là gì" → nguyen, nhan), folded syllables.
   */
  focus: readonly string[];
  /** For each exclusive subject pair the question names one side of: the side it names, and the other. */
  subjects: { named: readonly string[]; other: readonly string[] }[];
  /**
   * What the question is about and what it asks of it, folded, when it is shaped so: "Đảng đoàn là
   * gì?" (dang doan; la), "Ủy ban kiểm tra có những quyền gì?" (uy ban kiem tra; co quyen). A sentence
   * that answers it opens with the subject and says the predicate of it.
   */
  about?: { subject: string; predicate: string };
}

/** A short subject, then "là gì" or "có (những) … gì/nào", and nothing more but courtesy, on the folded question. */
const SHAPED =
  /^(?:cho (?:toi |em )?hoi |xin hoi |hoi )?((?:\p{L}+ ){0,5}\p{L}+) (?:la gi|co (?:nhung |cac )?((?:\p{L}+ ){0,2}\p{L}+) (?:gi|nao))(?: vay| a| the)?$/u;

/** Patterns on the folded question, most specific first; one question may ask several things. */
const ASKED: ReadonlyArray<readonly [AskedFact, RegExp]> = [
  ['day', /\bngay (nao|may|bao nhieu)\b|\bmong may\b|\bmung may\b|\bvao ngay\b.*\b(nao|may)\b/u],
  ['frequency', /\bmay lan\b|\bbao nhieu lan\b|\bbao lau (mot|1) lan\b|\bmay thang (mot|1) lan\b|(?<!quyet )\bdinh ky\b.*\b(khi nao|luc nao|bao lau)\b/u],
  ['age', /\b(bao nhieu|may) tuoi\b|\btuoi\b.*\b(bao nhieu|toi thieu|toi da)\b/u],
  ['amount', /\bbao nhieu (tien|nghin|ngan|trieu|dong|phan tram)\b|\b(muc|so tien)\b.*\bbao nhieu\b/u],
  ['duration', /\bbao lau\b|\bbao nhieu (ngay|thang|nam|tuan|gio|thoi gian)\b|\bmay (ngay|thang|nam|tuan)\b|\bthoi han\b.*\b(bao nhieu|may|nao)\b/u],
  ['count', /\bbao nhieu\b|\bmay (nguoi|dang vien|phieu|chi bo|to|cap|buoc|loai|hinh thuc)\b/u],
  ['place', /\bo dau\b|\btai dau\b|\bnoi nao\b|\bcho nao\b/u],
  ['who', /\bai\b|\bcap nao\b|\bco quan nao\b|\bto chuc nao\b|\bben nao\b|\bnguoi nao\b/u],
  [
    'list',
    /\bnhung (gi|ai|\p{L}+ nao|\p{L}+ \p{L}+ nao|\p{L}+ gi)\b|\b(gom|bao gom)\b|\bcac (\p{L}+ )?nao\b|\bnhiem vu gi\b|\bnhung nhiem vu\b|\bhinh thuc nao\b|\bnhung viec\b|\bnhung dieu\b/u,
  ],
  ['how', /\bnhu the nao\b|\bthe nao\b|\bra sao\b|\bcac buoc\b|\bgiai phap\b/u],
  ['reason', /\bvi sao\b|\btai sao\b|\bnguyen nhan\b|\bly do\b/u],
  ['when', /\bkhi nao\b|\bluc nao\b|\bthoi diem nao\b|\bbao gio\b/u],
  ['yes-no', /\b(co|duoc|phai)\b.*\bkhong\b\s*$|\bhay khong\b|\bco phai\b|\bduoc khong\b/u],
];

/** Words that end the noun a count question counts ("bao nhiêu phiếu thì ..."). */
const COUNTED_STOP = new Set([
  'thi',
  'moi',
  'la',
  'de',
  'tro',
  'duoc',
  'co',
  'trong',
  'cua',
  'o',
  'tai',
  'va',
  'hay',
  'khong',
  'nhu',
  'ma',
  'khi',
  'nam',
  'thang',
  'ngay',
  'lan',
]);

/** Where a folded question names what it wants listed or classified; group 1 is that noun (one or two syllables). */
const FOCUS: readonly RegExp[] = [
  /\b(?:nhung|cac) (\p{L}+(?: \p{L}+)?) (?:nao|gi)\b/u,
  /\bco (\p{L}+(?: \p{L}+)?) gi\b/u,
  /\bco phai la (\p{L}+ \p{L}+)\b/u,
  /^(?:(?:cho|xin|hoi) )*(\p{L}+ \p{L}+) .*\b(?:gom|bao gom) nhung\b/u,
  /\b(\p{L}+ \p{L}+) la gi\b/u,
];

/** Words a focus never is: grammar around the noun. */
const NOT_FOCUS = new Set(['co', 'la', 'thi', 'duoc', 'nhung', 'cac', 'viec', 'cai', 'dieu']);

/** The noun a list or classifying question is about (see {@link QuestionAnalysis.focus}). */
function focusNoun(folded: string): string[] {
  for (const pattern of FOCUS) {
    const match = pattern.exec(folded);
    if (match) return match[1]!.split(' ').filter((word) => !NOT_FOCUS.has(word));
  }
  return [];
}

/** The noun after "bao nhiêu" / "mấy" in a folded question, up to three syllables. */
function countedNoun(folded: string): string[] {
  const match = /\b(?:bao nhieu|may)\s+([^?!.,;:]*)/u.exec(folded);
  if (!match) return [];
  const words: string[] = [];
  for (const word of match[1]!.split(/\s+/u)) {
    if (!word || COUNTED_STOP.has(word) || words.length === 3) break;
    words.push(word);
  }
  return words;
}

/** Reads what `question` asks (see {@link QuestionAnalysis}). */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const normalized = normalizeForMatch(question);
  const folded = foldVietnamese(normalized);
  const clauses = folded
    .split(/[?!.;]+/u)
    .map((clause) => clause.trim())
    .filter(Boolean);
  const asks: AskedFact[] = [];
  for (const [fact, pattern] of ASKED) {
    if (clauses.some((clause) => pattern.test(clause)) && !asks.includes(fact)) asks.push(fact);
  }
  // A frequency or day question also reads "bao lâu" / "bao nhiêu": they are not durations or counts.
  const specific = asks.includes('frequency') || asks.includes('day') || asks.includes('age') || asks.includes('amount');
  const kept = specific ? asks.filter((fact) => fact !== 'duration' && fact !== 'count') : asks;
  if (kept.includes('duration')) kept.splice(kept.indexOf('count'), kept.includes('count') ? 1 : 0);
  const counted = countedNoun(folded);
  // "... tối thiểu phải là bao nhiêu" names nothing to count: the value asked may be a level, not a number.
  if (kept.includes('count') && counted.length === 0 && !/(?<!\p{L})số(?!\p{L})/u.test(normalized)) kept.splice(kept.indexOf('count'), 1);

  const padded = wordPadded(folded);
  const subjects: QuestionAnalysis['subjects'] = [];
  for (const [first, second] of EXCLUSIVE_SUBJECTS) {
    const namesFirst = namesAny(padded, first, true);
    const namesSecond = namesAny(padded, second, true);
    if (namesFirst && !namesSecond) subjects.push({ named: first, other: second });
    if (namesSecond && !namesFirst) subjects.push({ named: second, other: first });
  }
  const shaped = SHAPED.exec(folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim());
  const about = shaped ? { subject: shaped[1]!, predicate: shaped[2] === undefined ? 'la' : `co ${shaped[2]}` } : undefined;
  return { asks: kept, counted, focus: focusNoun(folded), numbers: new Set(folded.match(/\d+(?:[.,]\d+)*/gu) ?? []), subjects, ...(about ? { about } : {}) };
}
