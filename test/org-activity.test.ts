/**
 * Cell activity at a glance (issue 17): for each unit of a commune, a month's meeting, attendance and
 * report submissions, computed from what was recorded through the chat; /tinhhinh [tháng N] in the
 * chat, laggards first, and `org activity --month --unit` as JSON lines and as a spreadsheet.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DateTime } from 'luxon';
import { type Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Conversation } from '../bot/index.js';
import { createActivityReport, createUnitTree, formatActivityCsv, type OrgRegistry } from '../jobs/index.js';
import { openUnitChats, type UnitChats } from './fakes/unit-chats.js';

const ROOT = '1';
const COMMUNE_ADMIN = '10';
const MEMBER = '3';
const NAMES: Record<string, string> = { [ROOT]: 'Quản trị', [COMMUNE_ADMIN]: 'Phạm Văn Mười', [MEMBER]: 'Trần Thị Ba', '4': 'Lê Văn Bốn' };
const GROUPS = { communeA: '-1001', cellA1: '-1011', cellA2: '-1012', communeB: '-2001', cellB1: '-2011' } as const;
const ZONE = 'Asia/Ho_Chi_Minh';

let chats: UnitChats;
let redis: Redis;
let prefix: string;
let conversation: Conversation;
let registry: OrgRegistry;
/** The bot's clock, set by each step; the month is last month by the real clock, so that the script (real time) sees it over. */
let nowMs = 0;
const now = () => new Date(nowMs);
const month = DateTime.now().setZone(ZONE).startOf('month').minus({ months: 1 });
const day = (dayOfMonth: number, hour: number) => +month.set({ day: dayOfMonth, hour });

beforeEach(() => {
  nowMs = day(1, 9);
  chats = openUnitChats({ name: 'org-activity', admins: [ROOT], names: NAMES, now });
  ({ redis, prefix, conversation, registry } = chats);
});

afterEach(() => chats.close());

const say = (...args: Parameters<UnitChats['say']>) => chats.say(...args);
const sayText = (...args: Parameters<UnitChats['sayText']>) => chats.sayText(...args);
const createAndBind = (...args: Parameters<UnitChats['createAndBind']>) => chats.createAndBind(...args);

/** Sends a command whose reply is a preview, and presses its first button. */
async function confirm(userId: string, text: string, chatId: string): Promise<string> {
  const preview = await say(userId, text, chatId);
  if (preview.kind !== 'text' || !preview.buttons) throw new Error(`expected a preview with buttons: ${JSON.stringify(preview)}`);
  const pressed = await conversation.handleButton({ channel: 'telegram', chatId, userId, userName: NAMES[userId], data: preview.buttons[0]![0]!.data });
  return pressed.replies?.[0]?.kind === 'text' ? pressed.replies[0].text : '';
}

