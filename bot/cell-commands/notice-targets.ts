/**
 * Where a notice goes. By default every chat of the part of the tree its sender manages (a root
 * admin's: the whole tree); in brackets, units by name or id (each with the units below it), chat
 * addresses, and "chỉ các <loại> [thuộc <đơn vị>]", which keeps only the units of that kind (their
 * own chats) below the unit named, else below the units named or the sender's own. Every unit and
 * chat must be in the sender's part of the tree. Each chat is reported under its unit's name and
 * under the unit one level below where the notice went (a commune's cells, a province's communes).
 */
import { foldVietnamese } from '../../common/index.js';
import { kindMatches, type Cell } from '../../jobs/index.js';
import type { Reply } from '../chat-types.js';
import type { Access } from './cell-access.js';
import { textReply, type CellCommandDeps } from './cell-deps.js';
import { namedCell } from './cell-lookup.js';
import { NOTICE_REPLIES, type PreviewUnits } from './notice-texts.js';
import { mayManage, notManaged, ownUnits } from './unit-scope.js';

/** The chats a notice goes to, each chat's unit and the unit it is reported under, and the units reached. */
export interface NoticeTargets {
  chats: string[];
  cellOf: Record<string, string>;
  branchOf: Record<string, string>;
  units: PreviewUnits;
}

const CHAT_ADDRESS = /^(?:telegram|zalo):[^\s:,]+$/u;
/** "chỉ các chi bộ", "chi cac dang bo xa", "chỉ đảng bộ xã": a kind filter, the kind after it. */
const FILTER = /^(?:chỉ|chi)\s+(?:các\s+|cac\s+)?(\S.*)$/iu;
/** The unit a filter is limited to: "chi bộ thuộc Đảng bộ phường X", "chi bộ trực thuộc Đảng bộ phường X". */
const FILTER_SCOPE = /^(.+?)\s+(?:trực\s+thuộc|truc\s+thuoc|thuộc|thuoc)\s+(\S.*)$/iu;

/** A kind filter: the kind asked for, and the unit it is limited to when one is named. */
interface KindFilter {
  kind: string;
  scope?: string;
}

/** The kinds a filter may ask for: of chi bộ or đảng bộ ("đảng ủy" read as its đảng bộ), so that "Chỉ còn 3 ngày: …" stays a notice's text. */
const FILTER_KIND = /^(?:chi bo|dang bo|dang uy)(?: |$)/u;

/** An item read as a kind filter: "chỉ" (or "chi các": "Chi bộ 3" stays a unit's name), then a kind of chi bộ or đảng bộ. */
export function readFilter(item: string): KindFilter | undefined {
  const folded = foldVietnamese(item).toLowerCase();
  if (!/^chỉ\s/iu.test(item) && !folded.startsWith('chi cac ')) return undefined;
  const rest = FILTER.exec(item)?.[1];
  if (!rest) return undefined;
  const scoped = FILTER_SCOPE.exec(rest);
  const kind = (scoped ? scoped[1]! : rest)
    .trim()
    .toLowerCase()
    .replace(/^đảng ủy/u, 'đảng bộ');
  if (!FILTER_KIND.test(foldVietnamese(kind))) return undefined;
  return scoped ? { kind, scope: scoped[2]!.trim() } : { kind };
}

