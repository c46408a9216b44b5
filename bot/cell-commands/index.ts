/** The commands of cells: scheduling and reminders, registration and roles, attendance. */
import type { Redis } from 'ioredis';
import { createAttendanceStore, createOrgRegistry, type ReminderService } from '../../jobs/index.js';
import type { Logger } from '../../common/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { ChannelName } from '../chat-types.js';
import { REPLIES } from '../help-texts.js';
import { ATTENDANCE_COMMAND_NAMES, createAttendanceCommands } from './attendance-commands.js';
import type { CellCommandDeps } from './cell-deps.js';
import { createOrgCommands, ORG_COMMAND_NAMES } from './org-commands.js';
import { createPendingPlans } from './pending-plans.js';
import { createScheduleCommands, SCHEDULE_COMMAND_NAMES } from './schedule-commands.js';

export type { CellCommandDeps } from './cell-deps.js';
export { formatWhen, shortCode } from './cell-texts.js';

/** What {@link createCellCommands} needs. */
export interface CellCommandOptions {
  redis: Redis;
  /** Key prefix, the same as the reminder service's. */
  prefix: string;
  reminders: ReminderService;
  /** Committee admins from `ADMIN_IDS`. */
  admins: readonly string[];
  logger: Logger;
  /** Whether a channel shows buttons. */
  hasButtons(channel: ChannelName): boolean;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
}

/** Every cell command over one Redis connection. */
export function createCellCommands(options: CellCommandOptions): ChatCommands[] {
  const deps: CellCommandDeps = {
    reminders: options.reminders,
    registry: createOrgRegistry(options.redis, { prefix: options.prefix, admins: options.admins }),
    attendance: createAttendanceStore(options.redis, { prefix: options.prefix }),
    pending: createPendingPlans(options.redis, options.prefix),
    logger: options.logger,
    hasButtons: options.hasButtons,
    ...(options.now ? { now: options.now } : {}),
  };
  return [createScheduleCommands(deps), createOrgCommands(deps), createAttendanceCommands(deps)];
}

/** The cell commands' names, answered with one line when Redis is not available. */
export function unavailableCellCommands(): ChatCommands {
  return {
    commands: [...SCHEDULE_COMMAND_NAMES, ...ORG_COMMAND_NAMES, ...ATTENDANCE_COMMAND_NAMES],
    buttonPrefixes: ['sc:', 'at:'],
    async handle() {
      return [{ kind: 'text', text: REPLIES.schedulerUnavailable }];
    },
    async handleButton() {
      return { notice: REPLIES.schedulerUnavailable };
    },
  };
}
