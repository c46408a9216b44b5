import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanPageText, extractPageMetadata } from '../knowledge/clean-page.js';
import { isStructuralStart, lineMarker } from '../knowledge/line-markers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = path.join(repoRoot, 'knowledge/corpus');
const partyDocsDir = path.join(path.resolve(repoRoot, '../shared'), 'eval/party-docs');

function sample(file: string): { raw: string; text: string; lines: string[] } {
  const raw = readFileSync(path.join(corpusDir, file), 'utf8');
  const text = cleanPageText(raw, 'txt');
  return { raw, text, lines: text.split('\n') };
}

describe('cleanPageText on the sample corpus', () => {
  it('removes the comment widget of the lesson and keeps its lines as they were', () => {
    const { raw, text, lines } = sample('bai-8-cong-tac-cap-uy-co-so-va-bi-thu.txt');
    expect(text).not.toContain('Post a Comment');
    expect(text).not.toContain('0 Comments');
    expect(lines[0]).toBe('BÀI 8: CÔNG TÁC CỦA CẤP ỦY ĐẢNG Ở CƠ SỞ VÀ CỦA NGƯỜI BÍ THƯ');
    expect(lines).toContain('2. Chức năng:');
    expect(lines).toContain('Tổ chức cơ sở đảng có nhiệm vụ:');
    expect(lines.at(-1)).toMatch(/^\+ Lãnh đạo và chỉ đạo tổ chức hội nghị.*đảng bộ cơ sở\.$/);
    // One paragraph per line: nothing joined, only the two widget lines gone.
    const rawLines = raw.split('\n').filter((line) => line.trim()).length;
    expect(lines.filter(Boolean)).toHaveLength(rawLines - 2);
  });

  it('replaces the look-alike Ð, normalises to NFC and trims indentation', () => {
    const { raw, text, lines } = sample('bai-8-cong-tac-cap-uy-co-so-va-bi-thu.txt');
    expect(raw).toContain('\u00D0');
    expect(text).not.toMatch(/[\u00D0\u00F0\u00A0]/u);
    expect(text).toContain('kiểm tra việc chấp hành Điều lệ Đảng');
    expect(text).toBe(text.normalize('NFC'));
    expect(lines).toContain(
      '+ Đổi mới phương thức lãnh đạo của cấp ủy cơ sở đối với hoạt động của hệ thống chính trị là công việc hệ trọng; phải chủ động, tích cực, có quyết tâm cao; cần thận trọng, có bước đi vững chắc, vừa làm vừa tổng kết, rút kinh nghiệm.',
    );
    expect(lines.every((line) => line === line.trim() && !/\s{2}/.test(line))).toBe(true);
  });

  it('removes the update line, the back link and the comment prompt of the news article', () => {
    const { text, lines } = sample('chi-bo-co-quan-cap-xa.txt');
    for (const gone of ['Cập nhật ngày', '04:57:17', '< Trở về trang trước', 'Trở về', 'Gửi bình luận của bạn']) {
      expect(text).not.toContain(gone);
    }
    expect(lines[0]).toBe('Chi bộ cơ quan cấp xã, đáp ứng nhiệm vụ chính trị ở cơ sở');
    expect(text).toContain('với tổng số 32.015 đảng viên (ĐV)');
    expect(lines.at(-1)).toBe('Dương Út');
    expect(text).not.toMatch(/\n\n\n/);
  });

  it('removes the related-news furniture after the Kết luận 38 article', () => {
    const { text, lines } = sample('nang-cao-nang-luc-lanh-dao-tccsd-ket-luan-38.txt');
    for (const gone of ['Phản hồi', 'Các tin khác', 'Mới nhất', 'Xem nhiều nhất']) expect(lines).not.toContain(gone);
    expect(lines.at(-1)).toMatch(/^Tám là, .*giải quyết kịp thời những nảy sinh ngay từ cơ sở\.$/);
    expect(text).toContain('Sáu là, thực hiện tốt chủ trương không tổ chức chi bộ cơ quan xã, phường, thị trấn');
  });

  it('removes the hotline and e-mail advert of the legal Q&A', () => {
    const { text, lines } = sample('quan-he-cong-tac-dang-bo-co-so-co-quan-138-qd-tw.txt');
    for (const gone of ['1900.868644', 'luathoanhut.vn@gmail.com', 'quý khách']) expect(text).not.toContain(gone);
    expect(lines.at(-1)).toMatch(/^Như vậy, Đảng bộ và chi bộ cơ sở của cơ quan đóng vai trò quan trọng/);
    expect(lines).toContain('2. Quy định về nhiệm vụ và quyền hạn của đảng đoàn, ban cán sự đảng thế nào ?');
  });

  it('removes the page header widgets and news navigation of the district article', () => {
    const { text, lines } = sample('quy-che-lam-viec-cap-uy-co-so.txt');
    for (const gone of ['Chi tiết tin', 'A+ | A | A-', 'Người đăng', 'Lượt xem', 'Các tin mới hơn', 'Các tin cũ hơn']) {
      expect(text).not.toContain(gone);
    }
    expect(lines[0]).toBe('Xây dựng và thực hiện quy chế làm việc của cấp ủy cơ sở');
    expect(lines).toContain(
      'Hai là, các cấp ủy cơ sở Đảng phải thường xuyên tự rà soát, tự kiểm tra, kịp thời phát hiện những nội dung không còn phù hợp với các quy định của Đảng, Nhà nước để điều chỉnh, sửa đổi và bổ sung quy chế để thực hiện, góp phần giải quyết tốt những vấn đề phát sinh thực tiễn đặt ra.',
    );
    expect(text).toContain('phân công nhiệm vụ cho từng uỷ viên');
    expect(lines.at(-1)).toBe('Tác giả: Ban Tổ chức Huyện ủy');
  });
});