describe('cell activity at a glance', () => {
  it('shows each unit’s month from its recorded meetings, attendance and submissions, in the chat and from the script', async () => {
    await createAndBind(ROOT, '/taodonvi Đảng bộ phường A', GROUPS.communeA, '21');
    await sayText(ROOT, `/capquyen telegram:${COMMUNE_ADMIN} Đảng bộ phường A`);
    await createAndBind(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 1', GROUPS.cellA1, '22');
    await createAndBind(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 2', GROUPS.cellA2, '23');
    await createAndBind(ROOT, '/taodonvi Đảng bộ phường B', GROUPS.communeB, '24');
    await createAndBind(ROOT, '/taodonvi Chi bộ khu phố 9 thuộc Đảng bộ phường B', GROUPS.cellB1, '25');
    const mm = month.toFormat('MM');

    // Cell 1 meets on the 10th; cell 2's meeting is cancelled; the commune sets a deadline on the 20th for its cells.
    expect(await confirm('22', `/hop sinh hoạt chi bộ 19h30 ngày 10/${mm}`, GROUPS.cellA1)).toMatch(/^✅ Đã lưu lịch/u);
    expect(await confirm('23', `/hop sinh hoạt chi bộ 19h30 ngày 12/${mm}`, GROUPS.cellA2)).toMatch(/^✅ Đã lưu lịch/u);
    expect(await sayText('23', '/huy', GROUPS.cellA2)).toContain('Đã hủy');
    const saved = await confirm(COMMUNE_ADMIN, `/baocao các chi bộ nộp báo cáo tháng trước ngày 20/${mm}`, GROUPS.communeA);
    const code = /mã ([A-Z2-9]{6})\./u.exec(saved)?.[1];
    expect(code, saved).toBeDefined();

    nowMs = day(10, 12);
    expect(await sayText(MEMBER, '/thamdu', GROUPS.cellA1)).toContain('tham dự');
    expect(await sayText('4', '/vang con ốm', GROUPS.cellA1)).toContain('vắng');
    nowMs = day(15, 9);
    expect(await sayText('22', `/danop ${code}`, GROUPS.cellA1)).toContain('đúng hạn');

    nowMs = day(25, 10);
    expect((await sayText(COMMUNE_ADMIN, `/tinhhinh tháng ${month.month}`)).split('\n')).toEqual([
      `📊 Tình hình tháng ${month.toFormat('MM/yyyy')} — Đảng bộ phường A (3 đơn vị):`,
      '• Chi bộ khu phố 2: không có buổi họp nào ⚠️ · báo cáo: 1 chưa nộp ⚠️',
      '• Đảng bộ phường A: không có buổi họp nào ⚠️',
      `• Chi bộ khu phố 1: đã họp 10/${mm} (có mặt 1, vắng có báo 1) · báo cáo: 1 đúng hạn`,
      'Vắng không báo: chưa tính được, vì tôi không có danh sách đảng viên của từng đơn vị.',
    ]);
    // A secretary sees their own cell's month (this month by the clock); a member is told who may.
    expect((await sayText('23', '/tinhhinh', GROUPS.cellA2)).split('\n').slice(0, 2)).toEqual([
      `📊 Tình hình tháng ${month.toFormat('MM/yyyy')} — Chi bộ khu phố 2 (1 đơn vị):`,
      '• Chi bộ khu phố 2: không có buổi họp nào ⚠️ · báo cáo: 1 chưa nộp ⚠️',
    ]);
    expect(await sayText(MEMBER, '/tinhhinh', GROUPS.cellA2)).toContain('mới');

    const units = await registry.cells();
    const cell1 = units.find((unit) => unit.name === 'Chi bộ khu phố 1')!;
    const communeA = units.find((unit) => unit.name === 'Đảng bộ phường A')!;
    const expected = {
      unit: cell1.id,
      name: 'Chi bộ khu phố 1',
      kind: 'chi bộ',
      parent: communeA.id,
      month: month.toFormat('yyyy-MM'),
      meeting: 'held',
      meetings_held: [month.set({ day: 10, hour: 19, minute: 30 }).toISO({ suppressMilliseconds: true })],
      present: 1,
      absent_with_reason: 1,
      absent_without_answer: null,
      reports_due: 1,
      reports_on_time: 1,
      reports_late: 0,
      reports_missing: 0,
      reports_pending: 0,
      unknown: ['absent_without_answer'],
    };
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/org.ts', 'activity', '--prefix', prefix, '--month', month.toFormat('yyyy-MM'), '--unit', cell1.id],
      { cwd: path.resolve(import.meta.dirname, '..') },
    );
    expect(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([expected]);

    // The spreadsheet: a header row, then the commune and its two cells; commune B is not in it.
    const report = createActivityReport(redis, registry, createUnitTree(redis, registry, prefix), { prefix, timeZone: ZONE, now });
    const csv = formatActivityCsv(await report.forSubtree(month.toFormat('yyyy-MM'), communeA.id))
      .trimEnd()
      .split('\n');
    expect(csv[0]).toBe(
      'unit,name,kind,parent,month,meeting,meetings_held,present,absent_with_reason,absent_without_answer,reports_due,reports_on_time,reports_late,reports_missing,reports_pending,unknown',
    );
    expect(csv).toHaveLength(4);
    expect(csv).toContain(
      `${cell1.id},Chi bộ khu phố 1,chi bộ,${communeA.id},${expected.month},held,${expected.meetings_held[0]},1,1,,1,1,0,0,0,absent_without_answer`,
    );
    expect(csv.some((line) => line.includes('Chi bộ khu phố 9'))).toBe(false);
  });
});
