/**
 * Admins of a part of the tree: a committee's admin manages their unit and every unit below it.
 * The root's admins are the configured `ADMIN_IDS` and manage everything. Keys under the prefix:
 * `org:unit:<id>:admins` (set of people), `org:admin:<person>` (set of unit ids).
 */
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor } from '../redis/redis-keys.js';
import type { OrgRegistry } from './org-registry.js';
import type { UnitTree } from './unit-tree.js';

/** Who manages which part of the tree. */
export interface UnitAdmins {
  /** Makes a person an admin of a unit; false when they were one already. */
  grant(unitId: string, person: string): Promise<boolean>;
  /** Takes a person's admin right over a unit away; false when they had none. */
  revoke(unitId: string, person: string): Promise<boolean>;
  /** The people granted admin of a unit itself (not those of the units above it), sorted. */
  adminsOf(unitId: string): Promise<string[]>;
  /** The units a person was granted admin of, sorted. */
  unitsOf(person: string): Promise<string[]>;
  /** Whether a person manages a unit: a root admin, or an admin of it or of a unit above it. */
  manages(person: string, unitId: string): Promise<boolean>;
  /** Whether a person manages the whole tree (a root admin). */
  managesAll(person: string): Promise<boolean>;
}

/** Unit admins over the registry's keys under `prefix`. */
export function createUnitAdmins(redis: RedisConnection, registry: OrgRegistry, tree: UnitTree, prefix?: string): UnitAdmins {
  const org = `${keyPrefixFor(redis, prefix)}:org`;
  const adminsKey = (unitId: string) => `${org}:unit:${unitId}:admins`;
  const unitsKey = (person: string) => `${org}:admin:${person}`;
  const admins: UnitAdmins = {
    async grant(unitId, person) {
      const [[, added]] = (await redis.multi().sadd(adminsKey(unitId), person).sadd(unitsKey(person), unitId).exec()) as [[unknown, number], unknown];
      return added === 1;
    },
    async revoke(unitId, person) {
      const [[, removed]] = (await redis.multi().srem(adminsKey(unitId), person).srem(unitsKey(person), unitId).exec()) as [[unknown, number], unknown];
      return removed === 1;
    },
    async adminsOf(unitId) {
      return (await redis.smembers(adminsKey(unitId))).sort();
    },
    async unitsOf(person) {
      return (await redis.smembers(unitsKey(person))).sort();
    },
    async manages(person, unitId) {
      if (await registry.isAdmin(person)) return true;
      const granted = new Set(await admins.unitsOf(person));
      if (granted.size === 0) return false;
      if (granted.has(unitId)) return true;
      return (await tree.ancestors(unitId)).some((above) => granted.has(above.id));
    },
    managesAll(person) {
      return registry.isAdmin(person);
    },
  };
  return admins;
}
