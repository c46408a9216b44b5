/** The documents' version watch: another process's change is read once, even when reading is slow. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { watchCorpusVersion } from '../bot/corpus-watch.js';
import { silentLogger } from '../common/index.js';
import { until } from './fakes/test-helpers.js';

const redis = new Redis('redis://127.0.0.1:6379');
const key = `test-corpus-watch-${process.pid}:corpus-version`;
afterAll(async () => {
  await redis.del(key);
  redis.disconnect();
});

describe('watchCorpusVersion', () => {
  it('reloads once per change, not again while a slow reload is still running', async () => {
    let known: string | null = null;
    let reloads = 0;
    const knowledge = {
      // Slower than two checks of the watch.
      reload: async () => {
        reloads += 1;
        await new Promise((resolve) => setTimeout(resolve, 4_500));
        return { documents: 1, chunks: 1, reindexed: 1, ms: 4_500 };
      },
    };
    const timer = watchCorpusVersion(
      redis,
      key,
      () => known,
      (version) => (known = version),
      knowledge,
      silentLogger(),
    );
    try {
      await redis.set(key, '1');
      // The reload lasts over two checks of the watch; each would have started another without the guard.
      await until(() => known === '1');
      expect(reloads).toBe(1);
    } finally {
      clearInterval(timer);
    }
  }, 15_000);
});
