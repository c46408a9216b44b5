/** What a secretary reads when a cell's chat cannot be reached, and the platforms' reasons in plain Vietnamese. */
import type { ReminderEvent } from '../reminders/event-store.js';

/** The platform's reason in plain Vietnamese. */
export function describeSendFailure(reason: string): string {
  if (/kicked|not a member|removed|bot is not/iu.test(reason)) return 'bot đã bị xóa khỏi nhóm';
  if (/blocked/iu.test(reason)) return 'bot đã bị chặn';
  if (/not found|deleted|deactivated|upgraded/iu.test(reason)) return 'nhóm chat không còn tồn tại';
  if (/rights|permission|not enough/iu.test(reason)) return 'bot không có quyền gửi tin trong nhóm';
  if (/no running channel/iu.test(reason)) return 'hệ thống chưa kết nối với nền tảng chat này';
  if (/^internal error/iu.test(reason)) return 'lỗi hệ thống khi gửi';
  return 'nền tảng từ chối tin nhắn';
}

/** The message a secretary receives. */
export function undeliverableText(cellName: string, event: ReminderEvent, why: string): string {
  return [
    `⚠️ Không gửi được lời nhắc "${event.title}" tới nhóm chat của ${cellName}: ${why}.`,
    'Các lời nhắc sau cho nhóm này cũng sẽ không tới được. Hãy thêm lại bot vào nhóm (nhóm vẫn gắn với chi bộ, không cần đăng ký lại). Nếu chi bộ đã chuyển sang nhóm mới, xin quản trị viên đảng ủy mã đăng ký mới rồi gõ /dangky <mã> trong nhóm mới.',
  ].join('\n');
}
