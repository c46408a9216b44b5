import { pino, type Logger } from 'pino';

export type { Logger };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written. @defaultValue 'info' */
  level?: string;
  /** Where lines go. @defaultValue standard error (standard output stays for results) */
  destination?: NodeJS.WritableStream;
}

/**
 * Structured JSON logs in English, on standard error by default so that scripts' standard
 * output carries only their results. Tokens and secrets are redacted wherever they appear.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: { paths: ['token', '*.token', 'secret', '*.secret', 'password', '*.password'], censor: '[redacted]' },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that writes nothing, for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
