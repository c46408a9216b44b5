/**
 * The tree of units over the registry's keys (see org-registry.ts): what is below a unit, what is
 * above it, the chats of a whole part of the tree, and changing a unit's name, kind or place.
 * "Below the root" (no unit id) means the whole organisation.
 */
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';
import { AppError } from '../../common/index.js';
import { CellNameTakenError, type Cell, type OrgRegistry } from './org-registry.js';
import { DEFAULT_UNIT_KIND } from './unit-kinds.js';
import { nameField } from './unit-names.js';

/** A unit with the units below it, as `org tree --json` prints it. */
export interface UnitNode {
  id: string;
  name: string;
  kind: string;
  children: UnitNode[];
}

/** A chat of a part of the tree, with the unit it belongs to. */
export interface UnitChat {
  chat: string;
  unit: string;
}

/** What {@link UnitTree.update} changes; `parent: null` moves the unit directly under the root. */
export interface UnitChanges {
  name?: string;
  kind?: string;
  parent?: string | null;
}

/** The tree of units. */
export interface UnitTree {
  /** The units directly under a unit (under the root when undefined), by name. */
  children(unitId?: string): Promise<Cell[]>;
  /** The ids of a unit and of every unit below it, level by level (below the root: every unit). */
  subtreeIds(unitId?: string): Promise<string[]>;
  /** The units above a unit, nearest first. */
  ancestors(unitId: string): Promise<Cell[]>;
  /** The chats of a unit and of every unit below it. */
  chatsBelow(unitId?: string): Promise<UnitChat[]>;
  /** Changes a unit's name, kind or parent: a name taken among the new parent's units throws {@link CellNameTakenError}, a unit placed below itself {@link AppError}. */
  update(unitId: string, changes: UnitChanges): Promise<Cell>;
  /** The units below a unit (below the root: the whole tree) as nested nodes, by name. */
  tree(unitId?: string): Promise<UnitNode[]>;
}

/** The nodes as spreadsheet rows, parents before their units (`parent` is the id above the first nodes, empty for the root). */
export function unitRows(nodes: readonly UnitNode[], parent = ''): Array<{ id: string; name: string; kind: string; parent: string }> {
  return nodes.flatMap((node) => [{ id: node.id, name: node.name, kind: node.kind, parent }, ...unitRows(node.children, node.id)]);
}

/**
 * Moves or renames a unit atomically (KEYS: names, units, old children set, new children set, the
 * set of parents; ARGV: old name field, new name field, id, unit JSON, new parent id or ""): the id of a unit holding the new name, or
 * false once stored.
 */
const UPDATE_UNIT_SCRIPT = `
local holder = redis.call('HGET', KEYS[1], ARGV[2])
if holder and holder ~= ARGV[3] and redis.call('HEXISTS', KEYS[2], holder) == 1 then return holder end
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[3] then redis.call('HDEL', KEYS[1], ARGV[1]) end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('SREM', KEYS[3], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[3])
if ARGV[5] ~= '' then redis.call('SADD', KEYS[5], ARGV[5]) end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
return false
`;

