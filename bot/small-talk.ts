/**
 * Messages that only greet, thank or acknowledge ("Xin chào", "Cảm ơn trợ lý nhé", "Dạ vâng 🙏"):
 * they get a short, warm reply instead of a search of the documents.
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';

/** What a message of small talk does. */
export type SmallTalk = 'greeting' | 'thanks' | 'acknowledgement';

const GREETINGS = ['xin chào', 'kính chào', 'chào', 'hello', 'helo', 'hi', 'alo', 'chào buổi sáng', 'chào buổi chiều', 'chào buổi tối'];
const THANKS = ['cảm ơn', 'cám ơn', 'xin cảm ơn', 'thank', 'thanks', 'thank you', 'tks'];
const ACKNOWLEDGEMENTS = [
  'dạ',
  'vâng',
  'ok',
  'oke',
  'okay',
  'okie',
  'ừ',
  'ừm',
  'uh',
  'uhm',
  'um',
  'uk',
  'được',
  'được rồi',
  'rõ rồi',
  'hiểu rồi',
  'biết rồi',
  'đúng rồi',
  'tốt',
  'tốt quá',
];
/** Words that only go with them: the one addressed, particles, an "I'd like to ask" with no question after it. */
const AROUND = [
  'cho tôi hỏi',
  'cho em hỏi',
  'cho mình hỏi',
  'cho hỏi',
  'xin hỏi',
  'trợ lý',
  'bạn',
  'đồng chí',
  'các đồng chí',
  'bot',
  'ad',
  'admin',
  'anh',
  'chị',
  'em',
  'tôi',
  'mình',
  'nhé',
  'nha',
  'nhá',
  'nhiều',
  'rất nhiều',
  'ạ',
  'ơi',
  'hả',
  'lắm',
];

/** The phrases as accented words with what they do ("" for the words around), longest first. */
const PHRASES = [
  ...GREETINGS.map((phrase) => [phrase, 'greeting'] as const),
  ...THANKS.map((phrase) => [phrase, 'thanks'] as const),
  ...ACKNOWLEDGEMENTS.map((phrase) => [phrase, 'acknowledgement'] as const),
  ...AROUND.map((phrase) => [phrase, ''] as const),
]
  .map(([phrase, kind]) => ({ words: phrase.split(' '), kind }))
  .sort((x, y) => y.words.length - x.words.length);

/** Longest message read as small talk, in words. */
const MAX_WORDS = 8;

/** True when a typed word is `word`: with its accents where it has any ("vắng" is not "vâng"), else folded ("cam on"). */
function sameWord(typed: string, word: string): boolean {
  return hasDiacritics(typed) ? normalizeForMatch(typed) === word : typed.toLowerCase() === foldVietnamese(word);
}

/**
 * What a message of small talk does, or undefined for anything else: every word of it must be a
 * greeting, thanks, an acknowledgement, the one addressed or a particle ("Chào trợ lý ạ",
 * "Cảm ơn trợ lý nhé", "Dạ vâng", "ok 👍"). Thanks outweigh a greeting, a greeting an acknowledgement.
 */
export function smallTalk(text: string): SmallTalk | undefined {
  const words = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  if (words.length === 0 || words.length > MAX_WORDS) return undefined;
  const kinds = new Set<string>();
  for (let at = 0; at < words.length;) {
    const found = PHRASES.find((phrase) => phrase.words.every((word, index) => at + index < words.length && sameWord(words[at + index]!, word)));
    if (!found) return undefined;
    kinds.add(found.kind);
    at += found.words.length;
  }
  if (kinds.has('thanks')) return 'thanks';
  if (kinds.has('greeting')) return 'greeting';
  return kinds.has('acknowledgement') ? 'acknowledgement' : undefined;
}
