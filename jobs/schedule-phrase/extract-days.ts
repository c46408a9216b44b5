/**
 * Day words: dates ("25/12", "25-12-2026", "ngày 3 tháng 12 năm 2027", "ngày 5 tháng sau"),
 * relative days ("hôm nay", "mai", "ngày kia", "hôm qua"), weeks ("tuần sau", "cuối tuần"),
 * month, quarter and year edges ("cuối tháng", "đầu tháng sau", "cuối năm") and weekdays
 * ("thứ năm", "mỗi thứ tư", "thứ hai và thứ năm").
 */
import { B, E, offsetNumber, patternsFor, weekdayNumber } from './phrase-lexicon.js';
import { bare, type PhraseText } from './phrase-text.js';
import { periodOf, type PhraseParts } from './phrase-parts.js';

const patterns = patternsFor(({ w, aw, weekday, period, offsetWord }) => {
  const dayWord = `(?:${w('ngày')}|${w('mùng')}|${w('mồng')}|${w('hôm')})`;
  const notAfterOrdinal = `(?<!(?:${w('lần')}|${w('kỳ')}|${w('khóa')}|${w('đợt')}|${w('phiên')}|${w('lớp')}|${w('số')}|${w('quý')})\\s+)`;
  const weekdayList = `${weekday}(?:\\s*(?:,|${w('và')}|${w('hoặc')}|/)\\s*${weekday})*`;
  // "thứ năm này", "chủ nhật tới (đây)": the coming one, as a bare weekday already means. Not "tới"
  // opening a range ("từ thứ hai tới thứ tư", "tới 21h"), nor "sau"/"trước", whose week is unclear.
  const dayAfterward = `(?:\\d|${weekday}|${dayWord})`;
  const comingWord = `(?:\\s+(?:${w('này')}|${w('tới')}(?:\\s+${w('đây')})?)${E}(?!\\s*${dayAfterward}))?`;
  return {
    /** "25/12", "25/12/2026", "25-12-2026", "25.12.2026", "ngày 3/12 năm 2027". */
    numericDate: `${B}(?:${dayWord}\\s+)?(\\d{1,2})\\s*([/.-])\\s*(\\d{1,2})(?:\\s*\\2\\s*(\\d{4}|\\d{2}))?(?:\\s+${aw('năm')}\\s+(\\d{4}))?(?![\\p{L}\\p{N}]|\\s*[/.-]\\s*\\d)`,
    /** "ngày 3 tháng 12", "3 tháng 12 năm 2027". */
    wordedDate: `${B}(?:${dayWord}\\s+)?(\\d{1,2})\\s+${w('tháng')}\\s+(\\d{1,2})(?:\\s*,?\\s*(?:${aw('năm')}\\s+)?(\\d{4}))?${E}`,
    /** "ngày 5", "mùng 5 tháng sau". */
    dayOfMonth: `${B}${dayWord}\\s+(\\d{1,2})(?:\\s+(?:${w('của')}\\s+)?${w('tháng')}\\s+(${offsetWord}))?${E}(?!\\s*[/.-]\\s*\\d)`,
    /** "năm sau", "năm nay", next to a date. */
    yearOffset: `${B}${aw('năm')}\\s+(nay|${w('ngoái')}|${offsetWord})${E}`,
    /** "trước (ngày)" right before a date: a deadline, not "tháng trước". */
    deadline: `${B}${w('trước')}(?:\\s+${w('ngày')})?${E}`,
    /** "tối nay", "sáng mai", "chiều mốt", "tối qua" (the part of the day is group 1). */
    periodDay: `${B}${period}\\s+(nay|mai|${w('mốt')}|qua)${E}`,
    /** "hôm nay", "ngày hôm qua", "hôm kia" (two days ago). */
    hom: `${B}(?:${w('ngày')}\\s+)?${w('hôm')}\\s+(nay|qua|kia)${E}`,
    /** "ngày mai", "ngày kia", "ngày mốt" (two days ahead). */
    ngay: `${B}${w('ngày')}\\s+(mai|kia|${w('mốt')})${E}`,
    /** "mai" alone; "mốt" alone only with its diacritics ("mot" is "một"). */
    lone: `${B}(mai|mốt)${E}`,
    /** "cuối tuần", "đầu tuần sau", "mỗi cuối tuần". */
    weekEdge: `${B}(?:(${w('mỗi')}|${w('các')})\\s+)?(${w('cuối')}|${w('đầu')})\\s+${w('tuần')}(?:\\s+(${offsetWord})(?:\\s+(${w('nữa')}))?)?${E}`,
    /** "tuần này", "tuần sau", "tuần tới", "tuần sau nữa", "tuần trước". */
    week: `${B}${w('tuần')}\\s+(${offsetWord})(?:\\s+(${w('nữa')}))?${E}`,
    /** "cuối tháng", "đầu tháng sau", "giữa tháng 12". */
    monthEdge: `${B}(${w('cuối')}|${w('đầu')}|${w('giữa')})\\s+${w('tháng')}(?:\\s+(${offsetWord}|\\d{1,2}))?${E}`,
    /** "tháng sau", "tháng này" on their own. */
    month: `${B}${w('tháng')}\\s+(${offsetWord})${E}`,
    /** "cuối năm", "đầu năm sau"; not "6 tháng đầu năm", which names a half-year. */
    yearEdge: `${B}(?<!${w('tháng')}\\s+)(${w('cuối')}|${w('đầu')})\\s+${aw('năm')}(?:\\s+(nay|${offsetWord}))?${E}`,
    /** "thứ năm", "mỗi thứ tư", "các ngày thứ hai và thứ năm", "t7". */
    weekdays: `${B}${notAfterOrdinal}(?:(${w('mỗi')}|${w('các')}|${w('những')})\\s+)?(?:${w('ngày')}\\s+)?(${weekdayList})${comingWord}`,
    /** One weekday, to split a list. */
    oneWeekday: `${B}${weekday}`,
  };
});

