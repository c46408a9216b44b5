/** Whether the webhook a platform has registered is the one `npm start` sets, for Telegram and Zalo alike. */
import { DateTime } from 'luxon';
import { fail, pass, warn, type CheckName, type CheckResult } from './check-result.js';

/** What a platform says about its webhook (getWebhookInfo). */
export interface RegisteredWebhook {
  /** Empty when none is set. */
  url: string;
  /** Updates waiting to be delivered (Telegram). */
  pendingUpdates?: number;
  /** The last delivery error and when it happened, in seconds since the epoch (Telegram). */
  lastError?: { message: string; at?: number };
}

/** What is expected of the platform's webhook. */
export interface WebhookExpectation {
  name: Extract<CheckName, 'telegram-webhook' | 'zalo-webhook'>;
  /** "Telegram" or "Zalo". */
  platform: string;
  /** `PUBLIC_URL/webhooks/<channel>`, or undefined in long-polling mode. */
  expectedUrl: string | undefined;
  /** For the time of the last error. */
  timezone: string;
}

/**
 * The verdict: in long polling, a webhook still set is a warning (the start removes it, taking it
 * from whatever else uses the token); in webhook mode, none yet is a warning (the start sets it),
 * another URL fails, and so does a delivery error while updates wait.
 */
export function judgeWebhook(found: RegisteredWebhook, expected: WebhookExpectation): CheckResult {
  const { name, platform, expectedUrl } = expected;
  if (!expectedUrl) {
    if (!found.url) return pass(name, `không có webhook: npm start nhận tin bằng long polling`);
    return warn(
      name,
      `${platform} đang gửi tin tới webhook ${found.url}, trong khi không có PUBLIC_URL`,
      `npm start sẽ xoá webhook này để dùng long polling; nếu một máy khác đang chạy bot bằng webhook đó, đừng chạy hai bản cùng token (hoặc đặt PUBLIC_URL)`,
    );
  }
  if (!found.url) return warn(name, `${platform} chưa có webhook`, `npm start sẽ đặt webhook ${expectedUrl}`);
  if (found.url !== expectedUrl) {
    return fail(
      name,
      `${platform} đang gửi tin tới ${found.url}, không phải ${expectedUrl}`,
      `chạy npm start để đặt lại webhook; nếu một máy khác dùng cùng token, hãy dừng nó hoặc sửa PUBLIC_URL cho khớp`,
    );
  }
  const pending = found.pendingUpdates ?? 0;
  const waiting = found.pendingUpdates === undefined ? '' : `, ${pending} cập nhật đang chờ`;
  if (found.lastError) {
    const when =
      found.lastError.at === undefined ? '' : ` lúc ${DateTime.fromSeconds(found.lastError.at, { zone: expected.timezone }).toFormat('HH:mm dd/MM/yyyy')}`;
    const detail = `khớp ${expectedUrl}${waiting}; lỗi gửi gần nhất${when}: ${found.lastError.message}`;
    const fix = `kiểm tra ứng dụng đang chạy (npm start) và proxy chuyển ${expectedUrl} tới cổng PORT với chứng chỉ HTTPS hợp lệ`;
    return pending > 0 ? fail(name, detail, fix) : warn(name, detail, fix);
  }
  return pass(name, `khớp ${expectedUrl}${waiting}`);
}
