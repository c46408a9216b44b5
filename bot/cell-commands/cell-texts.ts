/** What the scheduling, cell and attendance commands say, in plain Vietnamese. */
import { DateTime } from 'luxon';
import { FILE_LIMITS, type DocumentMeta, type DocumentPreview } from '../../knowledge/index.js';
import {
  describeRecurrence,
  eventCode,
  formatClock,
  formatDate,
  isGroupChat,
  weekdayName,
  type AttendanceAnswer,
  type AuditEntry,
  type Cell,
  type EventPlan,
  type ListedEvent,
  type Officer,
  type ReminderEvent,
  type ScheduleKind,
  splitOffset,
} from '../../jobs/index.js';

const KIND_NAMES: Record<ScheduleKind, string> = {
  meeting: 'Cuộc họp, sinh hoạt',
  report: 'Hạn báo cáo',
  inspection: 'Kiểm tra, giám sát',
  other: 'Việc khác',
};

/** "19:30 thứ Năm 26/11/2026", or "thứ Hai 15/06/2026 (cả ngày)". */
export function formatWhen(iso: string, allDay: boolean, timeZone: string): string {
  const moment = DateTime.fromISO(iso, { zone: timeZone });
  const day = `${weekdayName(moment.weekday)} ${formatDate(moment)}`;
  return allDay ? `${day} (cả ngày)` : `${formatClock(moment)} ${day}`;
}

/** The short code members type for an event ("a1b2c3"): the one it keeps for life. */
export function shortCode(event: Pick<ReminderEvent, 'id' | 'code'>): string {
  return eventCode(event);
}

/** "19:30 thứ Năm 26/11", or "thứ Hai 15/06 (cả ngày)": a moment in a numbered choice. */
function formatShortWhen(iso: string, allDay: boolean, timeZone: string): string {
  const moment = DateTime.fromISO(iso, { zone: timeZone });
  const day = `${weekdayName(moment.weekday)} ${moment.toFormat('dd/MM')}`;
  return allDay ? `${day} (cả ngày)` : `${formatClock(moment)} ${day}`;
}

/** "3d" → "3 ngày", "2h" → "2 giờ", "30m" → "30 phút", "0" → "lúc bắt đầu". */
function describeOffset(offset: string): string {
  const split = splitOffset(offset);
  if (!split) return 'lúc bắt đầu';
  return `${split.amount} ${{ d: 'ngày', h: 'giờ', m: 'phút', s: 'giây' }[split.unit]}`;
}

/** "trước 3 ngày, 1 ngày, 2 giờ và lúc bắt đầu". */
export function describeReminders(offsets: readonly string[]): string {
  const before = offsets.filter((offset) => offset !== '0').map(describeOffset);
  const parts = before.length > 0 ? [`trước ${before.join(', ')}`] : [];
  if (offsets.includes('0')) parts.push('lúc bắt đầu');
  return parts.join(' và ');
}

/** The labelled fields describing an event or a plan, in order; no place or agenda is undefined. */
function eventFields(
  event: Pick<EventPlan, 'kind' | 'title' | 'start' | 'allDay' | 'rrule' | 'place' | 'agenda' | 'reminders' | 'timeZone'>,
): [string, string | undefined][] {
  return [
    ['Loại', KIND_NAMES[event.kind]],
    ['Tên', event.title],
    [event.kind === 'report' ? 'Hạn' : 'Thời gian', formatWhen(event.start, event.allDay, event.timeZone)],
    ['Địa điểm', event.place],
    ['Nội dung', event.agenda],
    ['Lặp lại', event.rrule ? describeRecurrence(event.rrule) : 'không (một lần)'],
    ['Nhắc', `${describeReminders(event.reminders)}${event.allDay ? ' (lúc 8:00 sáng)' : ''}`],
  ];
}

/** The lines describing an event or a plan. */
function eventLines(event: Parameters<typeof eventFields>[0]): string[] {
  return eventFields(event).flatMap(([label, value]) => (value ? [`${label}: ${value}`] : []));
}

/** The lines of an edit: what changes as "cũ → mới" (the old time is its coming occurrence), the rest as it is. */
function editLines(plan: EventPlan, editing: ListedEvent): string[] {
  const before = eventFields({ ...editing, start: editing.next });
  const lines = eventFields(plan).flatMap(([label, value], index) => {
    const old = before[index]?.[1];
    if (value === old) return value ? [`${label}: ${value}`] : [];
    return [`${label}: ${old ?? '(chưa có)'} → ${value ?? '(chưa có)'}`];
  });
  return lines.some((line) => line.includes(' → ')) ? lines : [...lines, 'Lịch mới giống hệt lịch cũ, không có gì thay đổi.'];
}

