/** The time zone dates are read and shown in (APP_TIMEZONE), its time now, and the machine's own zone. */
import { DateTime } from 'luxon';
import { pass, type CheckResult } from './check-result.js';

/** Always passes (APP_TIMEZONE was checked with the configuration); says the time it gives, so that a wrong zone shows. */
export function checkTimezone(timezone: string): CheckResult {
  const there = DateTime.now().setZone(timezone);
  const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return pass(
    'timezone',
    `APP_TIMEZONE ${timezone} (UTC${there.toFormat('ZZ')}), bây giờ là ${there.toFormat('HH:mm dd/MM/yyyy')}; máy đặt múi giờ ${machine} (lịch và nhắc theo APP_TIMEZONE)`,
  );
}
