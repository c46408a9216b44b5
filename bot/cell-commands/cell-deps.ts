/** What the cell commands share. */
import type { Logger } from '../../common/index.js';
import type { AttendanceStore, BroadcastService, OrgRegistry, ReminderService } from '../../jobs/index.js';
import type { ChannelName } from '../chat-types.js';
import type { PendingActions } from './pending-actions.js';

/** What the cell commands work with. */
export interface CellCommandDeps {
  reminders: ReminderService;
  registry: OrgRegistry;
  attendance: AttendanceStore;
  pending: PendingActions;
  broadcasts: BroadcastService;
  logger: Logger;
  /** Whether a channel shows buttons (else confirmations are typed: /dongy). */
  hasButtons(channel: ChannelName): boolean;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
}
