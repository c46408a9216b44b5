/**
 * `npm run --silent broadcast -- <command>`: operator tool over the broadcast service the bot uses.
 * - `--to CHAT[,CHAT...] TEXT...`, `--cells CELL[,CELL...] TEXT...` (cell ids or names: each cell's
 *   own chats) or `--unit ID TEXT...` (every chat of the unit and of the units below it), which
 *   combine → `{"id","targets"}`, `targets` being the number of chats queued;
 * - `status ID` → `{"id","targets","sent","failed","pending"}`.
 * The notice goes out through the workers of a running `npm start`. Redis is REDIS_URL; `--prefix`
 * picks the key prefix (default pca). Results are JSON on standard output (`--json` is accepted, as
 * the other scripts take it); an error is one line on standard error and status 1.
 */
import { parseArgs } from 'node:util';
import { AppError, createConfig } from '../common/index.js';
import { connectRedis, createBroadcastService, createOrgRegistry, createUnitTree, DEFAULT_KEY_PREFIX, type BroadcastService } from '../jobs/index.js';
import { runScript } from './run-script.js';

const USAGE = 'usage: broadcast --to CHAT[,CHAT...] TEXT | broadcast --cells CELL[,CELL...] TEXT | broadcast --unit ID TEXT | broadcast status ID';

const print = (value: object): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

await runScript(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      cells: { type: 'string' },
      unit: { type: 'string' },
      prefix: { type: 'string' },
      json: { type: 'boolean', default: true },
    },
  });
  const { redisUrl } = createConfig(process.env);
  const named = values.to !== undefined || values.cells !== undefined || values.unit !== undefined;
  const isStatus = positionals[0] === 'status' && !named;
  if (!isStatus && !named) throw new TypeError(`Missing --to, --cells or --unit: ${USAGE}`);
  const redis = await connectRedis(redisUrl);
  let service: BroadcastService | undefined;
  try {
    service = createBroadcastService({ connection: redis, prefix: values.prefix });
    if (isStatus) {
      const id = positionals[1];
      if (!id) throw new TypeError(`Missing ID: ${USAGE}`);
      const status = await service.status(id);
      if (!status) throw new AppError(`No notice with id ${JSON.stringify(id)}`);
      print(status);
      return;
    }
    const text = positionals.join(' ').trim();
    if (!text) throw new TypeError(`Missing TEXT: ${USAGE}`);
    const registry = createOrgRegistry(redis, { prefix: values.prefix });
    const targets = list(values.to);
    const cellOf: Record<string, string> = {};
    for (const wanted of list(values.cells)) {
      const cell = await registry.findCell(wanted);
      if (!cell) throw new AppError(`No cell named or numbered ${JSON.stringify(wanted)}`);
      for (const chat of await registry.chatsOf(cell.id)) {
        targets.push(chat);
        cellOf[chat] = cell.name;
      }
    }
    if (values.unit !== undefined) {
      const unit = await registry.cell(values.unit.trim());
      if (!unit) throw new AppError(`No unit with id ${JSON.stringify(values.unit)}`);
      const tree = createUnitTree(redis, registry, values.prefix ?? DEFAULT_KEY_PREFIX);
      const names = new Map<string, string>();
      for (const { chat, unit: id } of await tree.chatsBelow(unit.id)) {
        if (!names.has(id)) names.set(id, (await registry.cell(id))?.name ?? id);
        targets.push(chat);
        cellOf[chat] = names.get(id)!;
      }
    }
    if (targets.length === 0) throw new AppError('No chat to send to: the cells or unit given have no bound chat');
    const { notice } = await service.send({ text, targets, cellOf });
    print({ id: notice.id, targets: notice.targets.length });
  } finally {
    await service?.close();
    redis.disconnect();
  }
});
