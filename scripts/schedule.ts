/**
 * `npm run --silent schedule -- <command>`: operator tool over the reminder service the bot uses.
 * - `add --chat CHAT [--reminders 3d,1d,2h,0] [--now ISO] TEXT...` → `{"id","start","rrule","reminders":[ISO...]}`;
 *   --now is the moment the phrase is read against and reminders are timed from (for tests)
 * - `list --chat CHAT` → one JSON line per event still to come
 * - `cancel ID` → `{"cancelled": ID}`
 * CHAT is `telegram:<chat_id>` or `zalo:<chat_id>`. Redis is REDIS_URL (default
 * redis://127.0.0.1:6379); `--prefix` picks the key prefix (default pca). Times are APP_TIMEZONE.
 * Output is always JSON (`--json` is accepted, as the other scripts take it).
 */
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { checkChatAddress, createConfig } from '../common/index.js';
import { connectRedis, createReminderService, type ReminderService } from '../jobs/index.js';
import { runScript } from './run-script.js';

const USAGE = 'usage: schedule add --chat CHAT [--reminders LIST] [--now ISO] TEXT | schedule list --chat CHAT | schedule cancel ID';
const NOW_FORM = 'an ISO-8601 date-time with offset such as 2026-11-21T10:00:00+07:00';

/** --now as a clock, checked: a valid ISO-8601 date-time with its offset. */
function readNow(value: string | undefined): (() => Date) | undefined {
  if (value === undefined) return undefined;
  const moment = DateTime.fromISO(value, { setZone: true });
  if (!/T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/iu.test(value) || !moment.isValid)
    throw new TypeError(`Invalid --now: expected ${NOW_FORM}, got ${JSON.stringify(value)}`);
  const fixed = moment.toJSDate();
  return () => fixed;
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new TypeError(`Missing ${name}: ${USAGE}`);
  return value;
}

const print = (value: object): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

await runScript(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      chat: { type: 'string' },
      reminders: { type: 'string' },
      now: { type: 'string' },
      prefix: { type: 'string' },
      json: { type: 'boolean', default: true },
    },
  });
  const [command, ...rest] = positionals;
  if (command !== 'add' && command !== 'list' && command !== 'cancel') throw new TypeError(`Unknown command ${JSON.stringify(command ?? '')}: ${USAGE}`);
  const { timezone, redisUrl } = createConfig(process.env);
  const now = readNow(values.now);
  if (values.chat !== undefined) checkChatAddress(values.chat);
  const redis = await connectRedis(redisUrl);
  let service: ReminderService | undefined;
  try {
    service = createReminderService({ connection: redis, prefix: values.prefix, timeZone: timezone, ...(now ? { now } : {}) });
    if (command === 'add') {
      const chat = required(values.chat, '--chat');
      const text = required(rest.join(' ').trim(), 'TEXT');
      print(await service.schedule(chat, text, values.reminders === undefined ? {} : { reminders: values.reminders }));
    } else if (command === 'list') {
      for (const event of await service.list(required(values.chat, '--chat'))) print(event);
    } else {
      const id = required(rest[0], 'ID');
      await service.cancel(id);
      print({ cancelled: id });
    }
  } finally {
    await service?.close();
    redis.disconnect();
  }
});
