/** What the extractors found in a phrase, before anything is resolved against the clock. */

/** A part of the day named in the phrase. */
export type DayPeriod = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

/** A clock time as written: "19h30" is 19:30, "7 giờ tối" is 7:00 with period evening. */
export interface WrittenTime {
  hour: number;
  minute: number;
  /** The part of the day written right after the time ("8h sáng"). */
  period?: DayPeriod;
  /** The time as written, for messages. */
  text: string;
  /** Where it starts in the phrase: the first time written is the start. */
  at: number;
  /** Written after "đến", "tới" or a dash: a later one is the end of a range ("từ 19h đến 21h"), not another time. */
  endOfRange: boolean;
}

/** Recurrence unit and interval ("3 tháng một lần": month, 3). A quarter is 3 months. */
export interface Frequency {
  unit: 'day' | 'week' | 'month' | 'year';
  interval: number;
}

/** Everything found; absent fields were not in the phrase. */
export interface PhraseParts {
  frequency?: Frequency;
  /** A monthly rule named without "hằng tháng" ("thứ sáu cuối tháng", "ngày cuối tháng"). */
  impliedMonthly?: boolean;
  /** A calendar date; `month` and `year` only when written ("ngày 5" has neither). */
  date?: { day: number; month?: number; year?: number; text: string };
  /** "tháng này" 0, "tháng sau" 1, "tháng trước" -1. */
  monthOffset?: number;
  /** "năm nay" 0, "năm sau" 1 (only next to a date). */
  yearOffset?: number;
  /** "đầu/giữa/cuối tháng", optionally of a named month ("cuối tháng 12"). */
  monthEdge?: { edge: 'first' | 'middle' | 'last'; month?: number };
  /** "cuối quý" and its offset ("cuối quý sau": 1). */
  quarterEnd?: { offset: number };
  /** "đầu năm" / "cuối năm" and its offset. */
  yearEdge?: { edge: 'first' | 'last'; offset: number };
  /** "thứ sáu cuối cùng của tháng": weekday and position (1 first, -1 last). */
  monthWeekday?: { weekday: number; position: 1 | -1 };
  /** Weekdays named, Luxon numbering (1 Monday … 7 Sunday), in the order written. */
  weekdays: number[];
  /** "tuần này" 0, "tuần sau" 1, "tuần sau nữa" 2, "tuần trước" -1. */
  weekOffset?: number;
  /** "cuối tuần": the Saturday. */
  weekend?: boolean;
  /** "đầu tuần": the Monday. */
  weekStart?: boolean;
  /** "hôm nay" 0, "mai" 1, "ngày kia" 2, "hôm qua" -1. */
  relativeDays?: number;
  times: WrittenTime[];
  /** A part of the day written on its own ("tối nay", "chiều thứ năm"). */
  period?: DayPeriod;
  /** A date or time that cannot exist ("31/4", "25h"), with the text to show. */
  invalid?: { what: 'date' | 'time'; text: string; reason?: string };
}

const PERIODS: Record<string, DayPeriod> = {
  sang: 'morning',
  trua: 'noon',
  chieu: 'afternoon',
  toi: 'evening',
  dem: 'night',
  khuya: 'night',
};

/** The period of a folded period word ("toi" → evening). */
export function periodOf(foldedWord: string): DayPeriod | undefined {
  return PERIODS[foldedWord];
}
