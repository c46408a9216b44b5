/**
 * `npm run --silent doctor -- [--json]`: checks the configuration as `npm start` will run it (reads
 * `.env` the same way) and prints one line a check; `--json` prints `{"ok","checks":[…]}`. Exits 0
 * only when no check failed.
 */
import { parseArgs } from 'node:util';
import { formatReport, runDoctor } from './doctor/index.js';
import { loadDotEnv, runScript } from './run-script.js';

await runScript(async () => {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
  loadDotEnv();
  const report = await runDoctor(process.env);
  const text = values.json ? `${JSON.stringify(report)}\n` : formatReport(report);
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  process.exitCode = report.ok ? 0 : 1;
});
// A step that ran out of time may still hold a socket or a timer; it must not keep the report waiting.
process.exit();
