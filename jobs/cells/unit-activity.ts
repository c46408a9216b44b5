/**
 * Cell activity at a glance, per unit and month, computed from what is recorded: the regular
 * meeting (an occurrence of a meeting event of the unit's chats in the month that has passed, its
 * event not cancelled), attendance answered for those occurrences, and the submissions of the
 * report deadlines due in the month. What the records cannot tell is said in `unknown`, never guessed:
 * - who was absent without answering: the bot keeps no roster of a unit's members;
 * - meetings of a month ended over 30 days ago: a one-off meeting's record is kept 30 days after it
 *   (recurring meetings are known as long as they are scheduled); an event cancelled or changed
 *   since counts by its current schedule only.
 */
import { DateTime } from 'luxon';
import type { RedisConnection } from '../redis/redis-connection.js';
import { createEventStore, ENDED_EVENT_KEPT_MS, type ReminderEvent } from '../reminders/event-store.js';
import { occurrenceAfter, occurrenceIso } from '../reminders/event-occurrences.js';
import { createAttendanceStore, occurrenceKey } from './attendance-store.js';
import type { Cell, OrgRegistry } from './org-registry.js';
import { campaignCutoff, campaignUnits, createCampaignStore, type ReportCampaign, type Submission } from './report-campaigns.js';
import { DEFAULT_UNIT_KIND } from './unit-kinds.js';
import type { UnitTree } from './unit-tree.js';

/** Whether the month's regular meeting was held: held; scheduled later in the month; not held (nor scheduled, so far in the month); or not known from the records kept. */
export type MeetingStatus = 'held' | 'scheduled' | 'not_held' | 'unknown';

/** What cannot be known from the records: absences without an answer (no roster), meetings of a month past the records kept. */
export type UnknownFigure = 'absent_without_answer' | 'meeting';

/** One unit's month: a line of `org activity` (JSON keys as printed). */
export interface UnitActivity {
  unit: string;
  name: string;
  kind: string;
  /** The unit above, or null directly under the root. */
  parent: string | null;
  /** "2026-11". */
  month: string;
  meeting: MeetingStatus;
  /** The occurrences held, ISO-8601 with offset. */
  meetings_held: string[];
  /** Answers "present" to those occurrences. */
  present: number;
  /** Answers "absent" (with or without a reason given) to those occurrences. */
  absent_with_reason: number;
  /** Not known: the bot keeps no roster of members (see `unknown`). */
  absent_without_answer: null;
  /** Report deadlines of the month set for the unit. */
  reports_due: number;
  reports_on_time: number;
  reports_late: number;
  /** Deadline passed, no submission. */
  reports_missing: number;
  /** Deadline still ahead, no submission yet. */
  reports_pending: number;
  /** The figures the records cannot give. */
  unknown: UnknownFigure[];
}

/** The columns of the CSV, in order. */
export const ACTIVITY_COLUMNS = [
  'unit',
  'name',
  'kind',
  'parent',
  'month',
  'meeting',
  'meetings_held',
  'present',
  'absent_with_reason',
  'absent_without_answer',
  'reports_due',
  'reports_on_time',
  'reports_late',
  'reports_missing',
  'reports_pending',
  'unknown',
] as const satisfies ReadonlyArray<keyof UnitActivity>;

/** A month written "YYYY-MM"; throws a TypeError naming it otherwise. */
export function parseMonth(month: string, timeZone: string): DateTime {
  const start = /^\d{4}-(?:0[1-9]|1[0-2])$/u.test(month) ? DateTime.fromFormat(month, 'yyyy-MM', { zone: timeZone }) : undefined;
  if (!start?.isValid) throw new TypeError(`--month must be YYYY-MM, got ${JSON.stringify(month)}`);
  return start;
}

/** What {@link createActivityReport} needs. */
export interface ActivityReportOptions {
  prefix?: string;
  /** The time zone months are counted in. */
  timeZone: string;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
}

/** Computes units' months. */
export interface ActivityReport {
  /** The unit and every unit below it (below the root: every unit), level by level, for the month ("2026-11"). */
  forSubtree(month: string, unitId?: string): Promise<UnitActivity[]>;
}

/** The month computed: its bounds, now, and the deadlines due in it with their submissions. */
interface MonthWindow {
  start: DateTime;
  end: DateTime;
  now: DateTime;
  due: Array<{ campaign: ReportCampaign; submissions: Map<string, Submission> }>;
}

