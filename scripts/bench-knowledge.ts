/**
 * `npm run bench:knowledge -- [--alqac DIR] [--scale N] [--scale-vectors] [--skip-ask] [--skip-minisearch] [--only PART]`:
 * the knowledge engine's speed and memory targets, printed as figures.
 * - ALQAC 2024 (../shared/eval, read in place): index build time, query p50/p95, resident memory,
 *   and the hand-written BM25 against MiniSearch with the same tokenizer and parameters.
 * - `ask` on a built index: wall time of the real command, as a user runs it.
 * - A generated corpus of N passages (default 100,000), lexical only (with `--scale-vectors`, the
 *   hashing vectors too): build and save, memory, query p95, opening the built index (once the
 *   built knowledge base is let go, as after a restart) and the memory it then takes, and adding
 *   one document to it.
 * - members: the default corpus (samples and national texts) built in memory, and `ask` (retrieval
 *   and the extractive answer) timed on the members' development questions.
 * - guards: the latency a language model's guards add to an answer, the model excluded: the same
 *   questions answered with an instant in-process model (one that quotes the first passage it is
 *   given, citing it, so the citation checks pass) and without.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { silentLogger } from '../common/index.js';
import { SimpleChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import {
  createAnalyzer,
  createGenerativeAnswerer,
  createKnowledgeBase,
  HashingEmbeddings,
  LEXICAL_DEFAULTS,
  LexicalIndex,
  readCorpus,
  type KnowledgeBase,
} from '../knowledge/index.js';
import { documentsFromRecords, readJsonl, type JsonlQuestion, type JsonlRecord } from '../knowledge/index.js';

import { percentile } from './bench-stats.js';
import { runScript } from './run-script.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
/** JavaScript heap plus memory outside it (typed arrays live there). */
const retained = () => {
  global.gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};

