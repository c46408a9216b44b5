/**
 * When an event happens and when its reminders are due, in the event's own time zone. Recurrences
 * are computed as the parser does: the rrule package over wall-clock times carried as UTC, with
 * the event's first start as DTSTART, so the host's TZ never shifts them.
 */
import { DateTime } from 'luxon';
import rrulePackage from 'rrule';
import { offsetMs } from './reminder-offsets.js';
import { fromFloating, toFloating } from '../schedule-phrase/resolve-recurrence.js';

const { RRule } = rrulePackage;

/** The hour an all-day event's reminders count from (a report due "15/6" is reminded at 08:00). */
export const ALL_DAY_REMINDER_HOUR = 8;

/** What the occurrences of an event depend on. */
export interface EventTiming {
  /** First occurrence, ISO-8601 with offset. */
  start: string;
  allDay: boolean;
  /** RRULE body with `start` as DTSTART, or null for a one-off. */
  rrule: string | null;
  timeZone: string;
}

/** The first start of an event, in its time zone. */
export function firstStart(timing: EventTiming): DateTime {
  return DateTime.fromISO(timing.start, { zone: timing.timeZone });
}

/**
 * The first occurrence after `after` (or at it, when `inclusive`); undefined when the event has
 * no more. A one-off event has one occurrence, its start.
 */
export function occurrenceAfter(timing: EventTiming, after: DateTime, inclusive: boolean): DateTime | undefined {
  const start = firstStart(timing);
  if (!timing.rrule) return start > after || (inclusive && +start === +after) ? start : undefined;
  const rule = new RRule({ ...RRule.parseString(timing.rrule), dtstart: toFloating(start) });
  // Floating dates have whole seconds, and so have occurrences: round a fraction up, and then it counts.
  const whole = after.millisecond > 0 ? after.startOf('second').plus({ seconds: 1 }) : after;
  const found = rule.after(toFloating(whole.setZone(timing.timeZone)), inclusive || whole !== after);
  return found ? fromFloating(found, start) : undefined;
}

/** When an occurrence counts as started: its start, or the end of its day for an all-day event (a deadline day). */
export function occurrenceCutoff(occurrence: DateTime, allDay: boolean): DateTime {
  return allDay ? occurrence.endOf('day') : occurrence;
}

/** When the reminder `offset` before an occurrence is due: the start minus the offset, counted from 08:00 for an all-day event. */
export function reminderInstant(occurrence: DateTime, allDay: boolean, offset: string): DateTime {
  const from = allDay ? occurrence.startOf('day').set({ hour: ALL_DAY_REMINDER_HOUR }) : occurrence;
  // As from.minus({ milliseconds }), which also moves the instant by exact milliseconds, at a third of its cost (one look-up of the zone's offset).
  return DateTime.fromMillis(+from - offsetMs(offset), { zone: from.zone });
}

/** The occurrence as ISO-8601 with offset, seconds included ("2026-11-26T19:30:00+07:00"). */
export function occurrenceIso(occurrence: DateTime): string {
  return occurrence.toISO({ suppressMilliseconds: true }) ?? '';
}
