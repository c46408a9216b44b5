/** Redis answers at REDIS_URL: its version, whether the append-only file is on, its eviction policy. */
import { Cluster, type Redis } from 'ioredis';
import { connectRedis, RedisUnavailableError, type RedisConnection } from '../../jobs/index.js';
import { fail, pass, reasonOf, shownUrl, warn, type CheckResult } from './check-result.js';
import { withinDeadline } from './deadline.js';

/** The fields of INFO the check reads, by server. */
interface ServerInfo {
  version: string;
  aof: boolean;
  policy: string;
}

function readInfo(text: string): ServerInfo {
  const fields = new Map(
    text
      .split(/\r?\n/u)
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()] as const),
  );
  return { version: fields.get('redis_version') ?? '?', aof: fields.get('aof_enabled') === '1', policy: fields.get('maxmemory_policy') ?? '?' };
}

/** The servers holding data: the server itself, or every master of a cluster. */
function servers(connection: RedisConnection): Redis[] {
  return connection instanceof Cluster ? connection.nodes('master') : [connection];
}

/** Connects within `timeoutMs`, reads INFO of each server holding data, and closes. */
export async function checkRedis(url: string, timeoutMs: number): Promise<CheckResult> {
  let connection: RedisConnection;
  try {
    connection = await withinDeadline(connectRedis(url, { connectTimeoutMs: timeoutMs }), timeoutMs + 500, 'connecting to Redis', (late) => late.disconnect());
  } catch (error) {
    const shown = error instanceof RedisUnavailableError ? error.url : shownUrl(url);
    const reason = error instanceof RedisUnavailableError ? reasonOf(error.cause) : reasonOf(error);
    return fail('redis', `không kết nối được ${shown} (${reason})`, 'hãy chạy redis-server hoặc sửa REDIS_URL');
  }
  let infos: ServerInfo[];
  try {
    infos = await withinDeadline(Promise.all(servers(connection).map(async (server) => readInfo(await server.info()))), timeoutMs, 'Redis INFO');
  } catch (error) {
    return fail(
      'redis',
      `Redis ở ${shownUrl(url)} không trả lời INFO (${reasonOf(error)})`,
      'kiểm tra quyền của người dùng Redis (cần INFO) hoặc sửa REDIS_URL',
    );
  } finally {
    connection.disconnect();
  }
  const versions = [...new Set(infos.map((info) => info.version))].join(', ');
  const aofOff = infos.filter((info) => !info.aof).length;
  const policies = [...new Set(infos.map((info) => info.policy))];
  const cluster = infos.length > 1 ? ` (cụm, ${infos.length} máy chủ chính)` : '';
  const detail = `Redis ${versions}${cluster}, AOF ${aofOff === 0 ? 'bật' : aofOff === infos.length ? 'tắt' : `tắt ở ${aofOff} máy chủ`}, maxmemory-policy ${policies.join(', ')}`;
  const fixes = [
    aofOff > 0 && 'bật appendonly yes trong redis.conf (hoặc CONFIG SET appendonly yes rồi CONFIG REWRITE), kẻo lịch nhắc mất khi Redis khởi động lại',
    policies.some((policy) => policy !== 'noeviction') && 'đặt maxmemory-policy noeviction, kẻo Redis đầy bộ nhớ xoá khoá của hàng đợi và lịch nhắc',
  ].filter((fix): fix is string => typeof fix === 'string');
  return fixes.length > 0 ? warn('redis', detail, fixes.join('; ')) : pass('redis', detail);
}