/** The occurrences of an event within [from, to). */
function occurrencesWithin(event: ReminderEvent, from: DateTime, to: DateTime): DateTime[] {
  const found: DateTime[] = [];
  for (let next = occurrenceAfter(event, from, true); next && next < to && found.length < 62; next = occurrenceAfter(event, next, false)) found.push(next);
  return found;
}

/** An activity report over the records under `prefix`. */
export function createActivityReport(redis: RedisConnection, registry: OrgRegistry, tree: UnitTree, options: ActivityReportOptions): ActivityReport {
  const events = createEventStore(redis, { prefix: options.prefix });
  const attendance = createAttendanceStore(redis, { prefix: options.prefix });
  const campaigns = createCampaignStore(redis, { prefix: options.prefix });
  const clock = options.now ?? (() => new Date());

  async function unitMonth(unit: Cell, month: string, window: MonthWindow): Promise<UnitActivity> {
    const { start, end, now, due } = window;
    const meetings = (await Promise.all((await registry.chatsOf(unit.id)).map((chat) => events.listByChat(chat))))
      .flat()
      .filter((event) => event.kind === 'meeting');
    const held: Array<{ event: ReminderEvent; occurrence: DateTime }> = [];
    let scheduled = false;
    for (const event of meetings) {
      for (const occurrence of occurrencesWithin(event, start, end)) {
        if (occurrence <= now) held.push({ event, occurrence });
        else scheduled = true;
      }
    }
    held.sort((a, b) => +a.occurrence - +b.occurrence);
    let present = 0;
    let absent = 0;
    for (const { event, occurrence } of held) {
      for (const answer of await attendance.answers(event.id, occurrenceKey(occurrence.setZone(event.timeZone)))) {
        if (answer.status === 'present') present += 1;
        else absent += 1;
      }
    }
    const recordsGone = +end + ENDED_EVENT_KEPT_MS < +now;
    const meeting: MeetingStatus = held.length > 0 ? 'held' : scheduled ? 'scheduled' : recordsGone ? 'unknown' : 'not_held';
    const reports = { due: 0, onTime: 0, late: 0, missing: 0, pending: 0 };
    for (const { campaign, submissions } of due) {
      if (!campaignUnits(campaign).includes(unit.id)) continue;
      reports.due += 1;
      const submitted = submissions.get(unit.id);
      if (submitted) reports[submitted.onTime ? 'onTime' : 'late'] += 1;
      else reports[campaignCutoff(campaign) < now ? 'missing' : 'pending'] += 1;
    }
    return {
      unit: unit.id,
      name: unit.name,
      kind: unit.kind ?? DEFAULT_UNIT_KIND,
      parent: unit.parent ?? null,
      month,
      meeting,
      meetings_held: held.map(({ occurrence }) => occurrenceIso(occurrence)),
      present,
      absent_with_reason: absent,
      absent_without_answer: null,
      reports_due: reports.due,
      reports_on_time: reports.onTime,
      reports_late: reports.late,
      reports_missing: reports.missing,
      reports_pending: reports.pending,
      unknown: meeting === 'unknown' ? ['absent_without_answer', 'meeting'] : ['absent_without_answer'],
    };
  }

  return {
    async forSubtree(month, unitId) {
      const start = parseMonth(month, options.timeZone);
      const end = start.plus({ months: 1 });
      const now = DateTime.fromJSDate(clock(), { zone: options.timeZone });
      const due = await Promise.all(
        (await campaigns.dueIn(month)).map(async (campaign) => ({ campaign, submissions: await campaigns.submissions(campaign.code) })),
      );
      const rows: UnitActivity[] = [];
      for (const id of await tree.subtreeIds(unitId)) {
        const unit = await registry.cell(id);
        if (unit) rows.push(await unitMonth(unit, month, { start, end, now, due }));
      }
      return rows;
    },
  };
}

/** One CSV field: quoted when it holds a comma, a quote or a line break. */
function csvField(value: UnitActivity[keyof UnitActivity]): string {
  const text = Array.isArray(value) ? value.join(' ') : value === null ? '' : String(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as a UTF-8 CSV with a header row ({@link ACTIVITY_COLUMNS}); lists are joined by spaces, an unknown figure is left empty. */
export function formatActivityCsv(rows: readonly UnitActivity[]): string {
  return [ACTIVITY_COLUMNS.join(','), ...rows.map((row) => ACTIVITY_COLUMNS.map((column) => csvField(row[column])).join(','))].join('\n') + '\n';
}
