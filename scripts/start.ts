/**
 * `npm start`: the bot (Telegram, Zalo, or, when no token is set, a chat in this terminal where
 * the person is the admin and secretary of a demo cell), the HTTP server and the reminder and
 * broadcast workers; `npm run start:bot` (`--bot-only`) leaves the workers to `npm run
 * start:worker` processes; `npm start -- --reset-demo` deletes the terminal's demo first. Reads
 * `.env` when there is one; without Redis at a local REDIS_URL, starts a private redis-server when
 * one is installed. On SIGINT / SIGTERM: stops taking updates, finishes the answers and jobs in
 * progress (at most 10 s), exits 0.
 */
import { CONSOLE_REPLIES, createApp, resetDemo } from '../bot/index.js';
import { configSecrets, createConfig, createLogger } from '../common/index.js';
import { ensureRedis } from '../jobs/index.js';
import { loadDotEnv, quietLogLevel, runScript, stopWithin } from './run-script.js';

/** The longest a stop waits for answers and jobs in progress. */
const STOP_WITHIN_MS = 10_000;

await runScript(async () => {
  loadDotEnv();
  const config = createConfig(process.env);
  const botOnly = process.argv.includes('--bot-only');
  const interactive = process.stdin.isTTY === true && !config.telegram && !config.zalo;
  const logger = createLogger({ level: interactive ? quietLogLevel(config) : config.logLevel, secrets: configSecrets(config) });
  // A fresh machine without Redis gets a private one when redis-server is installed: for the chat platforms and for the terminal's demo.
  const redis = config.telegram || config.zalo || interactive ? await ensureRedis(config.redisUrl, config.dataDir, logger) : undefined;
  if (interactive && process.argv.includes('--reset-demo') && redis?.kind !== 'none') {
    process.stdout.write(`${CONSOLE_REPLIES.demoReset(await resetDemo(config.redisUrl, logger))}\n\n`);
  }
  /** A start that fails (the port taken, the corpus unreadable) ends the process, everything closed, so that a supervisor starts it again. */
  const failStart = async (error: unknown, close: () => Promise<void>): Promise<never> => {
    logger.error({ err: error }, 'Start failed: stopping');
    await stopWithin(close, STOP_WITHIN_MS).catch(() => undefined);
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  };
  const app = await createApp({
    config,
    logger,
    workers: !botOnly,
    terminal: interactive ? { input: process.stdin, output: process.stdout } : undefined,
  }).catch((error: unknown) => failStart(error, async () => redis?.stop()));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Stopping');
    stopWithin(async () => (await app.stop(), await redis?.stop()), STOP_WITHIN_MS).then(
      (outcome) => {
        if (outcome === 'timed out') logger.warn({ ms: STOP_WITHIN_MS }, 'Stopping took too long: exiting with work still in progress');
        else logger.info('Stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await app.start().catch((error: unknown) => failStart(error, async () => (await app.stop(), await redis?.stop())));
  await app.finished;
  await app.stop();
  await redis?.stop();
});
