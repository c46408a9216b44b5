/**
 * The time of day from the written time and part of the day. Rules:
 * - sáng keeps 0–12; trưa moves 1–4 to the afternoon; chiều and tối move 1–11 by twelve hours;
 *   đêm moves 7–11; "12 giờ tối/đêm" and "24h" are midnight, the start of the next day.
 * - With no part of the day, 0 and 12–23 are read as written; 1–5 as afternoon and 6–11 as
 *   morning, and both are noted as guesses.
 * - A part of the day alone stands for a default hour (sáng 08:00, trưa 12:00, chiều 14:00,
 *   tối 19:00, đêm 21:00); all but trưa are noted.
 */
import type { DayPeriod, PhraseParts } from './phrase-parts.js';
import { invalidTimeProblem } from './schedule-problems.js';
import type { ScheduleParseProblem } from './schedule-types.js';

/** A time of day; `nextDay` for midnight written as the end of the day ("24h", "12 giờ đêm"). */
export interface ClockTime {
  hour: number;
  minute: number;
  nextDay: boolean;
}

const PERIOD_NAMES: Record<DayPeriod, string> = { morning: 'sáng', noon: 'trưa', afternoon: 'chiều', evening: 'tối', night: 'đêm' };
const DEFAULT_HOURS: Record<DayPeriod, number> = { morning: 8, noon: 12, afternoon: 14, evening: 19, night: 21 };

function hourIn(period: DayPeriod, hour: number): number {
  switch (period) {
    case 'morning':
      return hour;
    case 'noon':
      return hour >= 1 && hour <= 4 ? hour + 12 : hour;
    case 'afternoon':
      return hour >= 1 && hour <= 11 ? hour + 12 : hour;
    case 'evening':
      return hour >= 1 && hour <= 12 ? hour + 12 : hour;
    case 'night':
      return hour >= 7 && hour <= 12 ? hour + 12 : hour;
  }
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** The time of day of the phrase, null when it names none (all-day); `notes` receives the guesses. */
export function resolveTime(parts: PhraseParts, notes: string[]): ClockTime | null | ScheduleParseProblem {
  const [written, ...later] = [...parts.times].sort((a, b) => a.at - b.at);
  const others = later.filter((time) => !time.endOfRange);
  if (!written) {
    if (!parts.period) return null;
    const hour = DEFAULT_HOURS[parts.period];
    if (parts.period !== 'noon') notes.push(`Không ghi giờ: lấy ${pad(hour)}:00 cho buổi ${PERIOD_NAMES[parts.period]}.`);
    return { hour, minute: 0, nextDay: false };
  }
  if (written.hour > 24 || written.hour < 0 || written.minute > 59 || (written.hour === 24 && written.minute > 0)) {
    return invalidTimeProblem(written.text);
  }
  if (others.length > 0) notes.push(`Có hơn một giờ trong câu: lấy giờ đầu tiên (${written.text}).`);
  const period = written.period ?? parts.period;
  let hour = written.hour;
  if (period) {
    hour = hourIn(period, written.hour);
    if (period === 'morning' && hour > 12) notes.push(`${pad(hour)}:${pad(written.minute)} không phải buổi sáng: lấy ${pad(hour)}:${pad(written.minute)}.`);
  } else if (hour >= 1 && hour <= 5) {
    hour += 12;
    notes.push(`Không ghi buổi: hiểu ${written.text} là ${pad(hour)}:${pad(written.minute)} (chiều).`);
  } else if (hour >= 6 && hour <= 11) {
    notes.push(`Không ghi buổi: hiểu ${written.text} là ${pad(hour)}:${pad(written.minute)} (sáng).`);
  }
  return hour >= 24 ? { hour: hour - 24, minute: written.minute, nextDay: true } : { hour, minute: written.minute, nextDay: false };
}