describe('cleanPageText on HTML and Markdown', () => {
  const html = `<!doctype html><html><head><title>Trang tin</title><style>.x { color: red }</style>
    <script>window.track("Lãnh đạo");</script></head><body>
    <nav><a href="/">Trang chủ</a> | <a href="/tin-tuc">Tin tức</a></nav>
    <div class="tools">Chia sẻ | In | Email</div>
    <article><h1>Sinh hoạt chi bộ định kỳ</h1>
    <div class="meta">Cập nhật ngày: 03/02/2024 08:00 | Lượt xem: 120</div>
    <p>Chi bộ   sinh hoạt <b>định kỳ</b> mỗi tháng một lần, theo <a href="https://example.vn/dieu-le">Điều lệ Đảng</a>.</p>
    <p>Nội dung sinh hoạt gồm:</p><ul><li>Thông tin thời sự;</li><li>Kiểm điểm công việc.</li></ul>
    <div>Tác giả: Nguyễn Văn A</div></article>
    <section><h3>Bình luận</h3><form><textarea></textarea><button>Gửi</button></form></section>
    <p>Mọi thắc mắc xin liên hệ tổng đài 1900.1234 hoặc email hotro@example.vn để được hỗ trợ.</p>
    <h3>Các tin khác</h3><ul><li><a href="/1">Một tin khác</a></li><li><a href="/2">Tin thứ hai</a></li></ul>
    </body></html>`;

  it('keeps the article as paragraphs and drops scripts, styles, navigation, links and widgets', () => {
    expect(cleanPageText(html, 'html')).toBe(
      [
        'Sinh hoạt chi bộ định kỳ',
        '',
        'Chi bộ sinh hoạt định kỳ mỗi tháng một lần, theo Điều lệ Đảng.',
        '',
        'Nội dung sinh hoạt gồm:',
        '',
        '- Thông tin thời sự;',
        '- Kiểm điểm công việc.',
        '',
        'Tác giả: Nguyễn Văn A',
      ].join('\n'),
    );
  });

  it('reads the posting date and author from the page furniture', () => {
    expect(extractPageMetadata(html)).toEqual({ date: '2024-02-03', dateText: '03/02/2024', author: 'Nguyễn Văn A' });
  });

  it('strips Markdown markers and keeps headings, list items and table cells as lines', () => {
    const markdown = [
      '# Hướng dẫn   sinh hoạt chi bộ',
      '',
      '**Chi bộ** họp *định kỳ* mỗi tháng, theo [Điều lệ Đảng](https://example.vn) và `Quy định 294-QĐ/TW`.',
      '',
      '## 1. Nội dung',
      '* Thông tin thời sự',
      '  * Tin trong nước',
      '- Kiểm điểm công việc',
      '',
      '| Đợt | Thời gian |',
      '|---|---|',
      '| Đợt 3/2 | tháng 02 |',
      '',
      '> Trích Điều lệ Đảng',
      '---',
      '![Ảnh](anh.png)',
    ].join('\n');
    expect(cleanPageText(markdown, 'md')).toBe(
      [
        'Hướng dẫn sinh hoạt chi bộ',
        '',
        'Chi bộ họp định kỳ mỗi tháng, theo Điều lệ Đảng và Quy định 294-QĐ/TW.',
        '',
        '1. Nội dung',
        '- Thông tin thời sự',
        '+ Tin trong nước',
        '- Kiểm điểm công việc',
        '',
        'Đợt Thời gian',
        'Đợt 3/2 tháng 02',
        '',
        'Trích Điều lệ Đảng',
      ].join('\n'),
    );
  });
});

