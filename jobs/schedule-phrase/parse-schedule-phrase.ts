/**
 * The Vietnamese schedule-phrase parser: "họp chi bộ 19h thứ tư tuần sau", "sinh hoạt chi bộ
 * ngày 5 hằng tháng lúc 19h30", "nộp báo cáo quý trước ngày 20/12" → kind, title, start, RRULE.
 * Written by hand (no library reads Vietnamese dates); Luxon does the time zones and rrule the
 * recurrences, so the host's TZ never matters. Phrases are matched with and without diacritics
 * and in either tone placement style.
 */
import { DateTime } from 'luxon';
import { extractDays } from './extract-days.js';
import { extractRecurrence } from './extract-recurrence.js';
import { extractTimes } from './extract-times.js';
import { kindOf, titleOf } from './kind-and-title.js';
import type { PhraseParts } from './phrase-parts.js';
import { PhraseText } from './phrase-text.js';
import { resolveSchedule, type ResolvedSchedule } from './resolve-schedule.js';
import { pastProblem } from './schedule-problems.js';
import type { ParsedSchedule, ParseScheduleOptions, ScheduleBase, ScheduleParseProblem } from './schedule-types.js';

export { describeRecurrence, describeSchedule } from './describe-schedule.js';
export { DEFAULT_TITLES } from './kind-and-title.js';
export type { ParsedSchedule, ParseScheduleOptions, ScheduleBase, ScheduleKind, ScheduleParseProblem } from './schedule-types.js';

/** The time zone of phrases when none is given. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** `now` in the time zone; throws a TypeError naming a bad `now` or time zone. */
function readNow(now: Date | string, timeZone: string): DateTime {
  if (!DateTime.now().setZone(timeZone).isValid) throw new TypeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  const moment = now instanceof Date ? DateTime.fromJSDate(now, { zone: timeZone }) : DateTime.fromISO(now, { zone: timeZone });
  if (!moment.isValid) throw new TypeError(`Invalid now: expected a Date or an ISO-8601 date-time, got ${JSON.stringify(String(now))}`);
  return moment;
}

/** The base of an edit in the time zone; throws a TypeError naming a bad start. */
function readBase(base: ScheduleBase, timeZone: string): ResolvedSchedule {
  const start = DateTime.fromISO(base.start, { zone: timeZone });
  if (!start.isValid) throw new TypeError(`Invalid base start: expected an ISO-8601 date-time, got ${JSON.stringify(base.start)}`);
  return { start, allDay: base.allDay, rrule: base.rrule };
}

/** True when the parser could not schedule the phrase. */
export function isScheduleParseProblem(result: ParsedSchedule | ScheduleParseProblem): result is ScheduleParseProblem {
  return 'problem' in result;
}

/**
 * Reads a Vietnamese schedule phrase against `options.now` in `options.timeZone`.
 *
 * - Days: hôm nay, (ngày) mai, ngày kia/mốt, hôm qua (past), thứ hai … chủ nhật, "tuần này/sau/tới",
 *   cuối tuần (the Saturday), đầu tuần, cuối/đầu/giữa tháng (this month, "sau" for the next),
 *   cuối quý, cuối năm; dates 25/12, 25/12/2026, 25-12-2026, ngày 3 tháng 12 (năm 2027).
 * - A weekday without a week, a day without a month, a date without a year are the first one
 *   still ahead of `now` (today counts while its time is ahead, or all day when no time is given):
 *   "thứ hai" said on a Monday at 10:00 with "8h" is next Monday, with "19h" today.
 *   A date already passed this year means next year.
 * - Times: 19h, 19h30, 19:30, 7 giờ tối, 8h sáng, 9 rưỡi, 8 giờ kém 15, trưa; see resolve-time.ts.
 * - Deadlines (trước ngày 20/12, hạn chót 15/6, chậm nhất là ngày …) are the deadline day,
 *   all-day unless a time is given.
 * - Recurrences (hằng/hàng/mỗi tháng, ngày 4 hằng tháng, thứ tư hằng tuần, thứ sáu cuối tháng,
 *   ngày cuối tháng, mỗi quý, 3 tháng một lần, hằng năm, hằng ngày) give an RRULE body; `start`
 *   is the first occurrence at or after `now`.
 * - Kind from the first kind word; title is what is left, first letter upper case.
 *
 * - With `base` (an edit), what the phrase leaves out is kept: "20h" moves the base to 20:00 on
 *   its day (a recurrence keeps its rule), "thứ sáu tuần sau" moves it to that day at its time, a
 *   phrase with neither ("tại phòng 2") keeps its schedule; `given` says which the phrase gave.
 *
 * Returns a problem (never throws) for a phrase without a day or time (and no base), a moment
 * already past (unless `allowPast`), or a date or time that does not exist. Throws a TypeError
 * for a bad `now`, time zone or base, which are the caller's mistakes.
 */
export function parseSchedulePhrase(text: string, options: ParseScheduleOptions): ParsedSchedule | ScheduleParseProblem {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const now = readNow(options.now, timeZone);
  const base = options.base ? readBase(options.base, timeZone) : undefined;
  const phrase = new PhraseText(text);
  const parts: PhraseParts = { weekdays: [], times: [] };
  extractRecurrence(phrase, parts);
  extractDays(phrase, parts);
  extractTimes(phrase, parts);

  const notes: string[] = [];
  const resolved = resolveSchedule(parts, now, notes, base);
  if ('problem' in resolved) return resolved;
  const { start, allDay, rrule, given } = resolved;
  const past = allDay ? start < now.startOf('day') : start < now;
  if (past && !options.allowPast) return pastProblem(start, allDay);

  const kind = kindOf(phrase);
  return {
    kind,
    title: titleOf(phrase, kind),
    start: start.toISO({ suppressMilliseconds: true }) ?? '',
    allDay,
    rrule,
    ...(notes.length > 0 ? { ambiguous: notes } : {}),
    ...(past ? { past: true } : {}),
    ...(base ? { given } : {}),
  };
}
