/**
 * `npm run start:worker`: the reminder and broadcast workers alone, for running more of them on
 * other machines over the same Redis. Needs REDIS_URL and the channel tokens (to send). Stops
 * cleanly on SIGINT / SIGTERM, finishing the jobs in progress (at most 10 s). Reads `.env` when there is one.
 */
import { createWorkerApp } from '../bot/index.js';
import { AppError, configSecrets, createConfig, createLogger } from '../common/index.js';
import { loadDotEnv, runScript, stopWithin } from './run-script.js';

await runScript(async () => {
  loadDotEnv();
  const config = createConfig(process.env);
  const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  if (!config.telegram && !config.zalo)
    throw new AppError('No chat platform configured: set TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN so that the workers can send');
  const app = createWorkerApp({ config, logger });
  if (!(await app.start())) throw new AppError(`Cannot reach Redis at REDIS_URL: the workers need it`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'Stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  if ((await stopWithin(() => app.stop(), 10_000)) === 'timed out') logger.warn('Stopping took too long: exiting with jobs still in progress');
  else logger.info('Stopped');
  process.exit(0);
});
