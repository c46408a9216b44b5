/** The organisation: units in a tree (cells and committees) and their admins, officers, member codes, attendance, report deadlines set down the tree and their submissions, activity by month, the audit log, and telling a secretary what could not be delivered. */
export { createAuditLog, type AuditAction, type AuditEntry, type AuditLog } from './audit-log.js';
export {
  createAttendanceStore,
  occurrenceKey,
  rememberAttendanceCalls,
  type AttendanceAnswer,
  type AttendanceCall,
  type AttendanceStatus,
  type AttendanceStore,
  type PendingChoice,
} from './attendance-store.js';
export {
  AmbiguousCellError,
  CellNameTakenError,
  createOrgRegistry,
  type Cell,
  type CellLookup,
  type KnownPerson,
  type Officer,
  type OfficerRole,
  type OrgRegistry,
  type OrgRegistryOptions,
  type UnitPlacement,
} from './org-registry.js';
export { reportUndeliverable } from './undeliverable-report.js';
export { describeSendFailure } from './undeliverable-texts.js';
export { formatUnitsCsv, parseUnitsCsv, UNIT_COLUMNS, UnitCsvError, type UnitRow } from './org-csv.js';
export { importUnits, type UnitImport } from './org-import.js';
export { migrateOrgLayout, ORG_LAYOUT_VERSION, MIGRATED_CELL_KIND, type OrgMigration } from './org-migration.js';
export { createUnitAdmins, type UnitAdmins } from './unit-admins.js';
export { DEFAULT_UNIT_KIND, kindMatches, kindOfName, KNOWN_KINDS } from './unit-kinds.js';
export { createUnitTree, unitRows, type UnitChanges, type UnitChat, type UnitNode, type UnitTree } from './unit-tree.js';
export {
  CAMPAIGN_KEPT_DAYS,
  campaignCutoff,
  campaignMonth,
  campaignUnits,
  createCampaignStore,
  newCampaignCode,
  type CampaignStore,
  type ReportCampaign,
  type Submission,
  type SubmitOutcome,
} from './report-campaigns.js';
export {
  ACTIVITY_COLUMNS,
  createActivityReport,
  formatActivityCsv,
  parseMonth,
  type ActivityReport,
  type ActivityReportOptions,
  type MeetingStatus,
  type UnitActivity,
  type UnknownFigure,
} from './unit-activity.js';
