/** Everything with time in it: Vietnamese schedule phrases, events and their reminders (BullMQ on Redis). */
export { BROADCAST_QUEUES, createBroadcastService, deliveryJobId, NOTICE_QUEUE, queueOf, type BroadcastService, type BroadcastServiceOptions, type BroadcastStatus, type DeliveryJobData } from './broadcast-service.js';
export { acknowledgeData, createBroadcastWorkers, type BroadcastWorkerOptions, type BroadcastWorkers, type PlatformRates } from './broadcast-worker.js';
export { createNoticeStore, type Acknowledgement, type DeliveryResult, type Notice, type NoticeStore } from './notice-store.js';
export { noticeText, reportText } from './notice-text.js';
export { isGroupChat, takeChatSlot, type ChatPace } from './send-pacing.js';
export { createAuditLog, type AuditAction, type AuditEntry, type AuditLog } from './audit-log.js';
export { createAttendanceStore, occurrenceKey, type AttendanceAnswer, type AttendanceStatus, type AttendanceStore } from './attendance-store.js';
export { extractMessageDetails, splitPlace, type MessageDetails, type TitlePlace } from './event-details.js';
export { firstStart, occurrenceIso } from './event-occurrences.js';
export { formatClock, formatDate, weekdayName } from './schedule-phrase/calendar-format.js';
export { createOrgRegistry, type Cell, type Officer, type OfficerRole, type OrgRegistry, type OrgRegistryOptions } from './org-registry.js';
export { describeSendFailure, reportUndeliverable } from './undeliverable-report.js';
export {
  DEFAULT_TIME_ZONE,
  DEFAULT_TITLES,
  describeRecurrence,
  describeSchedule,
  isScheduleParseProblem,
  parseSchedulePhrase,
} from './parse-schedule-phrase.js';
export type { ParsedSchedule, ParseScheduleOptions, ScheduleKind, ScheduleParseProblem } from './parse-schedule-phrase.js';
export { createEventStore, DEFAULT_KEY_PREFIX, type EventStore, type EventStoreOptions, type ReminderEvent } from './event-store.js';
export { connectRedis, type ConnectRedisOptions } from './redis-connection.js';
export { ensureRedis, type RedisAvailability } from './private-redis.js';
export { EventNotFoundError, InvalidChatError, InvalidRemindersError, RedisUnavailableError, ScheduleRefusedError } from './reminder-errors.js';
export { DEFAULT_REMINDER_QUEUE, reminderJobId, remindersAhead, type ReminderJobData } from './reminder-jobs.js';
export { DEFAULT_REMINDERS, parseReminderOffsets } from './reminder-offsets.js';
export {
  checkChatAddress,
  createReminderService,
  type CommittedEvent,
  type EventPlan,
  type ListedEvent,
  type ReminderService,
  type ReminderServiceOptions,
  type ScheduledEvent,
  type ScheduleOptions,
} from './reminder-scheduler.js';
export { attendanceData, createReminderWorker, type ReminderOutcome, type ReminderWorker, type ReminderWorkerOptions } from './reminder-worker.js';
