/**
 * The Party vocabulary of members' questions (party-vocabulary.json): everyday wordings and the
 * documents' own ("vào Đảng" → "kết nạp", "qua đời" → "từ trần"), and subjects that must not be
 * taken for one another (a question about the chi bộ is not answered by a rule for the đảng đoàn).
 * Every phrase is matched as whole words, with or without diacritics.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { foldVietnamese, normalizeForMatch } from '../common/index.js';

const phrases = z.array(z.string().min(1)).min(1);
const vocabularySchema = z
  .object({
    paraphrases: z.array(z.object({ say: phrases, documents: phrases }).strict()),
    exclusive: z.array(z.tuple([phrases, phrases])),
  })
  .strict();

/** An everyday wording found in a question, and the documents' wordings for it. */
export interface Paraphrase {
  /** The wording as the question has it (matching form: accented or folded like the question). */
  said: string;
  /** The documents' wordings (matching form, accented). */
  documents: readonly string[];
}

/** Two subjects that must not be taken for one another, each with its names (matching form). */
export type ExclusiveSubjects = readonly [readonly string[], readonly string[]];

interface Vocabulary {
  /** `folded` holds the `say` wordings without diacritics, for questions typed without them. */
  paraphrases: { say: string[]; folded: string[]; documents: string[] }[];
  exclusive: ExclusiveSubjects[];
}

/** Reads and checks the vocabulary file; a malformed file is an error at start, naming the entry. */
function loadVocabulary(file: string): Vocabulary {
  const parsed = vocabularySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`Malformed ${path.basename(file)} at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  const norm = (list: readonly string[]) => list.map(normalizeForMatch);
  return {
    paraphrases: parsed.data.paraphrases.map((entry) => ({
      say: norm(entry.say),
      folded: norm(entry.say).map(foldVietnamese),
      documents: norm(entry.documents),
    })),
    exclusive: parsed.data.exclusive.map(([a, b]) => [norm(a), norm(b)] as const),
  };
}

const VOCABULARY = loadVocabulary(path.join(import.meta.dirname, 'party-vocabulary.json'));

/** Subject pairs that must not be confused (matching form). */
export const EXCLUSIVE_SUBJECTS: readonly ExclusiveSubjects[] = VOCABULARY.exclusive;

/** `text` padded with spaces, punctuation turned to spaces: whole-word search by `includes(" x ")`. */
export function wordPadded(text: string): string {
  return ` ${text.replace(/[^\p{L}\p{N}%]+/gu, ' ').trim()} `;
}

/**
 * The everyday wordings of `normalized` (a question in matching form) that the vocabulary knows,
 * longest first, each once; `accented` says whether to compare with diacritics.
 */
export function paraphrasesIn(normalized: string, accented: boolean): Paraphrase[] {
  const padded = wordPadded(accented ? normalized : foldVietnamese(normalized));
  const found: Paraphrase[] = [];
  for (const entry of VOCABULARY.paraphrases) {
    for (const form of accented ? entry.say : entry.folded) {
      if (padded.includes(` ${form} `)) found.push({ said: form, documents: entry.documents });
    }
  }
  return found.sort((a, b) => b.said.length - a.said.length);
}

/** True when `padded` (see {@link wordPadded}) names one of `names` (compared folded when `folded`). */
export function namesAny(padded: string, names: readonly string[], folded: boolean): boolean {
  return names.some((name) => padded.includes(` ${folded ? foldedName(name) : name} `));
}

/** Names folded once: they come from the vocabulary, a small fixed set, and are checked per sentence. */
const FOLDED_NAMES = new Map<string, string>();

function foldedName(name: string): string {
  let folded = FOLDED_NAMES.get(name);
  if (folded === undefined) {
    folded = foldVietnamese(name);
    FOLDED_NAMES.set(name, folded);
  }
  return folded;
}
