/**
 * `npm start`: the bot (Telegram, Zalo, or a chat in this terminal when no token is set) and the
 * HTTP server. Stops cleanly on SIGINT / SIGTERM.
 */
import { createApp } from '../bot/index.js';
import { createConfig, createLogger } from '../common/index.js';
import { quietLogLevel, runScript } from './run-script.js';

await runScript(async () => {
  const config = createConfig(process.env);
  const interactive = process.stdin.isTTY === true && !config.telegram && !config.zalo;
  const logger = createLogger({ level: interactive ? quietLogLevel(config) : config.logLevel });
  const app = await createApp({ config, logger, terminal: interactive ? { input: process.stdin, output: process.stdout } : undefined });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Stopping');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await app.start();
  await app.finished;
  await app.stop();
});
