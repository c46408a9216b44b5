/** What the assistant says about itself, in plain Vietnamese for members who are not technical. */

/** Whose help /trogiup shows: each sees what they may do. */
export type HelpRole = 'member' | 'deputy' | 'secretary' | 'unit-admin' | 'admin';

/** What every member may do: short. */
const MEMBER_HELP = [
  'Xin chào đồng chí! Tôi là trợ lý chi bộ. Tôi trả lời câu hỏi về công tác Đảng theo các văn bản đã có và ghi rõ nguồn; văn bản không có thì tôi nói là chưa tìm thấy.',
  '',
  'Cách hỏi:',
  '• Nhắn riêng cho tôi: gõ câu hỏi, ví dụ "Đảng đoàn họp bao lâu một lần?"',
  '• Trong nhóm chi bộ: gõ /hoi rồi câu hỏi, hoặc nhắc tên tôi, hoặc trả lời tin nhắn của tôi.',
  '• Có dấu hay không dấu đều được; chữ viết tắt như TCCSĐ, ĐV, CB tôi đều hiểu.',
  '',
  'Các lệnh:',
  '/nguon – xem đầy đủ nguồn của câu trả lời vừa rồi',
  '/lich – lịch họp, hạn báo cáo, kiểm tra sắp tới của chi bộ',
  '/thamdu, /vang <lý do> – báo tham dự hoặc vắng buổi họp tới (hoặc trả lời tin nhắc họp: "có", "vắng vì …")',
  '/chibo – chi bộ của nhóm và vai trò của đồng chí',
  '/trogiup – xem lại hướng dẫn này',
  'Dùng Zalo, chưa có nhóm: nhắn riêng /lienket <mã chi bộ> (xin mã ở bí thư) để nhận thông báo của chi bộ.',
];

/** What secretaries and deputies add. */
const OFFICER_HELP = [
  '',
  'Dành cho bí thư, phó bí thư chi bộ:',
  '/hop – đặt lịch họp, ví dụ: /hop sinh hoạt chi bộ 19h30 thứ năm tuần sau tại hội trường',
  '/baocao – hạn báo cáo, ví dụ: /baocao báo cáo 6 tháng trước 15/6',
  '/kiemtra – lịch kiểm tra, ví dụ: /kiemtra kiểm tra chuyên đề 8h sáng 25/12',
  '/sua, /huy – đổi giờ hoặc hủy một lịch (mã lịch xem ở /lich)',
  '/diemdanh – xem ai tham dự, ai vắng buổi họp tới',
  '/danop <mã> – báo cấp trên chi bộ đã nộp báo cáo được giao (mã ở tin nhắc hạn và trong /lich)',
  '/tinhhinh [tháng 11] – chi bộ đã họp chưa, ai dự, báo cáo nộp đúng hạn chưa',
  'Muốn nhắc khác mặc định, thêm "nhắc trước 1 ngày và 2 giờ". Lịch lặp lại: "ngày 4 hằng tháng", "thứ sáu cuối tháng".',
];

/** What a secretary adds to a deputy's. */
const SECRETARY_HELP = ['/doimathanhvien – đổi mã cho đảng viên dùng Zalo khi mã bị lộ (nhắn riêng cho tôi)'];

/** What every admin adds, a root admin for the whole tree and a unit admin for their unit and the units below it. */
const UNIT_ADMIN_COMMANDS = [
  '/taodonvi <tên> [thuộc <đơn vị>] – tạo đơn vị và mã đăng ký, ví dụ: /taodonvi Chi bộ khu phố 3 thuộc Đảng bộ phường Ba Đình; /taochibo <tên> như /taodonvi; /taoma <tên chi bộ> – cấp mã mới (các lệnh này nhắn riêng cho tôi)',
  '/capquyen, /thuhoiquyen <đơn vị> – cấp, thu hồi quyền quản trị một đơn vị: trả lời một tin nhắn của người đó bằng lệnh, hoặc ghi người (@tên hoặc mã) rồi đơn vị',
  '/dangky <mã> – gắn nhóm chat với chi bộ; /chibo – xem các chi bộ',
  '/bithu, /phobithu – ghi bí thư, phó bí thư: trả lời một tin nhắn của người đó bằng lệnh, hoặc gõ lệnh rồi nhắc tên người đó',
  '/huyma <tên chi bộ> – hủy mã đăng ký chưa dùng; /doimathanhvien <tên chi bộ> – đổi mã cho đảng viên (nhắn riêng)',
  '/huylienket – gỡ nhóm chat khỏi chi bộ; /xoacanbo – thôi ghi một người là bí thư, phó bí thư',
  '/baocao các chi bộ <nội dung, hạn> – giao hạn báo cáo cho các đơn vị trực thuộc, ví dụ: /baocao các chi bộ nộp báo cáo quý trước ngày 20/12; chọn đơn vị: /baocao [chỉ các chi bộ thuộc Đảng bộ phường A] …, /baocao [toàn đảng bộ] …',
  '/tinhhinh <mã> – đơn vị nào đã nộp, chưa nộp, theo từng cấp; /tinhhinh [tháng 11] – từng đơn vị: họp, dự họp, nộp báo cáo (đơn vị chậm lên đầu)',
  '/thongbao <nội dung> – gửi thông báo tới mọi đơn vị đồng chí quản lý; thu hẹp: /thongbao [Chi bộ 1, Chi bộ 3] …, /thongbao [chỉ các chi bộ] …; /xacnhan [mã] – tiến độ và ai đã nhận, theo đơn vị (không ghi mã: thông báo vừa gửi)',
];

