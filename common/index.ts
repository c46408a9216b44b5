/** Shared by every module: configuration, typed errors, logging. */
export { createConfig, EMBEDDING_PROVIDERS, type AppConfig } from './config.js';
export { AppError, ConfigError, DocumentReadError, IndexError, IndexMismatchError, type IndexBuildField } from './errors.js';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.js';
