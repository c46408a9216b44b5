/**
 * Chunking by the document's own structure. Headings ("Chương I", "Điều 5.", "1.", "1.1.", "a)",
 * ALL-CAPS titles, questions) open nested sections; bullets ("-", "+", "*"), enumerations ("Một là,",
 * "Thứ nhất,") and numbered items that head nothing are list items. Each line becomes (part of) an
 * atom: headings and lead-in lines ("... có nhiệm vụ:") are glued to what follows, and a line longer
 * than the limit is split between sentences. Atoms are then grouped into chunks by a shortest-path
 * search that prefers cuts at section starts, then between items, and rarely inside an item, keeps
 * chunks within the size limits and merges small neighbours.
 */
import { CHAPTER_RANK, isAllCapsLine, lineMarker, markerRank, type LineMarker, type MarkerKind } from './line-markers.js';
import { countWords, splitSentences } from './split-sentences.js';
import type { Chunk, CleanDocument } from './types.js';

/** Size limits of {@link chunkDocument}, in words. */
export interface ChunkOptions {
  /** Smaller chunks are merged with a neighbour when the result fits. @defaultValue 60 */
  minWords?: number;
  /** Largest chunk; only a single longer sentence exceeds it. @defaultValue 250 */
  maxWords?: number;
}

/** Defaults of {@link ChunkOptions}. */
export const CHUNK_DEFAULTS: Readonly<Required<ChunkOptions>> = { minWords: 60, maxWords: 250 };

/**
 * Splits a cleaned document into quotable chunks, each with the path of headings it sits under.
 * Ids are `${doc.meta.file}#${ordinal}`; the text is the document's own wording, one line per item.
 */
export function chunkDocument(doc: CleanDocument, options: ChunkOptions = {}): Chunk[] {
  const limits = { ...CHUNK_DEFAULTS, ...options };
  const atoms = buildAtoms(parseEntries(doc.text)).flatMap((atom) => splitLongAtom(atom, limits.maxWords));
  const docId = doc.meta.file;
  return segmentAtoms(atoms, limits).map((segment, ordinal) => ({
    id: `${docId}#${ordinal}`,
    docId,
    ordinal,
    headingPath: commonPath(segment),
    text: renderSegment(segment),
  }));
}

/** Relative cost of chunk boundaries and shapes; only their ratios matter. */
const COSTS = {
  /** Cutting before a heading: free. */
  cutAtSection: 0,
  /** Cutting between paragraphs or top-level list items. */
  cutBetweenItems: 0.3,
  /** Cutting between the sub-items of one item. */
  cutInsideItem: 1.5,
  /** Cutting between the sentences of one over-long line. */
  cutInsideLine: 2,
  /** Cutting before trailing headings that have nothing after them. */
  cutBeforeTrailing: 10,
  /** Each section start inside a chunk: its heading leaves the chunk's path. */
  mergedSection: 0.6,
  /** Scales the squared shortfall of a chunk below minWords. */
  undersized: 6,
  /** Scales the squared distance from the middle of the size range. */
  offTarget: 1,
} as const;

/** A heading line, an item or a paragraph, with the headings it sits under. */
interface Entry {
  /** Display lines; empty for a section that starts inside a long line ("Điều 5. ..." run-on). */
  lines: string[];
  heading: boolean;
  path: string[];
  /** List nesting of a content line: 0 for paragraphs and top-level items. */
  depth: number;
  /** The path ends with the plain lead-in this item's list follows ("Đảng viên có nhiệm vụ :"). */
  underLead?: boolean;
}

/** An indivisible run of lines: glued headings and lead-ins with the line they introduce. */
interface Atom {
  lines: string[];
  words: number;
  path: string[];
  startsSection: boolean;
  /** Cost of a chunk boundary just before this atom. */
  cutCost: number;
  /** Continues the previous atom's last line (a line split between sentences). */
  continuesLine: boolean;
  /** Only headings, with nothing after them (signature blocks, trailing titles). */
  headingOnly: boolean;
}

const LABEL_KINDS = new Set<MarkerKind>(['part', 'chapter', 'section', 'article', 'clause']);
const NUMBERED_KINDS = new Set<MarkerKind>(['upper-letter', 'roman', 'number', 'paren-number', 'letter']);
const ITEM_KINDS = new Set<MarkerKind>(['bullet', 'enumeration']);

