/** Everything with time in it: Vietnamese schedule phrases, events and their reminders (BullMQ on Redis). */
export {
  DEFAULT_TIME_ZONE,
  describeRecurrence,
  describeSchedule,
  isScheduleParseProblem,
  parseSchedulePhrase,
} from './parse-schedule-phrase.js';
export type { ParsedSchedule, ParseScheduleOptions, ScheduleKind, ScheduleParseProblem } from './parse-schedule-phrase.js';
export { createEventStore, DEFAULT_KEY_PREFIX, type EventStore, type EventStoreOptions, type ReminderEvent } from './event-store.js';
export { connectRedis, type ConnectRedisOptions } from './redis-connection.js';
export { EventNotFoundError, InvalidChatError, InvalidRemindersError, RedisUnavailableError, ScheduleRefusedError } from './reminder-errors.js';
export { DEFAULT_REMINDER_QUEUE, reminderJobId, type ReminderJobData } from './reminder-jobs.js';
export { DEFAULT_REMINDERS, parseReminderOffsets } from './reminder-offsets.js';
export {
  checkChatAddress,
  createReminderService,
  type ListedEvent,
  type ReminderService,
  type ReminderServiceOptions,
  type ScheduledEvent,
  type ScheduleOptions,
} from './reminder-scheduler.js';
export { createReminderWorker, type ReminderOutcome, type ReminderWorker, type ReminderWorkerOptions } from './reminder-worker.js';
