/** The organisation: cells and officers, member codes, attendance, the audit log, and telling a secretary what could not be delivered. */
export { createAuditLog, type AuditAction, type AuditEntry, type AuditLog } from './audit-log.js';
export { createAttendanceStore, occurrenceKey, type AttendanceAnswer, type AttendanceStatus, type AttendanceStore } from './attendance-store.js';
export { createOrgRegistry, type Cell, type Officer, type OfficerRole, type OrgRegistry, type OrgRegistryOptions } from './org-registry.js';
export { reportUndeliverable } from './undeliverable-report.js';
export { describeSendFailure } from './undeliverable-texts.js';
