/** What one check of the doctor found, and the report they make together (the `doctor --json` contract). */

/** The checks, in the order the report lists them. */
export const CHECK_NAMES = [
  'config',
  'redis',
  'telegram',
  'zalo',
  'public-url',
  'telegram-webhook',
  'zalo-webhook',
  'corpus',
  'index',
  'llm',
  'embeddings',
  'timezone',
] as const;

/** A check's stable name, as `--json` writes it. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** `pass` and `skip` (not configured) are fine; `warn` is printed but does not fail; `fail` does. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of the report. */
export interface CheckResult {
  name: CheckName;
  /** False only for `fail`: whether this check lets the doctor exit 0. */
  ok: boolean;
  status: CheckStatus;
  /** What was found, in Vietnamese. */
  detail: string;
  /** What to do about it, in Vietnamese; present for `warn` and `fail`. */
  fix?: string;
}

/** Every check; `ok` when none failed. */
export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

/** A check that found what it should. */
export function pass(name: CheckName, detail: string): CheckResult {
  return { name, ok: true, status: 'pass', detail };
}

/** A check not run because the feature is not configured (or what it needs is missing). */
export function skip(name: CheckName, detail: string): CheckResult {
  return { name, ok: true, status: 'skip', detail };
}

/** Something that works but should be changed. */
export function warn(name: CheckName, detail: string, fix: string): CheckResult {
  return { name, ok: true, status: 'warn', detail, fix };
}

/** Something that does not work as configured. */
export function fail(name: CheckName, detail: string, fix: string): CheckResult {
  return { name, ok: false, status: 'fail', detail, fix };
}

/** The messages of an error and its causes on one line ("fetch failed: connect ECONNREFUSED 127.0.0.1:9"), without repeats. */
export function reasonOf(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current !== undefined && current !== null && messages.length < 4; current = current instanceof Error ? current.cause : undefined) {
    const message = current instanceof Error ? current.message || current.name : typeof current === 'string' ? current : JSON.stringify(current);
    // The first line only: some libraries append troubleshooting links on the next lines.
    const line = message.split('\n')[0]!.trim();
    if (!messages.some((seen) => seen.includes(line))) messages.push(line);
  }
  return messages.join(': ');
}

/** A URL as shown in the report: any user and password masked. */
export function shownUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/u, '//***@');
}
