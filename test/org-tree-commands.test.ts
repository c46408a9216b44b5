/**
 * The organisation as a tree, from the chat (issue 17): admins scoped to a part of the tree,
 * /taodonvi, /capquyen and /thuhoiquyen with their audit entries, notices down the tree (by
 * default the sender's whole part, narrowed by unit names or kinds) whose report and /xacnhan go
 * unit by unit, one level below where the notice went.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { type Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, type Conversation } from '../bot/index.js';
import { createMessenger, silentLogger } from '../common/index.js';
import { createAuditLog, createBroadcastWorkers, createUnitTree, type BroadcastService, type OrgRegistry } from '../jobs/index.js';
import { FAKE_BOT, FAKE_TELEGRAM_FAILURES, startFakeTelegram } from './fakes/fake-telegram-server.js';
import { openUnitChats, type UnitChats } from './fakes/unit-chats.js';
import { until } from './fakes/test-helpers.js';

const ROOT = '1';
/** The admin of Đảng bộ phường A. */
const COMMUNE_ADMIN = '10';
const MEMBER = '3';
const NAMES: Record<string, string> = {
  [ROOT]: 'Quản trị',
  [COMMUNE_ADMIN]: 'Phạm Văn Mười',
  [MEMBER]: 'Trần Thị Ba',
  '12': 'Lê Văn Mười Hai',
  '21': 'Bí thư A',
  '22': 'Bí thư A1',
  '23': 'Bí thư A2',
  '24': 'Bí thư B',
  '25': 'Bí thư B1',
};
/** The group chats of each unit. */
const GROUPS = { province: '-900', communeA: '-1001', cellA1: '-1011', cellA2: '-1012', communeB: '-2001', cellB1: '-2011' } as const;

let chats: UnitChats;
let redis: Redis;
let prefix: string;
let broadcasts: BroadcastService;
let conversation: Conversation;
let registry: OrgRegistry;

beforeEach(() => {
  chats = openUnitChats({ name: 'org-tree-commands', admins: [ROOT], names: NAMES });
  ({ redis, prefix, broadcasts, conversation, registry } = chats);
});

afterEach(() => chats.close());

const say = (...args: Parameters<UnitChats['say']>) => chats.say(...args);
const sayText = (...args: Parameters<UnitChats['sayText']>) => chats.sayText(...args);
const createAndBind = (...args: Parameters<UnitChats['createAndBind']>) => chats.createAndBind(...args);

/**
 * Đảng bộ tỉnh T → Đảng bộ phường A (its admin: COMMUNE_ADMIN) → Chi bộ khu phố 1, Chi bộ khu phố 2;
 * Đảng bộ tỉnh T → Đảng bộ phường B → Chi bộ khu phố 1. Each unit has one group.
 */
