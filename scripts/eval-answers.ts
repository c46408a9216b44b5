/**
 * `npm run --silent eval:answers -- --questions FILE [--corpus DIR] [--strict] [--json]`: answer
 * quality of a question file by the rule of ../shared/eval/README.md (`--strict`: the members'
 * rule, the fact must be in the answer itself). Prints the score by kind, the number of
 * confidently wrong answers, the length of the answers as a member reads them on Telegram (the
 * characters on screen, the sources block included) and each miss with what was answered.
 */
import { parseArgs } from 'node:util';
import { configSecrets, createConfig, createLogger } from '../common/index.js';
import { openCorpusKnowledgeBase, readJsonl, scoreAnswers, type Answer, type AnswerQuestion } from '../knowledge/index.js';
import { quietLogLevel, runScript } from './run-script.js';
import { renderTelegram } from '../bot/telegram/render-telegram.js';

/** About one phone screen of text, in characters (issue 19). */
const PHONE_SCREEN_CHARS = 700;

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
  lines.push(messageLengths(answers.filter((answer) => answer.grounded)));
  for (const miss of score.misses) {
    const index = questions.findIndex((question) => question.id === miss.id);
    const answer = answers[index]!;
    lines.push('', `✗ ${miss.id} [${questions[index]!.expect}] ${questions[index]!.question}`);
    lines.push(`  → ${answer.grounded ? '' : '(not found) '}${miss.answer.replace(/\n/g, '\n    ')}`);
    if (answer.grounded) lines.push(`  sources: ${answer.citations.map((citation) => `${citation.source} › ${citation.section}`).join(' | ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
});

/** The characters a member sees of an answer on Telegram: every message, tags left out, entities read. */
function telegramChars(answer: Answer): number {
  const { html } = renderTelegram({ kind: 'answer', answer, feedbackId: 'eval' });
  const text = html.join('\n\n').replace(/<[^>]+>/g, '');
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').length;
}

/** "answers on Telegram: p50 … / p90 … / max … characters, n of m over one phone screen (700)". */
function messageLengths(answers: readonly Answer[]): string {
  const lengths = answers.map(telegramChars).sort((a, b) => a - b);
  if (lengths.length === 0) return 'answers on Telegram: none answered';
  const rank = (share: number) => lengths[Math.max(0, Math.ceil(share * lengths.length) - 1)]!;
  const over = lengths.filter((length) => length > PHONE_SCREEN_CHARS).length;
  return `answers on Telegram: p50 ${rank(0.5)} / p90 ${rank(0.9)} / max ${lengths.at(-1)!} characters, ${over} of ${lengths.length} over one phone screen (${PHONE_SCREEN_CHARS})`;
}
