/**
 * What a secretary and a committee admin do, tried in the terminal's demo cell over the real
 * Redis (a key prefix of this file's own, deleted afterwards): a meeting scheduled, reminded one
 * minute ahead and answered, edited and cancelled; a notice with its delivery report; a document
 * added by its path. The clock is moved to 6 s before a minute starts, so that the reminder is due
 * seconds after the meeting is saved, whatever the date.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionPlace, startConsoleSession, type ConsoleSession } from './fakes/console-session.js';

let place: Awaited<ReturnType<typeof sessionPlace>>;
let session: ConsoleSession;

/** How far the session's clock is from the real one. */
let shift = 0;
const clock = () => new Date(Date.now() + shift);

/** Moves the clock to 6 s before the next minute starts; it then runs at the real pace. */
function moveClockBeforeAMinute(): void {
  const real = Date.now();
  shift = Math.floor(real / 60_000) * 60_000 + 54_000 - real;
}

/** The greeting's suggestion, for a meeting two minutes after the session's clock (in Hà Nội's time). */
function meetingTwoMinutesAhead(): string {
  const parts = (date: Date) =>
    Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric', month: 'numeric', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
  const now = parts(clock());
  const at = parts(new Date(clock().getTime() + 120_000));
  return `/hop họp thử ${Number(at.hour)}h${at.minute} ${at.day === now.day ? 'hôm nay' : `ngày ${at.day}/${at.month}`} nhắc trước 1 phút`;
}

beforeAll(async () => {
  place = await sessionPlace('console-demo');
  session = await startConsoleSession({ ...place, now: clock });
});

afterAll(async () => {
  await session?.end();
  await place.cleanUp();
});

describe('the demo cell in the terminal', () => {
  it('schedules a meeting as the greeting suggests ("nhắc trước 1 phút"), prints its reminder at its time, records attendance, edits and cancels it', async () => {
    expect(session.printed()).toMatch(/\/hop họp thử \d{1,2}h\d{2} (?:hôm nay|ngày \d{1,2}\/\d{1,2}) nhắc trước 1 phút/u);
    // Its reminder then falls due 6 s after the meeting is typed.
    moveClockBeforeAMinute();
    const preview = await session.type(meetingTwoMinutesAhead(), '(gõ số để chọn)');
    expect(preview).toContain('Tên: Họp thử');
    expect(preview).toContain('Nhắc: trước 1 phút');
    expect(preview).toContain('[1] ✅ Lưu lịch');
    const confirmed = session.printed().length;
    const saved = await session.type('/dongy', 'Đã lưu lịch: Họp thử');
    const code = /mã ([0-9a-z]+)\)/u.exec(saved)?.[1];
    expect(code).toBeDefined();

    const reminder = await session.waitFor('Nhắc lịch họp: Họp thử', confirmed, 30_000);
    expect(reminder).toMatch(/còn \d phút/u);
    expect(reminder).toContain('[1] ✅ Tham dự');
    // The reminder's second button, typed as its number: absent, then present after all.
    expect(await session.type('2', 'Đã ghi nhận đồng chí vắng: Họp thử')).toBeTruthy();
    expect(await session.type('/thamdu', 'Đã ghi nhận đồng chí tham dự: Họp thử')).toBeTruthy();
    expect(await session.type('/diemdanh', '✅ Tham dự (1): Người dùng thử')).toBeTruthy();

    // Moved to tomorrow evening: ahead whatever the time of day the test runs at.
    expect(await session.type(`/sua ${code} 20h ngày mai`, 'Lưu lịch')).toContain('20:00');
    expect(await session.type('/dongy', /Đã sửa lịch: Họp thử — .*20:00/u)).toBeTruthy();
    expect(await session.type(`/huy ${code}`, 'Đã hủy lịch "Họp thử"')).toBeTruthy();
    expect(await session.type('/lich', /chưa có lịch nào sắp tới/u)).toBeTruthy();
  });

  it('sends a notice to the demo cell: the preview, the notice itself with its button, then the delivery report', async () => {
    const preview = await session.type('/thongbao Hội nghị đảng bộ 8h thứ hai tuần sau', '[1] ✅ Gửi');
    expect(preview).toContain('Sẽ gửi tới 1 nơi nhận');
    expect(preview).toContain('Chi bộ thử nghiệm');
    const sent = await session.type('/dongy', /đã gửi xong: 1\/1 nơi nhận được/u);
    expect(sent.indexOf('Đang gửi thông báo #')).toBeLessThan(sent.indexOf('📣 THÔNG BÁO CỦA ĐẢNG ỦY'));
    expect(sent.indexOf('📣 THÔNG BÁO CỦA ĐẢNG ỦY')).toBeLessThan(sent.indexOf('đã gửi xong'));
    expect(sent).toContain('Người gửi: Người dùng thử');
    // "✅ Đã nhận" under the notice stays choice 1 after the report.
    expect(await session.type('1', 'đã ghi nhận đồng chí đã nhận thông báo')).toBeTruthy();
    expect(await session.type('/xacnhan', 'Đã xác nhận (1)')).toBeTruthy();
  });

  it('adds a document by the path typed, after its preview, and answers from it', async () => {
    const file = path.join(place.dataDir, 'quy-che-thu.txt');
    await writeFile(file, 'Quy chế làm việc thử nghiệm\n\n1. Trực ban\nMỗi đảng viên trực ban văn phòng chi bộ một ngày trong tuần theo lịch phân công.\n');
    expect(await session.type('/themtailieu ./khong-co-tep.docx', 'Không mở được tệp')).toBeTruthy();
    const preview = await session.type(`/themtailieu ${file}`, '[1] ✅ Đưa vào tra cứu');
    expect(preview).toContain('Tên: Quy chế làm việc thử nghiệm');
    expect(await session.type('1', 'Đã đưa vào tra cứu «Quy chế làm việc thử nghiệm»')).toBeTruthy();
    expect(await session.type('/tailieu', 'Quy chế làm việc thử nghiệm')).toBeTruthy();
    expect(await session.type('Đảng viên trực ban văn phòng chi bộ mấy ngày trong tuần?', /Gõ \/nguon|Tôi chưa tìm thấy/u)).toContain('một ngày trong tuần');
  });
});
