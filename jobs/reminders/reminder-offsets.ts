/**
 * Reminder offsets: how long before an occurrence a reminder is sent, written "3d", "2h", "30m",
 * "10s" or "0" (at the start). Defaults per kind, and the reader of `--reminders 3d,1d,2h,0`.
 */
import { InvalidRemindersError } from './reminder-errors.js';
import type { ScheduleKind } from '../schedule-phrase/parse-schedule-phrase.js';

/**
 * Reminders when none are given. Meetings: 3 days, 1 day and 2 hours before, and at the start;
 * reports: 7, 3 and 1 days before the deadline (an all-day deadline counts from 08:00 of its
 * day, so these land at 08:00); inspections: 7 days and 1 day before; anything else: 1 day
 * before and at the start.
 */
export const DEFAULT_REMINDERS: Readonly<Record<ScheduleKind, readonly string[]>> = {
  meeting: ['3d', '1d', '2h', '0'],
  report: ['7d', '3d', '1d'],
  inspection: ['7d', '1d'],
  other: ['1d', '0'],
};

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const LONGEST_MS = 366 * UNIT_MS.d;
const MOST_OFFSETS = 10;

/** A canonical offset's amount and unit ("2h" → 2 hours); undefined for "0" (at the start). */
export function splitOffset(offset: string): { amount: number; unit: keyof typeof UNIT_MS } | undefined {
  const match = /^(\d+)([dhms])$/u.exec(offset);
  return match ? { amount: Number(match[1]), unit: match[2] as keyof typeof UNIT_MS } : undefined;
}

/** How long before the occurrence an offset is, in milliseconds ("2h" → 7 200 000, "0" → 0). */
export function offsetMs(offset: string): number {
  const split = splitOffset(offset);
  return split ? split.amount * UNIT_MS[split.unit] : 0;
}

/** One offset, written the canonical way ("02h" → "2h", "0m" → "0"); throws on anything else. */
function readOffset(written: string, list: string): string {
  const match = /^(\d{1,6})\s*([dhms])?$/iu.exec(written.trim());
  if (!match) throw new InvalidRemindersError(list, `${JSON.stringify(written.trim())} is not a number followed by d, h, m or s`);
  const amount = Number(match[1]);
  const unit = match[2]?.toLowerCase();
  if (amount === 0) return '0';
  if (unit === undefined) throw new InvalidRemindersError(list, `${JSON.stringify(written.trim())} has no unit`);
  const offset = `${amount}${unit}`;
  if (offsetMs(offset) > LONGEST_MS) throw new InvalidRemindersError(list, `${offset} is more than 366 days`);
  return offset;
}

/**
 * Reads a comma-separated list of offsets ("3d,1d,2h,0"): canonical, without duplicates (by
 * length of time), earliest reminder first. Throws {@link InvalidRemindersError}.
 */
export function parseReminderOffsets(list: string | readonly string[]): string[] {
  const written = typeof list === 'string' ? list : list.join(',');
  const parts = written.split(',').filter((part) => part.trim() !== '');
  if (parts.length === 0) throw new InvalidRemindersError(written, 'no offset given');
  const byLength = new Map<number, string>();
  for (const part of parts) {
    const offset = readOffset(part, written);
    byLength.set(offsetMs(offset), offset);
  }
  if (byLength.size > MOST_OFFSETS) throw new InvalidRemindersError(written, `more than ${MOST_OFFSETS} offsets`);
  return [...byLength.entries()].sort(([a], [b]) => b - a).map(([, offset]) => offset);
}
