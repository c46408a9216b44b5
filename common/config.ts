import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';

/** Embedding providers `EMBEDDINGS` may name. `auto` picks the best one available. Neural providers (openai, local) come with the model-provider work. */
export const EMBEDDING_PROVIDERS = ['auto', 'hashing'] as const;

/** The application's configuration, read once from the environment. */
export interface AppConfig {
  /** Where index files are kept (`DATA_DIR`). @defaultValue ./data */
  dataDir: string;
  /** The documents (`CORPUS_DIR`). @defaultValue knowledge/corpus */
  corpusDir: string;
  /** Embedding provider (`EMBEDDINGS`). @defaultValue auto */
  embeddings: (typeof EMBEDDING_PROVIDERS)[number];
  /** Time zone for everything with a date (`APP_TIMEZONE`). @defaultValue Asia/Ho_Chi_Minh */
  timezone: string;
  /** Minimum log level (`LOG_LEVEL`). @defaultValue info */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

const schema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  CORPUS_DIR: z.string().min(1).default('knowledge/corpus'),
  EMBEDDINGS: z.enum(EMBEDDING_PROVIDERS).default('auto'),
  APP_TIMEZONE: z
    .string()
    .default('Asia/Ho_Chi_Minh')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Asia/Ho_Chi_Minh'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

const EXPECTED: Record<string, string> = {
  DATA_DIR: 'a folder path',
  CORPUS_DIR: 'a folder path',
  EMBEDDINGS: EMBEDDING_PROVIDERS.join(' | '),
  APP_TIMEZONE: 'an IANA time zone such as Asia/Ho_Chi_Minh',
  LOG_LEVEL: 'fatal | error | warn | info | debug | trace | silent',
};

/**
 * Parses and validates configuration from an environment-like object. Empty strings count as
 * unset. Throws {@link ConfigError} naming the first bad variable and the expected form.
 */
export function createConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, EXPECTED[variable] ?? 'a valid value', present[variable]);
  }
  const value = parsed.data;
  return {
    dataDir: path.resolve(cwd, value.DATA_DIR),
    corpusDir: path.resolve(cwd, value.CORPUS_DIR),
    embeddings: value.EMBEDDINGS,
    timezone: value.APP_TIMEZONE,
    logLevel: value.LOG_LEVEL,
  };
}
