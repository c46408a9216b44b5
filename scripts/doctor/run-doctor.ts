/** Runs every check of the doctor against a configuration as `npm start` would read it. */
import { configSecrets, createLogger, type AppConfig } from '../../common/index.js';
import { createEmbeddings, LEXICAL_ONLY } from '../../knowledge/index.js';
import { checkChatModel } from './check-chat-model.js';
import { checkConfig } from './check-config.js';
import { judgeCorpus, readCorpusForDoctor } from './check-corpus.js';
import { checkEmbeddings } from './check-embeddings.js';
import { checkIndex, type EmbeddingsInUse } from './check-index.js';
import { checkPublicUrl } from './check-public-url.js';
import { checkRedis } from './check-redis.js';
import { CHECK_NAMES, type DoctorReport } from './check-result.js';
import { checkTelegram } from './check-telegram.js';
import { checkTimezone } from './check-timezone.js';
import { checkZalo } from './check-zalo.js';
import { withinDeadline } from './deadline.js';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** Where relative DATA_DIR and CORPUS_DIR start from. @defaultValue process.cwd() */
  cwd?: string;
  /** Longest wait of each network step (connecting to Redis, one API call, one HTTP request). @defaultValue 5000 */
  timeoutMs?: number;
  /** Where log lines go (JSON, English; errors only unless LOG_LEVEL asks for more). @defaultValue standard error */
  logDestination?: NodeJS.WritableStream;
}

/** The doctor's log level: the report is its output, so routine lines stay off unless LOG_LEVEL asks for something other than the default. */
function doctorLogLevel(config: AppConfig): AppConfig['logLevel'] {
  return config.logLevel === 'info' ? 'error' : config.logLevel;
}

/**
 * Checks the configuration read from `env`, then, all at once: Redis, each configured bot token and
 * its webhook, PUBLIC_URL, the corpus and its index, the model endpoints, the time zone. Every
 * network step is bounded by `timeoutMs`; the corpus is read within the knowledge engine's own
 * limits per file. Never throws for what it checks: each problem is a line of the report.
 */
export async function runDoctor(env: Record<string, string | undefined>, options: DoctorOptions = {}): Promise<DoctorReport> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const { config, result } = checkConfig(env, options.cwd ?? process.cwd());
  if (!config) return { ok: false, checks: [result] };
  const logger = createLogger({ level: doctorLogLevel(config), secrets: configSecrets(config), destination: options.logDestination });

  const corpus = readCorpusForDoctor(config.corpusDir, logger);
  // The embeddings the start would make (an endpoint probe, or loading a local model), to compare with the index's.
  const choosing = withinDeadline(createEmbeddings(config, logger), timeoutMs * 3, 'choosing the embeddings');
  const embeddings: Promise<EmbeddingsInUse> = choosing.then(
    (used) => used ?? LEXICAL_ONLY,
    (error: unknown) => ({ error }),
  );
  const groups = await Promise.all([
    checkRedis(config.redisUrl, timeoutMs),
    checkTelegram(config, timeoutMs),
    checkZalo(config, timeoutMs),
    checkPublicUrl(config.publicUrl, timeoutMs),
    corpus.then((reading) => judgeCorpus(config.corpusDir, reading)),
    Promise.all([corpus, embeddings]).then(([reading, used]) => checkIndex(config, reading, used)),
    checkChatModel(config.llm, timeoutMs),
    checkEmbeddings(config, timeoutMs, embeddings),
  ]);
  const checks = [result, ...groups.flat(), checkTimezone(config.timezone)].sort((a, b) => CHECK_NAMES.indexOf(a.name) - CHECK_NAMES.indexOf(b.name));
  for (const check of checks) if (check.status === 'fail') logger.debug({ check: check.name, detail: check.detail }, 'Doctor check failed');
  return { ok: checks.every((check) => check.ok), checks };
}
