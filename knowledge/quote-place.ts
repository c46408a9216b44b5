/**
 * Where a quote sits in its document, in the words members use: "Điều 35, khoản 2",
 * "Điều 4, khoản 1, điểm a", "mục 3.5.2", "mục 3.5.1, điểm b". Read from the passage's headings and the
 * numbering of the quoted line and of the line that introduces it.
 */
import { lineMarker, type LineMarker } from './line-markers.js';
import type { PassageOutline } from './passage-outline.js';

/** The label of a marker without its punctuation ("Điều 35", "2", "3.5.1", "a"). */
function bare(marker: LineMarker): string {
  return marker.label
    .replace(/^\(/u, '')
    .replace(/[.)]+$/u, '')
    .trim();
}

/** The nearest line above `line` (in the passage, else its headings, innermost first) whose marker `accept` takes. */
function nearest(lines: readonly string[], line: number, headingPath: readonly string[], accept: (marker: LineMarker) => boolean): LineMarker | undefined {
  for (let index = line; index >= 0; index -= 1) {
    const marker = lineMarker(lines[index]!);
    if (marker && accept(marker)) return marker;
  }
  for (let index = headingPath.length - 1; index >= 0; index -= 1) {
    const marker = lineMarker(headingPath[index]!);
    if (marker && accept(marker)) return marker;
  }
  return undefined;
}

/**
 * The place of line `line` of a passage: its article ("Điều N") with the clause ("khoản N", a
 * single number under an article) and point ("điểm a"), or, in documents numbered "3.5.1.", the
 * numbered section the line sits in ("mục 3.5.2", "mục 7.2, điểm b"). Undefined where the
 * document has no such numbering, or where the quoted line starts with its own number ("3.5.2. ...").
 */
export function placeOf(outline: PassageOutline, line: number, headingPath: readonly string[]): string | undefined {
  const { lines } = outline;
  const own = lineMarker(lines[line]!);
  const article = nearest(lines, line, headingPath, (marker) => marker.kind === 'article');
  const isClause = (marker: LineMarker) => marker.kind === 'number' && marker.depth === 1;
  const point = own?.kind === 'letter' ? own : undefined;
  if (article) {
    const clause = own && isClause(own) ? own : nearest(lines, line, [], (marker) => isClause(marker) || marker.kind === 'article');
    const parts = [bare(article)];
    if (clause && clause.kind !== 'article') parts.push(`khoản ${bare(clause)}`);
    if (point) parts.push(`điểm ${bare(point)}`);
    return parts.length > 1 || !own ? parts.join(', ') : undefined;
  }
  if (own?.kind === 'number') return undefined;
  const section = nearest(lines, line - 1, headingPath, (marker) => marker.kind === 'number');
  if (!section) return undefined;
  return point ? `mục ${bare(section)}, điểm ${bare(point)}` : `mục ${bare(section)}`;
}
