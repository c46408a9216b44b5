/**
 * `npm run --silent ask -- [--corpus DIR] [--json] [QUESTION...]`: answers a question from the
 * documents; with no QUESTION, answers each line of standard input.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { configSecrets, createConfig, createLogger } from '../common/index.js';
import { formatAnswerText, openCorpusKnowledgeBase, type Answer } from '../knowledge/index.js';
import { quietLogLevel, runScript } from './run-script.js';

await runScript(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { corpus: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const config = createConfig(process.env);
  const logger = createLogger({ level: quietLogLevel(config), secrets: configSecrets(config) });
  const knowledge = await openCorpusKnowledgeBase(config, logger, { corpusDir: values.corpus });
  const print = (answer: Answer): void => {
    const { confidence: _confidence, generated: _generated, ...contract } = answer;
    process.stdout.write(values.json ? `${JSON.stringify(contract)}\n` : `${formatAnswerText(answer)}\n\n`);
  };

  if (positionals.length > 0) {
    print(await knowledge.ask(positionals.join(' ')));
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) print(await knowledge.ask(line));
  }
});
