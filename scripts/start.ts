/**
 * `npm start`: the one place that wires the application together. Today it opens the knowledge
 * base (building the index on first use) and a question-and-answer chat on the terminal.
 */
import { runConsoleChat } from '../bot/index.js';
import { createConfig, createLogger } from '../common/index.js';
import { openCorpusKnowledgeBase } from '../knowledge/index.js';
import { quietLogLevel, runScript } from './run-script.js';

await runScript(async () => {
  const config = createConfig(process.env);
  const logger = createLogger({ level: quietLogLevel(config) });
  const knowledge = await openCorpusKnowledgeBase(config, logger);
  logger.info({ documents: knowledge.report.documents, chunks: knowledge.report.chunks, ms: knowledge.report.ms }, 'Knowledge base ready');
  await runConsoleChat({ knowledge, input: process.stdin, output: process.stdout });
});
