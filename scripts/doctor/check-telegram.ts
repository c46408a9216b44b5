/** The Telegram token is valid (getMe), and the webhook Telegram has is the expected one (getWebhookInfo). */
import { Api, GrammyError, HttpError } from 'grammy';
import type { AppConfig } from '../../common/index.js';
import { fail, pass, reasonOf, shownUrl, skip, type CheckResult } from './check-result.js';
import { withinDeadline } from './deadline.js';
import { judgeWebhook } from './webhook-verdict.js';

/** Telegram answers an unknown or revoked token with 401, a malformed one with 404. */
const TOKEN_REFUSED = new Set([401, 404]);

/** The token line and the webhook line of the Telegram channel; one skip line when it is off. */
export async function checkTelegram(config: Pick<AppConfig, 'telegram' | 'publicUrl' | 'timezone'>, timeoutMs: number): Promise<CheckResult[]> {
  const telegram = config.telegram;
  if (!telegram) return [skip('telegram', 'không cấu hình (TELEGRAM_BOT_TOKEN trống): kênh Telegram tắt')];
  const api = new Api(telegram.token, { apiRoot: telegram.apiRoot, timeoutSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)) });
  const hidden = (text: string) => text.replaceAll(telegram.token, '***');
  const failure = (error: unknown, method: string): string =>
    error instanceof GrammyError
      ? `Telegram trả lời ${method} bằng lỗi ${error.error_code} ${error.description}`
      : `không gọi được ${method} ở ${shownUrl(telegram.apiRoot)} (${hidden(reasonOf(error instanceof HttpError ? error.error : error))})`;
  let me;
  try {
    me = await withinDeadline(api.getMe(), timeoutMs + 500, 'Telegram getMe');
  } catch (error) {
    const refused = error instanceof GrammyError && TOKEN_REFUSED.has(error.error_code);
    return [
      fail(
        'telegram',
        refused ? `Telegram từ chối token (${error.error_code} ${error.description})` : failure(error, 'getMe'),
        refused ? 'lấy token mới từ @BotFather (/token) và sửa TELEGRAM_BOT_TOKEN' : 'kiểm tra mạng và tường lửa tới Telegram, hoặc sửa TELEGRAM_API_ROOT',
      ),
      skip('telegram-webhook', 'chưa kiểm tra: cần token dùng được'),
    ];
  }
  const token = pass('telegram', `token hợp lệ: bot @${me.username} (${me.first_name})`);
  try {
    const info = await withinDeadline(api.getWebhookInfo(), timeoutMs + 500, 'Telegram getWebhookInfo');
    const webhook = judgeWebhook(
      {
        url: info.url ?? '',
        pendingUpdates: info.pending_update_count,
        ...(info.last_error_message ? { lastError: { message: info.last_error_message, at: info.last_error_date } } : {}),
      },
      {
        name: 'telegram-webhook',
        platform: 'Telegram',
        expectedUrl: config.publicUrl ? `${config.publicUrl}/webhooks/telegram` : undefined,
        timezone: config.timezone,
      },
    );
    return [token, webhook];
  } catch (error) {
    return [token, fail('telegram-webhook', failure(error, 'getWebhookInfo'), 'thử lại sau ít phút; nếu vẫn lỗi, kiểm tra mạng tới Telegram')];
  }
}
