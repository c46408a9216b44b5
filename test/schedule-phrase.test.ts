/**
 * The Vietnamese schedule-phrase parser and the `schedule:parse` script: the development phrases
 * (../shared/eval/schedule-phrases.dev.jsonl) scored by the rule in ../shared/eval/README.md,
 * every phrase form of issue 4, the same answers whatever the host's TZ, and the script contract.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import rrulePackage from 'rrule';
import { describe, expect, it } from 'vitest';
import {
  describeRecurrence,
  describeSchedule,
  isScheduleParseProblem,
  parseSchedulePhrase,
  type ParsedSchedule,
  type ScheduleBase,
  type ScheduleParseProblem,
} from '../jobs/schedule-phrase/parse-schedule-phrase.js';

const { RRule } = rrulePackage;
const repoRoot = path.resolve(import.meta.dirname, '..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
/** A Saturday, 10:00 in Hà Nội. */
const NOW = '2026-11-21T10:00:00+07:00';

interface DevPhrase {
  id: string;
  now: string;
  text: string;
  kind: ParsedSchedule['kind'];
  start: string;
  rrule: string | null;
}

const devPhrases = readFileSync(path.resolve(repoRoot, '../shared/eval/schedule-phrases.dev.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as DevPhrase);

/** The next `count` occurrences of `rrule` from the wall-clock start ("2026-12-05T19:30"), as wall-clock strings. */
function nextOccurrences(start: string, rrule: string, count = 3): string[] {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0] = (start.slice(0, 16).match(/\d+/g) ?? []).map(Number);
  const rule = new RRule({ ...RRule.parseString(rrule), dtstart: new Date(Date.UTC(y, mo - 1, d, h, mi)) });
  return rule.all((_date, index) => index < count).map((date) => date.toISOString().slice(0, 16));
}

function parsed(text: string, now: string = NOW): ParsedSchedule {
  const result = parseSchedulePhrase(text, { now });
  if (isScheduleParseProblem(result)) throw new Error(`"${text}" gave ${result.problem}: ${result.message}`);
  return result;
}

function problem(text: string, now: string = NOW): ScheduleParseProblem {
  const result = parseSchedulePhrase(text, { now });
  if (!isScheduleParseProblem(result)) throw new Error(`"${text}" was parsed: ${JSON.stringify(result)}`);
  return result;
}

/** The script's JSON line for a result. */
function contract(result: ParsedSchedule | ScheduleParseProblem): Record<string, unknown> {
  if (isScheduleParseProblem(result)) return { problem: result.problem, message: result.message };
  return { kind: result.kind, title: result.title, start: result.start, all_day: result.allDay, rrule: result.rrule };
}

function runScript(args: string[], input: string, env: Record<string, string> = {}) {
  return new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    const child = execFile(
      tsx,
      ['scripts/schedule-parse.ts', ...args],
      { cwd: repoRoot, env: { ...process.env, APP_TIMEZONE: 'Asia/Ho_Chi_Minh', LOG_LEVEL: 'warn', ...env } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
    child.stdin?.end(input);
  });
}

describe('development phrases (scored as in ../shared/eval/README.md)', () => {
  it.each(devPhrases)('$id: $text', (phrase) => {
    const result = parsed(phrase.text, phrase.now);
    expect(result.kind).toBe(phrase.kind);
    const precision = phrase.start.includes('T') ? 16 : 10;
    expect(result.start.slice(0, precision)).toBe(phrase.start.slice(0, precision));
    if (phrase.rrule === null) expect(result.rrule).toBeNull();
    else expect(nextOccurrences(result.start, result.rrule ?? '')).toEqual(nextOccurrences(phrase.start, phrase.rrule));
  });
});

/** A phrase, the `now` it is read at, and the expected start (to the minute, or the day for all-day). */
interface Case {
  text: string;
  now?: string;
  start: string;
  kind?: ParsedSchedule['kind'];
  title?: string;
  rrule?: string | null;
  /** The next three occurrences from the start, for recurrences. */
  next?: string[];
}

function check(item: Case): void {
  const result = parsed(item.text, item.now);
  const allDay = !item.start.includes('T');
  expect(result.start.slice(0, item.start.length)).toBe(item.start);
  expect(result.allDay).toBe(allDay);
  if (allDay) expect(result.start.slice(10)).toBe('T00:00:00+07:00');
  if (item.kind) expect(result.kind).toBe(item.kind);
  if (item.title) expect(result.title).toBe(item.title);
  expect(result.rrule).toBe(item.rrule ?? null);
  if (item.next) expect(nextOccurrences(result.start, result.rrule ?? '').map((at) => at.slice(0, item.next?.[0]?.length))).toEqual(item.next);
}

const relativeDays: Case[] = [
  { text: 'họp chi bộ hôm nay lúc 19h', start: '2026-11-21T19:00', kind: 'meeting', title: 'Họp chi bộ' },
  { text: 'họp mai 8h sáng', start: '2026-11-22T08:00' },
  { text: 'họp ngày mai', start: '2026-11-22' },
  { text: 'kiểm tra ngày kia', start: '2026-11-23', kind: 'inspection', title: 'Kiểm tra' },
  { text: 'kiểm tra ngày mốt 14h', start: '2026-11-23T14:00' },
  { text: 'họp 7 giờ tối mai', start: '2026-11-22T19:00', title: 'Họp' },
  { text: 'họp tối nay', start: '2026-11-21T19:00' },
  { text: 'họp chiều mai', start: '2026-11-22T14:00' },
  { text: 'họp mai', now: '2026-11-30T10:00:00+07:00', start: '2026-12-01' },
  { text: 'họp ngày kia', now: '2026-12-30T20:00:00+07:00', start: '2027-01-01' },
  { text: 'họp thứ năm tuần sau', start: '2026-11-26' },
  { text: 'họp thứ hai', start: '2026-11-23' },
  { text: 'họp 19h thứ bảy', start: '2026-11-21T19:00' },
  { text: 'họp 8h thứ bảy', start: '2026-11-28T08:00' },
  { text: 'họp chủ nhật tuần này', start: '2026-11-22' },
  { text: 'họp chủ nhật tuần sau', start: '2026-11-29' },
  { text: 'họp cuối tuần sau', start: '2026-11-28' },
  { text: 'nộp báo cáo cuối tháng', start: '2026-11-30', kind: 'report', title: 'Nộp báo cáo' },
  { text: 'họp đầu tháng sau', start: '2026-12-01' },
  { text: 'báo cáo cuối tháng', now: '2027-02-10T10:00:00+07:00', start: '2027-02-28' },
  { text: 'báo cáo cuối tháng', now: '2028-02-10T10:00:00+07:00', start: '2028-02-29' },
  { text: 'họp thứ năm tuần tới', now: '2026-12-31T09:00:00+07:00', start: '2027-01-07' },
  { text: 'tổng kết cuối năm', start: '2026-12-31', kind: 'other', title: 'Tổng kết' },
];

const times: Case[] = [
  { text: 'họp 19:30 thứ hai', start: '2026-11-23T19:30' },
  { text: 'họp 7 giờ 30 tối thứ ba', start: '2026-11-24T19:30' },
  { text: 'họp 2 giờ chiều thứ tư', start: '2026-11-25T14:00' },
  { text: 'họp lúc 9 rưỡi sáng thứ năm', start: '2026-11-26T09:30' },
  { text: 'họp 9h rưỡi tối thứ năm', start: '2026-11-26T21:30' },
  { text: 'họp trưa mai', start: '2026-11-22T12:00' },
  { text: 'họp 1h trưa mai', start: '2026-11-22T13:00' },
  { text: 'họp 8 giờ kém 15 sáng thứ hai', start: '2026-11-23T07:45' },
  { text: 'họp lúc 7 tối thứ sáu', start: '2026-11-27T19:00' },
  { text: 'họp 19 giờ 30 phút thứ sáu', start: '2026-11-27T19:30' },
  { text: 'họp từ 19h đến 21h thứ tư', start: '2026-11-25T19:00', title: 'Họp' },
  { text: 'họp 12 giờ đêm 31/12', start: '2027-01-01T00:00' },
  { text: 'họp 19.30 thứ tư', start: '2026-11-25T19:30', title: 'Họp' },
  { text: 'chiều nay 3h họp', start: '2026-11-21T15:00', title: 'Họp' },
];

const dates: Case[] = [
  { text: 'họp 25/12', start: '2026-12-25' },
  { text: 'họp 25/12/2026 lúc 8h', start: '2026-12-25T08:00' },
  { text: 'họp 25-12-2026', start: '2026-12-25' },
  { text: 'hội nghị ngày 3 tháng 12', start: '2026-12-03', kind: 'meeting', title: 'Hội nghị' },
  { text: 'giám sát ngày 3/12 năm 2027', start: '2027-12-03', kind: 'inspection', title: 'Giám sát' },
  { text: 'họp 15/6', start: '2027-06-15' },
  { text: 'họp 29/2/2028', start: '2028-02-29' },
  { text: 'họp ngày 29/2', start: '2028-02-29' },
  { text: 'họp ngày 5 tháng sau lúc 19h', start: '2026-12-05T19:00' },
  { text: 'họp ngày 20', start: '2026-12-20' },
  { text: 'họp 25.12.2026', start: '2026-12-25' },
  { text: 'họp chi bộ 19h ngày mồng 2/9', start: '2027-09-02T19:00', title: 'Họp chi bộ' },
  { text: 'hội nghị sơ kết 6 tháng đầu năm vào 8h ngày 20/7', start: '2027-07-20T08:00', title: 'Hội nghị sơ kết 6 tháng đầu năm' },
  { text: 'Đại hội chi bộ nhiệm kỳ 2027-2030 ngày 15/3/2027', start: '2027-03-15', kind: 'meeting', title: 'Đại hội chi bộ nhiệm kỳ 2027-2030' },
  { text: 'họp chi bộ 19h30 thứ năm tuần sau tại hội trường UBND phường', start: '2026-11-26T19:30', title: 'Họp chi bộ tại hội trường UBND phường' },
];

const deadlines: Case[] = [
  { text: 'hạn chót nộp báo cáo 15/12', start: '2026-12-15', kind: 'report' },
  { text: 'báo cáo 6 tháng trước 15/6', start: '2027-06-15', kind: 'report', title: 'Báo cáo 6 tháng' },
  { text: 'chậm nhất ngày 30/11 nộp đảng phí', start: '2026-11-30', kind: 'report', title: 'Nộp đảng phí' },
  { text: 'nộp báo cáo trước 17h ngày 20/12', start: '2026-12-20T17:00', title: 'Nộp báo cáo' },
  { text: 'báo cáo tháng, hạn chót: 5/12', start: '2026-12-05', title: 'Báo cáo tháng' },
];

const recurrences: Case[] = [
  { text: 'sinh hoạt chi bộ hằng tháng ngày 5 lúc 19h', start: '2026-12-05T19:00', rrule: 'FREQ=MONTHLY;BYMONTHDAY=5', title: 'Sinh hoạt chi bộ' },
  { text: 'sinh hoạt chi bộ ngày 4 hàng tháng', start: '2026-12-04', rrule: 'FREQ=MONTHLY;BYMONTHDAY=4', next: ['2026-12-04', '2027-01-04', '2027-02-04'] },
  { text: 'sinh hoạt chi bộ ngày 5 hằng tháng lúc 19h', now: '2026-12-05T20:00:00+07:00', start: '2027-01-05T19:00', rrule: 'FREQ=MONTHLY;BYMONTHDAY=5' },
  { text: 'họp giao ban 8h sáng thứ hai hàng tuần', start: '2026-11-23T08:00', rrule: 'FREQ=WEEKLY;BYDAY=MO', title: 'Họp giao ban' },
  {
    text: 'hằng tuần thứ tư họp 14h',
    start: '2026-11-25T14:00',
    rrule: 'FREQ=WEEKLY;BYDAY=WE',
    next: ['2026-11-25T14:00', '2026-12-02T14:00', '2026-12-09T14:00'],
  },
  { text: 'họp mỗi thứ hai và thứ năm lúc 7h', start: '2026-11-23T07:00', rrule: 'FREQ=WEEKLY;BYDAY=MO,TH' },
  {
    text: 'sinh hoạt chi bộ thứ sáu cuối cùng của tháng lúc 19h30',
    start: '2026-11-27T19:30',
    rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
    next: ['2026-11-27T19:30', '2026-12-25T19:30', '2027-01-29T19:30'],
  },
  { text: 'họp thứ sáu cuối tháng', start: '2026-11-27', rrule: 'FREQ=MONTHLY;BYDAY=-1FR' },
  { text: 'họp thứ hai đầu tiên hằng tháng 8h', start: '2026-12-07T08:00', rrule: 'FREQ=MONTHLY;BYDAY=1MO' },
  { text: 'nộp báo cáo ngày cuối tháng', start: '2026-11-30', rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1', next: ['2026-11-30', '2026-12-31', '2027-01-31'] },
  {
    text: 'nộp báo cáo ngày cuối tháng',
    now: '2028-02-10T10:00:00+07:00',
    start: '2028-02-29',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1',
    next: ['2028-02-29', '2028-03-31', '2028-04-30'],
  },
  {
    text: 'sinh hoạt ngày 29 hằng tháng',
    now: '2027-02-10T10:00:00+07:00',
    start: '2027-03-29',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=29',
    next: ['2027-03-29', '2027-04-29', '2027-05-29'],
  },
  {
    text: 'sinh hoạt ngày 29 hằng tháng',
    now: '2028-02-10T10:00:00+07:00',
    start: '2028-02-29',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=29',
    next: ['2028-02-29', '2028-03-29', '2028-04-29'],
  },
  { text: 'kiểm tra mỗi quý ngày 10', start: '2026-12-10', rrule: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10', next: ['2026-12-10', '2027-03-10', '2027-06-10'] },
  { text: 'báo cáo 3 tháng một lần vào ngày 15', start: '2026-12-15', rrule: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15', title: 'Báo cáo' },
  { text: 'báo cáo cuối mỗi quý', start: '2026-12-31', rrule: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1', next: ['2026-12-31', '2027-03-31', '2027-06-30'] },
  { text: 'kỷ niệm ngày 3/2 hằng năm', start: '2027-02-03', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=3', title: 'Kỷ niệm' },
  { text: 'hằng năm 29/2 tổng kết', start: '2028-02-29', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', next: ['2028-02-29', '2032-02-29', '2036-02-29'] },
  {
    text: 'họp hai tuần một lần vào thứ năm 14h',
    start: '2026-11-26T14:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
    next: ['2026-11-26T14:00', '2026-12-10T14:00', '2026-12-24T14:00'],
  },
  { text: 'tập thể dục 6h sáng hằng ngày', start: '2026-11-22T06:00', rrule: 'FREQ=DAILY', title: 'Tập thể dục' },
  { text: 'nộp đảng phí trước ngày 10 hàng tháng', start: '2026-12-10', rrule: 'FREQ=MONTHLY;BYMONTHDAY=10', kind: 'report', title: 'Nộp đảng phí' },
  { text: 'họp mỗi cuối tuần 8h sáng', start: '2026-11-28T08:00', rrule: 'FREQ=WEEKLY;BYDAY=SA' },
  { text: 'họp hằng tuần từ mai lúc 19h', start: '2026-11-22T19:00', rrule: 'FREQ=WEEKLY;BYDAY=SU' },
  { text: 'họp chi bộ hằng tháng từ 5/1/2027', start: '2027-01-05', rrule: 'FREQ=MONTHLY;BYMONTHDAY=5', title: 'Họp chi bộ' },
  {
    text: 'kiểm tra đảng viên 6 tháng một lần ngày 1',
    start: '2026-12-01',
    rrule: 'FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=1',
    next: ['2026-12-01', '2027-06-01', '2027-12-01'],
  },
];

const withoutDiacritics: Case[] = [
  { text: 'hop chi bo 19h thu tu tuan sau', start: '2026-11-25T19:00', kind: 'meeting', title: 'Hop chi bo' },
  { text: 'sinh hoat chi bo ngay 5 hang thang luc 19h30', start: '2026-12-05T19:30', rrule: 'FREQ=MONTHLY;BYMONTHDAY=5', kind: 'meeting' },
  { text: 'nop bao cao truoc ngay 20/12', start: '2026-12-20', kind: 'report', title: 'Nop bao cao' },
  { text: 'kiem tra 8h sang thu sau cuoi thang', start: '2026-11-27T08:00', rrule: 'FREQ=MONTHLY;BYDAY=-1FR', kind: 'inspection' },
  { text: 'hop 7 gio toi mai', start: '2026-11-22T19:00' },
  { text: 'hop chi bo 19h thu 5 tuan toi', start: '2026-11-26T19:00' },
  { text: 'giam sat chu nhat tuan sau', start: '2026-11-29', kind: 'inspection' },
];

describe('phrase forms', () => {
  it.each(relativeDays)('relative day: $text', check);
  it.each(times)('time: $text', check);
  it.each(dates)('date: $text', check);
  it.each(deadlines)('deadline: $text', check);
  it.each(recurrences)('recurrence: $text', check);
  it.each(withoutDiacritics)('without diacritics: $text', check);

  it('reads decomposed Unicode and either tone style, and keeps the title as written (in NFC)', () => {
    const composed = parsed('họp chi ủy 19h thứ Năm tuần sau');
    const decomposed = parsed('họp chi ủy 19h thứ Năm tuần sau'.normalize('NFD'));
    const newStyle = parsed('họp chi uỷ 19h thứ Năm tuần sau');
    expect(decomposed).toEqual(composed);
    expect(composed).toMatchObject({ start: '2026-11-26T19:00:00+07:00', title: 'Họp chi ủy' });
    expect(newStyle).toMatchObject({ start: '2026-11-26T19:00:00+07:00', title: 'Họp chi uỷ' });
    expect(parsed('HỌP CHI BỘ 19H THỨ TƯ TUẦN SAU')).toMatchObject({ start: '2026-11-25T19:00:00+07:00', title: 'HỌP CHI BỘ' });
  });

  it('does not read other words as time words', () => {
    // "sang" (to), "tôi" (I), "lần thứ hai" (second time), "chị Mai" (a name).
    expect(parsed('họp chuyển sang thứ hai')).toMatchObject({ start: '2026-11-23T00:00:00+07:00', allDay: true, title: 'Họp chuyển sang' });
    expect(parsed('hop chuyen sang thu hai')).toMatchObject({ allDay: true });
    expect(parsed('tôi họp thứ năm')).toMatchObject({ allDay: true, title: 'Tôi họp' });
    expect(parsed('hội nghị lần thứ hai ngày 5/12').ambiguous).toBeUndefined();
    expect(parsed('họp với chị Mai 8h sáng thứ hai')).toMatchObject({ start: '2026-11-23T08:00:00+07:00', title: 'Họp với chị Mai' });
  });

  it('removes "này" and "tới" after a weekday from the title, and keeps them elsewhere (issue 19)', () => {
    // NOW is a Saturday: "chủ nhật này" is tomorrow, "thứ năm này/tới" the coming Thursday.
    expect(parsed('họp chi ủy 19h chủ nhật này')).toMatchObject({ start: '2026-11-22T19:00:00+07:00', title: 'Họp chi ủy' });
    expect(parsed('họp chi ủy chủ nhật này lúc 19h')).toMatchObject({ start: '2026-11-22T19:00:00+07:00', title: 'Họp chi ủy' });
    expect(parsed('họp chi ủy thứ năm này')).toMatchObject({ start: '2026-11-26T00:00:00+07:00', title: 'Họp chi ủy' });
    expect(parsed('họp chi ủy thứ năm tới')).toMatchObject({ start: '2026-11-26T00:00:00+07:00', title: 'Họp chi ủy' });
    expect(parsed('họp chi ủy thứ năm tới đây, bàn kế hoạch')).toMatchObject({ title: 'Họp chi ủy, bàn kế hoạch' });
    expect(parsed('hop chi uy 19h chu nhat nay')).toMatchObject({ start: '2026-11-22T19:00:00+07:00', title: 'Hop chi uy' });
    expect(parsed('họp chi ủy 19h chủ nhật tuần này')).toMatchObject({ start: '2026-11-22T19:00:00+07:00', title: 'Họp chi ủy' });
    expect(parsed('họp chi ủy ngày 30 tháng này')).toMatchObject({ start: '2026-11-30T00:00:00+07:00', title: 'Họp chi ủy' });
    expect(parsed('họp chi ủy cuối tháng này')).toMatchObject({ start: '2026-11-30T00:00:00+07:00', title: 'Họp chi ủy' });
    // Not after a weekday: the words belong to the title, and "tới" before a day is a range.
    expect(parsed('Hội nghị này 19h thứ năm')).toMatchObject({ start: '2026-11-26T19:00:00+07:00', title: 'Hội nghị này' });
    expect(parsed('tập huấn 8h từ thứ hai tới thứ tư')).toMatchObject({ start: '2026-11-23T08:00:00+07:00', title: 'Tập huấn' });
  });

  it('takes the kind from the first kind word', () => {
    expect(parsed('báo cáo kết quả kiểm tra 15/12').kind).toBe('report');
    expect(parsed('giám sát chi bộ 15/12').kind).toBe('inspection');
    expect(parsed('hội nghị giám sát 15/12').kind).toBe('meeting');
    expect(parsed('đi tham quan 8h mai')).toMatchObject({ kind: 'other', title: 'Đi tham quan' });
    expect(parsed('19h thứ tư tuần sau')).toMatchObject({ kind: 'other', title: 'Sự kiện' });
  });
});

describe('guesses are noted, never silent', () => {
  it('notes an hour without a part of the day, reading 1–5 as afternoon and 6–11 as morning', () => {
    const afternoon = parsed('họp 3 giờ thứ hai');
    expect(afternoon.start).toBe('2026-11-23T15:00:00+07:00');
    expect(afternoon.ambiguous?.join(' ')).toContain('15:00 (chiều)');
    expect(parsed('họp 7h thứ hai').ambiguous?.join(' ')).toContain('07:00 (sáng)');
    expect(parsed('họp 19h thứ hai').ambiguous).toBeUndefined();
  });

  it('notes a missing day, today as a bare weekday, a weekday that contradicts the date, and an implied monthly rule', () => {
    expect(parsed('họp 19h')).toMatchObject({ start: '2026-11-21T19:00:00+07:00', ambiguous: ['Không ghi ngày: hiểu là hôm nay (21/11/2026).'] });
    expect(parsed('họp 8h')).toMatchObject({ start: '2026-11-22T08:00:00+07:00' });
    expect(parsed('họp thứ bảy').ambiguous?.[0]).toContain('Hôm nay là thứ Bảy');
    expect(parsed('họp thứ hai 25/11/2026').ambiguous?.[0]).toBe('25/11/2026 là thứ Tư, không phải thứ Hai: lấy theo ngày 25/11/2026.');
    expect(parsed('họp thứ sáu cuối tháng').ambiguous?.[0]).toContain('lặp lại hằng tháng');
    expect(parsed('họp thứ sáu cuối tháng này')).toMatchObject({ start: '2026-11-27T00:00:00+07:00', rrule: null });
    expect(parsed('họp thứ sáu cuối tháng sau')).toMatchObject({ start: '2026-12-25T00:00:00+07:00', rrule: null });
  });
});

describe('problems', () => {
  it.each(['họp hôm qua', 'họp 8h hôm nay', 'họp 10/1/2025', 'họp thứ năm tuần trước', 'họp tối qua'])('past: %s', (text) => {
    const result = problem(text);
    expect(result.problem).toBe('past');
    expect(result.message).toMatch(/đã qua\. Hãy ghi một thời điểm sắp tới, ví dụ: "/);
  });

  it('lets a past moment through with allowPast, marked', () => {
    expect(parseSchedulePhrase('họp 8h hôm nay', { now: NOW, allowPast: true })).toMatchObject({ start: '2026-11-21T08:00:00+07:00', past: true });
  });

  it.each([
    ['họp 31/4', NOW, 'Ngày "31/4" không có trên lịch. Tháng 4 không có ngày 31.'],
    ['họp 29/2/2027', NOW, 'Ngày "29/2/2027" không có trên lịch. Tháng 2/2027 chỉ có 28 ngày.'],
    ['kiểm tra ngày 15/13', NOW, 'Không có tháng 13.'],
    ['họp ngày 31 tháng sau', '2026-10-15T10:00:00+07:00', 'Tháng 11/2026 chỉ có 30 ngày.'],
  ])('invalid date: %s', (text, now, reason) => {
    const result = problem(text, now);
    expect(result.problem).toBe('invalid');
    expect(result.message).toContain(reason);
    expect(result.message).toContain('Hãy kiểm tra lại ngày tháng, ví dụ:');
  });

  it.each(['họp 25h thứ hai', 'họp 19h75 thứ hai'])('invalid time: %s', (text) => {
    expect(problem(text)).toMatchObject({ problem: 'invalid', message: expect.stringContaining('ví dụ: "19h30"') });
  });

  it.each([
    ['asdf qwe', 'Chưa thấy ngày giờ'],
    ['', 'Chưa thấy ngày giờ'],
    ['họp chi bộ', 'Chưa thấy ngày giờ'],
    ['họp chi bộ tuần sau', 'thứ năm tuần sau'],
    ['họp tháng sau', 'ngày 5 tháng sau'],
    ['họp hằng tháng', 'ngày 5 hằng tháng'],
    ['họp hằng tuần', 'thứ hai hằng tuần'],
    ['kỷ niệm hằng năm', 'ngày 3/2 hằng năm'],
  ])('no date: "%s"', (text, hint) => {
    expect(problem(text)).toMatchObject({ problem: 'no-date', message: expect.stringContaining(hint) });
  });
});

describe('editing a schedule: what the phrase leaves out is kept from the base', () => {
  const meeting = { start: '2026-11-26T19:30:00+07:00', allDay: false, rrule: null };
  const edit = (text: string, base: ScheduleBase, now: string = NOW) => parseSchedulePhrase(text, { now, base });

  it('a time alone keeps the day, a day alone keeps the time, neither keeps both', () => {
    expect(edit('20h', meeting)).toEqual({
      kind: 'other',
      title: 'Sự kiện',
      start: '2026-11-26T20:00:00+07:00',
      allDay: false,
      rrule: null,
      given: { day: false, time: true },
    });
    expect(edit('thứ sáu tuần sau', meeting)).toMatchObject({ start: '2026-11-27T19:30:00+07:00', allDay: false, given: { day: true, time: false } });
    expect(edit('tại phòng họp UBND phường', meeting)).toMatchObject({ start: meeting.start, allDay: false, rrule: null, given: { day: false, time: false } });
    expect(edit('', meeting)).toMatchObject({ start: meeting.start, given: { day: false, time: false } });
    expect(edit('20h thứ sáu tuần sau', meeting)).toMatchObject({ start: '2026-11-27T20:00:00+07:00', given: { day: true, time: true } });
  });

  it('a day alone keeps an all-day event all day, and a time alone gives it one', () => {
    const deadline = { start: '2026-12-15T00:00:00+07:00', allDay: true, rrule: null };
    expect(edit('trước 20/12', deadline)).toMatchObject({ start: '2026-12-20T00:00:00+07:00', allDay: true });
    expect(edit('17h', deadline)).toMatchObject({ start: '2026-12-15T17:00:00+07:00', allDay: false });
  });

  it('a time alone keeps a recurrence and its phase, from its next occurrence on', () => {
    const monthly = { start: '2026-12-04T19:00:00+07:00', allDay: false, rrule: 'FREQ=MONTHLY;BYMONTHDAY=4' };
    expect(edit('19h30', monthly)).toMatchObject({ start: '2026-12-04T19:30:00+07:00', rrule: monthly.rrule });
    const quarterly = { start: '2026-10-10T19:00:00+07:00', allDay: false, rrule: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10' };
    expect(edit('8h sáng', quarterly)).toMatchObject({ start: '2027-01-10T08:00:00+07:00', rrule: quarterly.rrule });
    expect(edit('tại hội trường', quarterly)).toMatchObject({ start: '2027-01-10T19:00:00+07:00', rrule: quarterly.rrule });
    expect(edit('thứ sáu tuần sau', monthly)).toMatchObject({ start: '2026-11-27T19:00:00+07:00', rrule: null });
  });

  it('still refuses a moment past or a day half named', () => {
    expect(edit('8h', { start: '2026-11-21T19:00:00+07:00', allDay: false, rrule: null })).toMatchObject({ problem: 'past' });
    expect(edit('tuần sau', meeting)).toMatchObject({ problem: 'no-date', message: expect.stringContaining('thứ năm tuần sau') });
    expect(() => edit('20h', { ...meeting, start: 'soon' })).toThrow(TypeError);
  });
});

describe('parseSchedulePhrase options', () => {
  it('accepts a Date for now and answers in the given time zone', () => {
    expect(parseSchedulePhrase('họp 19h thứ tư tuần sau', { now: new Date('2026-11-21T03:00:00Z') })).toMatchObject({ start: '2026-11-25T19:00:00+07:00' });
    expect(parseSchedulePhrase('họp 19h thứ tư tuần sau', { now: '2026-11-21T10:00:00', timeZone: 'Europe/Berlin' })).toMatchObject({
      start: '2026-11-25T19:00:00+01:00',
    });
  });

  it('reads "hôm nay" as the day in the time zone, not in UTC', () => {
    // 05:00 on 22/11 in Hà Nội is still 21/11 in UTC and in New York.
    expect(parsed('họp 19h hôm nay', '2026-11-22T05:00:00+07:00').start).toBe('2026-11-22T19:00:00+07:00');
  });

  it('throws a TypeError for a bad now or time zone', () => {
    expect(() => parseSchedulePhrase('họp mai', { now: 'yesterday' })).toThrow(TypeError);
    expect(() => parseSchedulePhrase('họp mai', { now: NOW, timeZone: 'Mars/Olympus' })).toThrow('Unknown time zone: "Mars/Olympus"');
  });
});

describe('readable line', () => {
  it('names title, weekday, date, time and recurrence in Vietnamese', () => {
    expect(describeSchedule(parsed('họp chi bộ 19h thứ tư tuần sau'))).toBe('Họp chi bộ — thứ Tư 25/11/2026 lúc 19:00');
    expect(describeSchedule(parsed('sinh hoạt chi bộ ngày 5 hằng tháng lúc 19h30'))).toBe(
      'Sinh hoạt chi bộ — thứ Bảy 05/12/2026 lúc 19:30 (hằng tháng ngày 5)',
    );
    expect(describeSchedule(parsed('nộp báo cáo quý trước ngày 20/12'))).toBe('Nộp báo cáo quý — Chủ nhật 20/12/2026 (cả ngày)');
  });

  it('describes each kind of rule', () => {
    expect(describeRecurrence('FREQ=MONTHLY;BYDAY=-1FR')).toBe('hằng tháng thứ Sáu cuối cùng');
    expect(describeRecurrence('FREQ=WEEKLY;BYDAY=MO,TH')).toBe('hằng tuần thứ Hai, thứ Năm');
    expect(describeRecurrence('FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1')).toBe('hằng quý ngày cuối tháng');
    expect(describeRecurrence('FREQ=WEEKLY;INTERVAL=2;BYDAY=TH')).toBe('2 tuần một lần thứ Năm');
    expect(describeRecurrence('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=3')).toBe('hằng năm ngày 3/2');
  });
});

const allCases = [...relativeDays, ...times, ...dates, ...deadlines, ...recurrences, ...withoutDiacritics];

describe('the host time zone does not matter', () => {
  const nows = [NOW, '2026-11-22T05:00:00+07:00', '2026-12-31T23:30:00+07:00'];
  const phrases = [...new Set([...allCases.map((item) => item.text), ...devPhrases.map((phrase) => phrase.text), 'họp hôm qua', 'asdf'])];

  it.each(nows)('same JSON lines under TZ=UTC and TZ=America/New_York at %s', async (now) => {
    const expected = phrases.map((text) => JSON.stringify(contract(parseSchedulePhrase(text, { now })))).join('\n');
    const [utc, newYork] = await Promise.all(
      ['UTC', 'America/New_York'].map((tz) => runScript(['--now', now, '--json'], `${phrases.join('\n')}\n`, { TZ: tz })),
    );
    expect(utc?.code).toBe(0);
    expect(newYork?.code).toBe(0);
    expect(utc?.stdout.trim()).toBe(expected);
    expect(newYork?.stdout.trim()).toBe(expected);
  });
});

describe('schedule:parse script', () => {
  it('--json prints exactly the contract keys for TEXT arguments', async () => {
    const { stdout, code } = await runScript(['--now', NOW, '--json', 'họp', 'chi', 'bộ', '19h', 'thứ', 'tư', 'tuần', 'sau'], '');
    expect(code).toBe(0);
    expect(stdout).toBe('{"kind":"meeting","title":"Họp chi bộ","start":"2026-11-25T19:00:00+07:00","all_day":false,"rrule":null}\n');
  });

  it('reads one phrase per stdin line, skips blank lines, and reports problems on their line with status 0', async () => {
    const { stdout, code } = await runScript(['--now', NOW, '--json'], 'sinh hoạt chi bộ ngày 5 hằng tháng lúc 19h30\n\nasdf qwe\nhọp hôm qua\n');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0] ?? {})).toEqual(['kind', 'title', 'start', 'all_day', 'rrule']);
    expect(lines[0]).toEqual({
      kind: 'meeting',
      title: 'Sinh hoạt chi bộ',
      start: '2026-12-05T19:30:00+07:00',
      all_day: false,
      rrule: 'FREQ=MONTHLY;BYMONTHDAY=5',
    });
    expect(Object.keys(lines[1] ?? {})).toEqual(['problem', 'message']);
    expect(lines[1]).toMatchObject({ problem: 'no-date' });
    expect(lines[2]).toMatchObject({ problem: 'past' });
  });

  it('prints a readable Vietnamese line without --json', async () => {
    const { stdout, code } = await runScript(['--now', NOW], 'sinh hoạt chi bộ ngày 5 hằng tháng lúc 19h30\nasdf\n');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('Sinh hoạt chi bộ — thứ Bảy 05/12/2026 lúc 19:30 (hằng tháng ngày 5)');
    expect(stdout.split('\n')[1]).toMatch(/^Không đặt được lịch cho "asdf": Chưa thấy ngày giờ/);
  });

  it.each([
    [[], 'Error: Missing --now: expected an ISO-8601 date-time with offset such as 2026-11-21T10:00:00+07:00\n'],
    [
      ['--now', '2026-11-21T10:00'],
      'Error: Invalid --now: expected an ISO-8601 date-time with offset such as 2026-11-21T10:00:00+07:00, got "2026-11-21T10:00"\n',
    ],
    [['--now', 'yesterday'], 'Error: Invalid --now: expected an ISO-8601 date-time with offset such as 2026-11-21T10:00:00+07:00, got "yesterday"\n'],
  ])('a missing or bad --now is one error line and status 1: %j', async (args, message) => {
    const { stdout, stderr, code } = await runScript([...args, 'họp mai'], '');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(message);
  });
});