/** The tree over the registry's keys under `prefix` (the same prefix as the registry's, hash-tagged on a cluster). */
export function createUnitTree(redis: RedisConnection, registry: OrgRegistry, prefix?: string): UnitTree {
  const org = `${keyPrefixFor(redis, prefix)}:org`;
  const childrenKey = (unitId: string | undefined) => (unitId ? `${org}:unit:${unitId}:children` : `${org}:top-units`);

  /** The members of many sets in one round trip. */
  async function membersOf(keys: readonly string[]): Promise<string[][]> {
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.smembers(key);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, members]) => {
      if (error) throw error;
      return members as string[];
    });
  }

  async function units(ids: readonly string[]): Promise<Map<string, Cell>> {
    return new Map((await registry.cellsWithIds(ids)).map((unit) => [unit.id, unit]));
  }

  const tree: UnitTree = {
    async children(unitId) {
      const ids = (await redis.smembers(childrenKey(unitId))).sort();
      return [...(await units(ids)).values()].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    },
    async subtreeIds(unitId) {
      const found: string[] = unitId ? [unitId] : [];
      const seen = new Set(found);
      let level = unitId ? [unitId] : (await redis.smembers(childrenKey(undefined))).sort();
      if (!unitId) {
        found.push(...level);
        for (const id of level) seen.add(id);
      }
      // Leaves, most of a tree, have no children to ask for.
      const parents = new Set(await redis.smembers(`${org}:parents`));
      while (level.length > 0) {
        const next: string[] = [];
        for (const members of await membersOf(level.filter((id) => parents.has(id)).map(childrenKey))) {
          for (const id of members.sort()) {
            if (seen.has(id)) continue;
            seen.add(id);
            found.push(id);
            next.push(id);
          }
        }
        level = next;
      }
      return found;
    },
    async ancestors(unitId) {
      const above: Cell[] = [];
      const seen = new Set([unitId]);
      let parent = (await registry.cell(unitId))?.parent;
      while (parent && !seen.has(parent)) {
        seen.add(parent);
        const unit = await registry.cell(parent);
        if (!unit) break;
        above.push(unit);
        parent = unit.parent;
      }
      return above;
    },
    async chatsBelow(unitId) {
      const ids = await tree.subtreeIds(unitId);
      const chats = await membersOf(ids.map((id) => `${org}:cell:${id}:chats`));
      return ids.flatMap((unit, index) => chats[index]!.sort().map((chat) => ({ chat, unit })));
    },
    async update(unitId, changes) {
      const unit = await registry.cell(unitId);
      if (!unit) throw new AppError(`No unit ${unitId}`);
      const parent = changes.parent === undefined ? unit.parent : (changes.parent ?? undefined);
      if (parent) {
        if (!(await registry.cell(parent))) throw new AppError(`No unit ${parent} to place ${unitId} under`);
        const chain = [parent, ...(await tree.ancestors(parent)).map((above) => above.id)];
        if (chain.includes(unitId)) throw new AppError(`Unit ${unitId} cannot be placed below itself (under ${parent})`);
      }
      const { parent: _previous, ...rest } = unit;
      const updated: Cell = { ...rest, name: changes.name ?? unit.name, kind: changes.kind ?? unit.kind, ...(parent ? { parent } : {}) };
      if (!updated.kind) delete updated.kind;
      const holder = (await redis.eval(
        UPDATE_UNIT_SCRIPT,
        5,
        `${org}:unit-names`,
        `${org}:cells`,
        childrenKey(unit.parent),
        childrenKey(parent),
        `${org}:parents`,
        nameField(unit.parent, unit.name),
        nameField(parent, updated.name),
        unitId,
        JSON.stringify(updated),
        parent ?? '',
      )) as string | null;
      if (holder) throw new CellNameTakenError((await registry.cell(holder))!);
      return updated;
    },
    async tree(unitId) {
      const ids = await tree.subtreeIds(unitId);
      const found = await units(ids);
      const nodes = new Map(
        [...found.values()].map((unit) => [unit.id, { id: unit.id, name: unit.name, kind: unit.kind ?? DEFAULT_UNIT_KIND, children: [] as UnitNode[] }]),
      );
      const roots: UnitNode[] = [];
      for (const unit of found.values()) {
        const node = nodes.get(unit.id)!;
        const parentNode = unit.id !== unitId && unit.parent ? nodes.get(unit.parent) : undefined;
        (parentNode ? parentNode.children : roots).push(node);
      }
      const byName = (a: UnitNode, b: UnitNode) => a.name.localeCompare(b.name, 'vi');
      for (const node of nodes.values()) node.children.sort(byName);
      return roots.sort(byName);
    },
  };
  return tree;
}