function percentiles(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

function recallOf(ranked: string[][], questions: readonly JsonlQuestion[]) {
  let r1 = 0;
  let r5 = 0;
  let mrr = 0;
  ranked.forEach((ids, i) => {
    const rank = ids.findIndex((id) => questions[i]!.relevant.includes(id));
    if (rank === 0) r1 += 1;
    if (rank >= 0 && rank < 5) r5 += 1;
    if (rank >= 0 && rank < 10) mrr += 1 / (rank + 1);
  });
  const n = questions.length;
  return `R@1 ${(r1 / n).toFixed(3)}  R@5 ${(r5 / n).toFixed(3)}  MRR@10 ${(mrr / n).toFixed(3)}`;
}

async function benchAlqac(records: JsonlRecord[], questions: JsonlQuestion[]): Promise<void> {
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const knowledge = await createKnowledgeBase(documentsFromRecords(records), { embeddings: new HashingEmbeddings(), logger: silentLogger() });
  const buildMs = performance.now() - started;
  const latencies: number[] = [];
  const ranked: string[][] = [];
  for (const question of questions) {
    const begin = performance.now();
    const hits = await knowledge.search(question.question, 60);
    latencies.push(performance.now() - begin);
    ranked.push([...new Set(hits.map((hit) => hit.chunk.docId))].slice(0, 10));
  }
  const { p50, p95 } = percentiles(latencies);
  console.log(`ALQAC hybrid: ${records.length} articles → ${knowledge.report.chunks} passages, index ${ms(buildMs)} (target < 10 s)`);
  console.log(`  query p50 ${ms(p50)}, p95 ${ms(p95)} (target p95 < 50 ms); ${recallOf(ranked, questions)}`);
  console.log(`  resident memory ${mib(process.memoryUsage().rss)} (+${mib(process.memoryUsage().rss - before)} for the index)`);
}

function benchLexicalLibraries(records: JsonlRecord[], questions: JsonlQuestion[]): void {
  const analyzer = createAnalyzer();
  const passages = records.map((record) => ({ text: record.text, context: record.text.split('\n', 1)[0]! }));

  let heap = retained();
  let started = performance.now();
  const ours = LexicalIndex.build(passages, analyzer);
  const oursBuild = performance.now() - started;
  const oursHeap = retained() - heap;
  const oursLatency: number[] = [];
  const oursRanked = questions.map((question) => {
    const begin = performance.now();
    const hits = ours.search(question.question, 10);
    oursLatency.push(performance.now() - begin);
    return hits.map((hit) => records[hit.passage]!.id);
  });

  heap = retained();
  started = performance.now();
  const mini = new MiniSearch<{ id: number; text: string; context: string }>({
    fields: ['text', 'context'],
    tokenize: (text) => analyzer.documentTerms(text),
    processTerm: (term) => term,
    searchOptions: { boost: { context: LEXICAL_DEFAULTS.contextBoost }, bm25: { k: LEXICAL_DEFAULTS.k1, b: LEXICAL_DEFAULTS.b, d: 0 } },
  });
  mini.addAll(passages.map((passage, id) => ({ id, ...passage })));
  const miniBuild = performance.now() - started;
  const miniHeap = retained() - heap;
  const miniLatency: number[] = [];
  const miniRanked = questions.map((question) => {
    const weights = analyzer.queryTerms(question.question);
    const begin = performance.now();
    const hits = mini.search(question.question, {
      tokenize: () => [...weights.keys()],
      boostTerm: (term) => weights.get(term) ?? 1,
      combineWith: 'OR',
    });
    miniLatency.push(performance.now() - begin);
    return hits.slice(0, 10).map((hit) => records[hit.id as number]!.id);
  });

  const row = (name: string, build: number, heapBytes: number, latency: number[], ranked: string[][]) =>
    console.log(`  ${name.padEnd(15)} build ${ms(build)}, memory ${mib(heapBytes)}, query p95 ${ms(percentiles(latency).p95)}; ${recallOf(ranked, questions)}`);
  console.log(`Lexical only, same tokenizer and BM25 parameters (memory: heap + typed arrays${global.gc ? '' : ', imprecise without node --expose-gc'}):`);
  row('hand-written', oursBuild, oursHeap, oursLatency, oursRanked);
  row('MiniSearch', miniBuild, miniHeap, miniLatency, miniRanked);
}

function benchAsk(): void {
  const env = { ...process.env, DATA_DIR: path.join(repoRoot, 'data', 'bench') };
  const question = 'Đảng đoàn họp bao lâu một lần?';
  execFileSync('npm', ['run', '--silent', 'ingest', '--', '--force'], { cwd: repoRoot, env, stdio: 'ignore' });
  const runs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = performance.now();
    execFileSync('npm', ['run', '--silent', 'ask', '--', '--json', question], { cwd: repoRoot, env, stdio: 'ignore' });
    runs.push(performance.now() - started);
  }
  console.log(`npm run ask on a built index (wall time, 3 runs): ${runs.map(ms).join(', ')} (target < 1500 ms)`);
}

/** `size` passages of ~120 words drawn from the ALQAC sentences (a 31-bit LCG: every passage differs). */
function generatedRecords(records: JsonlRecord[], size: number, prefix = 'gen'): JsonlRecord[] {
  const sentences = records.flatMap((record) => record.text.split(/(?<=[.;:])\s+/)).filter((s) => s.length > 20);
  let seed = prefix.length * 42;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 2147483648;
  };
  return Array.from({ length: size }, (_, i) => {
    const parts: string[] = [];
    let words = 0;
    while (words < 120) {
      const sentence = sentences[Math.floor(random() * sentences.length)]!;
      parts.push(sentence);
      words += sentence.split(/\s+/).length;
    }
    return { id: `${prefix}-${i}`, title: `Đoạn ${i}`, text: parts.join(' ') };
  });
}

/** Search latency of the first 200 questions. */
async function queryLatency(knowledge: KnowledgeBase, questions: readonly JsonlQuestion[]): Promise<{ p50: number; p95: number }> {
  const latencies: number[] = [];
  for (const question of questions.slice(0, 200)) {
    const begin = performance.now();
    await knowledge.search(question.question, 10);
    latencies.push(performance.now() - begin);
  }
  return percentiles(latencies);
}

