/** Shared by the command-line entry points: one clear line on failure, no stack trace; `.env`. */
import { existsSync } from 'node:fs';
import { loadEnvFile } from 'node:process';
import { AppError, type AppConfig } from '../common/index.js';

/**
 * Reads `.env` from the working directory into `process.env` when the file exists; variables
 * already set in the environment win.
 */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) loadEnvFile(file);
}

/** Runs `stop`, giving up after `ms` so that a stuck job never keeps the process from exiting. */
export async function stopWithin(stop: () => Promise<void>, ms: number): Promise<'stopped' | 'timed out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed out'>((resolve) => {
    timer = setTimeout(() => resolve('timed out'), ms);
  });
  try {
    return await Promise.race([stop().then(() => 'stopped' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Log level for scripts whose output a person reads: routine `info` lines stay off the terminal
 * unless LOG_LEVEL asks for more than the default; warnings (a skipped file) still show.
 */
export function quietLogLevel(config: AppConfig): AppConfig['logLevel'] {
  return config.logLevel === 'info' ? 'warn' : config.logLevel;
}

/** Runs a script body; a failure prints one line naming the problem and exits with status 1. */
export async function runScript(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const message = error instanceof AppError || error instanceof TypeError ? error.message : String(error);
    process.stderr.write(`Error: ${message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 1;
  }
}
