/** What a notice looks like in a chat, and the report its sender gets. */
import type { DeliveryResult, Notice } from './notice-store.js';
import { describeSendFailure } from '../cells/undeliverable-texts.js';

/** The notice as members see it; `buttons` says whether the "Đã nhận" button is under it. */
export function noticeText(notice: Pick<Notice, 'id' | 'text'>, buttons: boolean): string {
  const answer = buttons ? 'Bấm "✅ Đã nhận" để xác nhận.' : `Gõ /danhan ${notice.id} để xác nhận đã nhận.`;
  return `📣 THÔNG BÁO (#${notice.id})\n\n${notice.text}\n\n${answer}`;
}

/** How many chats got it, and which did not and why. */
export function reportText(notice: Notice, results: Readonly<Record<string, DeliveryResult>>): string {
  const failed = Object.entries(results).filter(([, result]) => result.status === 'failed');
  const sent = Object.values(results).filter((result) => result.status === 'sent').length;
  const lines = [`📣 Thông báo #${notice.id} đã gửi xong: ${sent}/${notice.targets.length} nơi nhận được.`];
  if (failed.length > 0) {
    lines.push(`Không gửi được (${failed.length}):`);
    for (const [chat, result] of failed.slice(0, 30)) {
      lines.push(`• ${notice.cellOf[chat] ? `${notice.cellOf[chat]} (${chat})` : chat}: ${describeSendFailure(result.reason ?? '')}`);
    }
    if (failed.length > 30) lines.push(`… và ${failed.length - 30} nơi khác.`);
  }
  lines.push(`Xem ai đã xác nhận: /xacnhan ${notice.id}`);
  return lines.join('\n');
}
