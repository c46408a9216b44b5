import { pino, type Logger } from 'pino';

export type { Logger };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level written. @defaultValue 'info' */
  level?: string;
  /** Where lines go. @defaultValue standard error (standard output stays for results) */
  destination?: NodeJS.WritableStream;
  /** Configured secrets (see configSecrets): scrubbed from every line, whatever the shape of what was logged. */
  secrets?: readonly string[];
}

/** The forms a secret takes in a JSON log line: as is, JSON-escaped, URL-encoded. */
function secretForms(secrets: readonly string[]): string[] {
  const forms = secrets.filter(Boolean).flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  // Longest first, so that a secret containing another is replaced whole.
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * Structured JSON logs in English, on standard error by default so that scripts' standard
 * output carries only their results. Fields named token, secret or password are redacted, and
 * every configured secret is scrubbed from the finished line (an error's message holding a
 * request URL with the bot token, a rejected call's payload with the webhook secret).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const forms = secretForms(options.secrets ?? []);
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      ...(forms.length > 0 ? { hooks: { streamWrite: (line: string) => forms.reduce((text, form) => text.replaceAll(form, '[redacted]'), line) } } : {}),
      redact: { paths: ['token', '*.token', 'secret', '*.secret', 'password', '*.password'], censor: '[redacted]' },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

/** A logger that writes nothing, for tests and library callers that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
