/** The configuration parses, and what it turns on. */
import { ConfigError, createConfig, type AppConfig } from '../../common/index.js';
import { fail, pass, type CheckResult } from './check-result.js';

/** The configuration read from `env` (as `npm start` reads it) with its report line, or the line saying which variable is wrong. */
export function checkConfig(env: Record<string, string | undefined>, cwd: string): { config?: AppConfig; result: CheckResult } {
  let config: AppConfig;
  try {
    config = createConfig(env, cwd);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      result: fail(
        'config',
        `biến ${error.variable} không hợp lệ (${error.message})`,
        `sửa ${error.variable} trong .env hoặc môi trường: cần ${error.expected}`,
      ),
    };
  }
  const channels = [config.telegram && 'Telegram', config.zalo && 'Zalo'].filter(Boolean).join(', ');
  const receiving = config.publicUrl ? `webhook qua ${config.publicUrl}` : 'long polling';
  const detail = channels ? `hợp lệ; kênh ${channels}, nhận tin bằng ${receiving}` : 'hợp lệ; không có token nào: npm start mở cuộc trò chuyện trong terminal';
  return { config, result: pass('config', detail) };
}
