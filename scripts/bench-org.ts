/**
 * `npm run bench:org -- [--communes 100] [--cells 99] [--chats 2] [--runs 50]`: the organisation
 * tree at a province's size, against the local Redis (REDIS_URL) under a key prefix of its own,
 * deleted afterwards: a province with `--communes` communes of `--cells` cells each (10,000 units
 * by default), imported from a spreadsheet; then, `--runs` times each, p50/p95 of listing the
 * chats of the whole province's subtree and of one commune's, of a cell's ancestors, of whether a
 * commune's admin manages a cell, and the time to import the same spreadsheet again (no change);
 * then the month's activity report of the whole province (`org activity`), without meetings and
 * with a monthly meeting in every cell.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { createConfig } from '../common/index.js';
import {
  connectRedis,
  createActivityReport,
  createOrgRegistry,
  createReminderService,
  createUnitAdmins,
  createUnitTree,
  importUnits,
  keyPrefixFor,
  parseUnitsCsv,
  scanKeys,
} from '../jobs/index.js';
import { percentile } from './bench-stats.js';
import { runScript } from './run-script.js';

const ZONE = 'Asia/Ho_Chi_Minh';

/** p50 and p95 of `runs` calls of `work`, in milliseconds. */
async function timed(runs: number, work: () => Promise<unknown>): Promise<string> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return `p50 ${percentile(samples, 0.5).toFixed(2)} ms, p95 ${percentile(samples, 0.95).toFixed(2)} ms`;
}

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      communes: { type: 'string', default: '100' },
      cells: { type: 'string', default: '99' },
      chats: { type: 'string', default: '2' },
      runs: { type: 'string', default: '50' },
    },
  });
  const [communes, cells, chatsPerCell, runs] = [values.communes, values.cells, values.chats, values.runs].map(Number) as [number, number, number, number];
  const redis = await connectRedis(createConfig(process.env).redisUrl);
  const prefix = `bench-org-${randomUUID().slice(0, 8)}`;
  try {
    const registry = createOrgRegistry(redis, { prefix, admins: ['telegram:1'] });
    const tree = createUnitTree(redis, registry, prefix);
    const lines = ['id,name,kind,parent', 'tinh,Đảng bộ tỉnh,đảng bộ tỉnh,'];
    for (let commune = 0; commune < communes; commune += 1) {
      lines.push(`x${commune},Đảng bộ xã ${commune},đảng bộ xã,tinh`);
      for (let cell = 0; cell < cells; cell += 1) lines.push(`x${commune}c${cell},Chi bộ thôn ${cell},chi bộ trực thuộc,x${commune}`);
    }
    const rows = parseUnitsCsv(lines.join('\n'));
    let start = performance.now();
    const created = await importUnits(rows, registry, tree, 'bench');
    const importMs = performance.now() - start;
    const pipeline = redis.pipeline();
    for (const row of rows)
      for (let chat = 0; chat < chatsPerCell; chat += 1)
        pipeline.sadd(`${keyPrefixFor(redis, prefix)}:org:cell:${row.id}:chats`, `telegram:-${row.line}${chat}`);
    await pipeline.exec();
    start = performance.now();
    const again = await importUnits(rows, registry, tree, 'bench');
    const againMs = performance.now() - start;
    const admins = createUnitAdmins(redis, registry, tree, prefix);
    await admins.grant('x7', 'telegram:2');
    const province = (await tree.chatsBelow('tinh')).length;
    console.log(`units: ${rows.length} (${communes} communes × ${cells} cells), chats: ${province}`);
    console.log(`import: ${(importMs / 1000).toFixed(1)} s (${JSON.stringify(created)}); again: ${(againMs / 1000).toFixed(1)} s (${JSON.stringify(again)})`);
    console.log(`units of the province's subtree: ${await timed(runs, () => tree.subtreeIds('tinh'))}`);
    console.log(`chats of the province's subtree (${province}): ${await timed(runs, () => tree.chatsBelow('tinh'))}`);
    console.log(`chats of one commune's subtree (${(await tree.chatsBelow('x7')).length}): ${await timed(runs, () => tree.chatsBelow('x7'))}`);
    console.log(`ancestors of a cell: ${await timed(runs, () => tree.ancestors('x7c5'))}`);
    console.log(`a commune admin manages a cell: ${await timed(runs, () => admins.manages('telegram:2', 'x7c5'))}`);
    const activity = createActivityReport(redis, registry, tree, { prefix, timeZone: ZONE });
    const month = DateTime.now().setZone(ZONE).toFormat('yyyy-MM');
    const report = async (label: string) => {
      start = performance.now();
      const rows = (await activity.forSubtree(month, 'tinh')).length;
      console.log(
        `activity report of the province's ${rows} units for ${month} (\`org activity\`), ${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`,
      );
    };
    await report('no meeting recorded');
    // Each cell's first chat meets on the 3rd of every month at 19:30 (the event stored, its reminder queued).
    const reminders = createReminderService({ connection: redis, prefix });
    try {
      const first = DateTime.now().setZone(ZONE).startOf('month').set({ day: 3, hour: 19, minute: 30 });
      const cellRows = rows.filter((row) => row.parent !== 'tinh' && row.parent !== '');
      for (let at = 0; at < cellRows.length; at += 64) {
        await Promise.all(
          cellRows.slice(at, at + 64).map((row) =>
            reminders.commit({
              chat: `telegram:-${row.line}0`,
              kind: 'meeting',
              title: `Sinh hoạt chi bộ ${row.id}`,
              start: first.toISO()!,
              allDay: false,
              rrule: 'FREQ=MONTHLY;BYMONTHDAY=3',
              timeZone: ZONE,
              reminders: ['1h'],
              ambiguous: [],
              reminderTimes: [],
            }),
          ),
        );
      }
    } finally {
      await reminders.close();
    }
    await report('a monthly meeting in every cell');
  } finally {
    // Every key of the prefix shares one slot on a cluster: a batch is one DEL.
    for await (const batch of scanKeys(redis, `${keyPrefixFor(redis, prefix)}:*`, 1000)) if (batch.length > 0) await redis.del(...batch);
    redis.disconnect();
  }
});