/** What committee admins (the root's) add. */
const ADMIN_HELP = [
  '',
  'Dành cho quản trị viên đảng ủy:',
  ...UNIT_ADMIN_COMMANDS,
  '/nhatky – nhật ký thao tác',
  'Tài liệu: gửi tệp .pdf, .docx, .txt cho tôi (nhắn riêng) để đưa vào tra cứu; /tailieu xem danh sách; /suatailieu, /thaythe, /xoatailieu.',
];

/** What an admin of a unit adds: the same, for their unit and the units below it. */
const UNIT_ADMIN_HELP = ['', 'Dành cho quản trị viên đơn vị (đơn vị của đồng chí và các đơn vị trực thuộc):', ...UNIT_ADMIN_COMMANDS];

/** /start and /trogiup for a member, and whenever the asker's role is not known. */
export const HELP_TEXT = MEMBER_HELP.join('\n');

/** /start and /trogiup by role: a member's help, then what officers add, then what admins add (a unit admin: for their part of the tree). */
export function helpText(role: HelpRole): string {
  if (role === 'member') return HELP_TEXT;
  const officer = role === 'deputy' ? OFFICER_HELP : [...OFFICER_HELP, ...SECRETARY_HELP];
  const admin = role === 'admin' ? ADMIN_HELP : role === 'unit-admin' ? UNIT_ADMIN_HELP : [];
  return [...MEMBER_HELP, ...officer, ...admin].join('\n');
}

/**
 * What the bot says in a group it was just added to: what it does and what to do next. In a group
 * not yet bound to a cell, who registers it and with which command (an admin adding the bot is told
 * how to get the code); in a bound group, the cell's name.
 */
export function groupGreeting(cellName: string | undefined, addedByAdmin: boolean): string {
  if (cellName) {
    return [
      `Xin chào các đồng chí! Nhóm này đã gắn với ${cellName}: tôi sẽ nhắc lịch họp và chuyển thông báo của đảng ủy tại đây.`,
      'Hỏi đáp: gõ /hoi rồi câu hỏi. Xem lịch: /lich. Hướng dẫn: /trogiup',
    ].join('\n');
  }
  return [
    'Xin chào các đồng chí! Tôi là trợ lý chi bộ: tôi trả lời câu hỏi về công tác Đảng, nhắc lịch họp và chuyển thông báo của đảng ủy.',
    addedByAdmin
      ? 'Để bắt đầu: đồng chí nhắn riêng cho tôi /taochibo <tên chi bộ> (chi bộ đã có thì /taoma <tên chi bộ>) để lấy mã đăng ký, rồi gửi riêng mã cho bí thư; bí thư gõ /dangky <mã> trong nhóm này.'
      : 'Để bắt đầu, bí thư chi bộ gõ trong nhóm này: /dangky <mã đăng ký> (mã do quản trị viên đảng ủy nhắn riêng cho bí thư).',
    'Hỏi đáp: gõ /hoi rồi câu hỏi. Hướng dẫn: /trogiup',
  ].join('\n');
}

/** Commands as the platforms list them (Telegram's command menu). */
export const COMMAND_MENU: readonly { command: string; description: string }[] = [
  { command: 'hoi', description: 'Đặt câu hỏi về công tác Đảng' },
  { command: 'nguon', description: 'Xem đầy đủ nguồn của câu trả lời vừa rồi' },
  { command: 'lich', description: 'Lịch họp, báo cáo, kiểm tra sắp tới' },
  { command: 'hop', description: 'Đặt lịch họp (bí thư)' },
  { command: 'baocao', description: 'Đặt hạn báo cáo (bí thư)' },
  { command: 'kiemtra', description: 'Đặt lịch kiểm tra (bí thư)' },
  { command: 'thamdu', description: 'Báo tham dự buổi họp tới' },
  { command: 'vang', description: 'Báo vắng buổi họp tới, kèm lý do' },
  { command: 'diemdanh', description: 'Xem điểm danh buổi họp (bí thư)' },
  { command: 'danop', description: 'Báo chi bộ đã nộp báo cáo cấp trên giao (bí thư)' },
  { command: 'tinhhinh', description: 'Tình hình họp, nộp báo cáo của các đơn vị' },
  { command: 'thongbao', description: 'Gửi thông báo tới các chi bộ (đảng ủy)' },
  { command: 'xacnhan', description: 'Tiến độ gửi và ai đã nhận thông báo' },
  { command: 'trogiup', description: 'Hướng dẫn sử dụng' },
];

