/**
 * `npm run --silent org -- <command>`: the organisation tree for a committee's staff.
 * - `import FILE.csv` → `{"created","updated","unchanged"}`: units from a UTF-8 CSV with the header
 *   `id,name,kind,parent` (an empty parent: directly under the root); importing it again changes nothing;
 * - `export` → the same CSV on standard output, parents before their units;
 * - `tree [--unit ID] [--json]` → the tree, indented; with `--json`, one
 *   `{"id","name","kind","children":[…]}` per root and line;
 * - `activity --month YYYY-MM [--unit ID] [--csv]` → one JSON line per unit of the subtree (every
 *   unit without `--unit`): the month's meeting, attendance and report submissions (see
 *   jobs/cells/unit-activity.ts); with `--csv`, the same as a spreadsheet with a header row.
 * Redis is REDIS_URL; `--prefix` picks the key prefix (default pca). An error is one line on
 * standard error (naming the CSV line at fault) and status 1.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AppError, createConfig } from '../common/index.js';
import {
  connectRedis,
  createActivityReport,
  createOrgRegistry,
  createUnitTree,
  DEFAULT_KEY_PREFIX,
  formatActivityCsv,
  formatUnitsCsv,
  importUnits,
  parseUnitsCsv,
  type UnitNode,
  unitRows,
} from '../jobs/index.js';
import { runScript } from './run-script.js';

const USAGE = 'usage: org import FILE.csv | org export | org tree [--unit ID] [--json] | org activity --month YYYY-MM [--unit ID] [--csv]';

/** Who the audit of an import names: the operator's tool. */
const IMPORTED_BY = 'script:org';

/** A tree as indented lines: "Name (kind) [id]". */
function indented(nodes: readonly UnitNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [`${'  '.repeat(depth)}${node.name} (${node.kind}) [${node.id}]`, ...indented(node.children, depth + 1)]);
}

await runScript(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      prefix: { type: 'string' },
      json: { type: 'boolean', default: false },
      month: { type: 'string' },
      csv: { type: 'boolean', default: false },
    },
  });
  const [command, file] = positionals;
  if (!command || !['import', 'export', 'tree', 'activity'].includes(command)) throw new TypeError(USAGE);
  if (command === 'import' && !file) throw new TypeError(`Missing FILE.csv: ${USAGE}`);
  if (command === 'activity' && !values.month) throw new TypeError(`Missing --month YYYY-MM: ${USAGE}`);
  const { redisUrl, timezone } = createConfig(process.env);
  const prefix = values.prefix ?? DEFAULT_KEY_PREFIX;
  const redis = await connectRedis(redisUrl);
  try {
    const registry = createOrgRegistry(redis, { prefix });
    const tree = createUnitTree(redis, registry, prefix);
    if (command === 'import') {
      const rows = parseUnitsCsv(await readFile(file!, 'utf8'));
      process.stdout.write(`${JSON.stringify(await importUnits(rows, registry, tree, IMPORTED_BY))}\n`);
      return;
    }
    if (values.unit && !(await registry.cell(values.unit.toLowerCase()))) throw new AppError(`No unit ${JSON.stringify(values.unit)}`);
    if (command === 'activity') {
      const report = createActivityReport(redis, registry, tree, { prefix, timeZone: timezone });
      const rows = await report.forSubtree(values.month!, values.unit?.toLowerCase());
      process.stdout.write(values.csv ? formatActivityCsv(rows) : rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
      return;
    }
    const roots = await tree.tree(values.unit?.toLowerCase());
    if (command === 'export')
      process.stdout.write(formatUnitsCsv(unitRows(roots, values.unit ? ((await registry.cell(values.unit.toLowerCase()))?.parent ?? '') : '')));
    else if (values.json) for (const root of roots) process.stdout.write(`${JSON.stringify(root)}\n`);
    else process.stdout.write(`${indented(roots).join('\n')}\n`);
  } finally {
    redis.disconnect();
  }
});
