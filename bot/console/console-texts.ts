/** What the person at the terminal reads besides the replies every channel gives: the greeting, the choices, the file and connection lines. */
import type { ReplyButton } from '../../common/index.js';

/** How the demo cell came to be, for the greeting. */
export type DemoState = { kind: 'created' | 'existing'; cellName: string } | { kind: 'no-redis'; redisUrl: string };

/** The greeting: who the person is here, what to try first (`example` is a meeting two minutes from now), how to reset. */
export function consoleGreeting(state: DemoState, example: string): string {
  const lines = ['Trợ lý chi bộ — dùng thử ngay trong cửa sổ dòng lệnh.'];
  if (state.kind === 'no-redis') {
    lines.push(
      `Chưa kết nối được kho dữ liệu Redis ở ${state.redisUrl}: đồng chí hỏi đáp được ngay; lịch họp, nhắc việc và thông báo sẽ dùng được khi Redis chạy (tôi tự kết nối lại và báo tại đây).`,
    );
  } else {
    lines.push(
      `${state.kind === 'created' ? `Tôi vừa tạo "${state.cellName}"` : `"${state.cellName}" đã có từ lần trước`}: ở đây đồng chí là quản trị viên đảng ủy và bí thư của chi bộ này, cửa sổ này là nhóm chat của chi bộ; tin nhắn không gửi đi đâu khác.`,
    );
  }
  lines.push(
    '',
    'Thử ngay:',
    '  Đảng đoàn họp bao lâu một lần?      (hỏi đáp; /nguon xem đủ nguồn)',
    `  ${example}      (rồi /dongy; một phút sau tin nhắc hiện ở đây)`,
    '  /thamdu, /vang bận công tác, /diemdanh, /lich',
    '  /thongbao Hội nghị đảng bộ 8h thứ hai tuần sau      (rồi /dongy; báo cáo gửi đến sau)',
    '  /tailieu, /themtailieu ./van-ban.docx      (thêm tài liệu từ một tệp trên máy)',
    'Nút bấm hiện thành các lựa chọn đánh số: gõ số để chọn. /trogiup xem mọi lệnh, /thoat để kết thúc.',
    'Muốn làm lại chi bộ thử nghiệm từ đầu: npm start -- --reset-demo',
  );
  return lines.join('\n');
}

/** The buttons of a message as numbered choices, one row a line. */
export function choicesText(rows: readonly (readonly ReplyButton[])[]): string {
  let number = 0;
  const lines = rows.map((row) => `  ${row.map((button) => `[${++number}] ${button.label}`).join('   ')}`);
  return [...lines, '  (gõ số để chọn)'].join('\n');
}

/** Texts of the terminal chat. */
export const CONSOLE_REPLIES = {
  goodbye: 'Tạm biệt!',
  /** What a pressed button shows beside its replies (Telegram's short notice). */
  notice: (notice: string) => `→ ${notice}`,
  addFileUsage: 'Đồng chí gõ /themtailieu rồi đường dẫn tệp trên máy này, ví dụ: /themtailieu ./van-ban.docx',
  fileMissing: (file: string) => `Không mở được tệp "${file}": không có tệp này hoặc không đọc được. Đồng chí kiểm tra lại đường dẫn.`,
  /** `npm start -- --reset-demo`, before the chat opens. */
  demoReset: (keys: number) => `Đã xóa dữ liệu của chi bộ thử nghiệm (${keys} khóa trong Redis); chi bộ được tạo lại ngay bây giờ.`,
  redisConnected: (cellName: string) => `Đã kết nối được Redis: lịch họp, nhắc việc và thông báo đã dùng được, đồng chí là bí thư của "${cellName}".`,
} as const;
