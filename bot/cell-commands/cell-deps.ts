/** What the cell commands share. */
import type { Logger, Messenger } from '../../common/index.js';
import type {
  ActivityReport,
  AttendanceStore,
  AuditEntry,
  AuditLog,
  BroadcastService,
  CampaignStore,
  OrgRegistry,
  ReminderService,
  UnitAdmins,
  UnitTree,
} from '../../jobs/index.js';
import type { ChannelName } from '../../common/index.js';
import type { Reply } from '../chat-types.js';
import type { PendingActions } from './pending-actions.js';

/** What the cell commands work with. */
export interface CellCommandDeps {
  reminders: ReminderService;
  registry: OrgRegistry;
  /** The units above and below each unit. */
  tree: UnitTree;
  /** Who manages which part of the tree besides the root's admins. */
  unitAdmins: UnitAdmins;
  attendance: AttendanceStore;
  /** Report deadlines set for the units below and their submissions. */
  campaigns: CampaignStore;
  /** Each unit's month: meetings, attendance, reports. */
  activity: ActivityReport;
  pending: PendingActions;
  broadcasts: BroadcastService;
  audit: AuditLog;
  /** The time zone times are shown in (the audit log). */
  timeZone: string;
  logger: Logger;
  /** Whether a channel shows buttons (else confirmations are typed: /dongy). */
  hasButtons: (channel: ChannelName) => boolean;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
  /** Sends to other chats: a cell's group is told of its events changed from a private chat. Absent = it is not told. */
  messenger?: Messenger;
}

/** Writes an action to the audit log and the logs; a failing audit write never fails the action. */
export async function recordAction(deps: Pick<CellCommandDeps, 'audit' | 'logger'>, entry: Omit<AuditEntry, 'at'>): Promise<void> {
  deps.logger.info({ by: entry.who, ...entry.details }, entry.action);
  await deps.audit.record(entry).catch((error: unknown) => deps.logger.warn({ err: error, action: entry.action }, 'Cannot write the audit log'));
}

/** A reply of plain text, as most commands give. */
export function textReply(value: string): Reply[] {
  return [{ kind: 'text', text: value }];
}
