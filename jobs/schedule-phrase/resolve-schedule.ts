/** Puts the parts of a phrase together against `now`: the time of day, then a recurrence or a one-off day. */
import type { DateTime } from 'luxon';
import { formatDate, weekdayName } from './calendar-format.js';
import type { PhraseParts } from './phrase-parts.js';
import { atTime, isAhead, resolveDay, type DayContext } from './resolve-day.js';
import { recurrenceFrom, resolveRecurrence } from './resolve-recurrence.js';
import { resolveTime, type ClockTime } from './resolve-time.js';
import { noDateProblem } from './schedule-problems.js';
import type { ScheduleParseProblem } from './schedule-types.js';

/** When the event is, before the past check. */
export interface ResolvedSchedule {
  start: DateTime;
  allDay: boolean;
  rrule: string | null;
}

/** A resolved schedule and what the phrase gave of its own (the rest came from the base). */
export type ResolvedWithParts = ResolvedSchedule & { given: { day: boolean; time: boolean } };

/** The time of day of a schedule; null for an all-day one. */
function clockOf(schedule: ResolvedSchedule): ClockTime | null {
  return schedule.allDay ? null : { hour: schedule.start.hour, minute: schedule.start.minute, nextDay: false };
}

/**
 * An edit that names no day: the base's day at `time` (the base's own time when none was written),
 * or for a recurring base its rule at that time, from its next occurrence on.
 */
function keptDay(base: ResolvedSchedule, time: ClockTime | null, now: DateTime): ResolvedSchedule {
  const allDay = time === null;
  if (!base.rrule) return { start: atTime(base.start.startOf('day'), time), allDay, rrule: null };
  return { start: recurrenceFrom(base.rrule, base.start, time, now) ?? base.start, allDay, rrule: base.rrule };
}

/** Notes where two ways of naming the day disagree ("thứ hai 25/11/2026" is a Wednesday). */
function noteDisagreements(parts: PhraseParts, day: DateTime, context: DayContext): void {
  const [weekday] = parts.weekdays;
  if (parts.date && weekday !== undefined && !parts.weekdays.includes(day.weekday)) {
    context.notes.push(`${formatDate(day)} là ${weekdayName(day.weekday)}, không phải ${weekdayName(weekday)}: lấy theo ngày ${formatDate(day)}.`);
  }
  const relative = parts.relativeDays;
  if (relative !== undefined && (parts.date || parts.weekdays.length > 0) && !context.now.startOf('day').plus({ days: relative }).equals(day)) {
    context.notes.push(`"Hôm nay/mai" trong câu không khớp với ngày đã ghi: lấy ngày ${formatDate(day)}.`);
  }
}

/**
 * The start, all-day flag and rule of the phrase's parts, or why there is none. With a `base` (an
 * edit), what the parts leave out is taken from it: its time of day, its day or rule, or both.
 */
export function resolveSchedule(parts: PhraseParts, now: DateTime, notes: string[], base?: ResolvedSchedule): ResolvedWithParts | ScheduleParseProblem {
  const written = resolveTime(parts, notes);
  if (written && 'problem' in written) return written;
  const given = { day: true, time: written !== null };
  const time = written ?? (base ? clockOf(base) : null);
  const context: DayContext = { now, time, notes };

  let frequency = parts.frequency;
  if (!frequency && parts.impliedMonthly) {
    frequency = { unit: 'month', interval: 1 };
    notes.push('Hiểu là lặp lại hằng tháng; nếu chỉ một lần, hãy ghi thêm "tháng này" hoặc "tháng sau".');
  }
  if (frequency) {
    const recurrence = resolveRecurrence(parts, frequency, context);
    return 'problem' in recurrence ? recurrence : { start: recurrence.start, allDay: time === null, rrule: recurrence.rrule, given };
  }

  const outcome = resolveDay(parts, context);
  if (outcome && 'problem' in outcome) return outcome;
  let day: DateTime;
  if (outcome) {
    day = outcome.day;
    noteDisagreements(parts, day, context);
  } else if (base) {
    return { ...keptDay(base, time, now), given: { ...given, day: false } };
  } else if (time) {
    const today = now.startOf('day');
    day = isAhead(today, context) ? today : today.plus({ days: 1 });
    notes.push(`Không ghi ngày: hiểu là ${day.equals(today) ? 'hôm nay' : 'ngày mai'} (${formatDate(day)}).`);
  } else {
    return noDateProblem('date');
  }
  return { start: atTime(day, time), allDay: time === null, rrule: null, given };
}
