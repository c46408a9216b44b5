/**
 * Kinds of units as people write them: a unit's kind read from the start of its name ("Đảng bộ
 * phường Ba Đình" is a đảng bộ phường, "Chi bộ khu phố 3" a chi bộ), and a kind asked for in a
 * notice's filter ("chỉ các chi bộ") matched against the units' kinds.
 */
import { foldName } from './unit-names.js';

/** The kind of a unit whose name says none of {@link KNOWN_KINDS}, and of a unit stored without one. */
export const DEFAULT_UNIT_KIND = 'chi bộ';

/** Kinds a name may start with, the longer first (so that "đảng bộ xã" wins over "đảng bộ"). */
export const KNOWN_KINDS = [
  'đảng bộ thành phố',
  'đảng bộ đặc khu',
  'đảng bộ phường',
  'đảng bộ cơ sở',
  'đảng bộ tỉnh',
  'đảng bộ xã',
  'chi bộ trực thuộc',
  'chi bộ cơ sở',
  'đảng bộ',
  'chi bộ',
] as const;

/** "đảng ủy" names the committee of a đảng bộ: a name starting with it is read as the đảng bộ. */
const COMMITTEE = /^dang uy(?= |$)/u;

/** Whether `folded` starts with the folded kind as whole words. */
function startsWithKind(folded: string, kind: string): boolean {
  const wanted = foldName(kind);
  return folded === wanted || folded.startsWith(`${wanted} `);
}

/** The kind a unit's name starts with ("Đảng ủy phường X" and "Đảng bộ phường X": "đảng bộ phường"), else {@link DEFAULT_UNIT_KIND}. */
export function kindOfName(name: string): string {
  const folded = foldName(name).replace(COMMITTEE, 'dang bo');
  return KNOWN_KINDS.find((kind) => startsWithKind(folded, kind)) ?? DEFAULT_UNIT_KIND;
}

/** Whether a unit of `kind` (none: {@link DEFAULT_UNIT_KIND}) is of the kind asked for: "chi bộ" takes every kind of chi bộ, "đảng bộ xã" only those. */
export function kindMatches(kind: string | undefined, wanted: string): boolean {
  return startsWithKind(foldName(kind ?? DEFAULT_UNIT_KIND), wanted);
}
