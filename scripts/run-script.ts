/** Shared by the command-line entry points: one clear line on failure, no stack trace. */
import { AppError } from '../common/index.js';

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