/** The preview asked to be confirmed; `editing` is the event it replaces. */
export function previewText(plan: EventPlan, canPress: boolean, editing?: ListedEvent, groupOf?: Cell): string {
  const head = editing
    ? `✏️ Xin đồng chí kiểm tra lại việc sửa lịch "${editing.title}" (mã ${shortCode(editing)}); chỗ nào thay đổi được ghi "cũ → mới":`
    : '📋 Xin kiểm tra lại trước khi lưu:';
  const lines = [head, ...(editing ? editLines(plan, editing) : eventLines(plan))];
  const first = plan.reminderTimes[0];
  lines.push(
    first ? `Lần nhắc đầu tiên: ${formatWhen(first, false, plan.timeZone)}` : 'Lưu ý: đã quá giờ của mọi lần nhắc, chi bộ sẽ không được nhắc lần này.',
  );
  for (const note of plan.ambiguous) lines.push(`⚠️ Cần xem lại: ${note}`);
  // Asked from a private chat: where the event goes.
  if (groupOf) lines.push(editing ? `Nhóm của ${groupOf.name} sẽ được báo việc sửa lịch này.` : `Lịch sẽ gửi tới nhóm của ${groupOf.name}.`);
  lines.push(
    canPress
      ? 'Đúng thì bấm "✅ Lưu lịch" (hoặc gõ /dongy). Chưa đúng thì gõ lại lệnh với thông tin đúng.'
      : 'Đúng thì gõ /dongy để lưu. Chưa đúng thì gõ lại lệnh với thông tin đúng.',
  );
  return lines.join('\n');
}

/** After a confirmation. */
export function savedText(event: ReminderEvent, reminderTimes: readonly string[], created: boolean, edited: boolean): string {
  const code = shortCode(event);
  if (!created) return `Lịch "${event.title}" (${formatWhen(event.start, event.allDay, event.timeZone)}) đã có từ trước, mã ${code}. Tôi không tạo thêm.`;
  const lines = [`✅ ${edited ? 'Đã sửa' : 'Đã lưu'} lịch: ${event.title} — ${formatWhen(event.start, event.allDay, event.timeZone)} (mã ${code}).`];
  if (reminderTimes.length > 0) lines.push(`Tôi sẽ nhắc chi bộ lúc: ${reminderTimes.map((time) => formatWhen(time, false, event.timeZone)).join('; ')}.`);
  lines.push(`Xem lịch: /lich · Đổi: /sua ${code} <thời gian mới> · Hủy: /huy ${code}`);
  return lines.join('\n');
}

/** One line for a cell's group whose event was scheduled, changed or cancelled from a private chat. */
export function groupToldText(change: 'scheduled' | 'edited' | 'cancelled', who: string | undefined, title: string, when: string, reminds: boolean): string {
  const person = who ? `Đồng chí ${who}` : 'Lãnh đạo chi bộ';
  if (change === 'cancelled') return `🗑 ${person} vừa hủy lịch: ${title} — ${when}. Tôi sẽ không nhắc lịch này nữa.`;
  const head = change === 'edited' ? `✏️ ${person} vừa sửa lịch: ${title} — ${when}.` : `📅 ${person} vừa đặt lịch: ${title} — ${when}.`;
  return reminds ? `${head} Tôi sẽ nhắc trước.` : head;
}

