/**
 * `npm run --silent eval -- --corpus-jsonl FILE --questions FILE [--k 10] [--json]`: retrieval
 * quality over a JSON-lines corpus; passages are mapped back to their document id.
 */
import { parseArgs } from 'node:util';
import { configSecrets, createConfig, createLogger } from '../common/index.js';
import { createEmbeddings, createKnowledgeBase, documentsFromRecords, readJsonl, type JsonlQuestion, type JsonlRecord } from '../knowledge/index.js';
import { quietLogLevel, runScript } from './run-script.js';

/** Passages fetched per question before mapping them to distinct documents. */
const PASSAGES_PER_QUESTION = 60;

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      'corpus-jsonl': { type: 'string' },
      questions: { type: 'string' },
      k: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const k = Number(values.k);
  if (!values['corpus-jsonl'] || !values.questions || !Number.isInteger(k) || k < 1) {
    throw new TypeError('usage: eval --corpus-jsonl FILE --questions FILE [--k N] [--json]');
  }
  const config = createConfig(process.env);
  const logger = createLogger({ level: quietLogLevel(config), secrets: configSecrets(config) });
  const records = await readJsonl<JsonlRecord>(values['corpus-jsonl']);
  const questions = await readJsonl<JsonlQuestion>(values.questions);

  const started = performance.now();
  const knowledge = await createKnowledgeBase(documentsFromRecords(records), {
    embeddings: await createEmbeddings(config, logger),
    logger,
  });
  const indexMs = performance.now() - started;

  let hitsAt1 = 0;
  let hitsAt5 = 0;
  let hitsAtK = 0;
  let reciprocal = 0;
  const latencies: number[] = [];
  for (const question of questions) {
    const begin = performance.now();
    const hits = await knowledge.search(question.question, Math.max(PASSAGES_PER_QUESTION, k * 3));
    latencies.push(performance.now() - begin);
    const ranked = [...new Set(hits.map((hit) => hit.chunk.docId))].slice(0, Math.max(k, 5));
    const rank = ranked.findIndex((id) => question.relevant.includes(id));
    if (rank === 0) hitsAt1 += 1;
    if (rank >= 0 && rank < 5) hitsAt5 += 1;
    if (rank >= 0 && rank < k) {
      hitsAtK += 1;
      reciprocal += 1 / (rank + 1);
    }
  }
  latencies.sort((a, b) => a - b);
  const n = questions.length || 1;
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const result = {
    questions: questions.length,
    recall_at_1: round(hitsAt1 / n),
    recall_at_5: round(hitsAt5 / n),
    [`recall_at_${k}`]: round(hitsAtK / n),
    [`mrr_at_${k}`]: round(reciprocal / n),
    p50_ms: round(percentile(latencies, 0.5)),
    p95_ms: round(percentile(latencies, 0.95)),
    index_ms: Math.round(indexMs),
  };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(result)}\n`
      : `${Object.entries(result)
          .map(([key, value]) => `${key}: ${value}`)
          .join('\n')}\n`,
  );
});
