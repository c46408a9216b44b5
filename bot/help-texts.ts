/** What the assistant says about itself, in plain Vietnamese for members who are not technical. */

/** /start and /trogiup. */
export const HELP_TEXT = [
  'Xin chào! Tôi là trợ lý chi bộ. Tôi trả lời câu hỏi về công tác Đảng dựa trên các văn bản đã có, và luôn ghi rõ nguồn.',
  '',
  'Cách hỏi:',
  '• Nhắn riêng cho tôi: gõ câu hỏi, ví dụ "Đảng đoàn họp bao lâu một lần?"',
  '• Trong nhóm chi bộ: gõ /hoi và câu hỏi, hoặc nhắc tên tôi, hoặc trả lời tin nhắn của tôi.',
  '• Có dấu hay không dấu đều được; các chữ viết tắt như TCCSĐ, ĐV, CB tôi đều hiểu.',
  '',
  'Các lệnh:',
  '/hoi – đặt câu hỏi',
  '/nguon – xem đầy đủ nguồn của câu trả lời vừa rồi',
  '/lich – xem lịch họp, hạn báo cáo, kiểm tra sắp tới của chi bộ',
  '/thamdu, /vang <lý do> – báo tham dự hoặc vắng buổi họp tới',
  '/trogiup – xem lại hướng dẫn này',
  '',
  'Dành cho bí thư, phó bí thư chi bộ:',
  '/hop – đặt lịch họp, ví dụ: /hop sinh hoạt chi bộ 19h30 thứ năm tuần sau tại hội trường',
  '/baocao – hạn báo cáo, ví dụ: /baocao báo cáo 6 tháng trước 15/6',
  '/kiemtra – lịch kiểm tra, ví dụ: /kiemtra kiểm tra chuyên đề 8h sáng 25/12',
  '/sua, /huy – đổi giờ hoặc hủy một lịch (mã lịch xem ở /lich)',
  '/diemdanh – xem ai tham dự, ai vắng buổi họp tới',
  'Muốn nhắc khác mặc định, thêm "nhắc trước 1 ngày và 2 giờ". Lịch lặp lại: "ngày 4 hằng tháng", "thứ sáu cuối tháng".',
  '',
  'Quản trị viên đảng ủy: /taochibo <tên> tạo chi bộ và mã đăng ký, /taoma <tên chi bộ> cấp mã mới (hai lệnh này nhắn riêng cho tôi); /dangky <mã> gắn nhóm chat với chi bộ; /chibo xem thông tin chi bộ;',
  '/huyma <tên chi bộ> hủy mã đăng ký chưa dùng; /doimathanhvien <tên chi bộ> đổi mã cho đảng viên (bí thư cũng dùng được, nhắn riêng); /huylienket gỡ nhóm chat khỏi chi bộ; /xoacanbo thôi ghi một người là bí thư, phó bí thư;',
  '/thongbao <nội dung> gửi thông báo tới các chi bộ; /xacnhan <mã> xem tiến độ và ai đã nhận; /nhatky xem nhật ký thao tác.',
  'Tài liệu: gửi tệp .pdf, .docx, .txt cho tôi (nhắn riêng) để đưa vào tra cứu; /tailieu xem danh sách; /suatailieu, /thaythe, /xoatailieu.',
  'Đảng viên dùng Zalo: nhắn riêng /lienket <mã chi bộ> để nhận thông báo; /danhan <mã> để xác nhận đã nhận.',
  '',
  'Khi văn bản không có câu trả lời, tôi sẽ nói rõ là chưa tìm thấy, không tự suy đoán.',
].join('\n');

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
  { command: 'thongbao', description: 'Gửi thông báo tới các chi bộ (đảng ủy)' },
  { command: 'xacnhan', description: 'Tiến độ gửi và ai đã nhận thông báo' },
  { command: 'trogiup', description: 'Hướng dẫn sử dụng' },
];

/** Replies to what the assistant cannot do with a message. */
export const REPLIES = {
  askWithoutQuestion: 'Bạn hãy gõ câu hỏi ngay sau lệnh, ví dụ: /hoi Đảng đoàn họp bao lâu một lần?',
  noSourcesYet: 'Chưa có câu trả lời nào trong cuộc trò chuyện này. Bạn hãy đặt câu hỏi trước, rồi gõ /nguon để xem nguồn.',
  notFoundSources: 'Câu hỏi vừa rồi chưa tìm thấy trong tài liệu nên không có nguồn để xem.',
  onlyText: 'Hiện tôi chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi, ví dụ: "Chức năng của cấp ủy cơ sở là gì?"',
  unknownCommand: (command: string) => `Tôi chưa hiểu lệnh /${command}. Gõ /trogiup để xem các lệnh tôi hiểu.`,
  tooFast: (seconds: number) =>
    `Bạn đang hỏi hơi nhanh. Vui lòng đợi khoảng ${seconds} giây rồi hỏi tiếp nhé; các câu hỏi gửi thêm trong lúc này tôi sẽ chưa trả lời.`,
  tooManyCommands: (seconds: number) => `Bạn đang gửi lệnh hơi nhanh. Vui lòng đợi khoảng ${seconds} giây rồi thử lại nhé.`,
  tooManyPresses: 'Bạn bấm nút hơi nhanh. Vui lòng đợi một lát rồi bấm lại nhé.',
  failure: 'Xin lỗi, tôi đang gặp sự cố khi tìm câu trả lời. Bạn vui lòng thử lại sau ít phút.',
  thanks: 'Cảm ơn bạn đã góp ý!',
  commandFailure: 'Xin lỗi, tôi chưa làm được việc này lúc này do hệ thống đang gián đoạn. Bạn vui lòng thử lại sau ít phút.',
  schedulerUnavailable:
    'Chức năng lịch họp, nhắc việc, thông báo và quản lý tài liệu hiện chưa sẵn sàng (máy chủ lưu trữ chưa chạy). Việc hỏi đáp tài liệu vẫn dùng bình thường.',
  feedbackExpired: 'Góp ý cho câu trả lời này đã hết hạn, nhưng cảm ơn bạn!',
  alreadyVoted: 'Bạn đã góp ý cho câu trả lời này rồi. Cảm ơn bạn!',
  working: 'Đang xử lý, bạn vui lòng đợi giây lát…',
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
  },
} as const;

/** What a scheduling command typed without its slash is for, and how it is typed (see REPLIES.slashlessCommand). */
const SLASHLESS: Readonly<Record<string, { intent: string; example: string }>> = {
  hop: { intent: 'đặt lịch họp', example: '/hop sinh hoạt chi bộ 19h30 thứ năm tuần sau' },
  baocao: { intent: 'đặt hạn báo cáo', example: '/baocao báo cáo 6 tháng trước 15/6' },
  kiemtra: { intent: 'đặt lịch kiểm tra', example: '/kiemtra kiểm tra chuyên đề 8h sáng 25/12' },
  thongbao: { intent: 'gửi thông báo tới các chi bộ', example: '/thongbao Hội nghị đảng bộ 8h thứ hai tuần sau' },
};
