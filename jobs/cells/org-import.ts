/**
 * A committee's list of units (a spreadsheet) brought into the tree: new units created, changed
 * ones updated, the rest left as they are, so that importing the same file twice changes nothing.
 */
import { AppError } from '../../common/index.js';
import { CellNameTakenError, type Cell, type OrgRegistry } from './org-registry.js';
import { UnitCsvError, type UnitRow } from './org-csv.js';
import type { UnitTree } from './unit-tree.js';

/** What an import did, as `org import` prints it. */
export interface UnitImport {
  created: number;
  updated: number;
  unchanged: number;
}

/** The rows ordered parents first; throws {@link UnitCsvError} for a parent nowhere to be found or a loop. */
async function parentsFirst(rows: readonly UnitRow[], registry: OrgRegistry): Promise<UnitRow[]> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered: UnitRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = async (row: UnitRow): Promise<void> => {
    if (state.get(row.id) === 'done') return;
    if (state.get(row.id) === 'visiting') throw new UnitCsvError(`Dòng ${row.line}: đơn vị "${row.id}" nằm dưới chính nó (vòng lặp cấp trên)`);
    state.set(row.id, 'visiting');
    const parent = row.parent ? byId.get(row.parent) : undefined;
    if (parent) await visit(parent);
    else if (row.parent && !(await registry.cell(row.parent))) throw new UnitCsvError(`Dòng ${row.line}: không có đơn vị cấp trên "${row.parent}"`);
    state.set(row.id, 'done');
    ordered.push(row);
  };
  for (const row of rows) await visit(row);
  return ordered;
}

/** Whether a stored unit already says what its row says. */
function sameUnit(unit: Cell, row: UnitRow): boolean {
  return unit.name === row.name && (unit.kind ?? '') === row.kind && (unit.parent ?? '') === row.parent;
}

/**
 * Creates or updates the units of `rows` (parents before their units), recorded as made by
 * `by`. A name taken among a parent's units throws {@link UnitCsvError} naming the line; the rows
 * before it stay done, and importing the corrected file again finishes the work.
 */
export async function importUnits(rows: readonly UnitRow[], registry: OrgRegistry, tree: UnitTree, by: string): Promise<UnitImport> {
  const result: UnitImport = { created: 0, updated: 0, unchanged: 0 };
  for (const row of await parentsFirst(rows, registry)) {
    const placement = { ...(row.kind ? { kind: row.kind } : {}), ...(row.parent ? { parent: row.parent } : {}) };
    try {
      const unit = await registry.cell(row.id);
      if (!unit) {
        await registry.createUnit(row.name, by, { ...placement, id: row.id });
        result.created += 1;
      } else if (sameUnit(unit, row)) result.unchanged += 1;
      else {
        await tree.update(row.id, { name: row.name, kind: row.kind, parent: row.parent || null });
        result.updated += 1;
      }
    } catch (error) {
      if (error instanceof CellNameTakenError) throw new UnitCsvError(`Dòng ${row.line}: tên "${row.name}" đã có ở đơn vị ${error.existing.id} cùng cấp trên`);
      if (error instanceof AppError && !(error instanceof UnitCsvError)) throw new UnitCsvError(`Dòng ${row.line}: ${error.message}`);
      throw error;
    }
  }
  return result;
}
