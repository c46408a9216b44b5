/**
 * The day of a one-off phrase, resolved against `now` in the time zone. An under-specified day
 * (a weekday without a week, "ngày 5" without a month, "25/12" without a year, "cuối tháng") is
 * the first one still ahead: today counts while its time is ahead of `now`, or all day when no
 * time is given. "thứ năm tuần sau" is the Thursday of next week (weeks start on Monday).
 */
import { DateTime } from 'luxon';
import { formatDate, weekdayName } from './calendar-format.js';
import type { PhraseParts } from './phrase-parts.js';
import type { ClockTime } from './resolve-time.js';
import { invalidDateProblem, noDateProblem } from './schedule-problems.js';
import type { ScheduleParseProblem } from './schedule-types.js';

/** What {@link resolveDay} needs to know. */
export interface DayContext {
  /** `now` in the time zone. */
  now: DateTime;
  time: ClockTime | null;
  /** Receives what was guessed, in Vietnamese. */
  notes: string[];
}

/** The day found, a problem, or undefined when the phrase names no day at all. */
export type DayOutcome = { day: DateTime } | ScheduleParseProblem | undefined;

/** The moment of `day` at `time` (midnight for an all-day event). */
export function atTime(day: DateTime, time: ClockTime | null): DateTime {
  if (!time) return day;
  return day.plus({ days: time.nextDay ? 1 : 0 }).set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
}

/** True when `day` (at the context's time) is at or after now; an all-day today counts. */
export function isAhead(day: DateTime, context: DayContext): boolean {
  return context.time ? atTime(day, context.time) >= context.now : day >= context.now.startOf('day');
}

function dateOf(year: number, month: number, day: number, now: DateTime): DateTime | undefined {
  const date = DateTime.fromObject({ year, month, day }, { zone: now.zone });
  return date.isValid ? date : undefined;
}

function daysInMonthReason(year: number | undefined, month: number, day: number): string | undefined {
  if (month < 1 || month > 12) return `Không có tháng ${month}.`;
  if (day < 1 || day > 31) return `Không có ngày ${day}.`;
  if (year === undefined) return `Tháng ${month} không có ngày ${day}.`;
  const length = DateTime.fromObject({ year, month, day: 1 }, { zone: 'utc' }).daysInMonth ?? 31;
  return `Tháng ${month}/${year} chỉ có ${length} ngày.`;
}

/** The first of `candidates` (in order) that is ahead; undefined when none is (a date that never exists). */
function firstAhead(candidates: (DateTime | undefined)[], context: DayContext): DateTime | undefined {
  return candidates.find((day): day is DateTime => day !== undefined && isAhead(day, context));
}

function calendarDate(parts: PhraseParts, date: NonNullable<PhraseParts['date']> & { month: number }, context: DayContext): DayOutcome {
  const { now } = context;
  const year = date.year ?? (parts.yearOffset === undefined ? undefined : now.year + parts.yearOffset);
  if (year !== undefined) {
    const day = dateOf(year, date.month, date.day, now);
    return day ? { day } : invalidDateProblem(date.text.trim(), daysInMonthReason(year, date.month, date.day));
  }
  const years = Array.from({ length: 9 }, (_, index) => now.year + index);
  const day = firstAhead(
    years.map((candidate) => dateOf(candidate, date.month, date.day, now)),
    context,
  );
  if (!day) return invalidDateProblem(date.text.trim(), daysInMonthReason(undefined, date.month, date.day));
  // Rolling a date that passed months ago into next year is the plain reading ("5/1" said in
  // December); a date that passed within the last six months may be a late note of a past event.
  const thisYear = dateOf(now.year, date.month, date.day, now);
  if (day.year > now.year && !thisYear) {
    context.notes.push(`Năm ${now.year} không có ngày ${date.day}/${date.month}: hiểu là ${formatDate(day)}.`);
  } else if (day.year > now.year && thisYear && now.diff(thisYear, 'months').months < 6) {
    context.notes.push(`Ngày ${date.day}/${date.month} năm nay đã qua: hiểu là ${formatDate(day)}.`);
  }
  return { day };
}

function dayOfMonth(parts: PhraseParts, dayNumber: number, text: string, context: DayContext): DayOutcome {
  const thisMonth = context.now.startOf('day').startOf('month');
  if (dayNumber < 1 || dayNumber > 31) return invalidDateProblem(text.trim(), daysInMonthReason(undefined, 1, dayNumber));
  if (parts.monthOffset !== undefined) {
    const month = thisMonth.plus({ months: parts.monthOffset });
    const day = dateOf(month.year, month.month, dayNumber, context.now);
    return day ? { day } : invalidDateProblem(text.trim(), daysInMonthReason(month.year, month.month, dayNumber));
  }
  const months = Array.from({ length: 13 }, (_, index) => thisMonth.plus({ months: index }));
  const day = firstAhead(
    months.map((month) => dateOf(month.year, month.month, dayNumber, context.now)),
    context,
  );
  if (!day) return invalidDateProblem(text.trim());
  // A month that is not over yet but has no such day ("ngày 31" said in November) was skipped.
  const skipped = months.find(
    (month) => month < day.startOf('month') && dayNumber > (month.daysInMonth ?? 31) && isAhead(month.endOf('month').startOf('day'), context),
  );
  if (skipped) context.notes.push(`Tháng ${skipped.month} không có ngày ${dayNumber}: hiểu là ${formatDate(day)}.`);
  return { day };
}

const EDGE_DAYS = { first: 1, middle: 15 } as const;

function monthEdgeDay(month: DateTime, edge: 'first' | 'middle' | 'last'): DateTime {
  return edge === 'last' ? month.endOf('month').startOf('day') : month.set({ day: EDGE_DAYS[edge] });
}

