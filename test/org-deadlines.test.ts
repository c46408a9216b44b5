/**
 * Report deadlines down the tree (issue 17): a committee's /baocao for the units below gives each
 * unit with a chat its own event, reminded in its own chat; /danop from a unit's secretary; /tinhhinh
 * <mã> by unit, one level below the committee; a unit outside the committee's part untouched.
 */
import { DateTime } from 'luxon';
import { type Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type Conversation, type Reply } from '../bot/index.js';
import { createMessenger, silentLogger } from '../common/index.js';
import { CAMPAIGN_KEPT_DAYS, createAuditLog, createCampaignStore, createEventStore, createReminderWorker, keyPrefixFor } from '../jobs/index.js';
import { FAKE_BOT, startFakeTelegram } from './fakes/fake-telegram-server.js';
import { openUnitChats, type UnitChats } from './fakes/unit-chats.js';
import { until } from './fakes/test-helpers.js';

const ROOT = '1';
const COMMUNE_ADMIN = '10';
const MEMBER = '3';
const NAMES: Record<string, string> = { [ROOT]: 'Quản trị', [COMMUNE_ADMIN]: 'Phạm Văn Mười', [MEMBER]: 'Trần Thị Ba', '22': 'Bí thư A1', '23': 'Bí thư A2' };
const GROUPS = { province: '-900', communeA: '-1001', cellA1: '-1011', cellA2: '-1012', communeB: '-2001', cellB1: '-2011' } as const;
const ZONE = 'Asia/Ho_Chi_Minh';

let chats: UnitChats;
let redis: Redis;
let prefix: string;
let conversation: Conversation;
/** How far the clock the bot and the worker read is from real time; it runs at real speed (BullMQ's delays are real). */
let skew = 0;
const now = () => new Date(Date.now() + skew);

beforeEach(() => {
  skew = 0;
  chats = openUnitChats({ name: 'org-deadlines', admins: [ROOT], names: NAMES, now });
  ({ redis, prefix, conversation } = chats);
});

afterEach(() => chats.close());

const say = (...args: Parameters<UnitChats['say']>) => chats.say(...args);
const sayText = (...args: Parameters<UnitChats['sayText']>) => chats.sayText(...args);
const createAndBind = (...args: Parameters<UnitChats['createAndBind']>) => chats.createAndBind(...args);

/**
 * Đảng bộ tỉnh T → Đảng bộ phường A (admin COMMUNE_ADMIN) → Chi bộ khu phố 1, 2 (each a group) and
 * Chi bộ khu phố 3 (no chat); Đảng bộ tỉnh T → Đảng bộ phường B → Chi bộ khu phố 1 (a group).
 */
