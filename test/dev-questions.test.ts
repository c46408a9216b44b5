/**
 * The development questions (../shared/eval/questions.dev.jsonl) through the real pipeline, scored
 * by the rule in ../shared/eval/README.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../common/index.js';
import { createKnowledgeBase, foldVietnamese, HashingEmbeddings, readCorpus, type Answer, type KnowledgeBase } from '../knowledge/index.js';

interface DevQuestion {
  id: string;
  question: string;
  expect: 'answer' | 'not-found';
  sources?: string[];
  must_contain_any?: string[];
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const questions = readFileSync(path.resolve(repoRoot, '../shared/eval/questions.dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as DevQuestion);

/** NFC, lower case, diacritics and đ folded, spaces collapsed: the README's comparison. */
const comparable = (text: string) => foldVietnamese(text.normalize('NFC')).replace(/\s+/g, ' ');

function passes(question: DevQuestion, answer: Answer): boolean {
  if (question.expect === 'not-found') return !answer.grounded;
  const sourced = answer.citations.slice(0, 3).some((citation) => question.sources?.includes(citation.source));
  const haystacks = [answer.answer, answer.citations[0]?.excerpt ?? ''].map(comparable);
  const contains = (question.must_contain_any ?? []).some((needle) => haystacks.some((text) => text.includes(comparable(needle))));
  return answer.grounded && sourced && contains;
}

describe('development questions through the real pipeline', () => {
  let knowledge: KnowledgeBase;
  beforeAll(async () => {
    const { documents } = await readCorpus(path.join(repoRoot, 'knowledge/corpus'), silentLogger());
    knowledge = await createKnowledgeBase(documents, { embeddings: new HashingEmbeddings(), logger: silentLogger() });
  });

  it('has the 16 questions', () => {
    expect(questions).toHaveLength(16);
  });

  it.each(questions.map((question) => [question.id, question] as const))('%s', async (_id, question) => {
    const answer = await knowledge.ask(question.question);
    expect(passes(question, answer), `${question.question}\n→ ${answer.answer}\n${JSON.stringify(answer.citations.map((c) => c.source))}`).toBe(true);
  });

  it('names a replaced regulation as replaced', async () => {
    const answer = await knowledge.ask('Đảng đoàn họp bao lâu một lần?');
    expect(answer.grounded).toBe(true);
    expect(answer.citations[0]?.cites?.join(' ')).toMatch(/24-QĐ\/TW.*đã được thay thế bởi Quy định 294-QĐ\/TW/u);
  });

  it('shows both sources with their dates when they disagree across time', async () => {
    const answer = await knowledge.ask('Có nên tổ chức chi bộ cơ quan xã, phường, thị trấn không?');
    expect(answer.answer).toContain('26/08/2013');
    expect(answer.answer).toContain('13-11-2018');
    expect(answer.answer).toContain('không tổ chức chi bộ cơ quan xã');
  });
});
