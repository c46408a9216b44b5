/**
 * The organisation's Redis layout brought up to date in place. Layout 1 (before units had a tree):
 * cells in `org:cells` without kind or parent, names unique across all cells in `org:cell-names`
 * (folded name → id). Layout 2: each cell is a unit of kind "chi bộ" directly under the root,
 * listed in `org:top-units` (a unit with a parent in its parent's `children` set and the parent in `org:parents`), its name indexed among its parent's units in `org:unit-names`. Every
 * step is idempotent: two processes migrating at once, or a migration cut short and run again,
 * end in the same layout. Cells that shared a name before names were unique keep it (the oldest
 * holds the index; lookups by name report both).
 */
import type { RedisConnection } from '../redis/redis-connection.js';
import { z } from 'zod';
import { nameField } from './unit-names.js';

/** The layout this code reads and writes. */
export const ORG_LAYOUT_VERSION = 2;

const storedUnit = z.object({ id: z.string(), name: z.string(), kind: z.string().optional(), parent: z.string().optional(), createdAt: z.string() }).loose();

/** What a migration did: how many units it placed, and the layout found before it. */
export interface OrgMigration {
  from: number;
  units: number;
}

/** The kind given to the cells of layout 1. */
export const MIGRATED_CELL_KIND = 'chi bộ';

/** Brings the organisation under `orgPrefix` (`<prefix>:org`) to {@link ORG_LAYOUT_VERSION}. */
export async function migrateOrgLayout(redis: RedisConnection, orgPrefix: string): Promise<OrgMigration> {
  const layoutKey = `${orgPrefix}:layout`;
  const from = Number((await redis.get(layoutKey)) ?? 1);
  if (from >= ORG_LAYOUT_VERSION) return { from, units: 0 };
  const stored = await redis.hgetall(`${orgPrefix}:cells`);
  const units = Object.values(stored)
    .map((json) => storedUnit.safeParse(JSON.parse(json)))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const transaction = redis.multi();
  for (const unit of units) {
    const placed = unit.kind ? unit : { ...unit, kind: MIGRATED_CELL_KIND };
    if (placed !== unit) transaction.hset(`${orgPrefix}:cells`, unit.id, JSON.stringify(placed));
    transaction.hsetnx(`${orgPrefix}:unit-names`, nameField(unit.parent, unit.name), unit.id);
    transaction.sadd(unit.parent ? `${orgPrefix}:unit:${unit.parent}:children` : `${orgPrefix}:top-units`, unit.id);
    if (unit.parent) transaction.sadd(`${orgPrefix}:parents`, unit.parent);
  }
  transaction.del(`${orgPrefix}:cell-names`).set(layoutKey, String(ORG_LAYOUT_VERSION));
  await transaction.exec();
  return { from, units: units.length };
}