/** `current` when it is ahead, else `next` (which always is). */
function currentOrNext(current: DateTime, next: DateTime, context: DayContext): DateTime {
  return isAhead(current, context) ? current : next;
}

/** "đầu/giữa/cuối tháng (12)", "thứ sáu cuối tháng này": a day picked within a month. */
function dayInMonth(parts: PhraseParts, pick: (month: DateTime) => DateTime, context: DayContext): DayOutcome {
  const thisMonth = context.now.startOf('day').startOf('month');
  const namedMonth = parts.monthEdge?.month;
  if (namedMonth !== undefined) {
    if (namedMonth < 1 || namedMonth > 12) return invalidDateProblem(`tháng ${namedMonth}`, `Không có tháng ${namedMonth}.`);
    const named = thisMonth.set({ month: namedMonth });
    return { day: currentOrNext(pick(named), pick(named.plus({ years: 1 })), context) };
  }
  if (parts.monthOffset !== undefined) return { day: pick(thisMonth.plus({ months: parts.monthOffset })) };
  return { day: currentOrNext(pick(thisMonth), pick(thisMonth.plus({ months: 1 })), context) };
}

/** The `position`-th (1 first, -1 last) `weekday` of `month`. */
export function nthWeekday(month: DateTime, weekday: number, position: 1 | -1): DateTime {
  if (position === 1) {
    const first = month.startOf('month');
    return first.plus({ days: (weekday - first.weekday + 7) % 7 });
  }
  const last = month.endOf('month').startOf('day');
  return last.minus({ days: (last.weekday - weekday + 7) % 7 });
}

function weekdayDay(parts: PhraseParts, weekdays: number[], context: DayContext): DayOutcome {
  const today = context.now.startOf('day');
  const monday = today.startOf('week');
  let days: DateTime[];
  if (parts.weekOffset !== undefined) {
    const offset = parts.weekOffset;
    days = weekdays.map((weekday) => monday.plus({ weeks: offset, days: weekday - 1 }));
  } else {
    days = weekdays.map((weekday) => {
      const first = today.plus({ days: (weekday - today.weekday + 7) % 7 });
      return isAhead(first, context) ? first : first.plus({ weeks: 1 });
    });
  }
  const day = days.reduce((earliest, candidate) => (candidate < earliest ? candidate : earliest));
  if (weekdays.length > 1) context.notes.push(`Có nhiều thứ trong câu: lấy ngày gần nhất, ${weekdayName(day.weekday)} ${formatDate(day)}.`);
  if (parts.weekOffset === undefined && day.equals(today)) {
    context.notes.push(`Hôm nay là ${weekdayName(day.weekday)}: hiểu là hôm nay (${formatDate(day)}); nếu là tuần sau, hãy ghi thêm "tuần sau".`);
  }
  return { day };
}

function weekendDay(parts: PhraseParts, context: DayContext): DayOutcome {
  const monday = context.now.startOf('day').startOf('week');
  const saturday = monday.plus({ weeks: parts.weekOffset ?? 0, days: 5 });
  const sunday = saturday.plus({ days: 1 });
  const day = parts.weekOffset === undefined ? currentOrNext(saturday, currentOrNext(sunday, saturday.plus({ weeks: 1 }), context), context) : saturday;
  context.notes.push(`Cuối tuần: hiểu là ${weekdayName(day.weekday)} ${formatDate(day)}.`);
  return { day };
}

/** The day of a one-off phrase; see the module comment for the rules. */
export function resolveDay(parts: PhraseParts, context: DayContext): DayOutcome {
  const { now, notes } = context;
  const today = now.startOf('day');
  const { date } = parts;
  if (date?.month !== undefined) return calendarDate(parts, { ...date, month: date.month }, context);
  if (date) return dayOfMonth(parts, date.day, date.text, context);
  if (parts.monthWeekday) {
    const { weekday, position } = parts.monthWeekday;
    return dayInMonth(parts, (month) => nthWeekday(month, weekday, position), context);
  }
  if (parts.monthEdge) {
    const { edge } = parts.monthEdge;
    if (edge !== 'last') notes.push(edge === 'first' ? 'Đầu tháng: hiểu là ngày 1.' : 'Giữa tháng: hiểu là ngày 15.');
    return dayInMonth(parts, (month) => monthEdgeDay(month, edge), context);
  }
  if (parts.quarterEnd) {
    const quarterEnd = (offset: number): DateTime => today.startOf('quarter').plus({ quarters: offset }).endOf('quarter').startOf('day');
    const { offset } = parts.quarterEnd;
    return { day: offset !== 0 ? quarterEnd(offset) : currentOrNext(quarterEnd(0), quarterEnd(1), context) };
  }
  if (parts.yearEdge) {
    const { edge, offset } = parts.yearEdge;
    const edgeOf = (years: number): DateTime => (edge === 'first' ? today.startOf('year') : today.endOf('year').startOf('day')).plus({ years });
    return { day: offset !== 0 ? edgeOf(offset) : currentOrNext(edgeOf(0), edgeOf(1), context) };
  }
  if (parts.relativeDays !== undefined) return { day: today.plus({ days: parts.relativeDays }) };
  if (parts.weekend) return weekendDay(parts, context);
  if (parts.weekStart) {
    notes.push('Đầu tuần: hiểu là thứ Hai.');
    return weekdayDay(parts, [1], context);
  }
  if (parts.weekdays.length > 0) return weekdayDay(parts, parts.weekdays, context);
  if (parts.weekOffset !== undefined) return noDateProblem('weekday');
  if (parts.monthOffset !== undefined) return noDateProblem('day-of-month');
  return undefined;
}
