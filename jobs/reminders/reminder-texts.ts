/**
 * The Vietnamese reminder a chat receives: "Nhắc lịch họp: Họp chi bộ — 19:30 thứ Năm 26/11/2026
 * (còn 1 ngày)", then the place, the agenda and, for a meeting, how to answer the attendance call.
 */
import type { DateTime } from 'luxon';
import type { ReminderEvent } from './event-store.js';
import type { ScheduleKind } from '../schedule-phrase/parse-schedule-phrase.js';
import { formatClock, formatDate, weekdayName } from '../schedule-phrase/calendar-format.js';

const KIND_LABELS: Record<ScheduleKind, string> = {
  meeting: 'Nhắc lịch họp',
  report: 'Nhắc hạn báo cáo',
  inspection: 'Nhắc lịch kiểm tra',
  other: 'Nhắc lịch',
};

/** What a reminder needs to say. */
export interface ReminderTextInput {
  event: Pick<ReminderEvent, 'kind' | 'title' | 'allDay' | 'place' | 'agenda'>;
  /** The occurrence, in the time zone to show. */
  occurrence: DateTime;
  /** Now, in the same time zone. */
  now: DateTime;
  /** Sent after its due time (recovery after downtime). */
  late: boolean;
  /** The chat shows the attendance buttons (Zalo has none). */
  buttons: boolean;
}

/** "còn 1 ngày 3 giờ", "còn 2 giờ", "còn 15 phút", "đến giờ" for a timed occurrence. */
function timeLeft(occurrence: DateTime, now: DateTime): string {
  const minutes = Math.round((+occurrence - +now) / 60_000);
  if (minutes <= 0) return 'đến giờ';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `còn ${days} ngày ${hours} giờ` : `còn ${days} ngày`;
  if (hours > 0) return rest > 0 ? `còn ${hours} giờ ${rest} phút` : `còn ${hours} giờ`;
  return `còn ${rest} phút`;
}

/** "còn 3 ngày" or "hôm nay" for an all-day occurrence, counted in calendar days. */
function daysLeft(occurrence: DateTime, now: DateTime): string {
  const days = Math.round(occurrence.startOf('day').diff(now.startOf('day'), 'days').days);
  return days > 0 ? `còn ${days} ngày` : 'hôm nay';
}

/** How a member answers a meeting's attendance call where the reminder has buttons. */
export const ATTENDANCE_HINT = 'Báo tham dự: bấm nút bên dưới, trả lời tin này ("có" hay "vắng vì …"), hoặc gõ /thamdu hay /vang kèm lý do.';
/** The same where there are no buttons (Zalo). */
export const ATTENDANCE_HINT_TYPED = 'Báo tham dự: gõ /thamdu, hoặc /vang kèm lý do.';

/** The reminder's text: kind, title, time, weekday and date, how long until it starts, "(nhắc muộn)" when late; place, agenda and the attendance hint on lines of their own. */
export function reminderText({ event, occurrence, now, late, buttons }: ReminderTextInput): string {
  const day = `${weekdayName(occurrence.weekday)} ${formatDate(occurrence)}`;
  const when = event.allDay ? `${event.kind === 'report' ? 'hạn ' : ''}${day}` : `${formatClock(occurrence)} ${day}`;
  const left = event.allDay ? daysLeft(occurrence, now) : timeLeft(occurrence, now);
  const lines = [`${KIND_LABELS[event.kind]}: ${event.title} — ${when} (${left})${late ? ' (nhắc muộn)' : ''}`];
  if (event.place) lines.push(`Địa điểm: ${event.place}`);
  if (event.agenda) lines.push(`Nội dung: ${event.agenda}`);
  if (event.kind === 'meeting') lines.push(buttons ? ATTENDANCE_HINT : ATTENDANCE_HINT_TYPED);
  return lines.join('\n');
}
