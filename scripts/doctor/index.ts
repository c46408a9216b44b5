/** The doctor: checks a deployment's configuration as it will run, one report line a check (`npm run doctor`). */
export { CHECK_NAMES, type CheckName, type CheckResult, type CheckStatus, type DoctorReport } from './check-result.js';
export { formatReport, STATUS_MARKS } from './format-report.js';
export { runDoctor, type DoctorOptions } from './run-doctor.js';
