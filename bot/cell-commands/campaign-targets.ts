/**
 * Which units a report deadline set down the tree goes to. The committee is the unit named, else
 * the unit of the committee chat it is set from, else the units the admin manages (a root admin:
 * the whole tree); the deadline goes to every unit below it, or to the units of a kind below it
 * ("chỉ các chi bộ [thuộc <đơn vị>]", as notices are narrowed: notice-targets.ts). A unit named
 * that has no units below gets the deadline itself.
 */
import { foldVietnamese } from '../../common/index.js';
import { isGroupChat, kindMatches, type Cell } from '../../jobs/index.js';
import type { Reply } from '../chat-types.js';
import type { Access } from './cell-access.js';
import type { CellCommandDeps } from './cell-deps.js';
import { namedCell } from './cell-lookup.js';
import { readFilter } from './notice-targets.js';
import { mayManage, notManaged, ownUnits } from './unit-scope.js';

/** The units a deadline goes to, split by whether they have a chat to be reminded in (`chat`: where their event goes). */
export interface DeadlineTargets {
  /** The unit setting the deadline, when there is one (not a root admin's whole tree). */
  committee?: Cell;
  reminded: Array<{ unit: Cell; chat: string }>;
  withoutChat: Cell[];
}

/** Items meaning "every unit below": the committee's whole part. */
const EVERYTHING = /^(?:toan dang bo|tat ca|tat ca cac don vi|cac don vi|toan bo)$/u;

/** The text of a /baocao that sets a deadline down the tree without brackets ("các chi bộ nộp báo cáo quý trước ngày 20/12"): the targets and the rest. */
export function leadingTargets(args: string): { items: string[]; rest: string } | undefined {
  const match = /^(các\s+chi\s+bộ|các\s+đảng\s+bộ|các\s+đơn\s+vị|toàn\s+đảng\s+bộ)(?:\s+trực\s+thuộc)?\s+([\s\S]+)$/iu.exec(args.trim());
  if (!match) return undefined;
  const lead = foldVietnamese(match[1]!).toLowerCase().replace(/\s+/gu, ' ');
  const items = lead === 'cac chi bo' ? ['chỉ các chi bộ'] : lead === 'cac dang bo' ? ['chỉ các đảng bộ'] : [];
  return { items, rest: match[2]!.trim() };
}

/** The units a deadline set by `access` with the bracketed `items` goes to, or the reply to give instead. */
export async function deadlineTargets(deps: CellCommandDeps, access: Access, items: readonly string[]): Promise<DeadlineTargets | { reply: Reply[] }> {
  const { registry, tree } = deps;
  const named: Cell[] = [];
  const kinds: string[] = [];
  for (const item of items) {
    if (EVERYTHING.test(foldVietnamese(item).toLowerCase().replace(/\s+/gu, ' '))) continue;
    const filter = readFilter(item);
    if (filter) kinds.push(filter.kind);
    const wanted = filter ? filter.scope : item;
    if (!wanted) continue;
    const unit = await namedCell(registry, wanted, (id) => `/baocao [${items.map((each) => each.replace(wanted, id)).join(', ')}] …`);
    if (Array.isArray(unit)) return { reply: unit };
    if (!(await mayManage(deps, access, unit))) return { reply: notManaged(unit) };
    named.push(unit);
  }
  // From a committee's own chat, its part of the tree; else the admin's own (a root admin's: all of it).
  const fromCommitteeChat = access.boundHere && access.cell && access.managesCell ? [access.cell] : undefined;
  const scopes: Array<Cell | undefined> = named.length > 0 ? named : (fromCommitteeChat ?? (await ownUnits(deps, access)).roots ?? [undefined]);
  const all = new Map((await registry.cells()).map((unit) => [unit.id, unit]));
  const chosen = new Map<string, Cell>();
  for (const scope of scopes) {
    const ids = await tree.subtreeIds(scope?.id);
    const below = ids.filter((id) => id !== scope?.id);
    const candidates = below.length > 0 || !scope ? below : [scope.id];
    for (const id of candidates) {
      const unit = all.get(id);
      if (unit && (kinds.length === 0 || kinds.some((kind) => kindMatches(unit.kind, kind)))) chosen.set(id, unit);
    }
  }
  const reminded: DeadlineTargets['reminded'] = [];
  const withoutChat: Cell[] = [];
  for (const unit of chosen.values()) {
    const chats = await registry.chatsOf(unit.id);
    // Where the unit's own events go: its group, else its one chat.
    const chat = chats.find(isGroupChat) ?? chats[0];
    if (chat) reminded.push({ unit, chat });
    else withoutChat.push(unit);
  }
  const byName = (a: Cell, b: Cell) => a.name.localeCompare(b.name, 'vi');
  reminded.sort((a, b) => byName(a.unit, b.unit));
  withoutChat.sort(byName);
  const [committee] = scopes;
  // A unit named alone that gets the deadline itself sets it for nobody below: no committee.
  return { ...(scopes.length === 1 && committee && !chosen.has(committee.id) ? { committee } : {}), reminded, withoutChat };
}
