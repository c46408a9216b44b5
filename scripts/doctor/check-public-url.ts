/** In webhook mode: PUBLIC_URL is HTTPS and reachable from this machine (its `/healthz`). */
import { fail, pass, reasonOf, shownUrl, skip, warn, type CheckResult } from './check-result.js';
import { withinDeadline } from './deadline.js';

/** The `status` a `/healthz` answer reports, when it is the application's JSON. */
async function healthStatus(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { status?: unknown };
    return typeof body.status === 'string' ? body.status : undefined;
  } catch {
    return undefined;
  }
}

/** Checks `publicUrl`: unset is long polling; http fails (the platforms call only HTTPS); otherwise GET `/healthz` within `timeoutMs`. */
export async function checkPublicUrl(publicUrl: string | undefined, timeoutMs: number): Promise<CheckResult> {
  if (!publicUrl) return skip('public-url', 'không đặt: các kênh nhận tin bằng long polling');
  const shown = shownUrl(publicUrl);
  if (!publicUrl.startsWith('https://')) {
    return fail(
      'public-url',
      `${shown} không phải HTTPS`,
      'Telegram và Zalo chỉ gọi webhook qua HTTPS: đặt PUBLIC_URL=https://… của một proxy có chứng chỉ hợp lệ',
    );
  }
  const healthz = `${publicUrl}/healthz`;
  let response: Response;
  try {
    response = await withinDeadline(fetch(healthz, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) }), timeoutMs + 500, 'GET /healthz');
  } catch (error) {
    return fail(
      'public-url',
      `không tới được ${shown}/healthz từ máy này (${reasonOf(error)})`,
      'kiểm tra tên miền (DNS), chứng chỉ HTTPS và proxy trước ứng dụng',
    );
  }
  const status = await healthStatus(response);
  if (response.status === 200) return pass('public-url', `${shown}/healthz trả lời 200${status ? ` (${status})` : ''}`);
  return warn(
    'public-url',
    `${shown} tới được nhưng /healthz trả lời ${response.status}`,
    'chạy npm start, và cho proxy chuyển PUBLIC_URL (cả /webhooks/ và /healthz) tới cổng PORT của ứng dụng',
  );
}
