/** What the notice commands say: the preview, the progress by unit (level by level), and their replies. */
import { reportedUnit, type Acknowledgement, type BroadcastStatus, type Cell, type Notice } from '../../jobs/index.js';

/** How many units a notice reaches and their names, as the preview says it. */
export interface PreviewUnits {
  names: readonly string[];
  /** "chi bộ" when every unit is a cell, else "đơn vị". */
  word: string;
}

/** The preview of a notice before it is sent: how many chats of how many units. */
export function noticePreview(body: string, units: PreviewUnits, chats: number, canPress: boolean): string {
  const { names, word } = units;
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, … (${names.length} ${word})` : '');
  const narrow = 'Muốn gửi cho một số đơn vị: /thongbao [Chi bộ 1, Chi bộ 3] nội dung; chỉ một loại đơn vị: /thongbao [chỉ các chi bộ] nội dung.';
  return [
    '📣 Xem trước thông báo:',
    '',
    body,
    '',
    names.length > 0
      ? `Sẽ gửi tới ${chats} nơi nhận (nhóm chat, tin nhắn riêng) của ${names.length} ${word}: ${shown}.`
      : `Sẽ gửi tới ${chats} nơi nhận đã ghi.`,
    canPress ? `Đúng thì bấm "✅ Gửi" (hoặc gõ /dongy). ${narrow}` : `Đúng thì gõ /dongy để gửi. ${narrow}`,
  ].join('\n');
}

const byName = (a: string, b: string) => a.localeCompare(b, 'vi');

/**
 * /xacnhan: delivery progress and who acknowledged, by the unit each chat is reported under (one
 * level below where the notice went); under a unit of several units, those where nobody has yet.
 */
export function noticeProgress(notice: Notice, status: BroadcastStatus, acks: readonly Acknowledgement[]): string {
  const lines = [`📣 Thông báo #${notice.id}: đã gửi ${status.sent}/${status.targets} nơi nhận, lỗi ${status.failed}, đang chờ ${status.pending}.`];
  const byUnit = new Map<string, string[]>();
  const heardFrom = new Set<string>();
  for (const ack of acks) {
    const unit = reportedUnit(notice, ack.chat) ?? 'Khác';
    byUnit.set(unit, [...(byUnit.get(unit) ?? []), ack.name ?? 'không rõ tên']);
    const cell = notice.cellOf[ack.chat];
    if (cell) heardFrom.add(cell);
  }
  /** The cells of each unit reported under. */
  const cellsOf = new Map<string, Set<string>>();
  for (const chat of notice.targets) {
    const unit = reportedUnit(notice, chat);
    const cell = notice.cellOf[chat];
    if (unit && cell) cellsOf.set(unit, (cellsOf.get(unit) ?? new Set()).add(cell));
  }
  lines.push(`Đã xác nhận (${acks.length}):${acks.length === 0 ? ' chưa có ai' : ''}`);
  for (const [unit, names] of [...byUnit.entries()].sort(([a], [b]) => byName(a, b))) {
    lines.push(`• ${unit} (${names.length}): ${[...names].sort(byName).join(', ')}`);
    const cells = [...(cellsOf.get(unit) ?? [])];
    const silent = cells.filter((cell) => !heardFrom.has(cell)).sort(byName);
    if (cells.length > 1 && silent.length > 0) lines.push(`  chưa ai xác nhận ở: ${silent.join(', ')}`);
  }
  const silent = [...new Set(notice.targets.map((chat) => reportedUnit(notice, chat)))].filter(
    (unit): unit is string => unit !== undefined && !byUnit.has(unit),
  );
  silent.sort(byName);
  if (silent.length > 0) lines.push(`Chưa ai xác nhận ở: ${silent.join(', ')}`);
  return lines.join('\n');
}

/** Replies of the notice commands. */
export const NOTICE_REPLIES = {
  usage:
    'Hãy ghi nội dung thông báo sau lệnh, ví dụ: /thongbao Hội nghị đảng bộ lúc 8h thứ hai tại hội trường. Gửi cho một số đơn vị: /thongbao [Chi bộ 1, Chi bộ 3] nội dung; chỉ các chi bộ của một đảng bộ: /thongbao [chỉ các chi bộ thuộc Đảng bộ phường X] nội dung.',
  tooLong: (length: number, limit: number) =>
    `Thông báo dài ${length} ký tự, quá ${limit} ký tự gửi được trên Zalo. Hãy rút gọn hoặc chia làm nhiều thông báo.`,
  cellsNotFound: (names: readonly string[]) => `Không tìm thấy chi bộ: ${names.join(', ')}. Gõ /chibo để xem tên các chi bộ.`,
  noChats: 'Chưa có nhóm chat nào được gắn với chi bộ nên chưa gửi được. Bí thư gõ /dangky <mã> trong nhóm chat của chi bộ trước.',
  /** A kind filter that no unit in reach matches, or whose units have no chat. */
  noUnitsOfKind: (kinds: readonly string[]) =>
    `Không có ${kinds.join(', ')} nào có nhóm chat trong phạm vi đã chọn. Gõ /chibo để xem các đơn vị đồng chí quản lý.`,
  /** A chat address named by a unit admin that is bound to no unit they manage. */
  chatNotManaged: (chat: string) => `${chat} không thuộc đơn vị nào đồng chí quản lý nên tôi không gửi tới đó được.`,
  queued: (notice: Notice) =>
    `📤 Đang gửi thông báo #${notice.id} tới ${notice.targets.length} nơi nhận. Tôi sẽ báo khi gửi xong.\nXem tiến độ và ai đã nhận: /xacnhan ${notice.id}`,
  alreadySent: (notice: Notice) => `Thông báo này vừa được gửi (#${notice.id}), tôi không gửi lại. Xem tiến độ: /xacnhan ${notice.id}`,
  noNotices: 'Chưa có thông báo nào được gửi.',
  notFound: (id: string) => `Không tìm thấy thông báo "${id}". Mã có trong tin báo "Đang gửi thông báo #…".`,
  /** /xacnhan asked by a unit admin of a notice that went beyond what they manage. */
  notYourProgress: (id: string) => `Thông báo #${id} gửi tới cả đơn vị ngoài phạm vi đồng chí quản lý; xin hỏi người gửi hoặc quản trị viên cấp trên.`,
  acknowledged: 'Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.',
  ackGone: 'Thông báo này không còn trong hệ thống.',
  notYourNotice: 'Thông báo này không gửi tới chi bộ của đồng chí, nên không cần xác nhận đã nhận.',
  ackUsage: 'Hãy ghi mã thông báo sau lệnh, ví dụ: /danhan K7QM3X (mã ở đầu thông báo), hoặc trả lời thông báo bằng lệnh /danhan.',
  linkPrivateOnly: 'Lệnh /lienket dùng khi nhắn riêng cho tôi.',
  linkUsage: 'Hãy ghi mã chi bộ sau lệnh, ví dụ: /lienket K7QM3XPA (xin mã ở bí thư chi bộ).',
  badMemberCode: 'Mã chi bộ không đúng hoặc đã được đổi. Xin bí thư chi bộ mã đúng (bí thư nhắn riêng cho tôi /chibo để xem).',
  linked: (cell: Cell) => `✅ Đã liên kết với ${cell.name}. Đồng chí sẽ nhận thông báo của đảng ủy gửi tới chi bộ tại đây.`,
} as const;
