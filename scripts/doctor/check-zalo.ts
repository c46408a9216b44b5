/** The Zalo token is valid (getMe), and the webhook Zalo has is the expected one (getWebhookInfo). */
import { ZaloApiError, ZaloClient } from '../../bot/zalo/index.js';
import type { AppConfig } from '../../common/index.js';
import { fail, pass, reasonOf, shownUrl, skip, type CheckResult } from './check-result.js';
import { withinDeadline } from './deadline.js';
import { judgeWebhook } from './webhook-verdict.js';

/** Answers that mean the token itself is refused. */
const TOKEN_REFUSED = new Set([401, 403, 404]);

/** The token line and the webhook line of the Zalo channel; one skip line when it is off. */
export async function checkZalo(config: Pick<AppConfig, 'zalo' | 'publicUrl' | 'timezone'>, timeoutMs: number): Promise<CheckResult[]> {
  const zalo = config.zalo;
  if (!zalo) return [skip('zalo', 'không cấu hình (ZALO_BOT_TOKEN trống): kênh Zalo tắt')];
  const client = new ZaloClient(zalo.token, { apiRoot: zalo.apiRoot, timeoutMs });
  // The client's errors carry the platform's words with the token already blanked out.
  const failure = (error: unknown, method: string): string =>
    error instanceof ZaloApiError
      ? `Zalo trả lời ${method} bằng lỗi ${error.error_code} ${error.description}`
      : `không gọi được ${method} ở ${shownUrl(zalo.apiRoot)} (${reasonOf(error)})`;
  let me;
  try {
    me = await withinDeadline(client.getMe(), timeoutMs + 500, 'Zalo getMe');
  } catch (error) {
    const refused = error instanceof ZaloApiError && TOKEN_REFUSED.has(error.error_code);
    return [
      fail(
        'zalo',
        refused ? `Zalo từ chối token (${error.error_code} ${error.description})` : failure(error, 'getMe'),
        refused ? 'lấy lại token trong Zalo Bot Manager và sửa ZALO_BOT_TOKEN' : 'kiểm tra mạng và tường lửa tới Zalo, hoặc sửa ZALO_API_ROOT',
      ),
      skip('zalo-webhook', 'chưa kiểm tra: cần token dùng được'),
    ];
  }
  const name = me.display_name ?? me.account_name ?? me.id;
  const token = pass('zalo', `token hợp lệ: bot ${name}${me.account_name && me.account_name !== name ? ` (${me.account_name})` : ''}`);
  try {
    const info = await withinDeadline(client.getWebhookInfo(), timeoutMs + 500, 'Zalo getWebhookInfo');
    const webhook = judgeWebhook(
      { url: info.url ?? '' },
      { name: 'zalo-webhook', platform: 'Zalo', expectedUrl: config.publicUrl ? `${config.publicUrl}/webhooks/zalo` : undefined, timezone: config.timezone },
    );
    return [token, webhook];
  } catch (error) {
    return [token, fail('zalo-webhook', failure(error, 'getWebhookInfo'), 'thử lại sau ít phút; nếu vẫn lỗi, kiểm tra mạng tới Zalo')];
  }
}