describe('cleanPageText on text extracted from PDFs', () => {
  const wrappedLine = 'Định kỳ hằng tháng hoặc đột xuất, theo hướng dẫn của Ban Tuyên giáo và Dân vận Trung ương';

  it('joins hard-wrapped lines into paragraphs but never across a structural start', () => {
    const excerpt = [
      'QUY ĐỊNH',
      'THI HÀNH ĐIỀU LỆ ĐẢNG',
      '1. Điều 1 (Khoản 2): Tuổi đời và trình độ học vấn của người vào Đảng',
      '1.1. Về tuổi đời.',
      '1.1.1. Tại thời điểm chi bộ xét kết nạp, người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo',
      'tháng).',
      '2.1. (Khoản 1): Quyền được thông tin của đảng viên.',
      wrappedLine,
      'và cấp ủy cấp trên, các cấp ủy đảng thông tin cho đảng viên về tình hình, nhiệm vụ của địa',
      'phương, cơ quan, đơn vị; các chủ trương, chính sách của Đảng, pháp luật của Nhà nước; thời sự',
      'trong nước, thế giới... phù hợp với yêu cầu nhiệm vụ.',
      '12',
      'a) Người vào Đảng đang sinh sống ở miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số',
      'và vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn.',
      'đ) Trường hợp khác do Ban Bí thư quy định, thực hiện theo hướng dẫn của Ban Tổ chức Trung',
      'ương.',
      'Điều 5.',
      '- Căn cứ Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị và Ban Bí thư khoá',
      'XIII;',
      '+ Một là, cấp ủy cơ sở chủ động rà soát, kiểm tra, giám sát việc thực hiện nhiệm vụ được',
      'giao.',
      'Thứ nhất, đổi mới nội dung, cách thức sinh hoạt của tổ chức đảng ở cơ sở theo hướng thiết',
      'thực.',
      'IV. CHUYỂN GIAO TỔ CHỨC ĐẢNG VÀ CHUYỂN SINH HOẠT',
      'ĐẢNG TẬP THỂ CHO ĐẢNG VIÊN',
      '13',
      'Chương II',
      'NGUYÊN TẮC TỔ CHỨC VÀ CƠ CẤU TỔ CHỨC CỦA ĐẢNG',
    ].join('\n');
    expect(cleanPageText(excerpt, 'txt').split('\n')).toEqual([
      'QUY ĐỊNH',
      'THI HÀNH ĐIỀU LỆ ĐẢNG',
      '1. Điều 1 (Khoản 2): Tuổi đời và trình độ học vấn của người vào Đảng',
      '1.1. Về tuổi đời.',
      '1.1.1. Tại thời điểm chi bộ xét kết nạp, người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng).',
      '2.1. (Khoản 1): Quyền được thông tin của đảng viên.',
      `${wrappedLine} và cấp ủy cấp trên, các cấp ủy đảng thông tin cho đảng viên về tình hình, nhiệm vụ của địa phương, cơ quan, đơn vị; các chủ trương, chính sách của Đảng, pháp luật của Nhà nước; thời sự trong nước, thế giới... phù hợp với yêu cầu nhiệm vụ.`,
      'a) Người vào Đảng đang sinh sống ở miền núi, biên giới, hải đảo, vùng đồng bào dân tộc thiểu số và vùng có điều kiện kinh tế - xã hội đặc biệt khó khăn.',
      'đ) Trường hợp khác do Ban Bí thư quy định, thực hiện theo hướng dẫn của Ban Tổ chức Trung ương.',
      'Điều 5.',
      '- Căn cứ Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị và Ban Bí thư khoá XIII;',
      '+ Một là, cấp ủy cơ sở chủ động rà soát, kiểm tra, giám sát việc thực hiện nhiệm vụ được giao.',
      'Thứ nhất, đổi mới nội dung, cách thức sinh hoạt của tổ chức đảng ở cơ sở theo hướng thiết thực.',
      'IV. CHUYỂN GIAO TỔ CHỨC ĐẢNG VÀ CHUYỂN SINH HOẠT ĐẢNG TẬP THỂ CHO ĐẢNG VIÊN',
      'Chương II',
      'NGUYÊN TẮC TỔ CHỨC VÀ CƠ CẤU TỔ CHỨC CỦA ĐẢNG',
    ]);
  });

  it('removes a running page header repeated on every page', () => {
    const page = (n: number): string[] => [
      'Tài liệu sinh hoạt chi bộ tháng 5',
      `${n}. Chi bộ thảo luận, thống nhất nội dung sinh hoạt chuyên đề của tháng theo hướng dẫn của`,
      'cấp ủy cấp trên trực tiếp, bảo đảm thiết thực và phù hợp với tình hình thực tế của đơn vị,',
      'gắn với việc thực hiện nhiệm vụ chính trị được giao.',
      `- ${n}/3 -`,
    ];
    const lines = cleanPageText([1, 2, 3].flatMap(page).join('\n'), 'txt').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.some((line) => line.includes('Tài liệu sinh hoạt chi bộ'))).toBe(false);
    expect(lines[0]).toBe(
      '1. Chi bộ thảo luận, thống nhất nội dung sinh hoạt chuyên đề của tháng theo hướng dẫn của cấp ủy cấp trên trực tiếp, bảo đảm thiết thực và phù hợp với tình hình thực tế của đơn vị, gắn với việc thực hiện nhiệm vụ chính trị được giao.',
    );
  });

  it('rejoins the paragraphs of Quy định 294-QĐ/TW', () => {
    const raw = readFileSync(path.join(partyDocsDir, 'quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt'), 'utf8');
    const lines = cleanPageText(raw, 'txt').split('\n');
    expect(lines.length).toBeLessThan(raw.split('\n').length / 2);
    expect(lines).toContain('1.1. Về tuổi đời.');
    expect(lines).toContain('1.1.1. Tại thời điểm chi bộ xét kết nạp, người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi (tính theo tháng).');
    expect(lines).toContain('QUY ĐỊNH THI HÀNH ĐIỀU LỆ ĐẢNG');
    expect(lines).toContain('- Căn cứ Quy chế làm việc của Ban Chấp hành Trung ương, Bộ Chính trị và Ban Bí thư khoá XIII;');
    expect(lines).toContain('Hà Nội, ngày 26 tháng 5 năm 2025');
    // No paragraph is left cut in the middle: continuation lines start in lower case.
    expect(lines.filter((line) => /^\p{Ll}/u.test(line) && !isStructuralStart(line))).toEqual([]);
  });

  it('rejoins the indented paragraphs of Hướng dẫn 37-HD/BTGDVTW', () => {
    const raw = readFileSync(path.join(partyDocsDir, 'huong-dan-37-HD-BTGDVTW-2025-ban-tin-sinh-hoat-chi-bo.txt'), 'utf8');
    const lines = cleanPageText(raw, 'txt').split('\n');
    expect(lines).toContain('III. PHƯƠNG THỨC, HÌNH THỨC CUNG CẤP VÀ SỬ DỤNG BẢN TIN SINH HOẠT CHI BỘ');
    expect(lines).toContain('Hà Nội, ngày 19 tháng 11 năm 2025');
    expect(lines.find((line) => line.startsWith('Bản tin của các tỉnh ủy'))).toMatch(/trực thuộc Trung ương được biên soạn/);
    expect(lines.filter((line) => /^\p{Ll}/u.test(line) && !isStructuralStart(line))).toEqual([]);
  });
});

