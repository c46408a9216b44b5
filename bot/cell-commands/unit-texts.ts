/** What the commands of the tree of units say: creating units, granting and revoking admin of a unit, refusals naming who may. */
import { DEFAULT_UNIT_KIND, type Cell } from '../../jobs/index.js';

/** A unit's kind as shown. */
const kindOf = (unit: Cell) => unit.kind ?? DEFAULT_UNIT_KIND;

/** Replies of /taodonvi, /capquyen and /thuhoiquyen, and the refusals of every command acting on a unit. */
export const UNIT_REPLIES = {
  managersOnly: (unit: Cell) => `Xin lỗi, chỉ quản trị viên của ${unit.name} hoặc cấp trên mới làm được việc này.`,
  rootOnly: 'Xin lỗi, chỉ quản trị viên đảng ủy cấp cao nhất mới làm được việc này.',
  createUsage: (command: string) =>
    command === 'taochibo'
      ? 'Hãy ghi tên chi bộ sau lệnh, ví dụ: /taochibo Chi bộ khu phố 3.'
      : 'Hãy ghi tên đơn vị sau lệnh, ví dụ: /taodonvi Chi bộ khu phố 3 thuộc Đảng bộ phường Ba Đình.',
  /** A unit admin of several units creating a unit without saying under which. */
  whichParent: (command: string, name: string, units: readonly Cell[]) =>
    [
      `Đồng chí quản trị ${units.length} đơn vị: ${units.map((unit) => unit.name).join(', ')}. Đơn vị mới thuộc đơn vị nào?`,
      `Xin gõ lại, ví dụ: /${command} ${name || '<tên>'} thuộc ${units[0]!.name}`,
    ].join('\n'),
  created: (unit: Cell, parent: Cell | undefined, code: string) =>
    [
      `✅ Đã tạo ${unit.name} (${kindOf(unit)}${parent ? `, thuộc ${parent.name}` : ''}).`,
      `Mã đăng ký: ${code} (dùng một lần, trong 7 ngày).`,
      `Xin gửi riêng mã này cho bí thư hoặc người phụ trách nhóm chat của ${unit.name}, đừng đăng vào nhóm: thêm tôi vào nhóm chat rồi gõ /dangky ${code} trong nhóm. Người gõ lệnh sẽ được ghi là bí thư.`,
      `Cấp quyền quản trị ${unit.name} cho một đồng chí: /capquyen (trả lời tin nhắn của người đó) ${unit.name}.`,
    ].join('\n'),
  /** A name another unit of the same parent has. */
  nameTaken: (existing: Cell, parent: Cell) =>
    `${parent.name} đã có đơn vị tên "${existing.name}" nên tôi không tạo thêm đơn vị trùng tên. Cần mã đăng ký mới cho đơn vị đó: /taoma ${existing.id}. Nếu là một đơn vị khác, xin đặt tên khác để phân biệt.`,
  grantUsage: (command: 'capquyen' | 'thuhoiquyen') =>
    [
      `Hãy trả lời một tin nhắn của người đó bằng lệnh /${command} <tên đơn vị>, hoặc ghi người rồi đơn vị: /${command} @tendangnhap Đảng bộ phường Ba Đình, /${command} telegram:123456789 Đảng bộ phường Ba Đình.`,
      'Trong nhóm chat của đơn vị thì không cần ghi tên đơn vị.',
    ].join('\n'),
  granted: (name: string, unit: Cell) =>
    `✅ ${name} là quản trị viên của ${unit.name}: quản lý ${unit.name} và mọi đơn vị trực thuộc (tạo đơn vị, cấp mã, ghi bí thư, gửi thông báo, đặt lịch). Thu hồi: /thuhoiquyen.`,
  alreadyGranted: (name: string, unit: Cell) => `${name} đã là quản trị viên của ${unit.name} từ trước, không có gì thay đổi.`,
  revoked: (name: string, unit: Cell) => `✅ ${name} không còn là quản trị viên của ${unit.name}.`,
  notGranted: (name: string, unit: Cell, admins: readonly string[]) =>
    `${name} không được cấp quyền quản trị ${unit.name} nên không có gì để thu hồi.${admins.length > 0 ? ` Quản trị viên của ${unit.name}: ${admins.join(', ')}.` : ''}`,
} as const;
