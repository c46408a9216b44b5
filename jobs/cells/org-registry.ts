/**
 * Organisations in Redis: units in a tree (a province's committee, the communes' committees, the
 * grassroots organisations and their cells; "cell" names any unit here), the chats bound to each
 * unit and its officers (secretaries and deputies); the root's admins are the configured
 * `ADMIN_IDS` (admins of a part of the tree: unit-admins.ts). People are addressed as `<channel>:<user_id>`.
 * Keys under the prefix:
 * - `org:cells`: hash unit id → unit JSON (its kind and parent included); `org:unit-names`: hash
 *   "<parent id>/<folded name>" → unit id, so that names stay unique among a parent's units;
 * - `org:top-units`: set of the units directly under the root; `org:unit:<id>:children`: set of a
 *   unit's units; `org:parents`: the units that have (or had) units below them, so that a walk down
 *   the tree asks for no leaf's children; `org:layout`: the layout's version (see org-migration.ts);
 * - `org:cell:<id>:chats`: set of chat addresses; `org:chat:<chat>`: the chat's cell id;
 * - `org:cell:<id>:officers`: hash person → officer JSON; `org:officer:<person>`: set of cell ids;
 * - `org:code:<CODE>`: cell id of a one-time registration code, expiring (7 days by default); a
 *   new code for a cell revokes the cell's earlier unused ones, found by scanning `org:code:*`
 *   (a handful of keys, on an admin's rare command);
 * - `org:member-code:<CODE>` / `org:cell:<id>:member-code`: a cell's lasting code with which
 *   members link their private chat (Zalo has no groups yet) to the cell, until it is rotated;
 * - `org:handle:<channel>:<username>`: the person last seen with a public username ("@nguyenvana"),
 *   so that an admin can name an officer by it; forgotten after 180 days unseen.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { AppError } from '../../common/index.js';
import { z } from 'zod';
import { parseStored } from '../../common/index.js';
import type { RedisConnection } from '../redis/redis-connection.js';
import { keyPrefixFor, scanKeys } from '../redis/redis-keys.js';
import { migrateOrgLayout } from './org-migration.js';
import { foldName, nameField } from './unit-names.js';

/** A unit of the organisation: a cell (chi bộ) or a committee (đảng bộ) with units below it. */
export interface Cell {
  id: string;
  name: string;
  /** What kind of unit ("chi bộ cơ sở", "đảng bộ xã", a free kind); cells stored before units had kinds have none. */
  kind?: string;
  /** The unit it belongs to; none for a unit directly under the root (the deployment's committee). */
  parent?: string;
  /** Who created it (`telegram:123`). */
  createdBy: string;
  /** ISO-8601. */
  createdAt: string;
}

/** The shape of a stored {@link Cell}. */
const cellSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string().optional(),
  parent: z.string().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
}) satisfies z.ZodType<Cell>;

/** Where a new unit goes: its kind, the unit it belongs to, and the id it is given (an imported list keeps its own ids). */
export interface UnitPlacement {
  kind?: string;
  parent?: string;
  id?: string;
}

/** Roles in a cell besides member. */
export type OfficerRole = 'secretary' | 'deputy';

/** A cell's secretary or deputy. */
export interface Officer {
  person: string;
  role: OfficerRole;
  name?: string;
}

/** The shape of a stored {@link Officer}. */
const officerSchema = z.object({ person: z.string(), role: z.enum(['secretary', 'deputy']), name: z.string().optional() }) satisfies z.ZodType<Officer>;

/** What a cell's id or name finds: the cell, none, or several cells bearing that name (stored before names were unique). */
export type CellLookup = { kind: 'found'; cell: Cell } | { kind: 'none' } | { kind: 'ambiguous'; cells: Cell[] };

/** A new unit's name is taken by another unit of the same parent (compared without case, diacritics or extra spaces). */
export class CellNameTakenError extends AppError {
  constructor(readonly existing: Cell) {
    super(`A cell named ${JSON.stringify(existing.name)} exists already (${existing.id})`);
  }
}

/** Several cells bear the name asked for: the registry never picks one of them; each is reachable by its id. */
export class AmbiguousCellError extends AppError {
  constructor(
    readonly wanted: string,
    readonly cells: readonly Cell[],
  ) {
    super(`Several cells are named ${JSON.stringify(wanted)}: ${cells.map((cell) => cell.id).join(', ')}; name one by its id`);
  }
}

/** A person known by a public username. */
export interface KnownPerson {
  /** `<channel>:<user_id>`. */
  person: string;
  name?: string;
}

/** The shape of a stored {@link KnownPerson}. */
const knownPersonSchema = z.object({ person: z.string(), name: z.string().optional() }) satisfies z.ZodType<KnownPerson>;

