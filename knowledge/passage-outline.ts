import { lineMarker, markerRank } from './line-markers.js';
import { countWords, splitSentences } from './split-sentences.js';

/** One sentence of a passage, with the line it sits on. */
export interface OutlineSentence {
  text: string;
  line: number;
  /** True for the last sentence of its line: a lead's items follow it. */
  endsLine: boolean;
  /** Number of words. */
  words: number;
}

/** A passage's lines with their outline: which lines introduce a list, and how far it runs. */
export interface PassageOutline {
  lines: string[];
  sentences: OutlineSentence[];
  /** For a line that introduces items (a heading, "... có nhiệm vụ:", "- X" above "+" items): the index after its last item. */
  itemsEnd: Map<number, number>;
}

/** A plain line (no marker) ranks below every marked one. */
const PLAIN = 100;

/** Outline depth of a line: smaller is higher (headings), larger is lower; "+" items sit under "-" items. */
function rankOf(line: string): number {
  const marker = lineMarker(line);
  if (!marker) return PLAIN;
  return markerRank(marker) + (marker.kind === 'bullet' && marker.label === '+' ? 0.5 : 0);
}

/** Splits a passage into lines and sentences and finds the lines that introduce lists. */
export function outlinePassage(text: string): PassageOutline {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const ranks = lines.map(rankOf);
  const itemsEnd = new Map<number, number>();
  lines.forEach((line, index) => {
    const next = ranks[index + 1];
    if (next === undefined) return;
    const rank = ranks[index]!;
    // "... có nhiệm vụ:" in plain text introduces the marked lines that follow it.
    const lead = rank === PLAIN ? line.endsWith(':') && next < PLAIN : next > rank;
    if (!lead) return;
    let end = index + 1;
    while (end < lines.length && (rank === PLAIN ? ranks[end]! < PLAIN && ranks[end]! >= next : ranks[end]! > rank)) end += 1;
    itemsEnd.set(index, end);
  });
  const sentences: OutlineSentence[] = [];
  lines.forEach((line, index) => {
    const parts = splitSentences(line);
    parts.forEach((sentence, position) =>
      sentences.push({ text: sentence, line: index, endsLine: position === parts.length - 1, words: countWords(sentence) }),
    );
  });
  return { lines, sentences, itemsEnd };
}
