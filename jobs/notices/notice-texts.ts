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

/** The unit a target chat is reported under: its branch (one level below the part of the tree the notice went to), else its cell. */
export function reportedUnit(notice: Pick<Notice, 'cellOf' | 'branchOf'>, chat: string): string | undefined {
  return notice.branchOf?.[chat] ?? notice.cellOf[chat];
}

/** Per unit reported under, how many of its chats got it: the units that got the fewest first; none when the notice reached fewer than two units. */
function byUnitLines(notice: Notice, results: Readonly<Record<string, DeliveryResult>>): string[] {
  const units = new Map<string, { sent: number; total: number }>();
  for (const chat of notice.targets) {
    const unit = reportedUnit(notice, chat) ?? 'Nơi nhận khác';
    const counts = units.get(unit) ?? { sent: 0, total: 0 };
    counts.total += 1;
    if (results[chat]?.status === 'sent') counts.sent += 1;
    units.set(unit, counts);
  }
  if (units.size < 2) return [];
  const ordered = [...units.entries()].sort(([a, x], [b, y]) => x.sent / x.total - y.sent / y.total || a.localeCompare(b, 'vi'));
  return ['Theo đơn vị:', ...ordered.map(([unit, { sent, total }]) => `• ${unit}: ${sent}/${total}${sent === total ? '' : ' ⚠️'}`)];
}

/** How many chats got it, unit by unit (one level below where it went), and which did not and why. */
export function reportText(notice: Notice, results: Readonly<Record<string, DeliveryResult>>): string {
  const failed = Object.entries(results).filter(([, result]) => result.status === 'failed');
  const sent = Object.values(results).filter((result) => result.status === 'sent').length;
  const lines = [`📣 Thông báo #${notice.id} đã gửi xong: ${sent}/${notice.targets.length} nơi nhận được.`, ...byUnitLines(notice, results)];
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
