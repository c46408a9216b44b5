/** `npm run --silent ingest -- [--corpus DIR] [--json]`: (re)builds the index under DATA_DIR. */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { configSecrets, createConfig, createLogger } from '../common/index.js';
import { indexDirFor, openCorpusKnowledgeBase } from '../knowledge/index.js';
import { runScript } from './run-script.js';

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    },
  });
  const config = createConfig(process.env);
  const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  const corpusDir = values.corpus ?? config.corpusDir;
  if (values.force) await rm(indexDirFor(config, corpusDir), { recursive: true, force: true });
  const started = performance.now();
  const knowledge = await openCorpusKnowledgeBase(config, logger, { corpusDir });
  const report = { documents: knowledge.report.documents, chunks: knowledge.report.chunks, ms: Math.round(performance.now() - started) };
  process.stdout.write(
    values.json
      ? `${JSON.stringify(report)}\n`
      : `Đã lập chỉ mục ${report.documents} tài liệu thành ${report.chunks} đoạn trong ${report.ms} ms (${knowledge.report.reindexed} tài liệu được xử lý lại).\n`,
  );
});
