/** What a notice looks like in a chat, and the report its sender gets. */
import type { DeliveryResult, Notice } from './notice-store.js';
import { describeSendFailure } from '../cells/undeliverable-texts.js';

/**
 * The notice as members see it: from the party committee (its admins send notices; the operator's
 * script acts for it), with its sender's name when known and its code; `buttons` says whether the
 * "Đã nhận" button is under it.
 */
export function noticeText(notice: Pick<Notice, 'id' | 'text' | 'senderName'>, buttons: boolean): string {
  const answer = buttons
    ? 'Xin đồng chí bấm "✅ Đã nhận" (hoặc trả lời tin này "Đã nhận") để xác nhận.'
    : `Xin đồng chí gõ /danhan ${notice.id} để xác nhận đã nhận.`;
  const from = notice.senderName ? `\nNgười gửi: ${notice.senderName}` : '';
  return `📣 THÔNG BÁO CỦA ĐẢNG ỦY (mã ${notice.id})${from}\n\n${notice.text}\n\n${answer}`;
}

/** The code of the notice a text is (its first line, as {@link noticeText} writes it, or "(#3f9a0c1d)" as older copies did); undefined for another text. */
export function noticeIdInText(text: string): string | undefined {
  const head = text.split('\n', 1)[0] ?? '';
  if (!head.startsWith('📣 THÔNG BÁO')) return undefined;
  return /\((?:mã |#)([A-Z2-9]{6}|[a-f0-9]{8})\)/u.exec(head)?.[1];
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
