/** Records read back from Redis are checked against their shape: a record of another version fails clearly. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStored, StoredRecordError } from '../common/index.js';
import { createEventStore, createOrgRegistry } from '../jobs/index.js';
import { reminderEventSchema } from '../jobs/reminders/event-store.js';

const prefix = `test-stored-${process.pid}`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('parseStored', () => {
  it('returns a record of the right shape, and names what is wrong otherwise', () => {
    const event = {
      id: 'ev1',
      chat: 'telegram:-100',
      kind: 'meeting',
      title: 'Họp chi bộ',
      start: '2026-12-03T19:30:00+07:00',
      allDay: false,
      rrule: null,
      reminders: ['1d'],
      timeZone: 'Asia/Ho_Chi_Minh',
      createdAt: '2026-12-01T00:00:00Z',
      status: 'active',
    };
    expect(parseStored(reminderEventSchema, JSON.stringify(event), 'event')).toEqual(event);
    expect(() => parseStored(reminderEventSchema, JSON.stringify({ ...event, kind: 'party' }), 'event')).toThrow(/Stored event cannot be read: kind/u);
    expect(() => parseStored(reminderEventSchema, '{"id":', 'event')).toThrow(StoredRecordError);
  });

  it('refuses a damaged record in Redis with a clear error instead of passing it on', async () => {
    await redis.set(`${prefix}:event:ev-bad`, JSON.stringify({ id: 'ev-bad', chat: 'telegram:1' }));
    await expect(createEventStore(redis, { prefix }).get('ev-bad')).rejects.toThrow(/Stored event cannot be read/u);
    await redis.hset(`${prefix}:org:cells`, 'c1', '{"id":"c1"}');
    await expect(createOrgRegistry(redis, { prefix, admins: [] }).cells()).rejects.toThrow(/Stored cell cannot be read: name/u);
  });
});
