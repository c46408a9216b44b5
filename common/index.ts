/** Shared by every module: configuration, typed errors, logging, Vietnamese text normalisation. */
export { configSecrets, createConfig, EMBEDDING_PROVIDERS, type AppConfig } from './config.js';
export { AppError, ConfigError, DocumentReadError, IndexError, IndexMismatchError, type IndexBuildField } from './errors.js';
export { createMetrics, type Metrics } from './metrics.js';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.js';
export { canonicalizeVietnamese, foldVietnamese, hasDiacritics, normalizeForMatch } from './normalize-vietnamese.js';
export {
  chatAddress,
  checkChatAddress,
  createMessenger,
  InvalidChatError,
  SendError,
  type ChannelCapabilities,
  type ChannelName,
  type ChatAddress,
  type Messenger,
  type OutboundMessage,
  type ReplyButton,
  type Sender,
  type SendFailureKind,
  type SendKind,
  type SentMessage,
  withSendKind,
} from './sending.js';
export {
  createSendGate,
  lateSendBudget,
  NOTICE_WAIT_MS,
  SendBudgetSpentError,
  type LateSendBudget,
  type SendBudget,
  type SendGate,
  type SendGateOptions,
} from './send-budget.js';
export { parseStored, StoredRecordError } from './stored-record.js';
export { readRedisUrl, type RedisNode, type RedisTarget } from './redis-url.js';
export { acknowledgeButton, attendanceButton, BUTTON_PREFIXES, confirmButton } from './button-data.js';
export { BoundedMap } from './bounded-map.js';
export { sameSecret } from './same-secret.js';
