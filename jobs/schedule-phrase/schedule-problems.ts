/** The Vietnamese messages of a phrase that cannot be scheduled: what is wrong, what to write, an example. */
import type { DateTime } from 'luxon';
import { formatMoment } from './calendar-format.js';
import type { ScheduleParseProblem } from './schedule-types.js';

/** What was missing, to say what to add. */
export type MissingPart = 'date' | 'weekday' | 'day-of-month' | 'weekly-day' | 'monthly-day' | 'yearly-date';

const NO_DATE_MESSAGES: Record<MissingPart, string> = {
  date: 'Chưa thấy ngày giờ trong câu. Hãy ghi rõ ngày (và giờ nếu có), ví dụ: "họp chi bộ 19h30 thứ năm tuần sau" hoặc "nộp báo cáo trước ngày 20/12".',
  weekday: 'Chưa rõ ngày nào trong tuần. Hãy ghi thêm thứ, ví dụ: "họp chi bộ 19h thứ năm tuần sau".',
  'day-of-month': 'Chưa rõ ngày nào trong tháng. Hãy ghi thêm ngày, ví dụ: "họp chi bộ ngày 5 tháng sau" hoặc "cuối tháng sau".',
  'weekly-day': 'Lặp hằng tuần nhưng chưa rõ vào thứ mấy. Hãy ghi thêm, ví dụ: "họp giao ban 8h thứ hai hằng tuần".',
  'monthly-day':
    'Lặp theo tháng nhưng chưa rõ vào ngày nào. Hãy ghi thêm, ví dụ: "sinh hoạt chi bộ ngày 5 hằng tháng", "thứ sáu cuối tháng" hoặc "ngày 10 mỗi quý".',
  'yearly-date': 'Lặp hằng năm nhưng chưa rõ ngày tháng nào. Hãy ghi thêm, ví dụ: "ngày 3/2 hằng năm".',
};

/** No day or time found, or not enough to pick one. */
export function noDateProblem(missing: MissingPart): ScheduleParseProblem {
  return { problem: 'no-date', message: NO_DATE_MESSAGES[missing] };
}

/** The moment has gone. */
export function pastProblem(start: DateTime, allDay: boolean): ScheduleParseProblem {
  return {
    problem: 'past',
    message: `Thời điểm ${formatMoment(start, allDay)} đã qua. Hãy ghi một thời điểm sắp tới, ví dụ: "họp chi bộ 19h thứ năm tuần sau" hoặc "ngày 5 tháng sau".`,
  };
}

/** A date that does not exist ("31/4", "29/2/2027", "25/13"); `reason` says why when known. */
export function invalidDateProblem(written: string, reason?: string): ScheduleParseProblem {
  const why = reason ? ` ${reason}` : '';
  return {
    problem: 'invalid',
    message: `Ngày "${written}" không có trên lịch.${why} Hãy kiểm tra lại ngày tháng, ví dụ: "30/4/2027" hoặc "ngày 3 tháng 12".`,
  };
}

/** A time that does not exist ("25h", "19h75"). */
export function invalidTimeProblem(written: string): ScheduleParseProblem {
  return {
    problem: 'invalid',
    message: `Giờ "${written}" không hợp lệ. Hãy ghi giờ từ 0 đến 23 và phút từ 0 đến 59, ví dụ: "19h30" hoặc "7 giờ tối".`,
  };
}
