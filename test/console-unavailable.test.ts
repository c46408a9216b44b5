/**
 * Scheduling that cannot run says why: the terminal chat started while nothing answers at
 * REDIS_URL tells the member in one line that the data store is not reached yet (never that a
 * server is not running), the log names the URL tried without its password and what to do, and
 * everything turns on, with one line in the terminal, once a Redis answers there.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionPlace, startConsoleSession } from './fakes/console-session.js';
import { startRedisServer, stopRedisServer } from './fakes/redis-server.js';
import { freePort } from './fakes/test-helpers.js';

const PASSWORD = 's3cret-redis-pass';

let place: Awaited<ReturnType<typeof sessionPlace>>;
let server: ChildProcess | undefined;

beforeAll(async () => {
  place = await sessionPlace('console-unavailable');
});

afterAll(async () => {
  if (server) await stopRedisServer(server);
  await place.cleanUp();
});

describe('scheduling without Redis, in the terminal', () => {
  it('says why in one line, logs the URL tried without its password and the fix, and turns on once Redis answers', async () => {
    const port = await freePort();
    const session = await startConsoleSession({ ...place, redisUrl: `redis://:${PASSWORD}@127.0.0.1:${port}`, redisRetryMs: 200 });
    try {
      expect(session.printed()).toContain(`Chưa kết nối được kho dữ liệu Redis ở redis://:***@127.0.0.1:${port}`);
      const reply = await session.type('/hop họp chi bộ 19h thứ năm tuần sau', 'chưa sẵn sàng');
      expect(reply).toContain('chưa kết nối được kho dữ liệu (Redis)');
      expect(reply).not.toContain('máy chủ lưu trữ chưa chạy');
      expect(reply.trim().split('\n')[0]).toContain('Việc hỏi đáp tài liệu vẫn dùng bình thường.');
      expect(await session.type('Chi bộ họp mấy lần một tháng?', 'mỗi tháng một lần')).toBeTruthy();

      const warning = session
        .logs()
        .split('\n')
        .find((line) => line.includes('Redis is unavailable at REDIS_URL'));
      expect(JSON.parse(warning!)).toMatchObject({ redisUrl: `redis://:***@127.0.0.1:${port}`, fix: expect.stringContaining('start Redis') });
      expect(session.logs()).not.toContain(PASSWORD);
      expect(session.printed()).not.toContain(PASSWORD);

      server = await startRedisServer(port, PASSWORD);
      await session.waitFor('Đã kết nối được Redis', 0);
      expect(await session.type('/lich', 'chưa có lịch nào sắp tới')).toBeTruthy();
    } finally {
      await session.end();
    }
  });
});
