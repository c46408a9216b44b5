/** The public shapes of the schedule-phrase parser. */

/** What an event is, read from its words. */
export type ScheduleKind = 'meeting' | 'report' | 'inspection' | 'other';

/** A phrase understood. */
export interface ParsedSchedule {
  kind: ScheduleKind;
  /** The phrase without its date and time words, first letter upper case ("Họp chi bộ"). */
  title: string;
  /**
   * ISO-8601 with offset in the time zone, seconds included ("2026-11-25T19:00:00+07:00"); for
   * an all-day event the date at 00:00. For a recurrence, the first occurrence at or after `now`.
   */
  start: string;
  /** True when no time of day was given (a deadline day, "cuối tháng"). */
  allDay: boolean;
  /** RFC 5545 RRULE body ("FREQ=MONTHLY;BYMONTHDAY=5"), with `start` as its DTSTART; null for a one-off. */
  rrule: string | null;
  /** What was guessed, in Vietnamese, to confirm with the user ("Không ghi buổi: hiểu 7 giờ là 07:00 (sáng)."). */
  ambiguous?: string[];
  /** Set (true) only when `allowPast` let a moment before `now` through. */
  past?: boolean;
  /** With a `base`, what the phrase gave of its own ("19h30" alone: the time only); the rest was kept. */
  given?: { day: boolean; time: boolean };
}

/** Why a phrase could not be scheduled. */
export interface ScheduleParseProblem {
  /** no-date: no day or time found; past: the moment has gone; invalid: a date or time that does not exist. */
  problem: 'no-date' | 'past' | 'invalid';
  /** For the user, in Vietnamese: what is wrong and what to write, with an example. */
  message: string;
}

/** Options of {@link parseSchedulePhrase}. */
export interface ParseScheduleOptions {
  /** The moment relative phrases are read from ("mai", "thứ năm tuần sau"). A string is ISO-8601; without an offset it is read in `timeZone`. */
  now: Date | string;
  /** IANA time zone of the phrase and of `start`. @defaultValue 'Asia/Ho_Chi_Minh' */
  timeZone?: string;
  /** Return a moment before `now` with `past: true` instead of a `past` problem. @defaultValue false */
  allowPast?: boolean;
  /**
   * The schedule being changed (an edit): what the phrase does not say is kept from it. A time
   * alone keeps its day (for a recurrence, its rule), a day alone keeps its time (or all-day), a
   * phrase with neither keeps it whole. Absent: a phrase without a day or time is a `no-date` problem.
   */
  base?: ScheduleBase;
}

/** The schedule an edit starts from: a stored event's start, all-day flag and rule. */
export interface ScheduleBase {
  /** First occurrence (DTSTART of `rrule`), ISO-8601 with offset. */
  start: string;
  allDay: boolean;
  rrule: string | null;
}
