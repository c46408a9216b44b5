/**
 * `npm run --silent eval:answers -- --questions FILE [--corpus DIR] [--strict] [--json]`: answer
 * quality of a question file by the rule of ../shared/eval/README.md (`--strict`: the members'
 * rule, the fact must be in the answer itself). Prints the score by kind, the number of
 * confidently wrong answers and each miss with what was answered.
 */
import { parseArgs } from 'node:util';
import { configSecrets, createConfig, createLogger } from '../common/index.js';
import { openCorpusKnowledgeBase, readJsonl, scoreAnswers, type Answer, type AnswerQuestion } from '../knowledge/index.js';
import { quietLogLevel, runScript } from './run-script.js';

const USAGE = 'usage: eval:answers --questions FILE [--corpus DIR] [--strict] [--json]';

await runScript(async () => {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      corpus: { type: 'string' },
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.questions) throw new TypeError(USAGE);
  const config = createConfig(process.env);
  const logger = createLogger({ level: quietLogLevel(config), secrets: configSecrets(config) });
  const questions = await readJsonl<AnswerQuestion>(values.questions);
  const knowledge = await openCorpusKnowledgeBase(config, logger, { corpusDir: values.corpus });
  const answers: Answer[] = [];
  for (const question of questions) answers.push(await knowledge.ask(question.question));
  const score = scoreAnswers(questions, answers, values.strict);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(score)}\n`);
    return;
  }
  const lines = [`${score.right}/${score.questions} right, ${score.confidently_wrong} confidently wrong (${values.strict ? 'strict' : 'standard'} rule)`];
  for (const [kind, { right, total }] of Object.entries(score.by_kind)) lines.push(`  ${kind}: ${right}/${total}`);
  for (const miss of score.misses) {
    const index = questions.findIndex((question) => question.id === miss.id);
    const answer = answers[index]!;
    lines.push('', `✗ ${miss.id} [${questions[index]!.expect}] ${questions[index]!.question}`);
    lines.push(`  → ${answer.grounded ? '' : '(not found) '}${miss.answer.replace(/\n/g, '\n    ')}`);
    if (answer.grounded) lines.push(`  sources: ${answer.citations.map((citation) => `${citation.source} › ${citation.section}`).join(' | ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
});
