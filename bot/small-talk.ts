/**
 * Messages that only greet, thank or acknowledge ("Xin chào", "Cảm ơn trợ lý nhé", "Dạ vâng 🙏"):
 * they get a short, warm reply instead of a search of the documents. A question in English gets one
 * line saying, in both languages, that the assistant answers in Vietnamese.
 */
import { foldVietnamese, hasDiacritics, normalizeForMatch } from '../common/index.js';

/** What a message of small talk does; 'english': a question asked in English. */
export type SmallTalk = 'greeting' | 'thanks' | 'acknowledgement' | 'english';

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
 * An unaccented word Vietnamese could spell (an initial consonant, a vowel group, a final
 * consonant: "dang", "nhiem", "thuong"), generously: "the" (thể) and "can" (cần) pass, "what",
 * "does" and "member" do not.
 */
const VIETNAMESE_SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:uye|uya|uyu|uoi|uou|uay|oai|oay|oeo|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|a|e|i|o|u|y)(?:ch|ng|nh|c|m|n|p|t)?$/u;

/** Common English words of questions; those Vietnamese could spell unaccented ("to", "in", "the") do not count. */
const ENGLISH_WORDS = new Set(
  (
    'what which who whom whose when where why how is are was were does did do has have had will would should could can must may the of and or ' +
    'for with from about this that these those there their your you please tell explain if many much often every any some into than party member members meeting secretary rules'
  )
    .split(' ')
    .filter((word) => !VIETNAMESE_SYLLABLE.test(word)),
);

/** Longest message read as an English question, in words. */
const MAX_ENGLISH_WORDS = 60;

/**
 * True for a question in English: no Vietnamese diacritics, at least one common English word that
 * Vietnamese cannot spell ("what", "is", "does") and at least half of the words unlike any
 * Vietnamese syllable. Abbreviations in capitals (ĐV, TCCS) are left out. Vietnamese typed without
 * accents ("dang vien co nhiem vu gi") is no English: its words are Vietnamese syllables.
 */
export function isEnglishQuestion(text: string): boolean {
  if (hasDiacritics(text)) return false;
  const words = (text.match(/[A-Za-z]+/gu) ?? []).filter((word) => word.length === 1 || word !== word.toUpperCase()).map((word) => word.toLowerCase());
  if (words.length < 2 || words.length > MAX_ENGLISH_WORDS || !words.some((word) => ENGLISH_WORDS.has(word))) return false;
  return words.filter((word) => !VIETNAMESE_SYLLABLE.test(word)).length * 2 >= words.length;
}

/**
 * What a message of small talk does, or undefined for anything else: every word of it must be a
 * greeting, thanks, an acknowledgement, the one addressed or a particle ("Chào trợ lý ạ",
 * "Cảm ơn trợ lý nhé", "Dạ vâng", "ok 👍"). Thanks outweigh a greeting, a greeting an acknowledgement.
 * Else 'english' for a question in English ({@link isEnglishQuestion}).
 */
export function smallTalk(text: string): SmallTalk | undefined {
  const words = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  if (words.length === 0) return undefined;
  if (words.length > MAX_WORDS) return isEnglishQuestion(text) ? 'english' : undefined;
  const kinds = new Set<string>();
  for (let at = 0; at < words.length;) {
    const found = PHRASES.find((phrase) => phrase.words.every((word, index) => at + index < words.length && sameWord(words[at + index]!, word)));
    if (!found) return isEnglishQuestion(text) ? 'english' : undefined;
    kinds.add(found.kind);
    at += found.words.length;
  }
  if (kinds.has('thanks')) return 'thanks';
  if (kinds.has('greeting')) return 'greeting';
  return kinds.has('acknowledgement') ? 'acknowledgement' : undefined;
}