/** The targets of a notice from `items` (the bracketed list, split at commas), or the reply to give instead. */
export async function noticeTargets(deps: CellCommandDeps, access: Access, items: readonly string[]): Promise<NoticeTargets | { reply: Reply[] }> {
  const { registry, tree } = deps;
  const named: Cell[] = [];
  const chatsNamed: string[] = [];
  const filters: Array<{ kind: string; scope?: Cell }> = [];
  const missing: string[] = [];

  /** A unit named in item `index`; the question which one retypes the list with its id. */
  async function unitNamed(wanted: string, index: number): Promise<Cell | Reply[] | undefined> {
    const found = await registry.lookupCell(wanted);
    if (found.kind === 'none') {
      missing.push(wanted);
      return undefined;
    }
    const unit =
      found.kind === 'found'
        ? found.cell
        : await namedCell(registry, wanted, (id) => `/thongbao [${items.map((each, at) => (at === index ? each.replace(wanted, id) : each)).join(', ')}] …`);
    if (Array.isArray(unit)) return unit;
    return (await mayManage(deps, access, unit)) ? unit : notManaged(unit);
  }

  for (const [index, item] of items.entries()) {
    if (CHAT_ADDRESS.test(item)) {
      chatsNamed.push(item);
      continue;
    }
    const filter = readFilter(item);
    const unit = filter?.scope || !filter ? await unitNamed(filter?.scope ?? item, index) : undefined;
    if (Array.isArray(unit)) return { reply: unit };
    if (filter) {
      if (filter.scope && !unit) continue;
      filters.push({ kind: filter.kind, ...(unit ? { scope: unit } : {}) });
    } else if (unit) named.push(unit);
  }
  if (missing.length > 0) return { reply: textReply(NOTICE_REPLIES.cellsNotFound(missing)) };

  const all = new Map((await registry.cells()).map((unit) => [unit.id, unit]));
  /** The unit `unitId` is reported under for a notice to `scope`: the unit one level below it on the way down. */
  const branch = (unitId: string, scope: string | undefined): string => {
    let current = unitId;
    for (let depth = 0; depth < all.size; depth += 1) {
      const unit = all.get(current);
      if (!unit?.parent || current === scope || unit.parent === scope) break;
      current = unit.parent;
    }
    return current;
  };

  // Units of the sender's own when the brackets name none (a root admin's: the root).
  const own = async (): Promise<Array<Cell | undefined>> => (await ownUnits(deps, access)).roots ?? [undefined];
  const scopes = named.length > 0 ? named : chatsNamed.length > 0 && filters.length === 0 ? [] : await own();
  const selections: Array<{ scope: Cell | undefined; kinds?: string[] }> = [];
  const unscoped = filters.filter((filter) => !filter.scope).map((filter) => filter.kind);
  if (filters.length === 0) selections.push(...scopes.map((scope) => ({ scope })));
  else if (unscoped.length > 0) selections.push(...scopes.map((scope) => ({ scope, kinds: unscoped })));
  for (const filter of filters) if (filter.scope) selections.push({ scope: filter.scope, kinds: [filter.kind] });

  /** Each chat's unit id and the id of the unit it is reported under; the first selection reaching a chat decides. */
  const placed = new Map<string, { unit: string; branch: string }>();
  for (const { scope, kinds } of selections) {
    const chats = kinds
      ? await unitChats((await tree.subtreeIds(scope?.id)).filter((id) => kinds.some((kind) => kindMatches(all.get(id)?.kind, kind))))
      : await tree.chatsBelow(scope?.id);
    for (const { chat, unit } of chats) if (!placed.has(chat)) placed.set(chat, { unit, branch: branch(unit, scope?.id) });
  }
  for (const chat of chatsNamed) {
    const unit = await registry.cellOfChat(chat);
    if (!access.isAdmin && !(unit && (await mayManage(deps, access, unit)))) return { reply: textReply(NOTICE_REPLIES.chatNotManaged(chat)) };
    if (!placed.has(chat)) placed.set(chat, { unit: unit?.id ?? '', branch: unit?.id ?? '' });
  }
  if (placed.size === 0 && filters.length > 0) return { reply: textReply(NOTICE_REPLIES.noUnitsOfKind(filters.map((filter) => filter.kind))) };

  const label = unitLabels(
    all,
    [...placed.values()].flatMap(({ unit, branch: above }) => [unit, above]),
  );
  const cellOf: Record<string, string> = {};
  const branchOf: Record<string, string> = {};
  for (const [chat, { unit, branch: above }] of placed) {
    if (!unit) continue;
    cellOf[chat] = label(unit);
    branchOf[chat] = label(above);
  }
  const reached = [...new Set([...placed.values()].map(({ unit }) => unit))].filter((id) => all.has(id));
  const names = reached.map(label).sort((a, b) => a.localeCompare(b, 'vi'));
  const word = reached.every((id) => kindMatches(all.get(id)!.kind, 'chi bộ')) ? 'chi bộ' : 'đơn vị';
  return { chats: [...placed.keys()], cellOf, branchOf, units: { names, word } };

  async function unitChats(ids: readonly string[]): Promise<Array<{ chat: string; unit: string }>> {
    const found = await Promise.all(ids.map(async (unit) => (await registry.chatsOf(unit)).map((chat) => ({ chat, unit }))));
    return found.flat();
  }
}

/** Units' names as reports show them: a name two units reached share is followed by the name of the unit above each. */
function unitLabels(all: ReadonlyMap<string, Cell>, ids: readonly string[]): (id: string) => string {
  const idsByName = new Map<string, Set<string>>();
  for (const id of ids) {
    const unit = all.get(id);
    if (unit) idsByName.set(unit.name, (idsByName.get(unit.name) ?? new Set()).add(id));
  }
  return (id) => {
    const unit = all.get(id);
    if (!unit) return id;
    const parent = unit.parent ? all.get(unit.parent) : undefined;
    return (idsByName.get(unit.name)?.size ?? 0) > 1 && parent ? `${unit.name} (${parent.name})` : unit.name;
  };
}