const RELATIVE_DAYS: Record<string, number> = { nay: 0, mai: 1, kia: 2, mot: 2, qua: -1 };

/** "tuần sau" 1, "tuần sau nữa" 2, "tuần trước nữa" -2. */
function weekOffsetOf(word: string, more: string | undefined): number {
  const offset = offsetNumber(word);
  return more === undefined ? offset : offset + Math.sign(offset);
}

function yearOf(written: string | undefined): number | undefined {
  if (written === undefined) return undefined;
  return written.length === 2 ? 2000 + Number(written) : Number(written);
}

/** Reads the day words of the phrase into `parts`. Runs after {@link extractRecurrence}. */
export function extractDays(phrase: PhraseText, parts: PhraseParts): void {
  const p = patterns(phrase);
  phrase.claimAll(p.numericDate, 'day', (match) => {
    const year = match[4] ?? match[5];
    if (match[2] === '.' && year === undefined) return false;
    parts.date ??= { day: Number(match[1]), month: Number(match[3]), year: yearOf(year), text: [match[1], match[3], year].filter(Boolean).join('/') };
    return true;
  });
  phrase.claimAll(p.wordedDate, 'day', (match) => {
    parts.date ??= { day: Number(match[1]), month: Number(match[2]), year: yearOf(match[3]), text: [match[1], match[2], match[3]].filter(Boolean).join('/') };
    return true;
  });
  phrase.claimAll(p.dayOfMonth, 'day', (match) => {
    parts.date ??= { day: Number(match[1]), text: match[1] ?? '' };
    if (match[2] !== undefined) parts.monthOffset = offsetNumber(match[2]);
    return true;
  });
  const end = (match: RegExpExecArray): number => match.index + match[0].length;
  phrase.claimAll(p.deadline, 'connector', (match) => phrase.roleAfter(end(match)) === 'day');
  phrase.claimAll(p.yearOffset, 'day', (match) => {
    if (parts.date?.month === undefined || parts.date.year !== undefined) return false;
    const word = match[1] ?? '';
    parts.yearOffset = bare(word) === 'ngoai' ? -1 : offsetNumber(word);
    return true;
  });
  phrase.claimAll(p.periodDay, 'day', (match) => {
    parts.period ??= periodOf(bare(match.groups?.period ?? ''));
    parts.relativeDays ??= RELATIVE_DAYS[bare(match[2] ?? '')];
    return true;
  });
  phrase.claimAll(p.hom, 'day', (match) => {
    const word = bare(match[1] ?? '');
    parts.relativeDays ??= word === 'kia' ? -2 : RELATIVE_DAYS[word];
    return true;
  });
  for (const pattern of [p.ngay, p.lone]) {
    phrase.claimAll(pattern, 'day', (match) => {
      // "chị Mai" is a name, not tomorrow.
      if (pattern === p.lone && phrase.isCapitalisedInside(match.index)) return false;
      parts.relativeDays ??= RELATIVE_DAYS[bare(match[1] ?? '')];
      return true;
    });
  }
  phrase.claimAll(p.weekEdge, 'day', (match) => {
    if (match[1] !== undefined) parts.frequency ??= { unit: 'week', interval: 1 };
    if (bare(match[2] ?? '') === 'cuoi') parts.weekend = true;
    else parts.weekStart = true;
    if (match[3] !== undefined) parts.weekOffset = weekOffsetOf(match[3], match[4]);
    return true;
  });
  phrase.claimAll(p.week, 'day', (match) => {
    parts.weekOffset = weekOffsetOf(match[1] ?? '', match[2]);
    return true;
  });
  phrase.claimAll(p.monthEdge, 'day', (match) => {
    const edgeWord = bare(match[1] ?? '');
    const edge = edgeWord === 'cuoi' ? 'last' : edgeWord === 'dau' ? 'first' : 'middle';
    const after = match[2];
    if (after !== undefined && /^\d+$/u.test(after)) parts.monthEdge = { edge, month: Number(after) };
    else {
      parts.monthEdge = { edge };
      if (after !== undefined) parts.monthOffset = offsetNumber(after);
    }
    return true;
  });
  phrase.claimAll(p.month, 'day', (match) => {
    parts.monthOffset ??= offsetNumber(match[1] ?? '');
    return true;
  });
  phrase.claimAll(p.yearEdge, 'day', (match) => {
    const after = match[2];
    parts.yearEdge = { edge: bare(match[1] ?? '') === 'cuoi' ? 'last' : 'first', offset: after === undefined ? 0 : offsetNumber(after) };
    return true;
  });
  phrase.claimAll(p.weekdays, 'day', (match) => {
    if (match[1] !== undefined) parts.frequency ??= { unit: 'week', interval: 1 };
    for (const one of (match[2] ?? '').matchAll(p.oneWeekday)) {
      const weekday = weekdayNumber(one[0]);
      if (weekday > 0 && !parts.weekdays.includes(weekday)) parts.weekdays.push(weekday);
    }
    return true;
  });
}