describe('structural markers', () => {
  it('recognises numbering, labels, bullets and enumerations but not citations', () => {
    expect(lineMarker('1.2.3. Nội dung')).toMatchObject({ kind: 'number', depth: 3, label: '1.2.3.' });
    expect(lineMarker('đ) Trường hợp khác')).toMatchObject({ kind: 'letter' });
    expect(lineMarker('Chương II')).toMatchObject({ kind: 'chapter', rest: '' });
    expect(lineMarker('Điều 5.')).toMatchObject({ kind: 'article' });
    expect(lineMarker('Một là, đổi mới')).toMatchObject({ kind: 'enumeration' });
    expect(lineMarker('+ Thứ nhất, đầu mỗi nhiệm kỳ')).toMatchObject({ kind: 'bullet', label: '+' });
    expect(lineMarker('Điều 3 Điều lệ Đảng.')).toBeUndefined();
    expect(lineMarker('32.015 đảng viên')).toBeUndefined();
    expect(lineMarker('- xã hội đặc biệt khó khăn')).toBeUndefined();
    expect(isStructuralStart('NGUYÊN TẮC TỔ CHỨC')).toBe(true);
    expect(isStructuralStart('XIII;')).toBe(false);
  });
});

describe('extractPageMetadata', () => {
  it('reads a full update date as ISO', () => {
    const raw = readFileSync(path.join(corpusDir, 'chi-bo-co-quan-cap-xa.txt'), 'utf8');
    expect(extractPageMetadata(raw)).toEqual({ date: '2013-08-26', dateText: '26/08/2013' });
  });

  it('keeps a date without a year as written, with the author', () => {
    const raw = readFileSync(path.join(corpusDir, 'quy-che-lam-viec-cap-uy-co-so.txt'), 'utf8');
    expect(extractPageMetadata(raw)).toEqual({ dateText: '05/04', author: 'Ban Tổ chức Huyện ủy' });
  });

  it('finds nothing in a page without furniture', () => {
    const raw = readFileSync(path.join(corpusDir, 'bai-8-cong-tac-cap-uy-co-so-va-bi-thu.txt'), 'utf8');
    expect(extractPageMetadata(raw)).toEqual({});
  });
});
