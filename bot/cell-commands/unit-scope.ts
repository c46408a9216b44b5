/**
 * The part of the tree a person manages: the root's admins manage every unit; a unit's admin that
 * unit and every unit below it. Refusals name whose admins may do what was asked.
 */
import type { Cell } from '../../jobs/index.js';
import type { Reply } from '../chat-types.js';
import type { Access } from './cell-access.js';
import { textReply, type CellCommandDeps } from './cell-deps.js';
import { UNIT_REPLIES } from './unit-texts.js';

/** Whether the person manages `unit`: a root admin, or an admin of it or of a unit above it. */
export async function mayManage(deps: Pick<CellCommandDeps, 'unitAdmins'>, access: Access, unit: Cell): Promise<boolean> {
  if (access.isAdmin) return true;
  if (access.adminUnits.length === 0) return false;
  return deps.unitAdmins.manages(access.person, unit.id);
}

/** The refusal of an action on `unit` (undefined: the root) by someone who does not manage it, naming who may. */
export function notManaged(unit: Cell | undefined): Reply[] {
  return textReply(unit ? UNIT_REPLIES.managersOnly(unit) : UNIT_REPLIES.rootOnly);
}

/** Every unit the person manages: all of them for a root admin, else each granted unit and the units below it. */
export async function managedUnits(deps: Pick<CellCommandDeps, 'registry' | 'tree'>, access: Access): Promise<Cell[]> {
  if (access.isAdmin) return deps.registry.cells();
  const ids = new Set<string>();
  for (const unit of access.adminUnits) for (const id of await deps.tree.subtreeIds(unit.id)) ids.add(id);
  const units = await Promise.all([...ids].map((id) => deps.registry.cell(id)));
  return units.filter((unit): unit is Cell => unit !== undefined).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/**
 * The units the person's commands act on when they name none: the root for a root admin
 * (`roots: undefined`), else the units they were granted, the highest only (one granted below
 * another is part of it).
 */
export async function ownUnits(deps: Pick<CellCommandDeps, 'tree'>, access: Access): Promise<{ roots?: Cell[] }> {
  if (access.isAdmin) return {};
  const granted = new Set(access.adminUnits.map((unit) => unit.id));
  const highest: Cell[] = [];
  for (const unit of access.adminUnits) {
    const above = await deps.tree.ancestors(unit.id);
    if (!above.some((each) => granted.has(each.id))) highest.push(unit);
  }
  return { roots: highest };
}