/** Unnumbered question headings ("... thế nào?") sit between clauses and numbered headings. */
const QUESTION_RANK = 5.5;
/** Longest numbered or question line that can still be a heading rather than an item. */
const MAX_HEADING_WORDS = 40;
/** Longest label ("Điều 5. ...") or capitals line read as a heading. */
const MAX_TITLE_WORDS = 30;

interface SourceLine {
  text: string;
  blankBefore: boolean;
  blankAfter: boolean;
}

function sourceLines(text: string): SourceLine[] {
  const raw = text.split('\n').map((line) => line.trim());
  const lines: SourceLine[] = [];
  raw.forEach((line, index) => {
    if (line) lines.push({ text: line, blankBefore: index === 0 || raw[index - 1] === '', blankAfter: raw[index + 1] === '' });
  });
  return lines;
}

/** A heading found at a line: its path text, rank and how many lines it spans. */
interface HeadingMatch {
  /** Fixed rank; absent for capitals and standalone titles, which rank by context. */
  rank?: number;
  title: string;
  span: number;
  /** The heading opens a section but its line is content ("Điều 5. Người được kết nạp ..." run-on). */
  runOn: boolean;
}

function isSubordinate(next: SourceLine | undefined, marker: LineMarker): boolean {
  if (!next) return false;
  const nextMarker = lineMarker(next.text);
  if (!nextMarker) return !isAllCapsLine(next.text);
  if (ITEM_KINDS.has(nextMarker.kind)) return true;
  if (LABEL_KINDS.has(nextMarker.kind)) return false;
  return markerRank(nextMarker) > markerRank(marker);
}

