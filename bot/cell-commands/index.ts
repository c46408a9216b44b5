/** The commands of cells: scheduling and reminders, report deadlines down the tree and activity by month, notices, the tree of units and its admins, registration and roles, taking access back, attendance. */
import {
  createActivityReport,
  createAttendanceStore,
  createCampaignStore,
  createAuditLog,
  createOrgRegistry,
  createUnitAdmins,
  createUnitTree,
  DEFAULT_TIME_ZONE,
  type BroadcastService,
  type RedisConnection,
  type ReminderService,
} from '../../jobs/index.js';
import type { Logger, Messenger } from '../../common/index.js';
import type { ChatCommands } from '../chat-commands.js';
import { BUTTON_PREFIXES, type ChannelName } from '../../common/index.js';
import { REPLIES } from '../help-texts.js';
import { ATTENDANCE_COMMAND_NAMES, createAttendanceCommands } from './attendance-commands.js';
import type { CellCommandDeps } from './cell-deps.js';
import { CAMPAIGN_COMMAND_NAMES, createCampaignCommands } from './campaign-commands.js';
import { createEventChoices } from './event-choices.js';
import { createOrgCommands, ORG_COMMAND_NAMES } from './org-commands.js';
import { CONFIRM_COMMAND_NAMES, createConfirmCommands } from './confirm-commands.js';
import { createDocumentCommands, DOCUMENT_COMMAND_NAMES, type DocumentsAccess } from './document-commands.js';
import { createNoticeCommands, NOTICE_COMMAND_NAMES } from './notice-commands.js';
import { createPendingActions, type PendingDocument, type PendingRemoval } from './pending-actions.js';
import { createRevokeCommands, REVOKE_COMMAND_NAMES } from './revoke-commands.js';
import { createUnitCommands, UNIT_COMMAND_NAMES } from './unit-commands.js';
import { createEventConfirmer, createScheduleCommands, SCHEDULE_COMMAND_NAMES } from './schedule-commands.js';

export type { CellCommandDeps } from './cell-deps.js';
export type { DocumentsAccess } from './document-commands.js';
export { formatWhen, shortCode } from './cell-texts.js';

/** What {@link createCellCommands} needs. */
export interface CellCommandOptions {
  redis: RedisConnection;
  /** Key prefix, the same as the reminder service's. */
  prefix: string;
  reminders: ReminderService;
  broadcasts: BroadcastService;
  /** Committee admins from `ADMIN_IDS`. */
  admins: readonly string[];
  logger: Logger;
  /** The time zone times are shown in. @defaultValue 'Asia/Ho_Chi_Minh' */
  timeZone?: string;
  /** Whether a channel shows buttons. */
  hasButtons: (channel: ChannelName) => boolean;
  /** The clock. @defaultValue () => new Date() */
  now?: () => Date;
  /** The document library; absent = documents cannot be changed from the chat. */
  documents?: DocumentsAccess;
  /** Sends to other chats (a cell's group told of what was scheduled privately); absent = nobody else is told. */
  messenger?: Messenger;
}

/** Every cell command over one Redis connection. */
export function createCellCommands(options: CellCommandOptions): ChatCommands[] {
  const registry = createOrgRegistry(options.redis, { prefix: options.prefix, admins: options.admins });
  const tree = createUnitTree(options.redis, registry, options.prefix);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const deps: CellCommandDeps = {
    reminders: options.reminders,
    registry,
    tree,
    unitAdmins: createUnitAdmins(options.redis, registry, tree, options.prefix),
    attendance: createAttendanceStore(options.redis, { prefix: options.prefix }),
    campaigns: createCampaignStore(options.redis, { prefix: options.prefix }),
    activity: createActivityReport(options.redis, registry, tree, { prefix: options.prefix, timeZone, ...(options.now ? { now: options.now } : {}) }),
    pending: createPendingActions(options.redis, options.prefix),
    broadcasts: options.broadcasts,
    audit: createAuditLog(options.redis, { prefix: options.prefix }),
    timeZone,
    logger: options.logger,
    hasButtons: options.hasButtons,
    ...(options.now ? { now: options.now } : {}),
    ...(options.messenger ? { messenger: options.messenger } : {}),
  };
  const notices = createNoticeCommands(deps);
  const campaigns = createCampaignCommands(deps);
  const library = options.documents ? createDocumentCommands(deps, options.documents) : undefined;
  const confirm = createConfirmCommands(deps, {
    event: createEventConfirmer(deps),
    campaign: (pending) => campaigns.confirmCampaign(pending),
    notice: (pending) => notices.confirmNotice(pending),
    ...(library
      ? {
          document: (pending: PendingDocument & { person: string; name?: string }) => library.confirmDocument(pending),
          removal: (pending: PendingRemoval & { person: string; name?: string }) => library.confirmRemoval(pending),
        }
      : {}),
  });
  return [
    createScheduleCommands(deps, createEventChoices(options.redis, options.prefix), (args, message) => campaigns.proposeDeadline(args, message)),
    campaigns,
    confirm,
    notices,
    createOrgCommands(deps),
    createUnitCommands(deps),
    createRevokeCommands(deps),
    createAttendanceCommands(deps),
    ...(library ? [library] : []),
  ];
}

/** The cell commands' names, answered with one line when Redis is not available. */
export function unavailableCellCommands(): ChatCommands {
  return {
    commands: [
      ...SCHEDULE_COMMAND_NAMES,
      ...CONFIRM_COMMAND_NAMES,
      ...NOTICE_COMMAND_NAMES,
      ...ORG_COMMAND_NAMES,
      ...UNIT_COMMAND_NAMES,
      ...REVOKE_COMMAND_NAMES,
      ...ATTENDANCE_COMMAND_NAMES,
      ...CAMPAIGN_COMMAND_NAMES,
      ...DOCUMENT_COMMAND_NAMES,
    ],
    buttonPrefixes: Object.values(BUTTON_PREFIXES),
    async handle() {
      return [{ kind: 'text', text: REPLIES.schedulerUnavailable }];
    },
    async handleButton() {
      return { notice: REPLIES.schedulerUnavailable };
    },
    async handleAttachment() {
      return [{ kind: 'text', text: REPLIES.schedulerUnavailable }];
    },
  };
}