async function buildTree(): Promise<void> {
  await createAndBind(ROOT, '/taodonvi Đảng bộ tỉnh T', GROUPS.province, '21');
  await createAndBind(ROOT, '/taodonvi Đảng bộ phường A thuộc Đảng bộ tỉnh T', GROUPS.communeA, '21');
  await createAndBind(ROOT, '/taodonvi Đảng bộ phường B thuộc Đảng bộ tỉnh T', GROUPS.communeB, '24');
  expect(await sayText(ROOT, `/capquyen telegram:${COMMUNE_ADMIN} Đảng bộ phường A`)).toContain(
    `✅ telegram:${COMMUNE_ADMIN} là quản trị viên của Đảng bộ phường A`,
  );
  await createAndBind(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 1', GROUPS.cellA1, '22');
  await createAndBind(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 2 thuộc Đảng bộ phường A', GROUPS.cellA2, '23');
  await createAndBind(ROOT, '/taodonvi Chi bộ khu phố 1 thuộc Đảng bộ phường B', GROUPS.cellB1, '25');
}

/** The id of the unit named `name` under the unit named `parent`. */
async function unitId(name: string, parent: string): Promise<string> {
  const units = await registry.cells();
  const above = units.find((unit) => unit.name === parent)!;
  return units.find((unit) => unit.name === name && unit.parent === above.id)!.id;
}

/** Sends a notice as `userId` from their private chat: the preview, then the "✅ Gửi" button; returns the preview and the notice id. */
async function sendNotice(userId: string, text: string): Promise<{ preview: string; id: string }> {
  const preview = await say(userId, text);
  if (preview.kind !== 'text' || !preview.buttons) throw new Error(`expected a preview with buttons: ${JSON.stringify(preview)}`);
  const pressed = await conversation.handleButton({ channel: 'telegram', chatId: userId, userId, userName: NAMES[userId], data: preview.buttons[0]![0]!.data });
  const queued = pressed.replies?.[0]?.kind === 'text' ? pressed.replies[0].text : '';
  const id = /#([A-HJKMNP-Z2-9]{6})/u.exec(queued)?.[1];
  if (!id) throw new Error(`not queued: ${queued}`);
  return { preview: preview.text, id };
}

describe('creating units from the chat', () => {
  it('creates a unit under the unit named, or by default under the admin’s own, its kind read from its name', async () => {
    expect((await sayText(ROOT, '/taodonvi Đảng bộ phường A')).split('\n')[0]).toBe('✅ Đã tạo Đảng bộ phường A (đảng bộ phường).');
    expect(await sayText(ROOT, '/taodonvi Chi bộ khu phố 9', GROUPS.communeA)).toContain('Xin đồng chí nhắn riêng cho tôi lệnh /taodonvi Chi bộ khu phố 9.');
    expect(await sayText(MEMBER, '/taodonvi Chi bộ khu phố 9')).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    await sayText(ROOT, `/capquyen telegram:${COMMUNE_ADMIN} Đảng bộ phường A`);

    const byCommune = (await sayText(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 1')).split('\n');
    expect(byCommune[0]).toBe('✅ Đã tạo Chi bộ khu phố 1 (chi bộ, thuộc Đảng bộ phường A).');
    expect(byCommune[1]).toMatch(/^Mã đăng ký: [A-Z2-9]{8} \(dùng một lần, trong 7 ngày\)\.$/u);
    expect((await sayText(ROOT, '/taodonvi Đảng bộ cơ sở Trường THPT X thuộc Đảng bộ phường A')).split('\n')[0]).toBe(
      '✅ Đã tạo Đảng bộ cơ sở Trường THPT X (đảng bộ cơ sở, thuộc Đảng bộ phường A).',
    );
    // The old command creates a unit too: a commune admin's goes under their commune.
    expect((await sayText(COMMUNE_ADMIN, '/taochibo Chi bộ khu phố 2')).split('\n')[0]).toBe('✅ Đã tạo Chi bộ khu phố 2 (chi bộ, thuộc Đảng bộ phường A).');
    expect(await sayText(COMMUNE_ADMIN, '/taodonvi chi bo khu pho 1')).toContain('Đảng bộ phường A đã có đơn vị tên "Chi bộ khu phố 1"');

    const tree = createUnitTree(redis, registry, prefix);
    expect(await tree.tree()).toEqual([
      expect.objectContaining({
        name: 'Đảng bộ phường A',
        kind: 'đảng bộ phường',
        children: [
          expect.objectContaining({ name: 'Chi bộ khu phố 1', kind: 'chi bộ', children: [] }),
          expect.objectContaining({ name: 'Chi bộ khu phố 2', kind: 'chi bộ', children: [] }),
          expect.objectContaining({ name: 'Đảng bộ cơ sở Trường THPT X', kind: 'đảng bộ cơ sở', children: [] }),
        ],
      }),
    ]);
  });
});

describe('roles scoped to a part of the tree', () => {
  it('lets the admin of commune A act in A and below, and refuses commune B and anything above A, naming who may', async () => {
    await buildTree();
    const onlyB = 'Xin lỗi, chỉ quản trị viên của Đảng bộ phường B hoặc cấp trên mới làm được việc này.';
    expect(await sayText(COMMUNE_ADMIN, '/taodonvi Chi bộ khu phố 5 thuộc Đảng bộ phường B')).toBe(onlyB);
    expect(await sayText(COMMUNE_ADMIN, '/thongbao [Đảng bộ phường B] Họp khẩn.')).toBe(onlyB);
    expect(await sayText(COMMUNE_ADMIN, `/taoma ${await unitId('Chi bộ khu phố 1', 'Đảng bộ phường B')}`)).toBe(
      'Xin lỗi, chỉ quản trị viên của Chi bộ khu phố 1 hoặc cấp trên mới làm được việc này.',
    );
    expect(await sayText(COMMUNE_ADMIN, '/hop họp chi bộ 19h thứ năm tuần sau', GROUPS.cellB1)).toContain('mới đặt lịch được');
    expect(await sayText(COMMUNE_ADMIN, '/bithu', GROUPS.cellB1, { replyTo: { userId: MEMBER, userName: NAMES[MEMBER] } })).toBe(
      'Xin lỗi, chỉ quản trị viên của Chi bộ khu phố 1 hoặc cấp trên mới làm được việc này.',
    );
    // No granting above one's unit, nor beside it.
    expect(await sayText(COMMUNE_ADMIN, '/capquyen telegram:12 Đảng bộ tỉnh T')).toBe(
      'Xin lỗi, chỉ quản trị viên của Đảng bộ tỉnh T hoặc cấp trên mới làm được việc này.',
    );
    expect(await sayText(COMMUNE_ADMIN, '/capquyen telegram:12 Đảng bộ phường B')).toBe(onlyB);
    expect(await registry.cells()).toHaveLength(6);

    // Within A: a cell's group, its officers, its codes, its units.
    expect(await sayText(COMMUNE_ADMIN, '/hop họp chi bộ 19h thứ năm tuần sau', GROUPS.cellA2)).toContain('📋 Xin kiểm tra lại trước khi lưu:');
    expect(await sayText(COMMUNE_ADMIN, '/phobithu', GROUPS.cellA1, { replyTo: { userId: MEMBER, userName: NAMES[MEMBER] } })).toBe(
      '✅ Đã ghi Trần Thị Ba là phó bí thư của Chi bộ khu phố 1.',
    );
    expect(await sayText(COMMUNE_ADMIN, `/taoma ${await unitId('Chi bộ khu phố 2', 'Đảng bộ phường A')}`)).toMatch(/^Mã đăng ký mới của Chi bộ khu phố 2/u);
    expect(await sayText(COMMUNE_ADMIN, '/capquyen telegram:12 Chi bộ khu phố 2')).toContain('✅ telegram:12 là quản trị viên của Chi bộ khu phố 2');

    const help = await sayText(COMMUNE_ADMIN, '/trogiup');
    for (const command of ['/taodonvi', '/capquyen', '/thuhoiquyen', '/thongbao', '/xacnhan', '/taoma', '/bithu']) expect(help, command).toContain(command);
    for (const command of ['/nhatky', '/tailieu']) expect(help, command).not.toContain(command);
    expect(await sayText(COMMUNE_ADMIN, '/chibo')).toContain('Vai trò của đồng chí: quản trị viên của Đảng bộ phường A.');
  });
});

describe('granting and revoking admin of a unit', () => {
  it('grants by reply in the unit’s group and by id, revokes, and writes each to the audit log', async () => {
    await buildTree();
    const twelve = { replyTo: { userId: '12', userName: NAMES['12'] } };
    expect(await sayText(COMMUNE_ADMIN, '/capquyen', GROUPS.communeA, twelve)).toBe(
      '✅ Lê Văn Mười Hai là quản trị viên của Đảng bộ phường A: quản lý Đảng bộ phường A và mọi đơn vị trực thuộc (tạo đơn vị, cấp mã, ghi bí thư, gửi thông báo, đặt lịch). Thu hồi: /thuhoiquyen.',
    );
    expect(await sayText(COMMUNE_ADMIN, '/capquyen', GROUPS.communeA, twelve)).toBe(
      'Lê Văn Mười Hai đã là quản trị viên của Đảng bộ phường A từ trước, không có gì thay đổi.',
    );
    expect(await sayText('12', '/hop họp chi ủy 19h thứ hai tuần sau', GROUPS.cellA1)).toContain('📋 Xin kiểm tra lại trước khi lưu:');
    expect(await sayText(MEMBER, '/capquyen', GROUPS.communeA, twelve)).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');

    // A name two units bear is asked back, each with the command retyped with its id.
    const asked = (await sayText(ROOT, '/capquyen telegram:13 Chi bộ khu phố 1')).split('\n');
    const cellB1 = await unitId('Chi bộ khu phố 1', 'Đảng bộ phường B');
    expect(asked[0]).toBe('Có 2 chi bộ cùng tên "Chi bộ khu phố 1". Đồng chí muốn chọn chi bộ nào? Xin gõ lại lệnh với ký hiệu của chi bộ đó:');
    expect(asked).toContain(`• /capquyen telegram:13 ${cellB1} — Chi bộ khu phố 1, bí thư Bí thư B1, 1 nơi nhận`);
    expect(await sayText(ROOT, `/capquyen telegram:13 ${cellB1}`)).toContain('✅ telegram:13 là quản trị viên của Chi bộ khu phố 1');
    expect(await sayText(ROOT, `/capquyen 123456789 ${cellB1}`)).toContain('✅ telegram:123456789 là quản trị viên của Chi bộ khu phố 1');

    expect(await sayText(COMMUNE_ADMIN, '/thuhoiquyen', GROUPS.communeA, twelve)).toBe('✅ Lê Văn Mười Hai không còn là quản trị viên của Đảng bộ phường A.');
    expect(await sayText('12', '/hop họp chi ủy 19h thứ hai tuần sau', GROUPS.cellA1)).toContain('mới đặt lịch được');
    expect(await sayText(COMMUNE_ADMIN, '/thuhoiquyen', GROUPS.communeA, twelve)).toBe(
      `Lê Văn Mười Hai không được cấp quyền quản trị Đảng bộ phường A nên không có gì để thu hồi. Quản trị viên của Đảng bộ phường A: telegram:${COMMUNE_ADMIN}.`,
    );
    // The commune's admin cannot take away what the root granted beside them.
    expect(await sayText(COMMUNE_ADMIN, `/thuhoiquyen telegram:13 ${cellB1}`)).toBe(
      'Xin lỗi, chỉ quản trị viên của Chi bộ khu phố 1 hoặc cấp trên mới làm được việc này.',
    );

    const entries = (await createAuditLog(redis, { prefix }).recent(50)).filter((entry) => entry.action.startsWith('admin.'));
    expect(entries.map(({ who, action, details }) => ({ who, action, unit: details.cell, person: details.person }))).toEqual([
      { who: `telegram:${COMMUNE_ADMIN}`, action: 'admin.revoked', unit: 'Đảng bộ phường A', person: 'telegram:12' },
      { who: `telegram:${ROOT}`, action: 'admin.granted', unit: 'Chi bộ khu phố 1', person: 'telegram:123456789' },
      { who: `telegram:${ROOT}`, action: 'admin.granted', unit: 'Chi bộ khu phố 1', person: 'telegram:13' },
      { who: `telegram:${COMMUNE_ADMIN}`, action: 'admin.granted', unit: 'Đảng bộ phường A', person: 'telegram:12' },
      { who: `telegram:${ROOT}`, action: 'admin.granted', unit: 'Đảng bộ phường A', person: `telegram:${COMMUNE_ADMIN}` },
    ]);
    const log = await sayText(ROOT, '/nhatky');
    expect(log).toContain('Phạm Văn Mười: thu hồi quyền quản trị Đảng bộ phường A cho Lê Văn Mười Hai');
    expect(log).toContain('Phạm Văn Mười: cấp quyền quản trị Đảng bộ phường A cho Lê Văn Mười Hai');
    expect(log).toContain('Phạm Văn Mười: tạo đơn vị Chi bộ khu phố 1');
  });
});

describe('notices down the tree', () => {
  it('sends a commune admin’s notice to exactly the chats of the commune’s part, and reports unit by unit', async () => {
    await buildTree();
    const telegram = await startFakeTelegram();
    const channel = createTelegramChannel({ token: telegram.token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT });
    const workers = createBroadcastWorkers({
      connection: redis,
      prefix,
      messenger: createMessenger([channel]),
      logger: silentLogger(),
    });
    try {
      telegram.failChat(Number(GROUPS.cellA2), FAKE_TELEGRAM_FAILURES.kicked);
      const { preview, id } = await sendNotice(COMMUNE_ADMIN, '/thongbao Họp toàn đảng bộ phường 8h thứ hai.');
      expect(preview).toContain('Sẽ gửi tới 3 nơi nhận (nhóm chat, tin nhắn riêng) của 3 đơn vị: Chi bộ khu phố 1, Chi bộ khu phố 2, Đảng bộ phường A.');
      expect((await broadcasts.notices.get(id))!.targets.sort()).toEqual(
        [GROUPS.cellA1, GROUPS.cellA2, GROUPS.communeA].map((chat) => `telegram:${chat}`).sort(),
      );

      await until(() => telegram.delivered.some((sent) => sent.chatId === COMMUNE_ADMIN && sent.text.includes('đã gửi xong')));
      const notices = telegram.delivered.filter((sent) => sent.text.startsWith('📣 THÔNG BÁO'));
      expect(notices.map((sent) => sent.chatId).sort()).toEqual([GROUPS.cellA1, GROUPS.communeA].sort());
      const report = telegram.delivered.find((sent) => sent.chatId === COMMUNE_ADMIN && sent.text.includes('đã gửi xong'))!.text.split('\n');
      expect(report.slice(0, 5)).toEqual([
        `📣 Thông báo #${id} đã gửi xong: 2/3 nơi nhận được.`,
        'Theo đơn vị:',
        '• Chi bộ khu phố 2: 0/1 ⚠️',
        '• Chi bộ khu phố 1: 1/1',
        '• Đảng bộ phường A: 1/1',
      ]);

      expect(
        await conversation.handleButton({ channel: 'telegram', chatId: GROUPS.cellA1, userId: MEMBER, userName: NAMES[MEMBER], data: `ack:${id}` }),
      ).toEqual({
        notice: 'Cảm ơn, đã ghi nhận đồng chí đã nhận thông báo.',
      });
      expect((await sayText(COMMUNE_ADMIN, '/xacnhan')).split('\n')).toEqual([
        `📣 Thông báo #${id}: đã gửi 2/3 nơi nhận, lỗi 1, đang chờ 0.`,
        'Đã xác nhận (1):',
        '• Chi bộ khu phố 1 (1): Trần Thị Ba',
        'Chưa ai xác nhận ở: Chi bộ khu phố 2, Đảng bộ phường A',
      ]);
      // Commune B's admin-to-be cannot follow A's notice.
      await sayText(ROOT, '/capquyen telegram:12 Đảng bộ phường B');
      expect(await sayText('12', `/xacnhan ${id}`)).toBe(
        `Thông báo #${id} gửi tới cả đơn vị ngoài phạm vi đồng chí quản lý; xin hỏi người gửi hoặc quản trị viên cấp trên.`,
      );
    } finally {
      await workers.close();
      await telegram.close();
    }
  });

  it('reports a province’s notice by commune, and names apart the units two communes both have', async () => {
    await buildTree();
    const { preview, id } = await sendNotice(ROOT, '/thongbao [Đảng bộ tỉnh T] Nộp báo cáo quý trước 20/12.');
    expect(preview).toContain(
      'Sẽ gửi tới 6 nơi nhận (nhóm chat, tin nhắn riêng) của 6 đơn vị: Chi bộ khu phố 1 (Đảng bộ phường A), Chi bộ khu phố 1 (Đảng bộ phường B), Chi bộ khu phố 2, Đảng bộ phường A, Đảng bộ phường B, Đảng bộ tỉnh T.',
    );
    const notice = (await broadcasts.notices.get(id))!;
    expect(notice.branchOf).toEqual({
      [`telegram:${GROUPS.province}`]: 'Đảng bộ tỉnh T',
      [`telegram:${GROUPS.communeA}`]: 'Đảng bộ phường A',
      [`telegram:${GROUPS.cellA1}`]: 'Đảng bộ phường A',
      [`telegram:${GROUPS.cellA2}`]: 'Đảng bộ phường A',
      [`telegram:${GROUPS.communeB}`]: 'Đảng bộ phường B',
      [`telegram:${GROUPS.cellB1}`]: 'Đảng bộ phường B',
    });
    await conversation.handleButton({ channel: 'telegram', chatId: GROUPS.cellA1, userId: MEMBER, userName: NAMES[MEMBER], data: `ack:${id}` });
    expect((await sayText(ROOT, `/xacnhan ${id}`)).split('\n').slice(1)).toEqual([
      'Đã xác nhận (1):',
      '• Đảng bộ phường A (1): Trần Thị Ba',
      '  chưa ai xác nhận ở: Chi bộ khu phố 2, Đảng bộ phường A',
      'Chưa ai xác nhận ở: Đảng bộ phường B, Đảng bộ tỉnh T',
    ]);
  });

  it('narrows a notice to units by name or by kind, within the sender’s part of the tree', async () => {
    await buildTree();
    const reach = async (userId: string, text: string) => (await sayText(userId, text)).split('\n').find((line) => line.startsWith('Sẽ gửi tới'));
    expect(await reach(COMMUNE_ADMIN, '/thongbao [chỉ các chi bộ] Nộp đảng phí trước 25/12.')).toBe(
      'Sẽ gửi tới 2 nơi nhận (nhóm chat, tin nhắn riêng) của 2 chi bộ: Chi bộ khu phố 1, Chi bộ khu phố 2.',
    );
    expect(await reach(ROOT, '/thongbao chỉ các chi bộ trực thuộc Đảng bộ phường B: Nộp đảng phí trước 25/12.')).toBe(
      'Sẽ gửi tới 1 nơi nhận (nhóm chat, tin nhắn riêng) của 1 chi bộ: Chi bộ khu phố 1.',
    );
    expect(await reach(ROOT, '/thongbao [chỉ các đảng bộ phường] Hội nghị cấp ủy.')).toBe(
      'Sẽ gửi tới 2 nơi nhận (nhóm chat, tin nhắn riêng) của 2 đơn vị: Đảng bộ phường A, Đảng bộ phường B.',
    );
    expect(await reach(COMMUNE_ADMIN, '/thongbao [Chi bộ khu phố 2] Họp chi ủy.')).toBe(
      'Sẽ gửi tới 1 nơi nhận (nhóm chat, tin nhắn riêng) của 1 chi bộ: Chi bộ khu phố 2.',
    );
    expect(await sayText(COMMUNE_ADMIN, '/thongbao chỉ các chi bộ thuộc Đảng bộ phường B: Họp.')).toBe(
      'Xin lỗi, chỉ quản trị viên của Đảng bộ phường B hoặc cấp trên mới làm được việc này.',
    );
    expect(await sayText(COMMUNE_ADMIN, `/thongbao [telegram:${GROUPS.cellB1}] Họp.`)).toBe(
      `telegram:${GROUPS.cellB1} không thuộc đơn vị nào đồng chí quản lý nên tôi không gửi tới đó được.`,
    );
    expect(await sayText(COMMUNE_ADMIN, '/thongbao [chỉ các đảng bộ cơ sở] Họp.')).toBe(
      'Không có đảng bộ cơ sở nào có nhóm chat trong phạm vi đã chọn. Gõ /chibo để xem các đơn vị đồng chí quản lý.',
    );

    // "Chỉ" starting a notice's text is no filter.
    const plain = (await sayText(COMMUNE_ADMIN, '/thongbao Chỉ còn 3 ngày: nộp đảng phí.')).split('\n');
    expect(plain[2]).toBe('Chỉ còn 3 ngày: nộp đảng phí.');
    expect(plain[4]).toMatch(/^Sẽ gửi tới 3 nơi nhận/u);

    const { id } = await sendNotice(COMMUNE_ADMIN, '/thongbao [chỉ các chi bộ] Nộp đảng phí trước 25/12.');
    expect((await broadcasts.notices.get(id))!.targets.sort()).toEqual([`telegram:${GROUPS.cellA1}`, `telegram:${GROUPS.cellA2}`].sort());
  });
});

describe('the broadcast script', () => {
  it('sends with --unit ID to every chat of the unit and of the units below it', async () => {
    await buildTree();
    const run = promisify(execFile);
    const communeA = (await registry.cells()).find((unit) => unit.name === 'Đảng bộ phường A')!;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/broadcast.ts', '--prefix', prefix, '--unit', communeA.id, 'Họp', 'khẩn'], {
      cwd: path.resolve(import.meta.dirname, '..'),
    });
    const queued = JSON.parse(stdout) as { id: string; targets: number };
    expect(queued.targets).toBe(3);
    const notice = (await broadcasts.notices.get(queued.id))!;
    expect(notice.targets.sort()).toEqual([GROUPS.cellA1, GROUPS.cellA2, GROUPS.communeA].map((chat) => `telegram:${chat}`).sort());
    expect(notice.cellOf[`telegram:${GROUPS.cellA2}`]).toBe('Chi bộ khu phố 2');
  });
});
