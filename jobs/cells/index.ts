/** The organisation: cells and officers, member codes, attendance, the audit log, and telling a secretary what could not be delivered. */
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
} from './org-registry.js';
export { reportUndeliverable } from './undeliverable-report.js';
export { describeSendFailure } from './undeliverable-texts.js';
