/**
 * Time words: "19h", "19h30", "19:30", "19 giờ 30 phút", "7 giờ tối", "9 rưỡi", "8 giờ kém 15",
 * "lúc 7 tối"; parts of the day on their own ("chiều thứ năm", "buổi tối"); and the connecting
 * words left next to a date or time ("lúc", "vào", "trước ngày", "hạn chót", "chậm nhất là").
 */
import { B, E, patternsFor } from './phrase-lexicon.js';
import { bare, type PhraseText } from './phrase-text.js';
import { periodOf, type PhraseParts } from './phrase-parts.js';

/** Deadline and linking words, dropped from the title when a date or time follows them. */
const CONNECTORS = [
  'chậm nhất là',
  'muộn nhất là',
  'bắt đầu từ',
  'trước ngày',
  'vào lúc',
  'hạn chót',
  'hạn cuối',
  'thời hạn',
  'chậm nhất',
  'muộn nhất',
  'không quá',
  'bắt đầu',
  'kể từ',
  'trước',
  'lúc',
  'vào',
  'đúng',
  'ngày',
  'hôm',
  'từ',
  'đến',
  'tới',
  'của',
  'buổi',
  'và',
  'là',
];

const patterns = patternsFor(({ w, aw, period }) => {
  const unit = `(?:${w('giờ')}|h|g)`;
  const minuteUnit = `(?:\\s*(?:${w('phút')}|p|'))?`;
  const then = `(?:\\s+${period})?`;
  const notDayNumber = `(?<!(?:${w('ngày')}|${w('mùng')}|${w('mồng')}|${w('tháng')}|${aw('năm')}|${w('quý')}|${w('thứ')}|[/.-])\\s*)`;
  return {
    /** "8 giờ kém 15": 7:45. */
    before: `${B}(\\d{1,2})\\s*${unit}\\s*${w('kém')}\\s*(\\d{1,2})${minuteUnit}${then}${E}`,
    /** "19h", "19h30", "19 giờ 30 phút", "9 giờ rưỡi", "7 giờ tối". */
    hours: `${B}(\\d{1,2})\\s*${unit}(?:\\s*(${w('rưỡi')})|\\s*(\\d{1,2})${minuteUnit})?${then}${E}`,
    /** "19:30", and "19.30" as written in notices (a date with dots needs its year). */
    colon: `${B}(\\d{1,2})\\s*([:.])\\s*(\\d{2})${then}${E}(?!\\.\\d)`,
    /** "9 rưỡi". */
    half: `${B}(\\d{1,2})\\s+${w('rưỡi')}${then}${E}`,
    /** "lúc 7 tối", "7 tối": a bare number only with a part of the day after it. */
    bare: `${B}${notDayNumber}(\\d{1,2})\\s+${period}`,
    /** A part of the day on its own: "chiều", "buổi tối", "trưa". */
    period: `${B}${period}`,
    /** Words that only connect a date or time to the rest, longest first. */
    connector: `${B}(?:${CONNECTORS.map((words) => words.split(' ').map(w).join('\\s+')).join('|')})${E}[\\s:,]*|[-–—]\\s*`,
  };
});

/** Reads the times, parts of the day and connecting words of the phrase into `parts`. */
export function extractTimes(phrase: PhraseText, parts: PhraseParts): void {
  const p = patterns(phrase);
  const addTime = (match: RegExpExecArray, hour: number, minute: number): boolean => {
    const before = bare(phrase.key.slice(0, match.index));
    parts.times.push({
      hour,
      minute,
      period: periodOf(bare(match.groups?.period ?? '')),
      text: match[0].trim(),
      at: match.index,
      endOfRange: /(?:^|\s)(?:den|toi)$|[-–—]$/u.test(before),
    });
    return true;
  };
  phrase.claimAll(p.before, 'time', (match) => addTime(match, Number(match[1]) - 1, 60 - Number(match[2])));
  phrase.claimAll(p.hours, 'time', (match) => addTime(match, Number(match[1]), match[2] !== undefined ? 30 : Number(match[3] ?? 0)));
  phrase.claimAll(p.colon, 'time', (match) => {
    const [hour, minute] = [Number(match[1]), Number(match[3])];
    // "25.12" is no time; with a colon an impossible time is reported instead.
    if (match[2] === '.' && (hour > 23 || minute > 59)) return false;
    return addTime(match, hour, minute);
  });
  phrase.claimAll(p.half, 'time', (match) => addTime(match, Number(match[1]), 30));
  phrase.claimAll(p.bare, 'time', (match) => addTime(match, Number(match[1]), 0));
  phrase.claimAll(p.period, 'period', (match) => {
    const word = bare(match.groups?.period ?? '');
    // In a phrase without diacritics "sang" and "toi" are also "to" and "I": only next to a time.
    if (!phrase.accented && (word === 'sang' || word === 'toi')) {
      const end = match.index + match[0].length;
      if (phrase.roleBefore(match.index) !== 'time' && phrase.roleAfter(end) !== 'time') return false;
    }
    parts.period ??= periodOf(word);
    return true;
  });
  // A connector counts only when a date, time or another connector follows it.
  for (let claimed = 1; claimed > 0;) {
    claimed = phrase.claimAll(p.connector, 'connector', (match) => {
      const next = phrase.roleAfter(match.index + match[0].length);
      return next !== undefined;
    }).length;
  }
}
