/** A parsed schedule as one readable Vietnamese line: "Họp chi bộ — thứ Tư 25/11/2026 lúc 19:00 (hằng tháng ngày 5)". */
import { DateTime } from 'luxon';
import { formatMoment, weekdayName } from './calendar-format.js';
import type { ParsedSchedule } from './schedule-types.js';

const BYDAY = ['', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const EVERY: Record<string, [string, string]> = {
  DAILY: ['hằng ngày', 'ngày'],
  WEEKLY: ['hằng tuần', 'tuần'],
  MONTHLY: ['hằng tháng', 'tháng'],
  YEARLY: ['hằng năm', 'năm'],
};

function describeWeekday(token: string): string {
  const [, position, code] = /^([+-]?\d)?([A-Z]{2})$/u.exec(token) ?? [];
  const name = weekdayName(BYDAY.indexOf(code ?? ''));
  if (position === '-1') return `${name} cuối cùng`;
  return position === '1' || position === '+1' ? `${name} đầu tiên` : name;
}

/** An RRULE body in Vietnamese: "FREQ=MONTHLY;BYMONTHDAY=5" → "hằng tháng ngày 5". */
export function describeRecurrence(rrule: string): string {
  const fields = new Map(rrule.split(';').map((pair) => pair.split('=') as [string, string | undefined]));
  const interval = Number(fields.get('INTERVAL') ?? 1);
  const [every, unit] = EVERY[fields.get('FREQ') ?? ''] ?? ['', ''];
  const rhythm = interval === 1 ? every : interval === 3 && unit === 'tháng' ? 'hằng quý' : `${interval} ${unit} một lần`;
  const month = fields.get('BYMONTH');
  const monthDay = fields.get('BYMONTHDAY');
  const details: string[] = [];
  if (monthDay === '-1') details.push(month ? `ngày cuối tháng ${month}` : 'ngày cuối tháng');
  else if (monthDay) details.push(month ? `ngày ${monthDay}/${month}` : `ngày ${monthDay}`);
  const days = fields.get('BYDAY');
  if (days) details.push(days.split(',').map(describeWeekday).join(', '));
  return [rhythm, ...details].join(' ');
}

/** One line for a person: title, weekday, date, time (or "cả ngày"), recurrence, and what to confirm. */
export function describeSchedule(schedule: ParsedSchedule): string {
  const start = DateTime.fromISO(schedule.start, { setZone: true });
  const when = schedule.allDay ? `${formatMoment(start, true)} (cả ngày)` : formatMoment(start, false);
  const repeat = schedule.rrule ? ` (${describeRecurrence(schedule.rrule)})` : '';
  const past = schedule.past ? ' — đã qua' : '';
  const notes = schedule.ambiguous?.length ? ` — cần xác nhận: ${schedule.ambiguous.join(' ')}` : '';
  return `${schedule.title} — ${when}${repeat}${past}${notes}`;
}
