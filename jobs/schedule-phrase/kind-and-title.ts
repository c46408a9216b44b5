/** The kind of event, from its words, and its title: what is left once the date and time words are gone. */
import { B, E, patternsFor } from './phrase-lexicon.js';
import type { PhraseText } from './phrase-text.js';
import type { ScheduleKind } from './schedule-types.js';

const patterns = patternsFor(({ w }) => ({
  meeting: `${B}(?:${w('họp')}|${w('sinh')}\\s+${w('hoạt')}|${w('hội')}\\s+${w('nghị')}|${w('đại')}\\s+${w('hội')})${E}`,
  report: `${B}(?:${w('báo')}\\s+${w('cáo')}|${w('nộp')})${E}`,
  inspection: `${B}(?:${w('kiểm')}\\s+${w('tra')}|${w('giám')}\\s+${w('sát')})${E}`,
}));

/** Title used when the phrase holds nothing but a date and time. */
export const DEFAULT_TITLES: Readonly<Record<ScheduleKind, string>> = {
  meeting: 'Họp',
  report: 'Báo cáo',
  inspection: 'Kiểm tra',
  other: 'Sự kiện',
};

/**
 * The kind named by the earliest kind word in the phrase: họp, sinh hoạt, hội nghị, đại hội → meeting;
 * báo cáo, nộp → report; kiểm tra, giám sát → inspection; none → other. The first word wins
 * because it is the head of the phrase ("báo cáo kết quả kiểm tra" is a report).
 */
export function kindOf(phrase: PhraseText): ScheduleKind {
  let best: { kind: ScheduleKind; index: number } = { kind: 'other', index: Number.POSITIVE_INFINITY };
  for (const [kind, pattern] of Object.entries(patterns(phrase)) as [ScheduleKind, RegExp][]) {
    pattern.lastIndex = 0;
    const match = pattern.exec(phrase.key);
    if (match && match.index < best.index) best = { kind, index: match.index };
  }
  return best.kind;
}

/** The unclaimed words, first letter upper case, diacritics as written; a default when none are left. */
export function titleOf(phrase: PhraseText, kind: ScheduleKind): string {
  const rest = phrase.remainder();
  if (!/\p{L}/u.test(rest)) return DEFAULT_TITLES[kind];
  const first = rest.search(/\p{L}/u);
  return rest.slice(0, first) + rest.charAt(first).toUpperCase() + rest.slice(first + 1);
}
