/**
 * Answer quality by the rule of ../shared/eval/README.md: a question expects an answer (grounded,
 * one of its sources among the first three citations, one of its phrases in the answer) or "not
 * found". The strict rule, for the members' set, reads the phrase only in the answer's first
 * 1,500 characters: the member reads the answer, not the excerpt behind it.
 */
import { foldVietnamese } from '../common/index.js';
import type { Answer } from './types.js';

/** One line of an answer-quality question file. */
export interface AnswerQuestion {
  id: string;
  question: string;
  /** The kind of question (diacritics, paraphrase, near-miss, ...); "other" when absent. */
  kind?: string;
  expect: 'answer' | 'not-found';
  sources?: string[];
  must_contain_any?: string[];
}

/** How one answer was judged. */
export type AnswerVerdict = 'right' | 'wrong' | 'confidently-wrong';

/** How much of the answer the strict rule reads. */
export const STRICT_ANSWER_CHARS = 1500;

/** NFC, lower case, diacritics and đ folded, spaces collapsed: the README's comparison. */
export function comparable(text: string): string {
  return foldVietnamese(text.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

/**
 * Judges one answer. A grounded answer that fails is confidently wrong: the member is told
 * something the documents do not say, or not what was asked. An answer refused where one was
 * expected is only wrong.
 */
export function judgeAnswer(question: AnswerQuestion, answer: Answer, strict: boolean): AnswerVerdict {
  if (question.expect === 'not-found') return answer.grounded ? 'confidently-wrong' : 'right';
  if (!answer.grounded) return 'wrong';
  const sourced = answer.citations.slice(0, 3).some((citation) => question.sources?.includes(citation.source));
  const read = strict ? [answer.answer.slice(0, STRICT_ANSWER_CHARS)] : [answer.answer, answer.citations[0]?.excerpt ?? ''];
  const haystacks = read.map(comparable);
  const contains = (question.must_contain_any ?? []).some((needle) => haystacks.some((text) => text.includes(comparable(needle))));
  return sourced && contains ? 'right' : 'confidently-wrong';
}

/** The `eval:answers` contract: totals, per kind, and what was answered where it went wrong. */
export interface AnswerScore {
  questions: number;
  right: number;
  confidently_wrong: number;
  by_kind: Record<string, { right: number; total: number }>;
  misses: { id: string; answer: string }[];
}

/** Scores answers to `questions` (the same order) by the README's rule. */
export function scoreAnswers(questions: readonly AnswerQuestion[], answers: readonly Answer[], strict: boolean): AnswerScore {
  const score: AnswerScore = { questions: questions.length, right: 0, confidently_wrong: 0, by_kind: {}, misses: [] };
  questions.forEach((question, index) => {
    const answer = answers[index]!;
    const verdict = judgeAnswer(question, answer, strict);
    const kind = (score.by_kind[question.kind ?? 'other'] ??= { right: 0, total: 0 });
    kind.total += 1;
    if (verdict === 'right') {
      score.right += 1;
      kind.right += 1;
      return;
    }
    if (verdict === 'confidently-wrong') score.confidently_wrong += 1;
    score.misses.push({ id: question.id, answer: answer.answer });
  });
  return score;
}