async function buildTree(): Promise<void> {
  await createAndBind(ROOT, '/taodonvi Đảng bộ tỉnh T', GROUPS.province, '21');
  await createAndBind(ROOT, '/taodonvi Đảng bộ phường A thuộc Đảng bộ tỉnh T', GROUPS.communeA, '21');
  await createAndBind(ROOT, '/taodonvi Đảng bộ phường B thuộc Đảng bộ tỉnh T', GROUPS.communeB, '24');
  await sayText(ROOT, `/capquyen telegram:${COMMUNE_ADMIN} Đảng bộ phường A`);
  await createAndBind(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 1', GROUPS.cellA1, '22');
  await createAndBind(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 2', GROUPS.cellA2, '23');
  await sayText(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 3');
  await createAndBind(ROOT, '/taodonvi Chi bộ khu phố 1 thuộc Đảng bộ phường B', GROUPS.cellB1, '25');
}

/** Presses the first button under a preview as its author; the reply. */
async function press(userId: string, chatId: string, preview: Reply): Promise<string> {
  if (preview.kind !== 'text' || !preview.buttons) throw new Error(`expected a preview with buttons: ${JSON.stringify(preview)}`);
  const pressed = await conversation.handleButton({ channel: 'telegram', chatId, userId, userName: NAMES[userId], data: preview.buttons[0]![0]!.data });
  return pressed.replies?.[0]?.kind === 'text' ? pressed.replies[0].text : '';
}

describe('a report deadline set for the units below', () => {
  it('gives each unit its own event reminded in its own chat, takes /danop from a secretary and shows who submitted, by unit', async () => {
    await buildTree();
    // The deadline 40 days ahead; the clock moved to 5 seconds before its "3 days before" reminder (08:00).
    const deadline = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 40 });
    skew = +deadline.minus({ days: 3 }).set({ hour: 7, minute: 59, second: 55 }) - Date.now();
    const telegram = await startFakeTelegram();
    const channel = createTelegramChannel({ token: telegram.token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
    const worker = createReminderWorker({ connection: redis, prefix, messenger: createMessenger([channel]), logger: silentLogger(), now });
    try {
      const preview = await say(
        COMMUNE_ADMIN,
        `/baocao các chi bộ nộp báo cáo quý trước ngày ${deadline.toFormat('dd/MM')} nhắc trước 3 ngày`,
        GROUPS.communeA,
      );
      const lines = preview.kind === 'text' ? preview.text.split('\n') : [];
      const code = /\(mã ([A-Z2-9]{6})\)/u.exec(lines[0] ?? '')?.[1];
      expect(code, lines.join('\n')).toBeDefined();
      expect(lines.slice(0, 4)).toEqual([
        `📋 Giao hạn báo cáo cho 3 đơn vị thuộc Đảng bộ phường A (mã ${code}), xin kiểm tra lại:`,
        expect.stringMatching(new RegExp(`^Nộp báo cáo quý — hạn .* ${deadline.toFormat('dd/MM/yyyy')} \\(cả ngày\\)$`, 'u')),
        'Mỗi đơn vị có lịch riêng và được nhắc trong nhóm chat của mình (2): Chi bộ khu phố 1, Chi bộ khu phố 2.',
        'Chưa có nhóm chat, sẽ không được nhắc (1): Chi bộ khu phố 3.',
      ]);
      expect(await press(COMMUNE_ADMIN, GROUPS.communeA, preview)).toContain(`cho 3 đơn vị, mã ${code}.`);

      // One event per unit with a chat, in its own chat; nothing for the commune itself or for commune B.
      const events = createEventStore(redis, { prefix });
      for (const group of [GROUPS.cellA1, GROUPS.cellA2]) {
        const listed = await events.listByChat(`telegram:${group}`);
        expect(listed.map(({ kind, campaign, assignedBy }) => ({ kind, campaign, assignedBy }))).toEqual([
          { kind: 'report', campaign: code, assignedBy: 'Đảng bộ phường A' },
        ]);
      }
      for (const group of [GROUPS.communeA, GROUPS.cellB1, GROUPS.communeB]) expect(await events.listByChat(`telegram:${group}`)).toEqual([]);

      const reminded = () => telegram.delivered.filter((sent) => sent.text.startsWith('Nhắc hạn báo cáo: Nộp báo cáo quý'));
      await until(() => reminded().length === 2);
      expect(
        reminded()
          .map((sent) => sent.chatId)
          .sort(),
      ).toEqual([GROUPS.cellA1, GROUPS.cellA2].sort());
      expect(reminded()[0]!.text).toContain(`/danop ${code}`);

      expect(await sayText('22', '/lich', GROUPS.cellA1)).toContain(`do Đảng bộ phường A giao, nộp xong: /danop ${code}`);
      expect(await sayText(MEMBER, `/danop ${code}`, GROUPS.cellA2)).toBe(
        'Xin lỗi, chỉ bí thư, phó bí thư của Chi bộ khu phố 2 (hoặc quản trị viên cấp trên) mới báo đã nộp được.',
      );
      expect(await sayText('25', `/danop ${code}`, GROUPS.cellB1)).toBe(`Chi bộ khu phố 1 không có trong hạn báo cáo mã ${code}, nên không cần báo đã nộp.`);
      const submitted = await sayText('22', `/danop ${code}`, GROUPS.cellA1);
      expect(submitted).toMatch(new RegExp(`^✅ Đã ghi nhận Chi bộ khu phố 1 đã nộp "Nộp báo cáo quý" lúc \\d\\d:\\d\\d \\S+: đúng hạn \\(hạn `, 'u'));
      expect(await sayText('22', `/danop ${code}`)).toMatch(/^Chi bộ khu phố 1 đã báo nộp "Nộp báo cáo quý" từ trước/u);

      const status = (await sayText(COMMUNE_ADMIN, `/tinhhinh ${code}`)).split('\n');
      expect(status[0]).toMatch(new RegExp(`^📊 Nộp báo cáo quý — hạn .* \\(mã ${code}\\): đã nộp 1/3 đơn vị\\.$`, 'u'));
      expect(status.slice(1)).toEqual([
        '• Chi bộ khu phố 2: chưa nộp ⚠️',
        '• Chi bộ khu phố 3 (chưa có nhóm chat): chưa nộp ⚠️',
        expect.stringMatching(/^• Chi bộ khu phố 1: đã nộp \d\d:\d\d \d\d\/\d\d\/\d{4}$/u),
      ]);
      await sayText(ROOT, '/capquyen telegram:12 Đảng bộ phường B');
      expect(await sayText('12', `/tinhhinh ${code}`)).toBe(
        `Xin lỗi, chỉ quản trị viên của Đảng bộ phường A hoặc cấp trên mới xem được tình hình hạn báo cáo mã ${code}.`,
      );

      // Kept 400 days after the deadline day, counted from the bot's clock.
      const kept = await redis.pttl(`${keyPrefixFor(redis, prefix)}:campaign:${code}:submissions`);
      const expected = +deadline.endOf('day').plus({ days: CAMPAIGN_KEPT_DAYS }) - +now();
      expect(Math.abs(kept - expected)).toBeLessThan(60_000);
      const audit = (await createAuditLog(redis, { prefix }).recent(20)).filter((entry) => ['campaign.created', 'report.submitted'].includes(entry.action));
      expect(audit.map(({ who, action, details }) => ({ who, action, campaign: details.campaign, cell: details.cell }))).toEqual([
        { who: 'telegram:22', action: 'report.submitted', campaign: code, cell: 'Chi bộ khu phố 1' },
        { who: `telegram:${COMMUNE_ADMIN}`, action: 'campaign.created', campaign: code, cell: 'Đảng bộ phường A' },
      ]);
    } finally {
      await worker.close();
      await telegram.close();
    }
  });

  it('groups a province’s deadline by commune, and keeps a unit’s own /baocao as it was', async () => {
    await buildTree();
    const deadline = DateTime.fromJSDate(now()).setZone(ZONE).startOf('day').plus({ days: 30 });
    const preview = await say(ROOT, `/baocao [chỉ các chi bộ] báo cáo sơ kết trước ngày ${deadline.toFormat('dd/MM')}`, GROUPS.province);
    const code = preview.kind === 'text' ? /\(mã ([A-Z2-9]{6})\)/u.exec(preview.text)?.[1] : undefined;
    expect(await press(ROOT, GROUPS.province, preview)).toContain(`cho 4 đơn vị, mã ${code}.`);
    await sayText('25', `/danop ${code}`, GROUPS.cellB1);
    expect((await sayText(ROOT, `/tinhhinh ${code}`, GROUPS.province)).split('\n').slice(1)).toEqual([
      '• Đảng bộ phường A: 0/3 ⚠️ — chưa nộp: Chi bộ khu phố 1, Chi bộ khu phố 2, Chi bộ khu phố 3 (chưa có nhóm chat)',
      '• Đảng bộ phường B: 1/1',
    ]);
    // A secretary's /baocao stays the cell's own event.
    expect(await sayText('22', `/baocao báo cáo chi bộ trước ngày ${deadline.toFormat('dd/MM')}`, GROUPS.cellA1)).toMatch(
      /^📋 Xin kiểm tra lại trước khi lưu:/u,
    );
    expect(await createCampaignStore(redis, { prefix }).dueIn(deadline.toFormat('yyyy-MM'))).toHaveLength(1);
  });
});
