/**
 * A recurring phrase as an RFC 5545 RRULE body and its first occurrence at or after `now`
 * (or at or after the day it is said to start: "hằng tháng từ 5/1/2027"). Occurrences are
 * computed with the rrule package on wall-clock times carried as UTC ("floating"), so neither
 * the host's nor the event's time zone shifts them; the time of day comes from DTSTART, not
 * from the rule.
 */
import type { DateTime } from 'luxon';
import rrulePackage, { type Options as RRuleOptions } from 'rrule';
import { formatDate, weekdayName } from './calendar-format.js';
import type { Frequency, PhraseParts } from './phrase-parts.js';
import { atTime, resolveDay, type DayContext } from './resolve-day.js';
import type { ClockTime } from './resolve-time.js';
import { invalidDateProblem, noDateProblem } from './schedule-problems.js';
import type { ScheduleParseProblem } from './schedule-types.js';

const { RRule } = rrulePackage;

const BYDAY = ['', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FREQ = { day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' } as const;
const EDGE_MONTH_DAYS = { first: 1, middle: 15, last: -1 } as const;
const UNIT_WORDS = { day: 'ngày', week: 'tuần', month: 'tháng', year: 'năm' } as const;

/** A recurrence resolved: the rule body and its first occurrence. */
export interface ResolvedRecurrence {
  rrule: string;
  start: DateTime;
}

/** A wall-clock time carried as the same fields in UTC, as the rrule package expects. */
export function toFloating(moment: DateTime): Date {
  return new Date(Date.UTC(moment.year, moment.month - 1, moment.day, moment.hour, moment.minute, moment.second));
}

/** The wall-clock time of a floating date, in the time zone of `like`. */
export function fromFloating(date: Date, like: DateTime): DateTime {
  return like.set({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: 0,
    millisecond: 0,
  });
}

/** True when the phrase says from when the recurrence starts (a full date, "tuần sau", "mai"). */
function hasStartAnchor(parts: PhraseParts): boolean {
  const { date, relativeDays, weekOffset, monthOffset, yearOffset } = parts;
  return date?.month !== undefined || [relativeDays, weekOffset, monthOffset, yearOffset].some((offset) => offset !== undefined);
}

/** The BY* parts of the rule, or what is missing. */
function ruleParts(parts: PhraseParts, frequency: Frequency, anchor: DateTime | undefined, notes: string[]): string[] | ScheduleParseProblem {
  const { date, monthEdge, monthWeekday, weekdays } = parts;
  switch (frequency.unit) {
    case 'day':
      return [];
    case 'week': {
      const days = weekdays.length > 0 ? weekdays : parts.weekend ? [6] : parts.weekStart ? [1] : anchor ? [anchor.weekday] : [];
      return days.length > 0 ? [`BYDAY=${days.map((weekday) => BYDAY[weekday]).join(',')}`] : noDateProblem('weekly-day');
    }
    case 'month': {
      if (monthWeekday) return [`BYDAY=${monthWeekday.position}${BYDAY[monthWeekday.weekday]}`];
      if (parts.quarterEnd || monthEdge?.edge === 'last') return ['BYMONTHDAY=-1'];
      if (monthEdge) return [`BYMONTHDAY=${EDGE_MONTH_DAYS[monthEdge.edge]}`];
      const day = date?.day ?? anchor?.day;
      if (day !== undefined) {
        if (day > 28) notes.push(`Tháng nào không có ngày ${day} thì bỏ qua tháng đó; muốn ngày cuối mỗi tháng, hãy ghi "ngày cuối tháng".`);
        return [`BYMONTHDAY=${day}`];
      }
      const [weekday] = weekdays;
      if (weekday === undefined) return noDateProblem('monthly-day');
      notes.push(`Không rõ ${weekdayName(weekday)} nào trong tháng: hiểu là ${weekdayName(weekday)} đầu tiên.`);
      return [`BYDAY=1${BYDAY[weekday]}`];
    }
    case 'year': {
      if (date?.month !== undefined) return [`BYMONTH=${date.month}`, `BYMONTHDAY=${date.day}`];
      if (monthEdge?.month !== undefined) return [`BYMONTH=${monthEdge.month}`, `BYMONTHDAY=${EDGE_MONTH_DAYS[monthEdge.edge]}`];
      return anchor ? [`BYMONTH=${anchor.month}`, `BYMONTHDAY=${anchor.day}`] : noDateProblem('yearly-date');
    }
  }
}

/** The first occurrence of `body` at or after `from`, searched with an interval of 1 (any phase). */
function firstOccurrence(body: string, parts: PhraseParts, from: DateTime, context: DayContext): DateTime | undefined {
  const options: Partial<RRuleOptions> = { ...RRule.parseString(body), interval: 1 };
  // Quarter ends fall in March, June, September and December whatever the start.
  if (parts.quarterEnd) Object.assign(options, { freq: RRule.YEARLY, bymonth: [3, 6, 9, 12] });
  const first = atTime(from.startOf('day'), context.time);
  const rule = new RRule({ ...options, dtstart: toFloating(first) });
  const found = rule.after(toFloating(from), true);
  return found ? fromFloating(found, from) : undefined;
}

/**
 * The first occurrence at or after `now` of a stored rule whose DTSTART is moved to `time` on its
 * own day (an edit of the time alone: the rule and its phase stay); undefined when it has none.
 */
export function recurrenceFrom(rrule: string, dtstart: DateTime, time: ClockTime | null, now: DateTime): DateTime | undefined {
  const rule = new RRule({ ...RRule.parseString(rrule), dtstart: toFloating(atTime(dtstart.startOf('day'), time)) });
  const found = rule.after(toFloating(time ? now : now.startOf('day')), true);
  return found ? fromFloating(found, now) : undefined;
}

/** The rule and first occurrence of a recurring phrase. */
export function resolveRecurrence(parts: PhraseParts, frequency: Frequency, context: DayContext): ResolvedRecurrence | ScheduleParseProblem {
  // The day the other words name, read as a one-off: where a rule without a day of its own takes
  // it from ("hằng tuần từ mai"), and where it starts when the phrase says so.
  const outcome = resolveDay(parts, { ...context, notes: [] });
  if (outcome && 'problem' in outcome && outcome.problem === 'invalid') return outcome;
  const anchor = outcome && 'day' in outcome ? outcome.day : undefined;
  const earliest = context.time ? context.now : context.now.startOf('day');
  const from = anchor && hasStartAnchor(parts) && anchor > earliest ? anchor : earliest;
  const by = ruleParts(parts, frequency, anchor, context.notes);
  if ('problem' in by) return by;
  const body = [`FREQ=${FREQ[frequency.unit]}`, ...(frequency.interval > 1 ? [`INTERVAL=${frequency.interval}`] : []), ...by].join(';');
  const start = firstOccurrence(body, parts, from, context);
  if (!start) return invalidDateProblem(parts.date?.text.trim() ?? body);
  if (frequency.interval > 1) context.notes.push(`Lặp ${frequency.interval} ${UNIT_WORDS[frequency.unit]} một lần, tính từ ${formatDate(start)}.`);
  return { rrule: body, start };
}
