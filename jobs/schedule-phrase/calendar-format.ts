/** Vietnamese calendar wording shared by messages, notes and the readable line. */
import type { DateTime } from 'luxon';

const WEEKDAY_NAMES = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

/** "thứ Tư" for Luxon weekday 3, "Chủ nhật" for 7. */
export function weekdayName(weekday: number): string {
  return WEEKDAY_NAMES[weekday] ?? '';
}

/** "25/11/2026". */
export function formatDate(day: DateTime): string {
  return day.toFormat('dd/MM/yyyy');
}

/** "19:00". */
export function formatClock(moment: DateTime): string {
  return moment.toFormat('HH:mm');
}

/** "thứ Tư 25/11/2026", with " lúc 19:00" unless all-day. */
export function formatMoment(moment: DateTime, allDay: boolean): string {
  const day = `${weekdayName(moment.weekday)} ${formatDate(moment)}`;
  return allDay ? day : `${day} lúc ${formatClock(moment)}`;
}
