/**
 * The organisation registry and the cell commands on one Redis server and on a three-master Redis
 * Cluster: the same code, the same results. (The reminder and broadcast tests run on both too.)
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createConversation, type IncomingMessage } from '../bot/index.js';
import { openRedisFeatures, type RedisFeatures } from '../bot/redis-features.js';
import { configSecrets, createConfig, readRedisUrl, silentLogger } from '../common/index.js';
import { CellNameTakenError, connectRedis, createOrgRegistry, DEFAULT_KEY_PREFIX, keyPrefixFor, scanKeys, type RedisConnection } from '../jobs/index.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';
import { startRedisCluster } from './helpers/redis-cluster.js';
import { redisUnderTest } from './helpers/redis-under-test.js';

const ADMIN = '1';
const SECRETARY = '2';
const GROUP = '-100700';

describe('REDIS_URL', () => {
  it('names one server as before, or a cluster by its nodes', () => {
    expect(readRedisUrl('redis://user:p%40ss@10.0.0.5:6380/2')).toEqual({ kind: 'server', url: 'redis://user:p%40ss@10.0.0.5:6380/2', password: 'p@ss' });
    expect(readRedisUrl('rediss+cluster://app:s3cret@10.0.0.1:7000,10.0.0.2,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 6379 },
        { host: '::1', port: 7002 },
      ],
      username: 'app',
      password: 's3cret',
      tls: true,
    });
    expect(() => readRedisUrl('redis+cluster://10.0.0.1:70000')).toThrow('"10.0.0.1:70000" is not a cluster node such as 127.0.0.1:7000');
    expect(createConfig({ REDIS_URL: 'redis+cluster://127.0.0.1:7000,127.0.0.1:7001' }).redisUrl).toBe('redis+cluster://127.0.0.1:7000,127.0.0.1:7001');
    expect(() => createConfig({ REDIS_URL: 'redis+cluster://' })).toThrow('Invalid REDIS_URL');
    // The cluster's password is scrubbed from the logs like a server's.
    expect(configSecrets(createConfig({ REDIS_URL: 'redis+cluster://:s3cret@127.0.0.1:7000' }))).toContain('s3cret');
  });

  it('fails fast with one clear error when no node of a cluster answers', async () => {
    await expect(connectRedis('redis+cluster://:secret@127.0.0.1:1,127.0.0.1:2')).rejects.toThrow(
      'Cannot reach Redis at redis+cluster://:***@127.0.0.1:1,127.0.0.1:2: None of startup nodes is available',
    );
  });

  it('starts a cluster whose keys of one prefix share a slot, and stops it', async () => {
    const cluster = await startRedisCluster();
    const redis = await connectRedis(cluster.url);
    try {
      expect(redis.isCluster).toBe(true);
      expect(keyPrefixFor(redis)).toBe('{pca}');
      expect(keyPrefixFor(redis, '{pca}')).toBe('{pca}');
      const slots = await Promise.all(['{pca}:event:1', '{pca}:org:cells', '{pca}:reminders:wait'].map((key) => redis.cluster('KEYSLOT', key)));
      expect(new Set(slots).size).toBe(1);
      expect(String(await redis.cluster('INFO'))).toContain('cluster_known_nodes:3');
    } finally {
      redis.disconnect();
      await cluster.stop();
    }
  });
});

describe.each(['server', 'cluster'] as const)('cells on a Redis %s', (kind) => {
  const target = redisUnderTest(kind);
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** A client for the test and a prefix of its own, both cleaned up afterwards. */
  function setUp(): { redis: RedisConnection; prefix: string } {
    const redis = target.client();
    const prefix = `test-cluster-${randomUUID().slice(0, 8)}`;
    closers.push(async () => {
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    });
    return { redis, prefix };
  }

  it('keeps names unique, issues, revokes and redeems codes, binds chats and names officers', async () => {
    const { redis, prefix } = setUp();
    const registry = createOrgRegistry(redis, { prefix, admins: [`telegram:${ADMIN}`] });
    const { cell, code } = await registry.createCell('Chi bộ khu phố 3', `telegram:${ADMIN}`);
    await expect(registry.createCell('chi bo khu pho 3', `telegram:${ADMIN}`)).rejects.toThrow(CellNameTakenError);
    const other = await registry.createCell('Chi bộ khu phố 4', `telegram:${ADMIN}`);
    // A new code revokes the cell's earlier ones, found by scanning every master; the other cell's code stays.
    const newer = await registry.issueCode(cell.id);
    expect(await registry.redeemCode(code, `telegram:${GROUP}`)).toBeUndefined();
    expect(await registry.revokeCodes(other.cell.id)).toBe(1);
    expect((await registry.redeemCode(newer.toLowerCase(), `telegram:${GROUP}`))?.id).toBe(cell.id);
    expect(await registry.redeemCode(newer, 'telegram:-100999')).toBeUndefined();
    await registry.setOfficer(cell.id, { person: `telegram:${SECRETARY}`, role: 'secretary', name: 'Nguyễn Văn Hai' });
    const memberCode = await registry.memberCode(cell.id);
    expect((await registry.redeemMemberCode(memberCode, 'zalo:m1'))?.id).toBe(cell.id);
    expect(await registry.chatsOf(cell.id)).toEqual([`telegram:${GROUP}`, 'zalo:m1']);
    expect((await registry.cellOfChat('zalo:m1'))?.name).toBe('Chi bộ khu phố 3');
    expect(await registry.cellsLedBy(`telegram:${SECRETARY}`)).toEqual([cell.id]);
    expect((await registry.removeOfficer(cell.id, `telegram:${SECRETARY}`))?.role).toBe('secretary');
    expect((await registry.unbindChat('zalo:m1'))?.id).toBe(cell.id);
    expect((await registry.cells()).map((each) => each.name)).toEqual(['Chi bộ khu phố 3', 'Chi bộ khu phố 4']);
    // Every key of the prefix sits in one slot on the cluster (that is what lets MULTI and Lua run there).
    const keys: string[] = [];
    for await (const batch of scanKeys(redis, `${keyPrefixFor(redis, prefix)}:*`)) keys.push(...batch);
    expect(keys.length).toBeGreaterThan(5);
    if (kind === 'cluster') expect(new Set(await Promise.all(keys.map((key) => redis.cluster('KEYSLOT', key)))).size).toBe(1);
  });

  it('runs a cell through the chat as the bot process opens it from REDIS_URL: register, schedule, attend, audit', async () => {
    // The bot process uses the default prefix: on one server a database of its own, emptied afterwards (the cluster is this file's own).
    const url = kind === 'server' ? 'redis://127.0.0.1:6379/10' : target.url();
    const features: RedisFeatures | undefined = await openRedisFeatures(createConfig({ REDIS_URL: url, ADMIN_IDS: `telegram:${ADMIN}` }), {
      logger: silentLogger(),
      hasButtons: () => true,
    });
    if (!features) throw new Error(`no Redis features at ${url}`);
    const cleaner = await connectRedis(url);
    closers.push(async () => {
      await features.close();
      await deleteKeysUnder(cleaner, DEFAULT_KEY_PREFIX);
      cleaner.disconnect();
    });
    const conversation = createConversation({
      knowledge: { ask: () => Promise.reject(new Error('not used')) },
      logger: silentLogger(),
      commands: features.commands,
    });
    const say = async (userId: string, text: string, extra: Partial<IncomingMessage> = {}) => {
      const message: IncomingMessage = {
        channel: 'telegram',
        chatId: GROUP,
        chatType: 'group',
        userId,
        userName: `Người ${userId}`,
        text,
        addressedToBot: false,
        ...extra,
      };
      const [reply] = await conversation.handleMessage(message);
      return reply;
    };
    const text = (reply: Awaited<ReturnType<typeof say>>) => (reply?.kind === 'text' ? reply.text : '');

    const created = text(await say(ADMIN, '/taochibo Chi bộ khu phố 7', { chatType: 'private', chatId: ADMIN }));
    const code = /Mã đăng ký: ([A-Z2-9]{8})/u.exec(created)?.[1];
    expect(code).toBeDefined();
    expect(text(await say(SECRETARY, `/dangky ${code}`))).toContain('Nhóm chat này đã được gắn với Chi bộ khu phố 7.');
    const preview = await say(SECRETARY, '/hop họp chi bộ 19h30 thứ năm tuần sau');
    if (preview?.kind !== 'text' || !preview.buttons) throw new Error(`expected a preview with buttons, got ${JSON.stringify(preview)}`);
    const saved = await conversation.handleButton({
      channel: 'telegram',
      chatId: GROUP,
      userId: SECRETARY,
      userName: 'Người 2',
      data: preview.buttons[0]![0]!.data,
    });
    const savedText = saved.replies?.[0]?.kind === 'text' ? saved.replies[0].text : '';
    expect(savedText).toMatch(/mã [a-f0-9]{6}/u);
    expect(text(await say(SECRETARY, '/lich'))).toContain('Họp chi bộ');
    expect(text(await say('3', '/thamdu'))).toContain('Họp chi bộ');
    expect(text(await say(SECRETARY, '/diemdanh'))).toContain('Người 3');
    const audit = text(await say(ADMIN, '/nhatky', { chatType: 'private', chatId: ADMIN }));
    expect(audit).toContain('Chi bộ khu phố 7');
    expect(features.redisUp()).toBe(true);
  });
});