/** Replies to what the assistant cannot do with a message. */
export const REPLIES = {
  askWithoutQuestion: 'Đồng chí hãy gõ câu hỏi ngay sau lệnh, ví dụ: /hoi Đảng đoàn họp bao lâu một lần?',
  noSourcesYet: 'Chưa có câu trả lời nào trong cuộc trò chuyện này. Đồng chí hãy đặt câu hỏi trước, rồi gõ /nguon để xem nguồn.',
  notFoundSources: 'Câu hỏi vừa rồi chưa tìm thấy trong tài liệu nên không có nguồn để xem.',
  onlyText: 'Hiện tôi chỉ đọc được tin nhắn chữ. Đồng chí hãy gõ câu hỏi, ví dụ: "Chức năng của cấp ủy cơ sở là gì?"',
  unknownCommand: (command: string) => `Tôi chưa hiểu lệnh /${command}. Gõ /trogiup để xem các lệnh tôi hiểu.`,
  tooFast: (seconds: number) =>
    `Đồng chí đang hỏi hơi nhanh. Vui lòng đợi khoảng ${seconds} giây rồi hỏi tiếp nhé; các câu hỏi gửi thêm trong lúc này tôi sẽ chưa trả lời.`,
  tooManyCommands: (seconds: number) => `Đồng chí đang gửi lệnh hơi nhanh. Vui lòng đợi khoảng ${seconds} giây rồi thử lại nhé.`,
  tooManyPresses: 'Đồng chí bấm nút hơi nhanh. Vui lòng đợi một lát rồi bấm lại nhé.',
  failure: 'Xin lỗi, tôi đang gặp sự cố khi tìm câu trả lời. Đồng chí vui lòng thử lại sau ít phút.',
  thanks: 'Cảm ơn đồng chí đã góp ý!',
  commandFailure: 'Xin lỗi, tôi chưa làm được việc này lúc này do hệ thống đang gián đoạn. Đồng chí vui lòng thử lại sau ít phút.',
  schedulerUnavailable:
    'Lịch họp, nhắc việc, thông báo và quản lý tài liệu tạm chưa sẵn sàng vì trợ lý chưa kết nối được kho dữ liệu (Redis); tôi đang tự kết nối lại, nếu lâu vẫn vậy đồng chí báo người quản trị. Việc hỏi đáp tài liệu vẫn dùng bình thường.',
  feedbackExpired: 'Góp ý cho câu trả lời này đã hết hạn, nhưng cảm ơn đồng chí!',
  alreadyVoted: 'Đồng chí đã góp ý cho câu trả lời này rồi. Cảm ơn đồng chí!',
  working: 'Đang xử lý, đồng chí vui lòng đợi giây lát…',
  /** A private message that reads like a scheduling command typed without its slash: what to type instead. */
  slashlessCommand: (command: string) => {
    const { intent, example } = SLASHLESS[command] ?? { intent: `dùng lệnh /${command}`, example: `/${command} …` };
    return `Có phải đồng chí muốn ${intent}? Gõ /${command} rồi nội dung, ví dụ: ${example}`;
  },
  /** Replies to a message that only greets, thanks or acknowledges. */
  smallTalk: {
    greeting: 'Xin chào đồng chí! Đồng chí cứ hỏi về Điều lệ, quy định của Đảng, hoặc gõ /trogiup để xem tôi giúp được gì.',
    thanks: 'Không có gì ạ. Đồng chí cần gì cứ hỏi tiếp nhé.',
    acknowledgement: 'Vâng ạ. Khi cần, đồng chí cứ nhắn câu hỏi cho tôi nhé.',
    /** A question in English: one line, in both languages. */
    english: 'Xin đồng chí hỏi bằng tiếng Việt, tôi trả lời bằng tiếng Việt. — I answer in Vietnamese: please ask in Vietnamese.',
  },
} as const;

/** What a scheduling command typed without its slash is for, and how it is typed (see REPLIES.slashlessCommand). */
const SLASHLESS: Readonly<Record<string, { intent: string; example: string }>> = {
  hop: { intent: 'đặt lịch họp', example: '/hop sinh hoạt chi bộ 19h30 thứ năm tuần sau' },
  baocao: { intent: 'đặt hạn báo cáo', example: '/baocao báo cáo 6 tháng trước 15/6' },
  kiemtra: { intent: 'đặt lịch kiểm tra', example: '/kiemtra kiểm tra chuyên đề 8h sáng 25/12' },
  thongbao: { intent: 'gửi thông báo tới các chi bộ', example: '/thongbao Hội nghị đảng bộ 8h thứ hai tuần sau' },
};
