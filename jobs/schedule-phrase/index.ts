/** Vietnamese schedule phrases ("họp chi bộ 19h30 thứ năm hằng tuần") read into dates, times and recurrences, and described back. */
export { formatClock, formatDate, weekdayName } from './calendar-format.js';
export {
  DEFAULT_TIME_ZONE,
  DEFAULT_TITLES,
  describeRecurrence,
  describeSchedule,
  isScheduleParseProblem,
  parseSchedulePhrase,
} from './parse-schedule-phrase.js';
export type { ParsedSchedule, ParseScheduleOptions, ScheduleBase, ScheduleKind, ScheduleParseProblem } from './parse-schedule-phrase.js';
