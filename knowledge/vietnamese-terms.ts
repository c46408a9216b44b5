/**
 * Word lists for Vietnamese retrieval: question words that carry no topic, and the domain's
 * abbreviations with their long forms. All entries are in matching form (lower case, NFC, one
 * tone style); see normalize-vietnamese.ts.
 */

/**
 * Phrases that make a sentence a question but say nothing of its topic. Removed from queries
 * (longest first) before terms are made. Words that can carry meaning in a question
 * ("không" in "không tổ chức", "có" in "có quyền") are only removed in their question patterns.
 */
export const QUESTION_PHRASES: readonly string[] = [
  'đúng hay sai',
  'nhận định nào sau đây',
  'phát biểu nào sau đây',
  'điều nào sau đây',
  'trường hợp nào sau đây',
  'nào sau đây',
  'sau đây',
  'nào dưới đây',
  'không đúng',
  'là đúng',
  'là sai',
  'đúng hay không',
  'có đúng không',
  'có phải là',
  'có phải',
  'phải chăng',
  'phải không',
  'hay không',
  'được không',
  'có không',
  'như thế nào',
  'thế nào',
  'ra sao',
  'là gì',
  'là những gì',
  'những gì',
  'bao gồm những',
  'gồm những',
  'bao nhiêu',
  'bao lâu',
  'mấy lần',
  'khi nào',
  'lúc nào',
  'ở đâu',
  'tại sao',
  'vì sao',
  'làm sao',
  'hãy cho biết',
  'cho biết',
  'xin hỏi',
  'cho tôi hỏi',
  'tôi muốn hỏi',
  'gì',
  'nào',
  'ai',
  'mấy',
  'đâu',
  'chăng',
  'vậy',
  'ạ',
];

/**
 * Abbreviations used in Party documents and questions, with their long forms. An abbreviation
 * with several readings ("cb": chi bộ or cán bộ) lists them all; a document that defines it
 * ("288 chi bộ (CB)") uses its own reading.
 */
export const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  tccsđ: ['tổ chức cơ sở đảng'],
  tcđ: ['tổ chức đảng'],
  đv: ['đảng viên'],
  cb: ['chi bộ', 'cán bộ'],
  cbđv: ['cán bộ đảng viên'],
  cbcc: ['cán bộ công chức'],
  bch: ['ban chấp hành'],
  btv: ['ban thường vụ'],
  bct: ['bộ chính trị'],
  bbt: ['ban bí thư'],
  đu: ['đảng ủy'],
  ubkt: ['ủy ban kiểm tra'],
  ubmttq: ['ủy ban mặt trận tổ quốc'],
  mttq: ['mặt trận tổ quốc'],
  hđnd: ['hội đồng nhân dân'],
  ubnd: ['ủy ban nhân dân'],
  đtn: ['đoàn thanh niên'],
  đtncs: ['đoàn thanh niên cộng sản'],
  tncs: ['thanh niên cộng sản'],
  hcm: ['hồ chí minh'],
  cnxh: ['chủ nghĩa xã hội'],
  xhcn: ['xã hội chủ nghĩa'],
  đbqh: ['đại biểu quốc hội'],
  btctw: ['ban tổ chức trung ương'],
  btgdvtw: ['ban tuyên giáo và dân vận trung ương'],
  tw: ['trung ương'],
};

/**
 * Document-type abbreviations, expanded only inside a document number ("38-KL/TW",
 * "294-QĐ/TW"), where they cannot be mistaken for a word.
 */
export const NUMBER_ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  qđ: ['quy định', 'quyết định'],
  nq: ['nghị quyết'],
  kl: ['kết luận'],
  hd: ['hướng dẫn'],
  ct: ['chỉ thị'],
  tb: ['thông báo'],
  qc: ['quy chế'],
};

/**
 * How the documents word what a question asks: a question phrase (matching form) and the wording
 * that answers it ("bao lâu một lần" is answered by "định kỳ"). Matched with a low weight.
 */
export const QUESTION_INTENTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['bao lâu', ['thời hạn', 'định kỳ', 'thời gian']],
  ['mấy lần', ['định kỳ', 'lần']],
  ['khi nào', ['thời điểm', 'thời hạn', 'trường hợp']],
  ['định nghĩa', ['giải thích từ ngữ', 'được hiểu là', 'khái niệm']],
  ['hiểu như thế nào', ['giải thích từ ngữ', 'được hiểu là', 'khái niệm']],
  ['áp dụng cho ai', ['đối tượng áp dụng', 'phạm vi điều chỉnh']],
  ['áp dụng đối với', ['đối tượng áp dụng', 'phạm vi điều chỉnh']],
  ['ai có quyền', ['có quyền', 'thẩm quyền']],
  ['ai có thẩm quyền', ['thẩm quyền']],
  ['bao nhiêu tuổi', ['tuổi', 'độ tuổi']],
  ['gồm những', ['bao gồm', 'gồm']],
  ['vai trò gì', ['chức năng', 'vai trò']],
  ['vai trò như thế nào', ['chức năng', 'vai trò']],
];

/**
 * Words of conversation and grammar, not of the documents' subjects ("tôi", "bố", "hẳn", "cho"):
 * a question that holds them is not taken to ask about something the documents never mention.
 */
export const CHAT_WORDS: ReadonlySet<string> = new Set([
  'cho', 'với', 'và', 'của', 'thì', 'là', 'mà', 'được', 'bị', 'có', 'không', 'các', 'những', 'này', 'đó', 'kia', 'khi', 'nếu', 'để', 'từ',
  'trong', 'ngoài', 'ra', 'vào', 'lên', 'xuống', 'về', 'theo', 'như', 'thế', 'nào', 'gì', 'ai', 'sao', 'bao', 'nhiêu', 'mấy', 'hay', 'hoặc',
  'nhưng', 'còn', 'cũng', 'đều', 'chỉ', 'phải', 'nữa', 'lại', 'một', 'người', 'việc', 'cái', 'làm', 'nhờ', 'biết', 'nói',
  'tôi', 'em', 'anh', 'chị', 'bác', 'cô', 'chú', 'ông', 'bà', 'bố', 'mẹ', 'ba', 'má', 'cha', 'con', 'cháu', 'mình', 'chúng', 'ta', 'bạn',
  'hẳn', 'mãi', 'luôn', 'rồi', 'lắm', 'quá', 'rất', 'hơi', 'thật', 'nhé', 'nhỉ', 'à', 'ơi', 'hả', 'chứ', 'thế', 'vậy', 'đấy', 'nhá', 'ạ',
  'vừa', 'mới', 'sắp', 'đã', 'đang', 'sẽ', 'bây', 'giờ', 'muốn', 'cần', 'nên', 'định', 'xin', 'hỏi', 'giúp', 'ơn', 'cảm', 'dạ', 'vâng', 'ừ', 'ok',
]);
