/** Everything with time in it. Today: reading Vietnamese schedule phrases. */
export {
  DEFAULT_TIME_ZONE,
  describeRecurrence,
  describeSchedule,
  isScheduleParseProblem,
  parseSchedulePhrase,
} from './parse-schedule-phrase.js';
export type { ParsedSchedule, ParseScheduleOptions, ScheduleKind, ScheduleParseProblem } from './parse-schedule-phrase.js';
