/**
 * Recurrence words: "hằng/hàng/mỗi tháng", "3 tháng một lần", "mỗi quý", "thứ sáu cuối cùng của
 * tháng", "ngày cuối tháng", "cuối mỗi quý". Runs first, so that "3 tháng 1 lần" is not read as
 * the date 3 January.
 */
import { B, countNumber, E, offsetNumber, patternsFor, weekdayNumber } from './phrase-lexicon.js';
import { bare, type PhraseText } from './phrase-text.js';
import type { Frequency, PhraseParts } from './phrase-parts.js';

const patterns = patternsFor(({ w, aw, weekday, count, offsetWord }) => {
  const every = `(?:${w('mỗi')}|${w('hằng')}|${w('hàng')})`;
  const unit = `(${w('ngày')}|${w('tuần')}|${w('tháng')}|${w('quý')}|${aw('năm')})`;
  const once = `(?:một|1)\\s+${w('lần')}`;
  const position = `(${w('đầu')}\\s+${w('tiên')}|${w('cuối')}\\s+${w('cùng')}|${w('đầu')}|${w('cuối')})`;
  const ofMonth = `(?:\\s+(?:${w('của')}|trong))?(?:\\s+(${every}))?\\s+${w('tháng')}`;
  return {
    /** "thứ sáu cuối cùng của tháng", "thứ hai đầu tiên hằng tháng", "thứ sáu cuối tháng này". */
    monthWeekday: `${B}(${weekday})(?:\\s+${w('tuần')})?\\s+${position}${ofMonth}(?:\\s+(${offsetWord}))?${E}`,
    /** "hằng tháng", "mỗi quý", "hàng năm một lần". */
    every: `${B}${every}\\s+${unit}(?:\\s+${once})?${E}`,
    /** "3 tháng một lần", "cứ 2 tuần 1 lần", "mỗi 2 tuần". */
    interval: `${B}(?:(?:${w('cứ')}|${w('mỗi')})\\s+)?${count}\\s+${unit}\\s+${once}${E}|${B}(?:${w('cứ')}|${w('mỗi')})\\s+${count}\\s+${unit}${E}`,
    /** After "hằng tháng" was read: "thứ sáu cuối cùng" without "tháng". */
    monthWeekdayShort: `${B}(${weekday})(?:\\s+${w('tuần')})?\\s+${position}${E}(?!\\s+(?:${w('tuần')}|${w('tháng')}|${aw('năm')}|${w('quý')}))`,
    /** "ngày cuối tháng", "ngày cuối cùng của mỗi tháng" (not "... tháng này"). */
    lastDayOfMonth: `${B}${w('ngày')}\\s+${w('cuối')}(?:\\s+${w('cùng')})?${ofMonth}${E}(?!\\s+(?:${offsetWord}|\\d))`,
    /** "cuối mỗi tháng", "cuối hằng tháng". */
    endOfEveryMonth: `${B}${w('cuối')}\\s+${every}\\s+${w('tháng')}${E}`,
    /** After "hằng tháng" was read: "ngày cuối cùng", "ngày cuối". */
    lastDayShort: `${B}${w('ngày')}\\s+${w('cuối')}(?:\\s+${w('cùng')})?${E}(?!\\s+(?:${w('tuần')}|${w('tháng')}|${aw('năm')}|${w('quý')}))`,
    /** "cuối quý", "ngày cuối mỗi quý", "cuối quý sau". */
    quarterEnd: `${B}(?:${w('ngày')}\\s+)?${w('cuối')}(?:\\s+${w('cùng')})?(?:\\s+(?:${w('của')}|trong))?(?:\\s+(${every}))?\\s+${w('quý')}(?:\\s+(${offsetWord}))?${E}`,
  };
});

function frequencyOf(unitWord: string, count: number): Frequency {
  const unit = bare(unitWord);
  if (unit === 'quy') return { unit: 'month', interval: 3 * count };
  if (unit === 'ngay') return { unit: 'day', interval: count };
  if (unit === 'tuan') return { unit: 'week', interval: count };
  return unit === 'thang' ? { unit: 'month', interval: count } : { unit: 'year', interval: count };
}

/** Reads the recurrence words of the phrase into `parts`. */
export function extractRecurrence(phrase: PhraseText, parts: PhraseParts): void {
  const p = patterns(phrase);
  const setPosition = (weekdayText: string, positionText: string): void => {
    parts.monthWeekday = { weekday: weekdayNumber(weekdayText), position: bare(positionText).startsWith('dau') ? 1 : -1 };
  };

  phrase.claimAll(p.monthWeekday, 'recurrence', (match) => {
    setPosition(match[1] ?? '', match[2] ?? '');
    if (match[4] !== undefined) parts.monthOffset = offsetNumber(match[4]);
    else if (match[3] !== undefined) parts.frequency = { unit: 'month', interval: 1 };
    else parts.impliedMonthly = true;
    return true;
  });
  phrase.claimAll(p.quarterEnd, 'recurrence', (match) => {
    parts.quarterEnd = { offset: match[2] === undefined ? 0 : offsetNumber(match[2]) };
    if (match[1] !== undefined) parts.frequency = { unit: 'month', interval: 3 };
    return true;
  });
  phrase.claimAll(p.every, 'recurrence', (match) => {
    parts.frequency = frequencyOf(match[1] ?? '', 1);
    return true;
  });
  phrase.claimAll(p.interval, 'recurrence', (match) => {
    const count = countNumber(match[1] ?? match[3] ?? '');
    if (count < 1) return false;
    parts.frequency = frequencyOf(match[2] ?? match[4] ?? '', count);
    return true;
  });
  phrase.claimAll(p.lastDayOfMonth, 'recurrence', (match) => {
    parts.monthEdge = { edge: 'last' };
    if (match[1] !== undefined) parts.frequency = { unit: 'month', interval: 1 };
    else if (parts.frequency === undefined) parts.impliedMonthly = true;
    return true;
  });
  phrase.claimAll(p.endOfEveryMonth, 'recurrence', () => {
    parts.monthEdge = { edge: 'last' };
    parts.frequency = { unit: 'month', interval: 1 };
    return true;
  });
  if (parts.frequency?.unit !== 'month') return;
  phrase.claimAll(p.monthWeekdayShort, 'recurrence', (match) => {
    setPosition(match[1] ?? '', match[2] ?? '');
    return true;
  });
  phrase.claimAll(p.lastDayShort, 'recurrence', () => {
    parts.monthEdge = { edge: 'last' };
    return true;
  });
}