/** Short standalone line without final punctuation, followed by text: a web article's subheading. */
function isStandaloneTitle(line: SourceLine, next: SourceLine | undefined): boolean {
  return (
    next !== undefined && line.blankBefore && line.blankAfter && countWords(line.text) <= 20 && /^\p{Lu}/u.test(line.text) && !/[.,;:!?…"”')]$/u.test(line.text)
  );
}

/** An unnumbered ALL-CAPS line: the title under a bare label ("Chương I" / "ĐẢNG VIÊN"). */
function isCapsTitle(text: string | undefined): boolean {
  return text !== undefined && isAllCapsLine(text) && !lineMarker(text);
}

function matchHeading(lines: SourceLine[], index: number): HeadingMatch | undefined {
  const line = lines[index];
  if (!line) return undefined;
  const next = lines[index + 1];
  const words = countWords(line.text);
  const marker = lineMarker(line.text);
  if (marker && LABEL_KINDS.has(marker.kind)) {
    const rank = markerRank(marker);
    if (words > MAX_TITLE_WORDS) return { rank, title: marker.label, span: 1, runOn: true };
    // A bare label ("Chương I") takes the capitals title lines below it ("ĐẢNG VIÊN").
    let span = 1;
    if (/^[.:–-]?$/.test(marker.rest)) {
      while (span < 4 && isCapsTitle(lines[index + span]?.text)) span += 1;
    }
    const title = lines
      .slice(index, index + span)
      .map((entry) => entry.text)
      .join(' ');
    return { rank, title, span, runOn: false };
  }
  if (marker && NUMBERED_KINDS.has(marker.kind)) {
    if (words > MAX_HEADING_WORDS || !isSubordinate(next, marker)) return undefined;
    return { rank: markerRank(marker), title: line.text, span: 1, runOn: false };
  }
  if (marker) return undefined;
  if (isAllCapsLine(line.text) && words <= MAX_TITLE_WORDS) return { title: line.text, span: 1, runOn: false };
  if (/\?$/.test(line.text) && words <= MAX_HEADING_WORDS && next) {
    return { rank: QUESTION_RANK, title: line.text, span: 1, runOn: false };
  }
  if (isStandaloneTitle(line, next)) return { title: line.text, span: 1, runOn: false };
  return undefined;
}

interface OpenHeading {
  rank: number;
  title: string;
  contextual: boolean;
}

/**
 * Rank of an ALL-CAPS or standalone title line: chapter level when no heading is open, a sibling
 * of an open title, otherwise a subheading of the innermost open section.
 */
function contextualRank(stack: OpenHeading[]): number {
  const top = stack.at(-1);
  if (!top) return CHAPTER_RANK;
  return top.contextual ? top.rank : top.rank + 0.5;
}

/** Classifies the lines and resolves each one's heading path and list depth. */
function parseEntries(text: string): Entry[] {
  const lines = sourceLines(text);
  const entries: Entry[] = [];
  const stack: OpenHeading[] = [];
  let listKeys: string[] = [];
  let lead: string | undefined;
  for (let index = 0; index < lines.length;) {
    const line = lines[index];
    if (!line) break;
    const heading = matchHeading(lines, index);
    if (heading) {
      const contextual = heading.rank === undefined;
      const rank = heading.rank ?? contextualRank(stack);
      while ((stack.at(-1)?.rank ?? -1) >= rank) stack.pop();
      stack.push({ rank, title: heading.title, contextual });
      listKeys = [];
      lead = undefined;
      const path = stack.map((open) => open.title);
      if (heading.runOn) {
        entries.push({ lines: [], heading: true, path, depth: 0 }, { lines: [line.text], heading: false, path, depth: 0 });
      } else {
        const spanned = lines.slice(index, index + heading.span).map((entry) => entry.text);
        entries.push({ lines: spanned, heading: true, path, depth: 0 });
      }
      index += heading.span;
      continue;
    }
    const key = listKey(lineMarker(line.text));
    let depth = 0;
    if (!key) listKeys = [];
    else {
      const at = listKeys.indexOf(key);
      if (at >= 0) listKeys = listKeys.slice(0, at + 1);
      else listKeys.push(key);
      depth = listKeys.length - 1;
    }
    const path = stack.map((open) => open.title);
    // The items under a plain lead-in ("Đảng viên có nhiệm vụ :") sit under it too, so that a
    // chunk that starts inside the list still says what the list is.
    if (key && lead) path.push(lead);
    else lead = !key && line.text.endsWith(':') && listKey(lineMarker(lines[index + 1]?.text ?? '')) !== undefined ? line.text : undefined;
    entries.push({ lines: [line.text], heading: false, path, depth, underLead: key !== undefined && lead !== undefined });
    index += 1;
  }
  return entries;
}

/** Which list a marked line belongs to; items of one key are siblings. */
function listKey(marker: LineMarker | undefined): string | undefined {
  if (!marker || LABEL_KINDS.has(marker.kind)) return undefined;
  if (marker.kind === 'bullet') return `bullet:${marker.label.replace(/[–—]/, '-')}`;
  return marker.kind === 'number' ? `number:${marker.depth}` : marker.kind;
}

/**
 * A lead-in ending with ":" introduces what follows (a heading only when the lead-in is short,
 * "Thủ tục kết nạp đảng viên :" / "1. Người vào Đảng phải :"); a list item introduces its first
 * sub-item ("- Kiện toàn tổ chức ..." / "+ Bầu cấp ủy ...").
 */
function introducesNext(entry: Entry, next: Entry): boolean {
  const text = entry.lines.at(-1) ?? '';
  if (/:$/.test(text)) return !next.heading || countWords(text) <= MAX_HEADING_WORDS;
  return !next.heading && next.depth > entry.depth;
}

/** Glues headings, lead-ins and parent items to the line they introduce. */
function buildAtoms(entries: Entry[]): Atom[] {
  const atoms: Atom[] = [];
  let pending: Entry[] = [];
  entries.forEach((entry, index) => {
    const next = entries[index + 1];
    pending.push(entry);
    if (next && (entry.heading || introducesNext(entry, next))) return;
    atoms.push(toAtom(pending));
    pending = [];
  });
  return atoms.filter((atom) => atom.lines.length > 0);
}

function toAtom(entries: Entry[]): Atom {
  const first = entries[0];
  const last = entries.at(-1);
  const lines = entries.flatMap((entry) => entry.lines);
  const trailingHeadings = entries.every((entry) => entry.heading);
  let cutCost: number = COSTS.cutBetweenItems;
  if (trailingHeadings) cutCost = COSTS.cutBeforeTrailing;
  else if (first?.heading) cutCost = COSTS.cutAtSection;
  else if ((first?.depth ?? 0) > 0) cutCost = COSTS.cutInsideItem;
  // A lead-in heads the items after it, not the atom it is part of.
  const path = last?.path ?? [];
  return {
    lines,
    words: countWords(lines.join(' ')),
    path: last?.underLead && lines.includes(path.at(-1)!) ? path.slice(0, -1) : path,
    startsSection: first?.heading ?? false,
    cutCost,
    continuesLine: false,
    headingOnly: trailingHeadings,
  };
}

/**
 * Splits an atom longer than maxWords between the sentences of its last line (between clauses
 * after ";" when one sentence is still too long), short glued lines staying with the first part.
 * Glued lines that are long themselves (an item with a long lead-in) become an atom of their own.
 */
function splitLongAtom(atom: Atom, maxWords: number): Atom[] {
  const body = atom.lines.at(-1);
  if (atom.words <= maxWords || !body) return [atom];
  const lead = atom.lines.slice(0, -1);
  if (countWords(lead.join(' ')) > maxWords / 3) {
    const leadAtom = { ...atom, lines: lead, words: countWords(lead.join(' ')) };
    const bodyAtom = { ...atom, lines: [body], words: countWords(body), startsSection: false, cutCost: COSTS.cutInsideItem };
    return [...splitLongAtom(leadAtom, maxWords), ...splitLongAtom(bodyAtom, maxWords)];
  }
  const sentences = splitSentences(body).flatMap((sentence) => (countWords(sentence) > maxWords ? sentence.split(/(?<=;)\s+/) : [sentence]));
  const groups = balancedGroups(sentences, countWords(lead.join(' ')), maxWords);
  if (groups.length < 2) return [atom];
  return groups.map((group, index) => {
    const text = group.join(' ');
    const lines = index === 0 ? [...lead, text] : [text];
    return {
      ...atom,
      lines,
      words: countWords(lines.join(' ')),
      startsSection: index === 0 && atom.startsSection,
      cutCost: index === 0 ? atom.cutCost : COSTS.cutInsideLine,
      continuesLine: index > 0,
    };
  });
}

/** Packs sentences into about equal groups of at most maxWords (a longer sentence stands alone). */
function balancedGroups(sentences: string[], leadWords: number, maxWords: number): string[][] {
  const total = leadWords + sentences.reduce((sum, sentence) => sum + countWords(sentence), 0);
  const target = total / Math.ceil(total / maxWords);
  const groups: string[][] = [];
  let group: string[] = [];
  let words = leadWords;
  for (const sentence of sentences) {
    const size = countWords(sentence);
    if (group.length > 0 && (words + size > maxWords || words + size / 2 > target)) {
      groups.push(group);
      group = [];
      words = 0;
    }
    group.push(sentence);
    words += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** Chooses chunk boundaries with the least total cost (dynamic programming over atom positions). */
function segmentAtoms(atoms: Atom[], limits: Required<ChunkOptions>): Atom[][] {
  const best: number[] = [0];
  const from: number[] = [0];
  const target = (limits.minWords + limits.maxWords) / 2;
  const sizeCost = (words: number): number => {
    const shortfall = Math.max(0, limits.minWords - words) / limits.minWords;
    const offTarget = (words - target) / limits.maxWords;
    return COSTS.undersized * shortfall ** 2 + COSTS.offTarget * offTarget ** 2;
  };
  for (let end = 1; end <= atoms.length; end += 1) {
    best[end] = Infinity;
    let words = 0;
    let sections = 0;
    for (let start = end - 1; start >= 0; start -= 1) {
      const atom = atoms[start];
      if (!atom) break;
      words += atom.words;
      if (start < end - 1 && words > limits.maxWords) break;
      const cut = start === 0 ? 0 : atom.cutCost;
      const cost = (best[start] ?? Infinity) + cut + sizeCost(words) + COSTS.mergedSection * sections;
      if (cost < (best[end] ?? Infinity)) {
        best[end] = cost;
        from[end] = start;
      }
      if (atom.startsSection) sections += 1;
    }
  }
  const segments: Atom[][] = [];
  for (let end = atoms.length; end > 0; end = from[end] ?? 0) segments.unshift(atoms.slice(from[end] ?? 0, end));
  return segments;
}

/** The headings every atom of the chunk sits under (trailing heading-only atoms do not count). */
function commonPath(segment: Atom[]): string[] {
  const content = segment.filter((atom) => !atom.headingOnly);
  const paths = (content.length > 0 ? content : segment).map((atom) => atom.path);
  const [first = [], ...rest] = paths;
  let length = first.length;
  for (const path of rest) {
    let shared = 0;
    while (shared < length && path[shared] === first[shared]) shared += 1;
    length = shared;
  }
  return first.slice(0, length);
}

function renderSegment(segment: Atom[]): string {
  const lines: string[] = [];
  segment.forEach((atom, index) => {
    const [head = '', ...tail] = atom.lines;
    if (atom.continuesLine && index > 0) lines[lines.length - 1] = `${lines.at(-1) ?? ''} ${head}`;
    else lines.push(head);
    lines.push(...tail);
  });
  return lines.join('\n');
}
