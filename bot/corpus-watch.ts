/** Keeping every process's documents the same: a version key in Redis, bumped by the process that changed them. */
import type { RedisConnection } from '../jobs/index.js';
import type { Logger } from '../common/index.js';
import type { ReloadableKnowledge } from '../knowledge/index.js';

/** How often a process checks whether another one changed the documents. */
const CORPUS_POLL_MS = 2_000;

/**
 * Checks `versionKey` every two seconds and reads the documents again when another process
 * changed it. `known` / `remember` hold the version this process has read (a failed reload is
 * tried again at the next check). Returns the timer, which does not keep the process alive.
 */
export function watchCorpusVersion(
  redis: RedisConnection,
  versionKey: string,
  known: () => string | null,
  remember: (version: string | null) => void,
  knowledge: Pick<ReloadableKnowledge, 'reload'>,
  logger: Logger,
): NodeJS.Timeout {
  // One reload at a time: a check while one runs waits for the next tick (one change, one reload).
  let reloading = false;
  const timer = setInterval(() => {
    if (reloading) return;
    reloading = true;
    void redis
      .get(versionKey)
      .then(async (version) => {
        if (version === known()) return;
        const report = await knowledge.reload();
        remember(version);
        logger.info({ version, documents: report.documents, passages: report.chunks }, 'Documents changed in another process: re-read');
      })
      .catch((error: unknown) => logger.debug({ err: error }, 'Cannot check the documents version'))
      .finally(() => (reloading = false));
  }, CORPUS_POLL_MS);
  timer.unref();
  return timer;
}
