/**
 * `npm run --silent schedule:parse -- --now ISO [--json] [TEXT...]`: reads a Vietnamese schedule
 * phrase against --now (ISO-8601 with offset) in APP_TIMEZONE; with no TEXT, each line of
 * standard input. With --json, one line per phrase: {"kind","title","start","all_day","rrule"},
 * or {"problem","message"} when it cannot be scheduled (still exit status 0).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { createConfig } from '../common/index.js';
import { describeSchedule, isScheduleParseProblem, parseSchedulePhrase, type ParsedSchedule, type ScheduleParseProblem } from '../jobs/index.js';
import { runScript } from './run-script.js';

const NOW_FORM = 'an ISO-8601 date-time with offset such as 2026-11-21T10:00:00+07:00';

/** --now as given, checked: a valid ISO-8601 date-time that carries its offset. */
function readNowOption(value: string | undefined): string {
  if (value === undefined) throw new TypeError(`Missing --now: expected ${NOW_FORM}`);
  const hasOffset = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/iu.test(value);
  if (!hasOffset || !DateTime.fromISO(value, { setZone: true }).isValid) {
    throw new TypeError(`Invalid --now: expected ${NOW_FORM}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The contract's JSON line (snake_case `all_day`, no notes). */
function toContract(result: ParsedSchedule | ScheduleParseProblem): Record<string, unknown> {
  if (isScheduleParseProblem(result)) return { problem: result.problem, message: result.message };
  return { kind: result.kind, title: result.title, start: result.start, all_day: result.allDay, rrule: result.rrule };
}

await runScript(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { now: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const now = readNowOption(values.now);
  const { timezone } = createConfig(process.env);
  const print = (text: string): void => {
    const result = parseSchedulePhrase(text, { now, timeZone: timezone });
    let line: string;
    if (values.json) line = JSON.stringify(toContract(result));
    else line = isScheduleParseProblem(result) ? `Không đặt được lịch cho "${text.trim()}": ${result.message}` : describeSchedule(result);
    process.stdout.write(`${line}\n`);
  };

  if (positionals.length > 0) {
    print(positionals.join(' '));
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) print(line);
  }
});