/** Options of {@link createOrgRegistry}. */
export interface OrgRegistryOptions {
  /** Key prefix (hash-tagged on a cluster, see keyPrefixFor). @defaultValue 'pca' */
  prefix?: string;
  /** Committee admins from the configuration (`ADMIN_IDS`), always admins. */
  admins?: readonly string[];
  /** How long a registration code stays valid. @defaultValue 7 days */
  codeTtlSeconds?: number;
}

/** Committees, cells, bound chats and roles. */
export interface OrgRegistry {
  /** Whether a person is a committee admin. */
  isAdmin(person: string): Promise<boolean>;
  /** The committee admins. */
  admins(): readonly string[];
  /**
   * Creates a unit (by default a cell directly under the root) and returns it with a one-time
   * registration code. Names are unique among a parent's units, compared without case, diacritics
   * or extra spaces: a taken name throws {@link CellNameTakenError}; an unknown parent or a taken id throws {@link AppError}.
   */
  createCell(name: string, createdBy: string, placement?: UnitPlacement): Promise<{ cell: Cell; code: string }>;
  /** Creates a unit as {@link OrgRegistry.createCell} does, without a registration code (an imported list of units). */
  createUnit(name: string, createdBy: string, placement?: UnitPlacement): Promise<Cell>;
  /** A new one-time registration code for a cell; the cell's earlier unused codes stop working. */
  issueCode(cellId: string): Promise<string>;
  /** Revokes every unused one-time code of a cell; how many there were. */
  revokeCodes(cellId: string): Promise<number>;
  /** Uses up a code and binds the chat to its cell; undefined for an unknown, used or expired code. */
  redeemCode(code: string, chat: string): Promise<Cell | undefined>;
  /** The cell's lasting member code, created on first use. */
  memberCode(cellId: string): Promise<string>;
  /** A new lasting member code for the cell; the old one stops working (chats it linked stay linked). */
  rotateMemberCode(cellId: string): Promise<string>;
  /** Binds a member's private chat to the cell of a member code; undefined for an unknown code. */
  redeemMemberCode(code: string, chat: string): Promise<Cell | undefined>;
  /** Binds a chat to a cell (a chat belongs to one cell at a time). */
  bindChat(chat: string, cellId: string): Promise<void>;
  /** Unbinds a chat from its cell; the cell it was bound to, undefined when it was bound to none. */
  unbindChat(chat: string): Promise<Cell | undefined>;
  /** A cell by id. */
  cell(cellId: string): Promise<Cell | undefined>;
  /** The units of `ids` that exist, in one round trip. */
  cellsWithIds(ids: readonly string[]): Promise<Cell[]>;
  /** Every cell, by name. */
  cells(): Promise<Cell[]>;
  /**
   * A cell by id or by name (case, spaces and diacritics aside); throws {@link AmbiguousCellError}
   * when several cells bear the name (see {@link OrgRegistry.lookupCell}).
   */
  findCell(idOrName: string): Promise<Cell | undefined>;
  /** A cell by id or by name (case, spaces and diacritics aside), or the cells sharing that name, oldest first. */
  lookupCell(idOrName: string): Promise<CellLookup>;
  /** The cell a chat is bound to. */
  cellOfChat(chat: string): Promise<Cell | undefined>;
  /** The chats bound to a cell, sorted. */
  chatsOf(cellId: string): Promise<string[]>;
  /** Makes a person a secretary or deputy of a cell. */
  setOfficer(cellId: string, officer: Officer): Promise<void>;
  /** Takes a person's office in a cell away; the office they held, undefined when they held none. */
  removeOfficer(cellId: string, person: string): Promise<Officer | undefined>;
  /** A cell's officers, secretaries first. */
  officersOf(cellId: string): Promise<Officer[]>;
  /** The ids of the cells a person is an officer of. */
  cellsLedBy(person: string): Promise<string[]>;
  /** Remembers that a person goes by a public username (Telegram's "@nguyenvana", without the "@"). */
  rememberHandle(person: string, handle: string, name?: string): Promise<void>;
  /** The person last seen with a public username on a channel, if seen within 180 days. */
  personByHandle(channel: string, handle: string): Promise<KnownPerson | undefined>;
}

/** Code letters without look-alikes (no O/0, I/1/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;
/** How long a username is remembered after it was last seen. */
const HANDLE_TTL_SECONDS = 180 * 24 * 3600;

/**
 * Stores a new unit unless its name among its parent's units is held by a unit that exists (KEYS:
 * names, units, the parent's children set, the set of parents; ARGV: "<parent>/<folded name>", id,
 * unit JSON, parent id or ""): the id
 * of the holder, or false once stored. A name left by a creation that never finished is taken over.
 * Atomic: of two admins creating one name at once, one wins.
 */
