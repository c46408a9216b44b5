/**
 * The organisation as a tree over a real Redis: units created from a spreadsheet (twice = the same
 * tree), names unique among a parent's units, admins scoped to a part of the tree, moves that
 * never put a unit below itself, the chats of a part of the tree, and the migration of a store of
 * today's layout (cells without a tree) in place.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CellNameTakenError,
  createOrgRegistry,
  createUnitAdmins,
  createUnitTree,
  formatUnitsCsv,
  importUnits,
  MIGRATED_CELL_KIND,
  migrateOrgLayout,
  parseUnitsCsv,
  UnitCsvError,
  type OrgRegistry,
  keyPrefixFor,
  type RedisConnection,
  type UnitTree,
  unitRows,
} from '../jobs/index.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';
import { redisUnderTest } from './helpers/redis-under-test.js';

const ROOT_ADMIN = 'telegram:1';
const PROVINCE_CSV = [
  'id,name,kind,parent',
  'tinh,Đảng bộ tỉnh Thử,đảng bộ tỉnh,',
  'px,Đảng bộ phường X,đảng bộ phường,tinh',
  'cb1,Chi bộ khu phố 1,chi bộ trực thuộc,px',
  'cb2,"Chi bộ khu phố 2, ""mới""",chi bộ trực thuộc,px',
  'py,Đảng bộ phường Y,đảng bộ phường,tinh',
  // The same name as in phường X: names are unique among a parent's units only.
  'cb1y,Chi bộ khu phố 1,chi bộ trực thuộc,py',
].join('\r\n');

describe.each(['server', 'cluster'] as const)('the organisation tree on a Redis %s', (kind) => {
  const target = redisUnderTest(kind);
  let redis: RedisConnection;
  let prefix: string;
  let registry: OrgRegistry;
  let tree: UnitTree;

  beforeAll(() => {
    redis = target.client();
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    prefix = `test-org-tree-${randomUUID().slice(0, 8)}`;
    registry = createOrgRegistry(redis, { prefix, admins: [ROOT_ADMIN] });
    tree = createUnitTree(redis, registry, prefix);
  });
  afterEach(async () => {
    await deleteKeysUnder(redis, prefix);
  });

  describe('the tree from a spreadsheet', () => {
    it('creates the units, and importing the same file again changes nothing', async () => {
      const rows = parseUnitsCsv(`\uFEFF${PROVINCE_CSV}\r\n`);
      expect(await importUnits(rows, registry, tree, 'script:org')).toEqual({ created: 6, updated: 0, unchanged: 0 });
      const before = await tree.tree();
      expect(await importUnits(rows, registry, tree, 'script:org')).toEqual({ created: 0, updated: 0, unchanged: 6 });
      expect(await tree.tree()).toEqual(before);
      expect(before).toEqual([
        {
          id: 'tinh',
          name: 'Đảng bộ tỉnh Thử',
          kind: 'đảng bộ tỉnh',
          children: [
            {
              id: 'px',
              name: 'Đảng bộ phường X',
              kind: 'đảng bộ phường',
              children: [
                { id: 'cb1', name: 'Chi bộ khu phố 1', kind: 'chi bộ trực thuộc', children: [] },
                { id: 'cb2', name: 'Chi bộ khu phố 2, "mới"', kind: 'chi bộ trực thuộc', children: [] },
              ],
            },
            {
              id: 'py',
              name: 'Đảng bộ phường Y',
              kind: 'đảng bộ phường',
              children: [{ id: 'cb1y', name: 'Chi bộ khu phố 1', kind: 'chi bộ trực thuộc', children: [] }],
            },
          ],
        },
      ]);
    });

    it('updates what a corrected file changes: a renamed unit and a cell moved to another ward', async () => {
      await importUnits(parseUnitsCsv(PROVINCE_CSV), registry, tree, 'script:org');
      const corrected = PROVINCE_CSV.replace('py,Đảng bộ phường Y,', 'py,Đảng bộ phường Yên Thế,').replace(
        'cb2,"Chi bộ khu phố 2, ""mới""",chi bộ trực thuộc,px',
        'cb2,Chi bộ khu phố 2,chi bộ trực thuộc,py',
      );
      expect(await importUnits(parseUnitsCsv(corrected), registry, tree, 'script:org')).toEqual({ created: 0, updated: 2, unchanged: 4 });
      expect((await tree.children('py')).map((unit) => unit.id)).toEqual(['cb1y', 'cb2']);
      expect((await tree.children('px')).map((unit) => unit.id)).toEqual(['cb1']);
      expect((await registry.cell('py'))?.name).toBe('Đảng bộ phường Yên Thế');
      // The old name is free again under its parent; the new one is taken.
      await expect(registry.createUnit('Đảng bộ phường Y', 'telegram:1', { parent: 'tinh' })).resolves.toMatchObject({ parent: 'tinh' });
      await expect(registry.createUnit('dang bo phuong yen the', 'telegram:1', { parent: 'tinh' })).rejects.toBeInstanceOf(CellNameTakenError);
    });

    it('exports the same spreadsheet it imported, parents first', async () => {
      await importUnits(parseUnitsCsv(PROVINCE_CSV), registry, tree, 'script:org');
      const rows = unitRows(await tree.tree());
      expect(formatUnitsCsv(rows)).toBe(`${PROVINCE_CSV.replace(/\r\n/gu, '\n')}\n`);
    });

    it('names the line at fault: a missing column, an id given twice, an unknown parent, a loop', async () => {
      expect(() => parseUnitsCsv('id,name,parent\nx,Chi bộ,\n')).toThrow(/Dòng 1: thiếu cột kind/u);
      expect(() => parseUnitsCsv('id,name,kind,parent\na,Chi bộ A,,\nb,Chi bộ B,,\na,Chi bộ C,,\n')).toThrow(/Dòng 4: mã "a" đã có ở dòng 2/u);
      expect(() => parseUnitsCsv('id,name,kind,parent\n"a b",Chi bộ A,,\n')).toThrow(UnitCsvError);
      await expect(importUnits(parseUnitsCsv('id,name,kind,parent\na,Chi bộ A,,zz\n'), registry, tree, 'x')).rejects.toThrow(
        /Dòng 2: không có đơn vị cấp trên "zz"/u,
      );
      await expect(importUnits(parseUnitsCsv('id,name,kind,parent\na,Đảng bộ A,,b\nb,Đảng bộ B,,a\n'), registry, tree, 'x')).rejects.toThrow(/vòng lặp/u);
      await expect(importUnits(parseUnitsCsv('id,name,kind,parent\na,Chi bộ A,,\nb,chi bo a,,\n'), registry, tree, 'x')).rejects.toThrow(
        /Dòng 3: tên "chi bo a" đã có ở đơn vị a/u,
      );
      expect(await tree.subtreeIds()).toEqual(['a']);
    });

    it('runs as `npm run org -- import` twice, then `tree --json`, one root a line', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'org-csv-'));
      try {
        const file = path.join(dir, 'units.csv');
        await writeFile(file, PROVINCE_CSV);
        const run = (...args: string[]) =>
          promisify(execFile)('npx', ['tsx', 'scripts/org.ts', ...args, '--prefix', prefix], { env: { ...process.env, REDIS_URL: target.url() } });
        expect(JSON.parse((await run('import', file)).stdout)).toEqual({ created: 6, updated: 0, unchanged: 0 });
        expect(JSON.parse((await run('import', file)).stdout)).toEqual({ created: 0, updated: 0, unchanged: 6 });
        const lines = (await run('tree', '--json')).stdout.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'tinh', kind: 'đảng bộ tỉnh', children: [{ id: 'px' }, { id: 'py' }] });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('a part of the tree', () => {
    beforeEach(async () => {
      await importUnits(parseUnitsCsv(PROVINCE_CSV), registry, tree, 'script:org');
    });

    it('holds the chats of its units, and no others', async () => {
      await registry.bindChat('telegram:-11', 'cb1');
      await registry.bindChat('telegram:-12', 'cb2');
      await registry.bindChat('telegram:-21', 'cb1y');
      await registry.bindChat('telegram:-10', 'px');
      expect(await tree.chatsBelow('px')).toEqual([
        { chat: 'telegram:-10', unit: 'px' },
        { chat: 'telegram:-11', unit: 'cb1' },
        { chat: 'telegram:-12', unit: 'cb2' },
      ]);
      expect((await tree.chatsBelow('tinh')).map((each) => each.chat).sort()).toEqual(['telegram:-10', 'telegram:-11', 'telegram:-12', 'telegram:-21']);
      expect((await tree.ancestors('cb1')).map((unit) => unit.id)).toEqual(['px', 'tinh']);
    });

    it('is managed by its admins and those above, not by a neighbour', async () => {
      const admins = createUnitAdmins(redis, registry, tree, prefix);
      const wardAdmin = 'telegram:2';
      expect(await admins.grant('px', wardAdmin)).toBe(true);
      expect(await admins.grant('px', wardAdmin)).toBe(false);
      expect(await admins.manages(wardAdmin, 'px')).toBe(true);
      expect(await admins.manages(wardAdmin, 'cb2')).toBe(true);
      expect(await admins.manages(wardAdmin, 'py')).toBe(false);
      expect(await admins.manages(wardAdmin, 'cb1y')).toBe(false);
      expect(await admins.manages(wardAdmin, 'tinh')).toBe(false);
      expect(await admins.manages(ROOT_ADMIN, 'cb1y')).toBe(true);
      expect(await admins.adminsOf('px')).toEqual([wardAdmin]);
      expect(await admins.revoke('px', wardAdmin)).toBe(true);
      expect(await admins.manages(wardAdmin, 'cb2')).toBe(false);
      expect(await admins.unitsOf(wardAdmin)).toEqual([]);
    });

    it('never moves a unit below itself, nor onto a name taken under its new parent', async () => {
      await expect(tree.update('px', { parent: 'cb1' })).rejects.toThrow(/below itself/u);
      await expect(tree.update('px', { parent: 'px' })).rejects.toThrow(/below itself/u);
      await expect(tree.update('cb1', { parent: 'py' })).rejects.toBeInstanceOf(CellNameTakenError);
      expect((await registry.cell('cb1'))?.parent).toBe('px');
      await tree.update('cb1', { parent: null });
      expect((await tree.children()).map((unit) => unit.id)).toEqual(['cb1', 'tinh']);
    });
  });

  describe('a store of the layout before the tree', () => {
    it('is migrated in place the first time a unit is created: cells become units under the root, their names still taken', async () => {
      const org = `${keyPrefixFor(redis, prefix)}:org`;
      const old = [
        { id: 'cbold1', name: 'Chi bộ 3', createdBy: ROOT_ADMIN, createdAt: '2025-01-01T00:00:00.000Z' },
        { id: 'cbold2', name: 'Chi bộ Tổ dân phố 5', createdBy: ROOT_ADMIN, createdAt: '2025-02-01T00:00:00.000Z' },
      ];
      for (const cell of old) await redis.hset(`${org}:cells`, cell.id, JSON.stringify(cell));
      await redis.hset(`${org}:cell-names`, 'chi bo 3', 'cbold1', 'chi bo to dan pho 5', 'cbold2');
      await redis.sadd(`${org}:cell:cbold1:chats`, 'telegram:-500');

      await expect(registry.createCell('chi bo 3', ROOT_ADMIN)).rejects.toBeInstanceOf(CellNameTakenError);
      expect(await redis.get(`${org}:layout`)).toBe('2');
      expect(await redis.exists(`${org}:cell-names`)).toBe(0);
      expect(await registry.cell('cbold1')).toMatchObject({ name: 'Chi bộ 3', kind: MIGRATED_CELL_KIND });
      expect(await tree.tree()).toEqual([
        { id: 'cbold1', name: 'Chi bộ 3', kind: MIGRATED_CELL_KIND, children: [] },
        { id: 'cbold2', name: 'Chi bộ Tổ dân phố 5', kind: MIGRATED_CELL_KIND, children: [] },
      ]);
      expect(await tree.chatsBelow()).toEqual([{ chat: 'telegram:-500', unit: 'cbold1' }]);
      // A second migration finds the layout current and changes nothing.
      expect(await migrateOrgLayout(redis, org)).toEqual({ from: 2, units: 0 });
      const { cell } = await registry.createCell('Chi bộ 4', ROOT_ADMIN);
      expect((await tree.children()).map((unit) => unit.id)).toContain(cell.id);
    });
  });
});
