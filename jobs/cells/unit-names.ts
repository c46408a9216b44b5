import { foldVietnamese, normalizeForMatch } from '../../common/index.js';

/** A unit's name as compared: folded (no case, no diacritics), single spaces. */
export function foldName(name: string): string {
  return foldVietnamese(normalizeForMatch(name)).replace(/\s+/gu, ' ').trim();
}

/** The field of a unit's name in `org:unit-names`: "<parent id>/<folded name>", unique among a parent's units. */
export function nameField(parent: string | undefined, name: string): string {
  return `${parent ?? ''}/${foldName(name)}`;
}