const CREATE_CELL_SCRIPT = `
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder and redis.call('HEXISTS', KEYS[2], holder) == 1 then return holder end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'id-taken' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[2])
if ARGV[4] ~= '' then redis.call('SADD', KEYS[4], ARGV[4]) end
return false
`;

function newCode(): string {
  return Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** A registry over an ioredis client the caller owns. */
export function createOrgRegistry(redis: RedisConnection, options: OrgRegistryOptions = {}): OrgRegistry {
  const prefix = `${keyPrefixFor(redis, options.prefix)}:org`;
  const configuredAdmins = new Set(options.admins ?? []);
  const codeTtl = options.codeTtlSeconds ?? 7 * 24 * 3600;
  const keys = {
    cells: `${prefix}:cells`,
    names: `${prefix}:unit-names`,
    parents: `${prefix}:parents`,
    children: (parent: string | undefined) => (parent ? `${prefix}:unit:${parent}:children` : `${prefix}:top-units`),
    chats: (cellId: string) => `${prefix}:cell:${cellId}:chats`,
    chat: (chat: string) => `${prefix}:chat:${chat}`,
    officers: (cellId: string) => `${prefix}:cell:${cellId}:officers`,
    officer: (person: string) => `${prefix}:officer:${person}`,
    code: (code: string) => `${prefix}:code:${code}`,
    memberCode: (code: string) => `${prefix}:member-code:${code}`,
    cellMemberCode: (cellId: string) => `${prefix}:cell:${cellId}:member-code`,
    handle: (channel: string, handle: string) => `${prefix}:handle:${channel}:${handle.toLowerCase()}`,
  };

  async function storeCode(cellId: string): Promise<string> {
    const code = newCode();
    await redis.set(keys.code(code), cellId, 'EX', codeTtl);
    return code;
  }

  /** Brings a store of an earlier layout to this one, once per registry, before the first unit is created. */
  let migration: Promise<unknown> | undefined;
  const migrated = () =>
    (migration ??= migrateOrgLayout(redis, prefix).catch((error: unknown) => {
      // A failed migration is tried again by the next creation.
      migration = undefined;
      throw error;
    }));

  const registry: OrgRegistry = {
    async isAdmin(person) {
      return configuredAdmins.has(person);
    },
    admins() {
      return [...configuredAdmins];
    },
    async createCell(name, createdBy, placement) {
      const cell = await registry.createUnit(name, createdBy, placement);
      return { cell, code: await storeCode(cell.id) };
    },
    async createUnit(name, createdBy, placement = {}) {
      await migrated();
      const { kind, parent } = placement;
      if (parent && !(await registry.cell(parent))) throw new AppError(`No unit ${parent} to place ${JSON.stringify(name)} under`);
      const cell: Cell = {
        id: placement.id ?? `cb${randomBytes(4).toString('hex')}`,
        name,
        ...(kind ? { kind } : {}),
        ...(parent ? { parent } : {}),
        createdBy,
        createdAt: new Date().toISOString(),
      };
      const keyList = [keys.names, keys.cells, keys.children(parent), keys.parents];
      const holder = (await redis.eval(CREATE_CELL_SCRIPT, 4, ...keyList, nameField(parent, name), cell.id, JSON.stringify(cell), parent ?? '')) as
        string | null;
      if (holder === 'id-taken') throw new AppError(`A unit with id ${cell.id} exists already`);
      // The script saw the holder stored, and units are never deleted.
      if (holder) throw new CellNameTakenError((await registry.cell(holder))!);
      return cell;
    },
    async issueCode(cellId) {
      await registry.revokeCodes(cellId);
      return storeCode(cellId);
    },
    async revokeCodes(cellId) {
      const codeKeys: string[] = [];
      for await (const batch of scanKeys(redis, keys.code('*'))) codeKeys.push(...batch);
      if (codeKeys.length === 0) return 0;
      const owners = await redis.mget(codeKeys);
      const ours = codeKeys.filter((_, index) => owners[index] === cellId);
      // DEL counts only the codes still there: one redeemed meanwhile is not counted.
      return ours.length > 0 ? redis.del(...ours) : 0;
    },
    async redeemCode(code, chat) {
      const cellId = await redis.getdel(keys.code(code.trim().toUpperCase()));
      if (!cellId) return undefined;
      const cell = await registry.cell(cellId);
      if (cell) await registry.bindChat(chat, cell.id);
      return cell;
    },
    async memberCode(cellId) {
      const existing = await redis.get(keys.cellMemberCode(cellId));
      if (existing) return existing;
      const code = newCode();
      // The code is usable before it is shown; two officers asking at once: the first code stands.
      await redis.set(keys.memberCode(code), cellId);
      if ((await redis.set(keys.cellMemberCode(cellId), code, 'NX')) === 'OK') return code;
      await redis.del(keys.memberCode(code));
      return (await redis.get(keys.cellMemberCode(cellId)))!;
    },
    async rotateMemberCode(cellId) {
      const code = newCode();
      await redis.set(keys.memberCode(code), cellId);
      // SET … GET swaps the cell's code atomically: of two rotations at once, each removes the code it replaced.
      const previous = await redis.set(keys.cellMemberCode(cellId), code, 'GET');
      if (previous && previous !== code) await redis.del(keys.memberCode(previous));
      return code;
    },
    async redeemMemberCode(code, chat) {
      const cellId = await redis.get(keys.memberCode(code.trim().toUpperCase()));
      const cell = cellId ? await registry.cell(cellId) : undefined;
      if (cell) await registry.bindChat(chat, cell.id);
      return cell;
    },
    async bindChat(chat, cellId) {
      // SET … GET swaps the chat's cell atomically and says which it was.
      const previous = await redis.set(keys.chat(chat), cellId, 'GET');
      const transaction = redis.multi().sadd(keys.chats(cellId), chat);
      if (previous && previous !== cellId) transaction.srem(keys.chats(previous), chat);
      await transaction.exec();
    },
    async unbindChat(chat) {
      const cellId = await redis.getdel(keys.chat(chat));
      if (!cellId) return undefined;
      await redis.srem(keys.chats(cellId), chat);
      return registry.cell(cellId);
    },
    async cell(cellId) {
      const json = await redis.hget(keys.cells, cellId);
      return json ? parseStored(cellSchema, json, 'cell') : undefined;
    },
    async cellsWithIds(ids) {
      if (ids.length === 0) return [];
      const found = await redis.hmget(keys.cells, ...ids);
      return found.flatMap((json) => (json ? [parseStored(cellSchema, json, 'cell')] : []));
    },
    async cells() {
      const all = Object.values(await redis.hgetall(keys.cells)).map((json) => parseStored(cellSchema, json, 'cell'));
      return all.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    },
    async findCell(idOrName) {
      const found = await registry.lookupCell(idOrName);
      if (found.kind === 'ambiguous') throw new AmbiguousCellError(idOrName.trim(), found.cells);
      return found.kind === 'found' ? found.cell : undefined;
    },
    async lookupCell(idOrName) {
      const all = await registry.cells();
      // Ids are lower case; a phone keyboard may capitalise the first letter.
      const id = idOrName.trim().toLowerCase();
      const byId = all.find((cell) => cell.id === id);
      if (byId) return { kind: 'found', cell: byId };
      const wanted = foldName(idOrName);
      const named = all.filter((cell) => foldName(cell.name) === wanted).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      if (named.length === 0) return { kind: 'none' };
      return named.length === 1 ? { kind: 'found', cell: named[0]! } : { kind: 'ambiguous', cells: named };
    },
    async cellOfChat(chat) {
      const cellId = await redis.get(keys.chat(chat));
      return cellId ? registry.cell(cellId) : undefined;
    },
    async chatsOf(cellId) {
      return (await redis.smembers(keys.chats(cellId))).sort();
    },
    async setOfficer(cellId, officer) {
      await redis.multi().hset(keys.officers(cellId), officer.person, JSON.stringify(officer)).sadd(keys.officer(officer.person), cellId).exec();
    },
    async removeOfficer(cellId, person) {
      const json = await redis.hget(keys.officers(cellId), person);
      if (!json) return undefined;
      await redis.multi().hdel(keys.officers(cellId), person).srem(keys.officer(person), cellId).exec();
      return parseStored(officerSchema, json, 'officer');
    },
    async officersOf(cellId) {
      const officers = Object.values(await redis.hgetall(keys.officers(cellId))).map((json) => parseStored(officerSchema, json, 'officer'));
      return officers.sort((a, b) => (a.role === b.role ? 0 : a.role === 'secretary' ? -1 : 1));
    },
    async cellsLedBy(person) {
      return (await redis.smembers(keys.officer(person))).sort();
    },
    async rememberHandle(person, handle, name) {
      const channel = person.slice(0, person.indexOf(':'));
      const known: KnownPerson = { person, ...(name ? { name } : {}) };
      await redis.set(keys.handle(channel, handle), JSON.stringify(known), 'EX', HANDLE_TTL_SECONDS);
    },
    async personByHandle(channel, handle) {
      const json = await redis.get(keys.handle(channel, handle));
      return json ? parseStored(knownPersonSchema, json, 'known person') : undefined;
    },
  };
  return registry;
}
