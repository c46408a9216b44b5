/** Events and their reminders: the event records, the reminder jobs and their worker, reminder texts and errors. */
export { extractMessageDetails, splitPlace, type MessageDetails, type TitlePlace } from './event-details.js';
export { firstStart, occurrenceAfter, occurrenceIso } from './event-occurrences.js';
export {
  createEventStore,
  ENDED_EVENT_KEPT_MS,
  eventCode,
  reminderEventSchema,
  type EventStore,
  type EventStoreOptions,
  type ReminderEvent,
} from './event-store.js';
export { EventNotFoundError, InvalidRemindersError, ScheduleRefusedError } from './reminder-errors.js';
export { DEFAULT_REMINDER_QUEUE, reminderJobId, remindersAhead, type LegacyReminderJobData, type ReminderJobData } from './reminder-jobs.js';
export { DEFAULT_REMINDERS, parseReminderOffsets, splitOffset } from './reminder-offsets.js';
export {
  createReminderService,
  eventPlanSchema,
  type CommittedEvent,
  type EventPlan,
  type ListedEvent,
  type ReminderService,
  type ReminderServiceOptions,
  type ScheduledEvent,
  type ScheduleOptions,
} from './reminder-service.js';
export { type ReconcileReport } from './reconcile-reminders.js';
export { createReminderWorker, type ReminderOutcome, type ReminderWorker, type ReminderWorkerOptions } from './reminder-worker.js';