/** /lich: the coming events; how to change them only for who may (`canChange`). */
export function agendaText(title: string, events: readonly (ReminderEvent & { next: string })[], limit: number, canChange: boolean): string {
  if (events.length === 0) {
    return `${title}: chưa có lịch nào sắp tới.\nBí thư đặt lịch bằng /hop, /baocao hoặc /kiemtra, ví dụ: /hop sinh hoạt chi bộ 19h30 thứ năm tuần sau tại hội trường.`;
  }
  const lines = [`🗓 ${title}:`];
  for (const [index, event] of events.slice(0, limit).entries()) {
    const details = [
      event.place ? `tại ${event.place}` : '',
      event.rrule ? describeRecurrence(event.rrule) : '',
      event.assignedBy ? `do ${event.assignedBy} giao` : '',
      event.campaign ? `nộp xong: /danop ${event.campaign}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `${index + 1}. ${event.title} — ${formatWhen(event.next, event.allDay, event.timeZone)}${details ? ` (${details})` : ''} · mã ${shortCode(event)}`,
    );
  }
  if (events.length > limit) lines.push(`… và ${events.length - limit} lịch nữa.`);
  if (canChange) lines.push('Đổi: /sua <mã> <thời gian mới> · Hủy: /huy <mã>');
  return lines.join('\n');
}

/**
 * /sua or /huy without a code where the cell has several coming events: which one? `pending` is
 * the new text of a /sua, kept for the answer ("/sua 2").
 */
export function whichEventText(action: 'sua' | 'huy', events: readonly ListedEvent[], pending?: string): string {
  const lines = [`Chi bộ có ${events.length} lịch sắp tới. Đồng chí muốn ${action === 'sua' ? 'sửa' : 'hủy'} lịch nào?`];
  for (const [index, event] of events.entries()) {
    lines.push(`${index + 1}. ${event.title} — ${formatShortWhen(event.next, event.allDay, event.timeZone)} (mã ${shortCode(event)})`);
  }
  if (action === 'huy') lines.push('Xin gõ /huy và số thứ tự (hoặc mã lịch), ví dụ: /huy 1.');
  else if (pending) lines.push(`Xin gõ /sua và số thứ tự (hoặc mã lịch), ví dụ: /sua 1. Tôi sẽ sửa theo thông tin đồng chí vừa ghi: "${pending}".`);
  else lines.push('Xin gõ /sua, số thứ tự (hoặc mã lịch) rồi thông tin mới, ví dụ: /sua 1 20h thứ sáu tuần sau.');
  return lines.join('\n');
}

/** Who may manage a cell's schedule, for a polite refusal. */
export function refusalText(action: string, cell: Cell | undefined, officers: readonly Officer[]): string {
  if (!cell) {
    return `Nhóm này chưa được gắn với chi bộ nào nên chưa ${action} được. Quản trị viên đảng ủy tạo chi bộ bằng /taochibo và gửi mã cho bí thư; bí thư gõ /dangky <mã> trong nhóm chat của chi bộ.`;
  }
  const names = officers.map((officer) => officer.name ?? 'không rõ tên').join(', ');
  const who = names ? `bí thư, phó bí thư của ${cell.name} (${names})` : `bí thư, phó bí thư của ${cell.name}`;
  return `Xin lỗi, chỉ ${who} hoặc quản trị viên đảng ủy mới ${action} được. Đồng chí vẫn xem được lịch bằng /lich.`;
}

/** /diemdanh. */
export function tallyText(event: ReminderEvent, occurrence: string, answers: readonly AttendanceAnswer[]): string {
  const present = answers.filter((answer) => answer.status === 'present');
  const absent = answers.filter((answer) => answer.status === 'absent');
  const name = (answer: AttendanceAnswer) => answer.name ?? 'không rõ tên';
  const lines = [`📝 Điểm danh: ${event.title} — ${formatWhen(occurrence, event.allDay, event.timeZone)}`];
  lines.push(`✅ Tham dự (${present.length}): ${present.map(name).join(', ') || 'chưa có ai'}`);
  lines.push(
    `❌ Vắng (${absent.length}): ${absent.map((answer) => (answer.reason ? `${name(answer)} (${answer.reason})` : name(answer))).join(', ') || 'không có'}`,
  );
  if (answers.length === 0) lines.push('Chưa ai trả lời. Đảng viên báo bằng nút dưới lời nhắc, hoặc gõ /thamdu, /vang <lý do>.');
  return lines.join('\n');
}

/** The usage of a scheduling command, with an example. */
export const SCHEDULE_USAGE: Record<'hop' | 'baocao' | 'kiemtra', string> = {
  hop: 'Hãy ghi nội dung và thời gian sau lệnh, ví dụ: /hop sinh hoạt chi bộ 19h30 thứ năm tuần sau tại hội trường UBND phường, hoặc /hop sinh hoạt chi bộ ngày 4 hằng tháng lúc 19h.',
  baocao: 'Hãy ghi tên báo cáo và hạn nộp sau lệnh, ví dụ: /baocao báo cáo 6 tháng trước 15/6.',
  kiemtra: 'Hãy ghi nội dung và thời gian sau lệnh, ví dụ: /kiemtra kiểm tra chuyên đề 8h sáng 25/12.',
};

/** Replies of the cell commands that take no arguments. */
export const CELL_REPLIES = {
  badReminders: 'Cách nhắc chưa đúng. Hãy ghi ví dụ "nhắc trước 1 ngày và 2 giờ" (tối đa 366 ngày, 10 lần nhắc).',
  agendaTitle: (cell?: Cell) => (cell ? `Lịch sắp tới của ${cell.name}` : 'Lịch sắp tới của nhóm này'),
  saveEvent: '✅ Lưu lịch',
  addDocument: '✅ Đưa vào tra cứu',
  removeDocument: '🗑 Gỡ tài liệu',
  nothingToConfirm: 'Không có lịch nào đang chờ đồng chí xác nhận (hoặc đã quá 30 phút). Hãy gõ lại lệnh đặt lịch.',
  confirmExpired: 'Yêu cầu này đã được xử lý hoặc đã hết hạn. Hãy gõ lại lệnh nếu cần.',
  notYours: 'Chỉ người đặt lịch mới xác nhận được.',
  discarded: 'Đã bỏ qua, không lưu lịch nào.',
  eventNotFound: (code: string) => `Không tìm thấy lịch có mã "${code}" của chi bộ này. Gõ /lich để xem mã các lịch sắp tới.`,
  cancelled: (event: ListedEvent) =>
    `🗑 Đã hủy lịch "${event.title}" (${event.rrule ? 'lần tới: ' : ''}${formatWhen(event.next, event.allDay, event.timeZone)}) và mọi lời nhắc của nó.`,
  editedGone: 'Lịch cần sửa đã bị hủy trong lúc chờ xác nhận nên không sửa được nữa. Gõ /lich để xem lịch hiện có.',
  noEventTo: (action: string) => `Chi bộ chưa có lịch nào sắp tới để ${action}. Gõ /lich để xem lịch.`,
  editWhat: (event: ListedEvent) => {
    const code = shortCode(event);
    return `Đồng chí muốn sửa lịch "${event.title}" (${formatWhen(event.next, event.allDay, event.timeZone)}) thế nào? Xin gõ /sua rồi ghi thông tin mới, ví dụ: /sua ${code} 20h thứ sáu tuần sau, hoặc /sua ${code} tại hội trường UBND phường.`;
  },
  noSuchNumber: (number: number, count: number) =>
    `Không có lịch số ${number}: danh sách chỉ có ${count} lịch. Xin đồng chí gõ /lich để xem số thứ tự và mã các lịch sắp tới.`,
  choiceGone: (number: number) => `Lịch số ${number} trong danh sách đồng chí vừa xem đã bị hủy hoặc đã qua. Xin gõ /lich để xem lại.`,
  noCellTarget: 'Đồng chí chưa là bí thư của chi bộ nào, hoặc chi bộ của đồng chí chưa có nhóm chat. Hãy gõ lệnh trong nhóm chat của chi bộ.',
  manyCells: 'Đồng chí phụ trách nhiều chi bộ; hãy gõ lệnh trong nhóm chat của chi bộ cần đặt lịch.',
  noMeeting: 'Chưa có cuộc họp nào sắp tới để báo tham dự. Nếu đồng chí nhắn riêng, hãy gõ lệnh trong nhóm chat của chi bộ.',
  meetingOver: 'Cuộc họp này đã qua, không báo tham dự được nữa.',
  noMeetingTally: 'Chưa có cuộc họp nào gần đây hoặc sắp tới để điểm danh.',
  present: (title: string, when: string) => `Đã ghi nhận đồng chí tham dự: ${title} — ${when}.`,
  absent: (title: string, when: string, reason?: string) =>
    reason
      ? `Đã ghi nhận đồng chí vắng: ${title} — ${when}. Lý do: ${reason}.`
      : `Đã ghi nhận đồng chí vắng: ${title} — ${when}. Gõ /vang <lý do> để ghi thêm lý do.`,
  meetingGone: 'Cuộc họp này đã bị hủy hoặc không còn.',
  notYourMeeting: 'Cuộc họp này là của chi bộ khác, nên không ghi điểm danh của đồng chí ở đây.',
  /** /thamdu or /vang with several meetings coming: which one? */
  whichMeeting: (status: AttendanceAnswer['status'], meetings: readonly { title: string; when: string }[]) =>
    [
      `Chi bộ có ${meetings.length} cuộc họp sắp tới. Đồng chí báo ${status === 'present' ? 'tham dự' : 'vắng'} cuộc họp nào?`,
      ...meetings.map((meeting, index) => `${index + 1}. ${meeting.title} — ${meeting.when}`),
      `Xin trả lời tin này bằng số thứ tự, hoặc gõ ${status === 'present' ? '/thamdu 1' : '/vang 1 <lý do>'}.`,
    ].join('\n'),
  noSuchMeeting: (number: number, count: number) => `Không có cuộc họp số ${number}: chỉ có ${count} cuộc họp sắp tới. Xin chọn số từ 1 đến ${count}.`,
  /** A reply to a meeting reminder that says neither yes nor no. */
  replyUnclear: 'Đồng chí tham dự hay vắng buổi họp này? Xin trả lời lời nhắc bằng "có" nếu tham dự, hoặc "vắng" kèm lý do, ví dụ "vắng vì đi công tác".',
} as const;

/** Replies of the cell registration commands. */
export const ORG_REPLIES = {
  /** The name kept for an officer the platform gives none. */
  unnamedRegistrant: 'Người đăng ký',
  unnamedMember: 'Đảng viên',
  adminOnly: 'Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.',
  createUsage: 'Hãy ghi tên chi bộ sau lệnh, ví dụ: /taochibo Chi bộ khu phố 3.',
  /** The usage of a command that takes a cell's name. */
  cellUsage: (command: string) => `Hãy ghi tên chi bộ sau lệnh, ví dụ: /${command} Chi bộ khu phố 3.`,
  /** A command that shows a code, typed in a group. */
  privateOnly: (command: string, args: string) =>
    `Vì an toàn, tôi chỉ gửi mã khi đồng chí nhắn riêng cho tôi: mã hiện trong nhóm thì ai trong nhóm cũng dùng được. Xin đồng chí nhắn riêng cho tôi lệnh /${command} ${args || '<tên chi bộ>'}.`,
  created: (cell: Cell, code: string) =>
    [
      `✅ Đã tạo ${cell.name}.`,
      `Mã đăng ký: ${code} (dùng một lần, trong 7 ngày).`,
      `Xin gửi riêng mã này cho bí thư chi bộ, đừng đăng vào nhóm: bí thư thêm tôi vào nhóm chat của chi bộ rồi gõ /dangky ${code} trong nhóm. Người gõ lệnh sẽ được ghi là bí thư chi bộ.`,
    ].join('\n'),
  newCode: (cell: Cell, code: string) =>
    [
      `Mã đăng ký mới của ${cell.name}: ${code} (dùng một lần, trong 7 ngày). Các mã cũ chưa dùng của chi bộ không dùng được nữa.`,
      `Xin gửi riêng mã này cho bí thư chi bộ; trong nhóm chat của chi bộ gõ /dangky ${code}.`,
    ].join('\n'),
  codeUsage: 'Hãy ghi mã đăng ký sau lệnh, ví dụ: /dangky K7QM3XPA. Mã do quản trị viên đảng ủy cấp.',
  alreadyBound: (cell: Cell) =>
    `Nhóm chat này đã thuộc ${cell.name}. Muốn chuyển sang chi bộ khác, xin quản trị viên đảng ủy gõ /dangky với mã của chi bộ mới.`,
  badCode: 'Mã đăng ký không đúng, đã dùng rồi hoặc đã hết hạn. Xin quản trị viên đảng ủy cấp mã mới.',
  bound: (cell: Cell, secretary?: string) =>
    [
      `✅ Nhóm chat này đã được gắn với ${cell.name}.`,
      ...(secretary ? [`${secretary} được ghi là bí thư chi bộ.`] : []),
      'Bí thư đặt lịch bằng /hop, /baocao, /kiemtra; mọi người xem lịch bằng /lich.',
    ].join('\n'),
  cellNotFound: (name: string) => `Không tìm thấy chi bộ nào tên "${name}". Gõ /chibo để xem danh sách.`,
  /** Several cells bear the name typed (stored before names were unique): which one? Each with the command retyped with its id. */
  cellAmbiguous: (name: string, cells: readonly { cell: Cell; secretaries: readonly string[]; chats: number }[], retype: (id: string) => string) =>
    [
      `Có ${cells.length} chi bộ cùng tên "${name}". Đồng chí muốn chọn chi bộ nào? Xin gõ lại lệnh với ký hiệu của chi bộ đó:`,
      ...cells.map(
        ({ cell, secretaries, chats }) =>
          `• ${retype(cell.id)} — ${cell.name}, ${secretaries.length > 0 ? `bí thư ${secretaries.join(', ')}` : 'chưa có bí thư'}, ${chats} nơi nhận`,
      ),
    ].join('\n'),
  /** /taochibo with a name another cell has (case, accents and spaces aside). */
  cellNameTaken: (existing: Cell) =>
    `Đã có chi bộ tên "${existing.name}" nên tôi không tạo thêm chi bộ trùng tên. Cần mã đăng ký mới cho chi bộ đó: /taoma ${existing.name}. Nếu là một chi bộ khác, xin đặt tên khác để phân biệt, ví dụ thêm tên khu phố hoặc đơn vị.`,
  /** /bithu @username for a username the bot has not seen. */
  handleUnknown: (handle: string, command: string) =>
    `Tôi chưa biết @${handle} là ai. Đồng chí hãy trả lời một tin nhắn của người đó bằng lệnh /${command}; hoặc nhờ người đó gõ /chibo trong nhóm một lần, rồi gõ lại /${command} @${handle}.`,
  replyNeeded: (command: string) =>
    `Hãy trả lời một tin nhắn của người đó bằng lệnh /${command}, hoặc gõ /${command} rồi nhắc tên người đó (gõ @ rồi chọn tên).`,
  notBoundHere: 'Nhóm chat này chưa gắn với chi bộ nào. Gõ /dangky <mã> trước.',
  officerSet: (name: string, role: string, cell: Cell) => `✅ Đã ghi ${name} là ${role} của ${cell.name}.`,
  noCells: 'Chưa có chi bộ nào. Tạo chi bộ bằng /taochibo <tên chi bộ>.',
  memberCode: (code: string) => `Mã cho đảng viên dùng Zalo (chưa có nhóm): nhắn riêng cho tôi /lienket ${code} để nhận thông báo của chi bộ.`,
  memberCodePrivately: (cell: Cell) =>
    `Mã cho đảng viên dùng Zalo: vì an toàn, tôi không hiện mã trong nhóm. Xin nhắn riêng cho tôi /chibo ${cell.name} để xem.`,
  rotateHint: (cell: Cell) => `Nếu mã bị lộ, đổi mã mới bằng /doimathanhvien ${cell.name} (mã cũ sẽ không dùng được nữa).`,
  codesRevoked: (cell: Cell, count: number) =>
    count > 0
      ? `✅ Đã hủy ${count} mã đăng ký chưa dùng của ${cell.name}; các mã đó không dùng được nữa. Cần mã mới thì nhắn riêng cho tôi /taoma ${cell.name}.`
      : `${cell.name} không có mã đăng ký nào đang chờ dùng. Cần mã mới thì nhắn riêng cho tôi /taoma ${cell.name}.`,
  rotateRefused: 'Xin lỗi, chỉ bí thư của chi bộ hoặc quản trị viên đảng ủy mới đổi được mã cho đảng viên.',
  memberCodeRotated: (cell: Cell, code: string) =>
    [
      `✅ Đã đổi mã cho đảng viên của ${cell.name}. Mã cũ không dùng được nữa; những người đã liên kết trước đây vẫn nhận thông báo như cũ.`,
      `Mã mới: ${code}. Đảng viên dùng Zalo nhắn riêng cho tôi /lienket ${code}. Xin chỉ gửi riêng mã này cho đảng viên của chi bộ.`,
    ].join('\n'),
  unlinkUsage: 'Hãy gõ /huylienket trong nhóm chat cần gỡ khỏi chi bộ, hoặc nhắn riêng cho tôi /huylienket <tên chi bộ> để xem các nơi nhận của chi bộ và gỡ.',
  groupNotBound: 'Nhóm chat này chưa gắn với chi bộ nào nên không có gì để gỡ.',
  chatNotBound: (chat: string) => `${chat} không gắn với chi bộ nào nên không có gì để gỡ.`,
  chatUnbound: (cell: Cell, chat: string, here: boolean) =>
    [
      here ? `✅ Đã gỡ ${isGroupChat(chat) ? 'nhóm chat' : 'cuộc trò chuyện'} này khỏi ${cell.name}.` : `✅ Đã gỡ ${chat} khỏi ${cell.name}.`,
      'Từ nay nơi này không nhận thông báo gửi tới chi bộ nữa.',
      ...(isGroupChat(chat)
        ? [
            'Các lịch đã đặt trong nhóm này vẫn còn và vẫn được nhắc; hủy bằng /huy <mã lịch> trong nhóm nếu cần.',
            `Muốn gắn lại: xin mã mới bằng /taoma ${cell.name} (nhắn riêng).`,
          ]
        : [`Người dùng vẫn biết mã cho đảng viên; để họ không tự liên kết lại được, đổi mã bằng /doimathanhvien ${cell.name}.`]),
    ].join('\n'),
  cellChats: (cell: Cell, chats: readonly string[]) =>
    chats.length === 0
      ? `${cell.name} chưa gắn với nhóm chat hay tin nhắn riêng nào.`
      : [
          `${cell.name} đang gắn với ${chats.length} nơi nhận:`,
          ...chats.map((chat) => `• ${chat} (${isGroupChat(chat) ? 'nhóm chat' : 'tin nhắn riêng'})`),
          `Gỡ một nơi: /huylienket <địa chỉ>, ví dụ: /huylienket ${chats[0]}`,
        ].join('\n'),
  removeUsage:
    'Hãy trả lời một tin nhắn của người đó bằng lệnh /xoacanbo trong nhóm chat của chi bộ, hoặc ghi tên: /xoacanbo Nguyễn Văn A. Nhắn riêng thì ghi thêm chi bộ: /xoacanbo [Chi bộ khu phố 3] Nguyễn Văn A.',
  notOfficer: (name: string, cell: Cell) => `${name} không phải bí thư hay phó bí thư của ${cell.name}. Gõ /chibo ${cell.name} để xem ai đang giữ chức vụ.`,
  officerNotFound: (name: string) => `Không tìm thấy bí thư, phó bí thư nào tên "${name}". Gõ /chibo <tên chi bộ> để xem chức vụ ở từng chi bộ.`,
  officerAmbiguous: (name: string, places: readonly { cell: Cell; role: string }[]) =>
    [
      `Có ${places.length} người tên "${name}" đang giữ chức vụ: ${places.map((place) => `${place.role} ${place.cell.name}`).join('; ')}.`,
      `Hãy ghi thêm tên chi bộ, ví dụ: /xoacanbo [${places[0]!.cell.name}] ${name}, hoặc trả lời một tin nhắn của người đó trong nhóm chat của chi bộ bằng lệnh /xoacanbo.`,
    ].join('\n'),
  officerRemoved: (name: string, role: string, cell: Cell, secretaryLeft: boolean) =>
    [
      `✅ ${name} không còn là ${role} của ${cell.name}.`,
      ...(secretaryLeft ? [] : [`${cell.name} hiện chưa có bí thư: ghi bí thư mới bằng /bithu, trả lời một tin nhắn của người đó trong nhóm chat của chi bộ.`]),
      `Người này có thể đã biết mã cho đảng viên của chi bộ; nếu cần, đổi mã bằng /doimathanhvien ${cell.name}.`,
    ].join('\n'),
} as const;

/** "bí thư" or "phó bí thư". */
export function roleName(role: Officer['role']): string {
  return role === 'secretary' ? 'bí thư' : 'phó bí thư';
}

/** The member code in /chibo: the code itself (in a private chat), or where to ask for it (in a group). */
export type MemberCodeShown = { code: string } | { askPrivately: Cell };

/** /chibo: the chat's (or the named) cell and officers, the asker's role, the member code, and for an admin every cell they manage. */
export function whoAmIText(
  access: { cell?: Cell; boundHere: boolean; isAdmin: boolean; adminUnits: readonly Cell[]; managesCell: boolean; officer?: Officer },
  officers: readonly Officer[],
  memberCode: MemberCodeShown | undefined,
  cells: readonly { cell: Cell; chats: number }[] | undefined,
): string {
  const lines: string[] = [];
  if (access.cell) {
    lines.push(
      access.boundHere || access.officer
        ? `${access.boundHere ? 'Nhóm chat này thuộc' : 'Đồng chí phụ trách'} ${access.cell.name}.`
        : `Thông tin ${access.cell.name}:`,
    );
    for (const role of ['secretary', 'deputy'] as const) {
      const names = officers.filter((officer) => officer.role === role).map((officer) => officer.name ?? 'không rõ tên');
      if (names.length > 0) lines.push(`${role === 'secretary' ? 'Bí thư' : 'Phó bí thư'}: ${names.join(', ')}`);
    }
  } else if (!access.isAdmin && access.adminUnits.length === 0) {
    lines.push('Nhóm chat này chưa được gắn với chi bộ nào. Bí thư gõ /dangky <mã> (mã do quản trị viên đảng ủy cấp).');
  }
  const roles = access.isAdmin
    ? ['quản trị viên đảng ủy']
    : [
        ...(access.adminUnits.length > 0 ? [`quản trị viên của ${access.adminUnits.map((unit) => unit.name).join(', ')}`] : []),
        ...(access.officer ? [roleName(access.officer.role)] : []),
      ];
  const role = roles.length > 0 ? roles.join(', ') : 'đảng viên';
  lines.push(`Vai trò của đồng chí: ${role}.`);
  if (memberCode && 'code' in memberCode) {
    lines.push(ORG_REPLIES.memberCode(memberCode.code));
    if (access.cell && (access.managesCell || access.officer?.role === 'secretary')) lines.push(ORG_REPLIES.rotateHint(access.cell));
  } else if (memberCode) lines.push(ORG_REPLIES.memberCodePrivately(memberCode.askPrivately));
  if (cells) {
    if (cells.length === 0) lines.push(ORG_REPLIES.noCells);
    else {
      lines.push('Các chi bộ:');
      for (const { cell, chats } of cells) lines.push(`• ${cell.name}: ${chats} nhóm chat`);
      lines.push('Xem một chi bộ và mã cho đảng viên: /chibo <tên chi bộ> (nhắn riêng)');
      lines.push('Cấp mã đăng ký mới: /taoma <tên chi bộ> (nhắn riêng) · Hủy mã chưa dùng: /huyma <tên chi bộ>');
    }
  }
  return lines.join('\n');
}

const AUDIT_ACTIONS: Record<AuditEntry['action'], string> = {
  'cell.created': 'tạo chi bộ',
  'unit.created': 'tạo đơn vị',
  'admin.granted': 'cấp quyền quản trị',
  'admin.revoked': 'thu hồi quyền quản trị',
  'cell.code': 'cấp mã đăng ký cho',
  'chat.bound': 'gắn nhóm chat với',
  'officer.set': 'ghi chức vụ ở',
  'officer.removed': 'xóa chức vụ ở',
  'code.revoked': 'hủy mã đăng ký chưa dùng của',
  'member-code.rotated': 'đổi mã cho đảng viên của',
  'chat.unbound': 'gỡ nhóm chat khỏi',
  'event.scheduled': 'đặt lịch',
  'event.edited': 'sửa lịch',
  'event.cancelled': 'hủy lịch',
  'notice.sent': 'gửi thông báo',
  'campaign.created': 'giao hạn báo cáo cho các đơn vị trực thuộc:',
  'report.submitted': 'xác nhận đã nộp báo cáo:',
  'document.added': 'đưa vào tra cứu tài liệu',
  'document.edited': 'sửa thông tin tài liệu',
  'document.replaced': 'đánh dấu đã bị thay thế: tài liệu',
  'document.removed': 'gỡ tài liệu',
};

/** /nhatky: the newest actions, one a line. */
export function auditText(entries: readonly AuditEntry[], timeZone: string): string {
  if (entries.length === 0) return 'Nhật ký chưa có việc nào.';
  const lines = [`📒 ${entries.length} việc gần nhất:`];
  for (const entry of entries) {
    const when = DateTime.fromISO(entry.at, { zone: timeZone }).toFormat('dd/MM HH:mm');
    const what = entry.details.title ?? entry.details.cell ?? (entry.details.noticeId ? `#${entry.details.noticeId}` : '');
    lines.push(`${when} — ${entry.name ?? entry.who}: ${AUDIT_ACTIONS[entry.action]} ${what}${auditExtra(entry)}`.trim());
  }
  return lines.join('\n');
}

/** What an audit line adds after what was acted on: whose office, how many codes, which chat. */
function auditExtra(entry: AuditEntry): string {
  switch (entry.action) {
    case 'officer.set':
    case 'officer.removed':
      return ` (${entry.details.name ?? ''}: ${entry.details.role === 'secretary' ? 'bí thư' : 'phó bí thư'})`;
    case 'code.revoked':
      return ` (${entry.details.count ?? 0} mã)`;
    case 'chat.unbound':
      return entry.details.chat ? ` (${entry.details.chat})` : '';
    case 'admin.granted':
    case 'admin.revoked':
      return ` cho ${entry.details.name ?? entry.details.person ?? ''}`;
    default:
      return '';
  }
}

/** "số 294-QĐ/TW, ngày 2025-05-30, Ban Chấp hành Trung ương" of a document, what is known of it. */
function documentFacts(meta: DocumentMeta): string {
  return [meta.number ? `số ${meta.number}` : '', meta.date ? `ngày ${meta.date}` : (meta.dateText ?? ''), meta.issuer ?? ''].filter(Boolean).join(', ');
}

/** The preview of a document before it is added. */
export function documentPreview(file: string, preview: DocumentPreview, replacing: boolean, canPress: boolean): string {
  const { meta } = preview.document;
  const unknown = 'chưa thấy (sửa được sau bằng /suatailieu)';
  return [
    `📄 Đã đọc tệp «${file}»:`,
    `Tên: ${meta.title}`,
    `Số hiệu: ${meta.number ?? unknown}`,
    `Ngày ban hành: ${meta.date ?? meta.dateText ?? unknown}`,
    `Cơ quan ban hành: ${meta.issuer ?? unknown}`,
    `Gồm ${preview.sections} mục, ${preview.passages} đoạn để tra cứu.`,
    ...(replacing ? ['Tệp cùng tên đã có: bản mới sẽ thay bản cũ.'] : []),
    canPress ? 'Đúng thì bấm "✅ Đưa vào tra cứu" (hoặc gõ /dongy).' : 'Đúng thì gõ /dongy để đưa vào tra cứu.',
  ].join('\n');
}

/** /tailieu. */
export function documentList(documents: readonly DocumentMeta[]): string {
  if (documents.length === 0) return 'Chưa có tài liệu nào. Quản trị viên gửi tệp .pdf, .docx, .txt cho tôi (nhắn riêng) để đưa vào tra cứu.';
  const lines = [`📚 ${documents.length} tài liệu đang dùng để trả lời:`];
  documents.forEach((meta, index) => {
    const facts = documentFacts(meta);
    const status = meta.status.state === 'replaced' ? ` — ⚠️ đã được thay thế bởi ${meta.status.replacedBy}` : '';
    lines.push(`${index + 1}. ${meta.title}${facts ? ` (${facts})` : ''}${status}`);
  });
  lines.push('Quản trị viên: /suatailieu <số> tên: …; số hiệu: …; ngày: 2025-05-30; cơ quan: … · /thaythe <số> <số hoặc tên văn bản mới> · /xoatailieu <số>');
  return lines.join('\n');
}

/** Replies of the document commands. */
export const DOCUMENT_REPLIES = {
  adminOnly: 'Cảm ơn đồng chí! Chỉ quản trị viên đảng ủy mới đưa được tài liệu vào tra cứu. Đồng chí có thể gửi tệp cho quản trị viên.',
  unsupported: 'Tôi chỉ đọc được tệp .pdf, .docx, .txt, .md hoặc .html.',
  tooBig: `Tệp lớn quá ${FILE_LIMITS.maxBytes / 1048576} MB, tôi chưa nhận được.`,
  tooManyPages: `Tệp có quá nhiều trang (tối đa ${FILE_LIMITS.maxPages}).`,
  scanned: 'Tệp PDF này là bản quét (ảnh), không có lớp chữ nên tôi chưa đọc được. Hãy gửi bản PDF có chữ hoặc bản Word (.docx).',
  notUtf8: 'Tệp văn bản này không ở bảng mã UTF-8 nên tôi đọc bị lỗi chữ. Hãy lưu lại ở UTF-8 hoặc gửi bản .docx.',
  empty: 'Tệp không có nội dung chữ nào để tra cứu.',
  unreadable: 'Tệp bị hỏng hoặc không đúng định dạng, tôi không đọc được. Không có gì thay đổi.',
  uploadGone: 'Tệp tải lên đã hết hạn chờ. Hãy gửi lại tệp.',
  notFound: (reference: string) => `Không tìm thấy tài liệu "${reference}". Gõ /tailieu để xem số thứ tự các tài liệu.`,
  replaceUsage: 'Hãy ghi số của tài liệu cũ và tài liệu mới (hoặc tên văn bản mới), ví dụ: /thaythe 3 5.',
  editUsage: 'Hãy ghi số tài liệu và thông tin cần sửa, ví dụ: /suatailieu 2 số hiệu: 294-QĐ/TW; ngày: 2025-05-30; cơ quan: Ban Chấp hành Trung ương.',
  added: (meta: DocumentMeta, replaced: boolean, passages: number, seconds: number) =>
    `✅ Đã ${replaced ? 'cập nhật' : 'đưa vào tra cứu'} «${meta.title}» (${seconds.toFixed(1)} giây). Cả thư viện hiện có ${passages} đoạn để tra cứu. Đồng chí hỏi thử ngay được.`,
  confirmRemoval: (meta: DocumentMeta, canPress: boolean) =>
    `Gỡ «${meta.title}» khỏi tra cứu? Việc này không hoàn tác được (muốn dùng lại phải gửi lại tệp). ${canPress ? 'Bấm "🗑 Gỡ tài liệu" để gỡ.' : 'Gõ /dongy để gỡ.'}`,
  edited: (meta: DocumentMeta) => `✅ Đã sửa: ${meta.title}${documentFacts(meta) ? ` (${documentFacts(meta)})` : ''}.`,
  replaced: (meta: DocumentMeta, by: string) => `✅ Đã ghi «${meta.title}» là đã được thay thế bởi ${by}. Câu trả lời trích từ văn bản này sẽ ghi rõ điều đó.`,
  removed: (title: string) => `🗑 Đã gỡ «${title}» khỏi tra cứu.`,
} as const;