/** The same 200 questions once the process has answered 200 others (compiled code, the blocks' bounds read once): a server's steady state. */
async function warmQueryLatency(knowledge: KnowledgeBase, questions: readonly JsonlQuestion[]): Promise<{ p50: number; p95: number }> {
  await queryLatency(knowledge, questions.slice(200));
  return queryLatency(knowledge, questions);
}

async function benchScale(records: JsonlRecord[], questions: JsonlQuestion[], size: number, vectors: boolean): Promise<void> {
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'bench-scale-'));
  const embeddings = vectors ? new HashingEmbeddings() : undefined;
  try {
    let documents = documentsFromRecords(generatedRecords(records, size));
    global.gc?.();
    const before = process.memoryUsage().rss;
    // The built knowledge base is let go before the index is opened, as a restarted process would.
    await (async () => {
      const started = performance.now();
      const built = await createKnowledgeBase(documents, { embeddings, logger: silentLogger(), indexDir });
      const buildMs = performance.now() - started;
      const latency = await queryLatency(built, questions);
      const warm = await warmQueryLatency(built, questions);
      global.gc?.();
      const rss = process.memoryUsage().rss;
      console.log(
        `Generated corpus (${vectors ? 'hybrid, hashing vectors' : 'lexical only, the default'}): ${size} documents → ${built.report.chunks} passages`,
      );
      console.log(
        `  build and save ${ms(buildMs)} (target ≤ 30 s); query p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)} (target ≤ 10 ms); after 200 other questions p50 ${ms(warm.p50)}, p95 ${ms(warm.p95)}`,
      );
      console.log(`  resident memory ${mib(rss)} (+${mib(rss - before)}; target ≤ 1 GiB)`);
    })();
    global.gc?.();

    let started = performance.now();
    const opened = await createKnowledgeBase(documents, { embeddings, logger: silentLogger(), indexDir });
    const openMs = performance.now() - started;
    const latency = await queryLatency(opened, questions);
    const warm = await warmQueryLatency(opened, questions);
    global.gc?.();
    console.log(
      `  the built index opened in ${ms(openMs)} (target ≤ 2 s; ${opened.report.reindexed} reindexed); query p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}; after 200 other questions p50 ${ms(warm.p50)}, p95 ${ms(warm.p95)}; resident memory ${mib(process.memoryUsage().rss)}`,
    );

    const extra = documentsFromRecords(generatedRecords(records, 1, 'added'));
    documents = [...documents, ...extra];
    started = performance.now();
    const grown = await createKnowledgeBase(documents, { embeddings, logger: silentLogger(), indexDir });
    const addMs = performance.now() - started;
    const found = (await grown.search(extra[0]!.text.slice(0, 200), 1))[0]?.chunk.docId === extra[0]!.meta.file;
    console.log(
      `  one document added: ${ms(addMs)} to check, index and save (${grown.report.reindexed} reindexed; ${found ? 'found' : 'NOT found'} by its own words)`,
    );
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

/** An instant model that answers with the first line of the first passage in its prompt, citing it. */
class QuotingModel extends SimpleChatModel {
  _llmType(): string {
    return 'quoting';
  }

  _call(messages: BaseMessage[]): Promise<string> {
    const prompt = messages.map((message) => message.text).join('\n');
    const passage = /<doan_trich>\n([^\n]+)/u.exec(prompt)?.[1] ?? '';
    return Promise.resolve(`${passage.slice(0, 300)} [1]`);
  }
}

/** Answer latency with an instant model minus without one: prompt, citation checks, sources. */
async function benchGuards(): Promise<void> {
  const { documents } = await readCorpus(path.resolve(repoRoot, 'knowledge/corpus'), silentLogger());
  const questions = (await readJsonl<{ question: string }>(path.resolve(repoRoot, '../shared/eval/questions.dev.jsonl'))).map((line) => line.question);
  const model = new QuotingModel({});
  const plain = await createKnowledgeBase(documents, { embeddings: new HashingEmbeddings(), logger: silentLogger() });
  const guarded = await createKnowledgeBase(documents, {
    embeddings: new HashingEmbeddings(),
    logger: silentLogger(),
    generator: createGenerativeAnswerer({ model, logger: silentLogger() }),
  });
  const added: number[] = [];
  let generated = 0;
  for (let round = 0; round < 21; round += 1) {
    for (const question of questions) {
      let started = performance.now();
      await plain.ask(question);
      const without = performance.now() - started;
      started = performance.now();
      const answer = await guarded.ask(question);
      const withModel = performance.now() - started;
      // The first round warms both up.
      if (round === 0) continue;
      added.push(withModel - without);
      if (answer.generated) generated += 1;
    }
  }
  const { p50, p95 } = percentiles(added);
  console.log(
    `Guards of generative answers (${added.length} answers, ${generated} generated; instant in-process model, so the figure includes LangChain's call overhead):`,
  );
  console.log(`  added latency p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target < 5 ms)`);
}

/** Rounds of the members' questions timed after one warm-up round. */
const MEMBER_ROUNDS = 20;

async function benchMembers(): Promise<void> {
  const { documents } = await readCorpus(path.join(repoRoot, 'knowledge/corpus'), silentLogger());
  const started = performance.now();
  const knowledge = await createKnowledgeBase(documents, { embeddings: new HashingEmbeddings(), logger: silentLogger() });
  const buildMs = performance.now() - started;
  const questions = await readJsonl<{ question: string }>(path.resolve(repoRoot, '../shared/eval/questions.members.dev.jsonl'));
  for (const { question } of questions) await knowledge.ask(question);
  const latencies: number[] = [];
  for (let round = 0; round < MEMBER_ROUNDS; round += 1) {
    for (const { question } of questions) {
      const begin = performance.now();
      await knowledge.ask(question);
      latencies.push(performance.now() - begin);
    }
  }
  const { p50, p95 } = percentiles(latencies);
  console.log(`Members' corpus: ${documents.length} documents → ${knowledge.report.chunks} passages, index ${ms(buildMs)} (target ≤ 3 s)`);
  console.log(`  ask p50 ${ms(p50)}, p95 ${ms(p95)} over ${latencies.length} answers (target p95 ≤ 10 ms); resident memory ${mib(process.memoryUsage().rss)}`);
}

const PARTS = ['alqac', 'members', 'lexical', 'ask', 'guards', 'scale'] as const;
type Part = (typeof PARTS)[number];

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      alqac: { type: 'string', default: path.resolve(repoRoot, '../shared/eval/external/alqac2024') },
      scale: { type: 'string', default: '100000' },
      only: { type: 'string' },
      'skip-ask': { type: 'boolean', default: false },
      'skip-minisearch': { type: 'boolean', default: false },
      'scale-vectors': { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  if (!values.only) {
    // Each part runs in a process of its own, so that one part's memory does not skew another's.
    const parts = PARTS.filter(
      (part) => !(part === 'ask' && values['skip-ask']) && !(part === 'lexical' && values['skip-minisearch']) && !(part === 'scale' && !(scale > 0)),
    );
    for (const part of parts) {
      execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--only', part, '--alqac', values.alqac, '--scale', String(scale)], {
        stdio: 'inherit',
      });
    }
    return;
  }
  const part = values.only as Part;
  if (!PARTS.includes(part)) throw new TypeError(`--only takes one of ${PARTS.join(', ')}`);
  if (part === 'ask') return benchAsk();
  if (part === 'guards') return benchGuards();
  if (part === 'members') return benchMembers();
  const records = await readJsonl<JsonlRecord>(path.join(values.alqac, 'corpus.jsonl'));
  const questions = await readJsonl<JsonlQuestion>(path.join(values.alqac, 'questions.jsonl'));
  if (part === 'lexical') benchLexicalLibraries(records, questions);
  if (part === 'alqac') await benchAlqac(records, questions);
  if (part === 'scale') await benchScale(records, questions, scale, values['scale-vectors']);
});
