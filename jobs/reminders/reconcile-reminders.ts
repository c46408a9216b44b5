/**
 * The reminder worker's check at start: every active event has its next reminders queued. A Redis
 * restored from an older snapshot, or a lost "last reminder" job, would otherwise end a recurring
 * event's chain silently. Deterministic job ids make this idempotent.
 */
import type { Queue } from 'bullmq';
import type { DateTime } from 'luxon';
import type { EventStore } from './event-store.js';
import { firstStart, occurrenceCutoff } from './event-occurrences.js';
import { enqueueReminders, legacyReminderJobId, reminderJobId, remindersAhead } from './reminder-jobs.js';

/** What the check found. */
export interface ReconcileReport {
  /** Active events checked. */
  events: number;
  /** Reminders that were missing from the queue and are queued again. */
  requeued: number;
  /** One-off events with nothing left to remind, now set to expire. */
  retired: number;
}

/** Queues the missing reminders of every active event; lets ended one-off events expire. */
export async function reconcileReminders(queue: Queue, store: EventStore, now: DateTime): Promise<ReconcileReport> {
  const report: ReconcileReport = { events: 0, requeued: 0, retired: 0 };
  for (const event of await store.activeEvents()) {
    report.events += 1;
    const found = remindersAhead(event, now, true, now);
    if (!found) {
      if (!event.rrule) {
        await store.retire(event, +occurrenceCutoff(firstStart(event), event.allDay), +now);
        report.retired += 1;
      }
      continue;
    }
    const queued = await Promise.all(
      found.ahead.map(
        async ({ offset }) =>
          (await queue.getJob(reminderJobId(event.id, found.occurrence, offset))) ??
          (await queue.getJob(legacyReminderJobId(event.id, found.occurrence, offset))),
      ),
    );
    report.requeued += queued.filter((job) => !job).length;
    await enqueueReminders(queue, store, event, now, true, now);
  }
  return report;
}
