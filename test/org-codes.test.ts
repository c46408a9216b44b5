/**
 * Registration codes are bearer credentials (issue 14, point 6): codes only in private chats,
 * one-time codes that expire and are revoked by a new one or by /huyma, a member code that rotates,
 * chats unbound and officers removed, each in the audit log. Cell names are unique, and a name
 * that cells stored earlier share is never read as one of them (issue 19, point 8).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCellCommands, createConversation, RateLimiter, type Conversation, type IncomingMessage } from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import {
  AmbiguousCellError,
  CellNameTakenError,
  createBroadcastService,
  createOrgRegistry,
  createReminderService,
  type BroadcastService,
  type OrgRegistry,
  type ReminderService,
} from '../jobs/index.js';
import { deleteKeysUnder } from './fakes/test-helpers.js';

const ADMIN = '1';
const SECRETARY = '2';
const MEMBER = '3';
const DEPUTY = '4';
const GROUP = '-100500';
const CELL = 'Chi bộ khu phố 3';
const CODE = /[A-Z2-9]{8}/u;

let redis: Redis;
let prefix: string;
let reminders: ReminderService;
let broadcasts: BroadcastService;
let conversation: Conversation;
let registry: OrgRegistry;

beforeEach(() => {
  prefix = `test-org-codes-${randomUUID().slice(0, 8)}`;
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
  reminders = createReminderService({ connection: redis, prefix });
  broadcasts = createBroadcastService({ connection: redis, prefix });
  const commands = createCellCommands({ redis, prefix, reminders, broadcasts, admins: [`telegram:${ADMIN}`], logger: silentLogger(), hasButtons: () => true });
  conversation = createConversation({
    knowledge: { ask: () => Promise.reject(new Error('not used')) },
    logger: silentLogger(),
    commands,
    commandLimiter: new RateLimiter({ limit: 1000 }),
  });
  registry = createOrgRegistry(redis, { prefix });
});

afterEach(async () => {
  await reminders.close();
  await broadcasts.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

const NAMES: Record<string, string> = { [ADMIN]: 'Quản trị', [SECRETARY]: 'Nguyễn Văn Hai', [MEMBER]: 'Trần Thị Ba', [DEPUTY]: 'Lê Văn Bốn' };

/** What the bot answers `text` from `userId`, in the cell's group unless `extra` says otherwise. */
async function sayText(userId: string, text: string, extra: Partial<IncomingMessage> = {}): Promise<string> {
  const message: IncomingMessage = {
    channel: 'telegram',
    chatId: GROUP,
    chatType: 'group',
    userId,
    userName: NAMES[userId],
    text,
    addressedToBot: false,
    ...extra,
  };
  const replies = await conversation.handleMessage(message);
  expect(replies).toHaveLength(1);
  if (replies[0]!.kind !== 'text') throw new Error(`expected a text reply, got ${replies[0]!.kind}`);
  return replies[0]!.text;
}

/** The same, in the person's private chat with the bot. */
const privately = (userId: string, text: string) => sayText(userId, text, { chatType: 'private', chatId: userId });
/** The same, from a Zalo member's private chat. */
const fromZalo = (userId: string, text: string) => sayText(userId, text, { channel: 'zalo', chatType: 'private', chatId: userId });

/** The 8-letter code in a reply. */
function codeIn(reply: string): string {
  const code = CODE.exec(reply)?.[0];
  if (!code) throw new Error(`no code in: ${reply}`);
  return code;
}

/** An admin creates the cell in a private chat; the secretary registers the group; the admin names a deputy. */
async function registerCell(): Promise<void> {
  const code = codeIn(await privately(ADMIN, `/taochibo ${CELL}`));
  expect(await sayText(SECRETARY, `/dangky ${code}`)).toContain(`✅ Nhóm chat này đã được gắn với ${CELL}.`);
  expect(await sayText(ADMIN, '/phobithu', { replyTo: { userId: DEPUTY, userName: NAMES[DEPUTY] } })).toContain('phó bí thư');
}

/** The member code a secretary reads in a private chat. */
async function memberCode(): Promise<string> {
  return /\/lienket ([A-Z2-9]{8})/u.exec(await privately(SECRETARY, '/chibo'))![1]!;
}

describe('codes are shown only in private chats', () => {
  it('refuses /taochibo and /taoma in a group, creating nothing and showing no code', async () => {
    expect(await sayText(ADMIN, '/taochibo Chi bộ 9')).toBe(
      'Vì an toàn, tôi chỉ gửi mã khi đồng chí nhắn riêng cho tôi: mã hiện trong nhóm thì ai trong nhóm cũng dùng được. Xin đồng chí nhắn riêng cho tôi lệnh /taochibo Chi bộ 9.',
    );
    expect(await registry.cells()).toEqual([]);
    expect(await sayText(MEMBER, '/taochibo Chi bộ 9')).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');

    await registerCell();
    const inGroup = await sayText(ADMIN, '/taoma');
    expect(inGroup).toContain(`Xin đồng chí nhắn riêng cho tôi lệnh /taoma ${CELL}.`);
    expect(inGroup).not.toMatch(CODE);
    expect(await redis.keys(`${prefix}:org:code:*`)).toEqual([]);

    const created = await privately(ADMIN, '/taochibo Chi bộ 9');
    expect(created).toContain('Xin gửi riêng mã này cho bí thư chi bộ, đừng đăng vào nhóm');
    expect(await privately(ADMIN, '/taoma Chi bộ 9')).toMatch(/^Mã đăng ký mới của Chi bộ 9: [A-Z2-9]{8} \(dùng một lần, trong 7 ngày\)\./u);
  });

  it('never shows the member code in a group; in a private chat only to admins and the cell’s officers', async () => {
    await registerCell();
    const askPrivately = `Mã cho đảng viên dùng Zalo: vì an toàn, tôi không hiện mã trong nhóm. Xin nhắn riêng cho tôi /chibo ${CELL} để xem.`;
    for (const officer of [ADMIN, SECRETARY, DEPUTY]) {
      const info = await sayText(officer, '/chibo');
      expect(info).not.toContain('/lienket');
      expect(info).toContain(askPrivately);
    }
    expect(await sayText(MEMBER, '/chibo')).not.toContain('Mã cho đảng viên');

    const code = await memberCode();
    expect(await privately(DEPUTY, '/chibo')).toContain(`/lienket ${code}`);
    const forAdmin = await privately(ADMIN, '/chibo chi bo khu pho 3');
    expect(forAdmin.split('\n')).toEqual([
      `Thông tin ${CELL}:`,
      'Bí thư: Nguyễn Văn Hai',
      'Phó bí thư: Lê Văn Bốn',
      'Vai trò của đồng chí: quản trị viên đảng ủy.',
      `Mã cho đảng viên dùng Zalo (chưa có nhóm): nhắn riêng cho tôi /lienket ${code} để nhận thông báo của chi bộ.`,
      `Nếu mã bị lộ, đổi mã mới bằng /doimathanhvien ${CELL} (mã cũ sẽ không dùng được nữa).`,
    ]);
    expect(await privately(ADMIN, '/chibo Chi bộ 99')).toBe('Không tìm thấy chi bộ nào tên "Chi bộ 99". Gõ /chibo để xem danh sách.');
    expect(await privately(MEMBER, `/chibo ${CELL}`)).not.toContain(code);
  });
});

describe('one-time registration codes', () => {
  it('expire after 7 days', async () => {
    const { cell, code } = await registry.createCell(CELL, `telegram:${ADMIN}`);
    const ttl = await redis.ttl(`${prefix}:org:code:${code}`);
    expect(ttl).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600);
    const next = await registry.issueCode(cell.id);
    expect(await redis.ttl(`${prefix}:org:code:${next}`)).toBeGreaterThan(7 * 24 * 3600 - 60);
  });

  it('are revoked by a new /taoma for the same cell, and only for that cell', async () => {
    const first = codeIn(await privately(ADMIN, `/taochibo ${CELL}`));
    const other = codeIn(await privately(ADMIN, '/taochibo Chi bộ 9'));
    const second = codeIn(await privately(ADMIN, `/taoma ${CELL}`));
    expect(await sayText(SECRETARY, `/dangky ${first}`)).toBe('Mã đăng ký không đúng, đã dùng rồi hoặc đã hết hạn. Xin quản trị viên đảng ủy cấp mã mới.');
    expect(await sayText(SECRETARY, `/dangky ${other}`, { chatId: '-100777' })).toContain('✅ Nhóm chat này đã được gắn với Chi bộ 9.');
    const third = await privately(ADMIN, `/taoma ${CELL}`);
    expect(await sayText(SECRETARY, `/dangky ${second}`)).toContain('không đúng, đã dùng rồi hoặc đã hết hạn');
    expect(third).toContain('Các mã cũ chưa dùng của chi bộ không dùng được nữa.');
    expect(await sayText(SECRETARY, `/dangky ${codeIn(third)}`)).toContain(`✅ Nhóm chat này đã được gắn với ${CELL}.`);
  });

  it('are all revoked by /huyma, those of an earlier version too, and the revocation is logged', async () => {
    const code = codeIn(await privately(ADMIN, `/taochibo ${CELL}`));
    const cell = (await registry.findCell(CELL))!;
    // A code issued before codes could be revoked, still waiting in Redis.
    await redis.set(`${prefix}:org:code:EARLY234`, cell.id, 'EX', 3600);
    expect(await sayText(SECRETARY, `/huyma ${CELL}`, { chatType: 'private', chatId: SECRETARY })).toBe(
      'Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.',
    );
    expect(await privately(ADMIN, '/huyma')).toBe('Hãy ghi tên chi bộ sau lệnh, ví dụ: /huyma Chi bộ khu phố 3.');
    expect(await privately(ADMIN, `/huyma ${CELL}`)).toBe(
      `✅ Đã hủy 2 mã đăng ký chưa dùng của ${CELL}; các mã đó không dùng được nữa. Cần mã mới thì nhắn riêng cho tôi /taoma ${CELL}.`,
    );
    for (const revoked of [code, 'EARLY234']) expect(await sayText(SECRETARY, `/dangky ${revoked}`)).toContain('không đúng, đã dùng rồi hoặc đã hết hạn');
    expect(await privately(ADMIN, `/huyma ${CELL}`)).toBe(`${CELL} không có mã đăng ký nào đang chờ dùng. Cần mã mới thì nhắn riêng cho tôi /taoma ${CELL}.`);
    expect(await privately(ADMIN, '/nhatky')).toContain(`Quản trị: hủy mã đăng ký chưa dùng của ${CELL} (2 mã)`);
  });
});

describe('the member code', () => {
  it('is rotated by the cell’s secretary or an admin in a private chat; the old code stops working, linked members stay', async () => {
    await registerCell();
    const old = await memberCode();
    expect(await fromZalo('z-44', `/lienket ${old}`)).toContain(`✅ Đã liên kết với ${CELL}.`);

    const refused = 'Xin lỗi, chỉ bí thư của chi bộ hoặc quản trị viên đảng ủy mới đổi được mã cho đảng viên.';
    expect(await privately(MEMBER, `/doimathanhvien ${CELL}`)).toBe(refused);
    expect(await privately(DEPUTY, '/doimathanhvien')).toBe(refused);
    const inGroup = await sayText(SECRETARY, '/doimathanhvien');
    expect(inGroup).toContain(`Xin đồng chí nhắn riêng cho tôi lệnh /doimathanhvien ${CELL}.`);
    expect(await memberCode()).toBe(old);

    const rotated = await privately(SECRETARY, '/doimathanhvien');
    const fresh = /Mã mới: ([A-Z2-9]{8})\./u.exec(rotated)![1]!;
    expect(rotated.split('\n')[0]).toBe(
      `✅ Đã đổi mã cho đảng viên của ${CELL}. Mã cũ không dùng được nữa; những người đã liên kết trước đây vẫn nhận thông báo như cũ.`,
    );
    expect(fresh).not.toBe(old);
    expect(await memberCode()).toBe(fresh);
    expect(await fromZalo('z-55', `/lienket ${old}`)).toBe(
      'Mã chi bộ không đúng hoặc đã được đổi. Xin bí thư chi bộ mã đúng (bí thư nhắn riêng cho tôi /chibo để xem).',
    );
    expect(await fromZalo('z-55', `/lienket ${fresh}`)).toContain('✅ Đã liên kết');
    const cell = (await registry.findCell(CELL))!;
    expect(await registry.chatsOf(cell.id)).toEqual([`telegram:${GROUP}`, 'zalo:z-44', 'zalo:z-55']);

    expect(await privately(ADMIN, '/doimathanhvien')).toBe('Hãy ghi tên chi bộ sau lệnh, ví dụ: /doimathanhvien Chi bộ khu phố 3.');
    expect(await privately(ADMIN, `/doimathanhvien ${CELL}`)).toMatch(/Mã mới: [A-Z2-9]{8}\./u);
    expect((await privately(ADMIN, '/nhatky')).split('\n').slice(1, 3)).toEqual([
      expect.stringMatching(new RegExp(` — Quản trị: đổi mã cho đảng viên của ${CELL}$`, 'u')),
      expect.stringMatching(new RegExp(` — Nguyễn Văn Hai: đổi mã cho đảng viên của ${CELL}$`, 'u')),
    ]);
  });

  it('leaves exactly one working code after two rotations at once', async () => {
    const { cell } = await registry.createCell(CELL, `telegram:${ADMIN}`);
    const old = await registry.memberCode(cell.id);
    const codes = await Promise.all([registry.rotateMemberCode(cell.id), registry.rotateMemberCode(cell.id)]);
    const working = [];
    for (const code of [old, ...codes]) if (await registry.redeemMemberCode(code, `zalo:${code}`)) working.push(code);
    expect(working).toEqual([await registry.memberCode(cell.id)]);
  });
});

describe('unbinding a chat', () => {
  it('lets an admin unbind the group from its cell in the group itself', async () => {
    await registerCell();
    expect(await sayText(SECRETARY, '/huylienket')).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    expect((await sayText(ADMIN, '/huylienket')).split('\n')).toEqual([
      `✅ Đã gỡ nhóm chat này khỏi ${CELL}.`,
      'Từ nay nơi này không nhận thông báo gửi tới chi bộ nữa.',
      'Các lịch đã đặt trong nhóm này vẫn còn và vẫn được nhắc; hủy bằng /huy <mã lịch> trong nhóm nếu cần.',
      `Muốn gắn lại: xin mã mới bằng /taoma ${CELL} (nhắn riêng).`,
    ]);
    expect(await registry.cellOfChat(`telegram:${GROUP}`)).toBeUndefined();
    expect(await sayText(MEMBER, '/chibo')).toContain('Nhóm chat này chưa được gắn với chi bộ nào.');
    expect(await sayText(ADMIN, '/huylienket')).toBe('Nhóm chat này chưa gắn với chi bộ nào nên không có gì để gỡ.');
    expect(await privately(ADMIN, '/nhatky')).toContain(`Quản trị: gỡ nhóm chat khỏi ${CELL} (telegram:${GROUP})`);
  });

  it('lets an admin unbind a chat named by its address, or a cell’s only chat, from a private chat', async () => {
    await registerCell();
    await fromZalo('z-44', `/lienket ${await memberCode()}`);
    expect(await privately(ADMIN, '/huylienket')).toBe(
      'Hãy gõ /huylienket trong nhóm chat cần gỡ khỏi chi bộ, hoặc nhắn riêng cho tôi /huylienket <tên chi bộ> để xem các nơi nhận của chi bộ và gỡ.',
    );
    expect((await privately(ADMIN, `/huylienket ${CELL}`)).split('\n')).toEqual([
      `${CELL} đang gắn với 2 nơi nhận:`,
      `• telegram:${GROUP} (nhóm chat)`,
      '• zalo:z-44 (tin nhắn riêng)',
      `Gỡ một nơi: /huylienket <địa chỉ>, ví dụ: /huylienket telegram:${GROUP}`,
    ]);
    expect((await privately(ADMIN, '/huylienket zalo:z-44')).split('\n')).toEqual([
      `✅ Đã gỡ zalo:z-44 khỏi ${CELL}.`,
      'Từ nay nơi này không nhận thông báo gửi tới chi bộ nữa.',
      `Người dùng vẫn biết mã cho đảng viên; để họ không tự liên kết lại được, đổi mã bằng /doimathanhvien ${CELL}.`,
    ]);
    expect(await privately(ADMIN, '/huylienket zalo:z-44')).toBe('zalo:z-44 không gắn với chi bộ nào nên không có gì để gỡ.');
    expect((await privately(ADMIN, `/huylienket ${CELL}`)).split('\n')[0]).toBe(`✅ Đã gỡ telegram:${GROUP} khỏi ${CELL}.`);
    expect(await privately(ADMIN, `/huylienket ${CELL}`)).toBe(`${CELL} chưa gắn với nhóm chat hay tin nhắn riêng nào.`);
    expect(await privately(ADMIN, '/huylienket Chi bộ 99')).toContain('Không tìm thấy chi bộ nào tên "Chi bộ 99".');
  });
});

describe('removing an officer', () => {
  it('lets an admin remove one by replying to their message in the cell’s group', async () => {
    await registerCell();
    const secretary = { userId: SECRETARY, userName: NAMES[SECRETARY] };
    expect(await sayText(DEPUTY, '/xoacanbo', { replyTo: secretary })).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    expect(await sayText(ADMIN, '/xoacanbo', { replyTo: { userId: MEMBER, userName: NAMES[MEMBER] } })).toBe(
      `Trần Thị Ba không phải bí thư hay phó bí thư của ${CELL}. Gõ /chibo ${CELL} để xem ai đang giữ chức vụ.`,
    );
    expect((await sayText(ADMIN, '/xoacanbo', { replyTo: secretary })).split('\n')).toEqual([
      `✅ Nguyễn Văn Hai không còn là bí thư của ${CELL}.`,
      `${CELL} hiện chưa có bí thư: ghi bí thư mới bằng /bithu, trả lời một tin nhắn của người đó trong nhóm chat của chi bộ.`,
      `Người này có thể đã biết mã cho đảng viên của chi bộ; nếu cần, đổi mã bằng /doimathanhvien ${CELL}.`,
    ]);
    expect(await sayText(SECRETARY, '/hop họp chi bộ 19h thứ năm tuần sau')).toContain('Xin lỗi, chỉ bí thư, phó bí thư');
    expect(await privately(SECRETARY, '/doimathanhvien')).toBe('Xin lỗi, chỉ bí thư của chi bộ hoặc quản trị viên đảng ủy mới đổi được mã cho đảng viên.');
    expect(await registry.cellsLedBy(`telegram:${SECRETARY}`)).toEqual([]);
    expect(await sayText(ADMIN, '/xoacanbo', { chatId: '-100999', replyTo: secretary })).toBe('Nhóm chat này chưa gắn với chi bộ nào. Gõ /dangky <mã> trước.');
    expect(await privately(ADMIN, '/nhatky')).toContain(`Quản trị: xóa chức vụ ở ${CELL} (Nguyễn Văn Hai: bí thư)`);
  });

  it('lets an admin remove one by name, asking for the cell when the name is not enough', async () => {
    await registerCell();
    const other = codeIn(await privately(ADMIN, '/taochibo Chi bộ 9'));
    await sayText('5', `/dangky ${other}`, { chatId: '-100777', userName: 'Lê Văn Bốn' });
    expect(await privately(ADMIN, '/xoacanbo')).toContain('Hãy trả lời một tin nhắn của người đó bằng lệnh /xoacanbo');
    expect(await privately(ADMIN, '/xoacanbo Không Ai')).toBe(
      'Không tìm thấy bí thư, phó bí thư nào tên "Không Ai". Gõ /chibo <tên chi bộ> để xem chức vụ ở từng chi bộ.',
    );
    expect((await privately(ADMIN, '/xoacanbo le van bon')).split('\n')).toEqual([
      `Có 2 người tên "le van bon" đang giữ chức vụ: bí thư Chi bộ 9; phó bí thư ${CELL}.`,
      'Hãy ghi thêm tên chi bộ, ví dụ: /xoacanbo [Chi bộ 9] le van bon, hoặc trả lời một tin nhắn của người đó trong nhóm chat của chi bộ bằng lệnh /xoacanbo.',
    ]);
    expect(await privately(ADMIN, '/xoacanbo [Chi bộ 99] Lê Văn Bốn')).toContain('Không tìm thấy chi bộ nào tên "Chi bộ 99".');
    expect((await privately(ADMIN, `/xoacanbo [${CELL}] Lê Văn Bốn`)).split('\n')).toEqual([
      `✅ Lê Văn Bốn không còn là phó bí thư của ${CELL}.`,
      `Người này có thể đã biết mã cho đảng viên của chi bộ; nếu cần, đổi mã bằng /doimathanhvien ${CELL}.`,
    ]);
    expect(await sayText(ADMIN, '/xoacanbo Nguyễn Văn Hai')).toContain(`✅ Nguyễn Văn Hai không còn là bí thư của ${CELL}.`);
    expect((await privately(ADMIN, '/chibo Chi bộ 9')).split('\n')[1]).toBe('Bí thư: Lê Văn Bốn');
  });
});

it('lists the new commands in an admin’s help', async () => {
  const help = await privately(ADMIN, '/trogiup');
  for (const command of ['/taoma', '/huyma', '/doimathanhvien', '/huylienket', '/xoacanbo']) expect(help).toContain(command);
});

describe('cell names (issue 19, point 8)', () => {
  const taken = `Đã có chi bộ tên "${CELL}" nên tôi không tạo thêm chi bộ trùng tên. Cần mã đăng ký mới cho chi bộ đó: /taoma ${CELL}. Nếu là một chi bộ khác, xin đặt tên khác để phân biệt, ví dụ thêm tên khu phố hoặc đơn vị.`;

  it('are unique: /taochibo refuses a name taken, whatever its case, accents and spaces, naming the cell that has it', async () => {
    codeIn(await privately(ADMIN, `/taochibo ${CELL}`));
    for (const typed of ['chi bo khu pho 3', 'CHI BỘ  KHU PHỐ 3', 'Chi bộ khu phố 3']) expect(await privately(ADMIN, `/taochibo ${typed}`), typed).toBe(taken);
    expect((await registry.cells()).map((cell) => cell.name)).toEqual([CELL]);
    expect(await privately(ADMIN, '/taochibo Chi bộ khu phố 3B')).toContain('✅ Đã tạo Chi bộ khu phố 3B.');

    // Two admins creating one name at the same moment: one cell.
    const both = await Promise.allSettled([registry.createCell('Chi bộ 9', `telegram:${ADMIN}`), registry.createCell('chi bo 9', `telegram:${ADMIN}`)]);
    expect(both.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((result) => result.status === 'rejected')?.reason).toBeInstanceOf(CellNameTakenError);
    expect((await registry.cells()).filter((cell) => cell.name.toLowerCase().endsWith(' 9'))).toHaveLength(1);
  });

  it('shared by cells stored before names were unique are never read as one of them: the commands ask which, listing the ids, and take an id', async () => {
    await registerCell();
    const original = (await registry.findCell(CELL))!;
    // A cell of the same name, stored earlier.
    const twin = { id: 'cb0000aaaa', name: 'Chi Bộ Khu Phố 3', createdBy: `telegram:${ADMIN}`, createdAt: '2025-01-02T03:04:05.000Z' };
    await redis.hset(`${prefix}:org:cells`, twin.id, JSON.stringify(twin));

    expect(await registry.lookupCell('chi bo khu pho 3')).toEqual({ kind: 'ambiguous', cells: [twin, original] });
    await expect(registry.findCell(CELL)).rejects.toBeInstanceOf(AmbiguousCellError);
    expect(await registry.lookupCell(' CB0000AAAA ')).toEqual({ kind: 'found', cell: twin });

    const question = await privately(ADMIN, `/taoma ${CELL}`);
    expect(question.split('\n')).toEqual([
      `Có 2 chi bộ cùng tên "${CELL}". Đồng chí muốn chọn chi bộ nào? Xin gõ lại lệnh với ký hiệu của chi bộ đó:`,
      '• /taoma cb0000aaaa — Chi Bộ Khu Phố 3, chưa có bí thư, 0 nơi nhận',
      `• /taoma ${original.id} — ${CELL}, bí thư Nguyễn Văn Hai, 1 nơi nhận`,
    ]);
    expect(await redis.keys(`${prefix}:org:code:*`)).toEqual([]);
    expect(await privately(ADMIN, '/taoma Cb0000aaaa')).toMatch(/^Mã đăng ký mới của Chi Bộ Khu Phố 3: [A-Z2-9]{8} /u);

    expect(await privately(ADMIN, `/huyma ${CELL}`)).toContain('• /huyma cb0000aaaa — Chi Bộ Khu Phố 3');
    expect(await privately(ADMIN, `/doimathanhvien ${CELL}`)).toContain(`• /doimathanhvien ${original.id} — ${CELL}`);
    expect(await privately(ADMIN, `/huylienket ${CELL}`)).toContain('• /huylienket cb0000aaaa — ');
    expect(await privately(ADMIN, `/chibo ${CELL}`)).toContain(`• /chibo ${original.id} — `);
    expect(await privately(ADMIN, `/xoacanbo [${CELL}] Nguyễn Văn Hai`)).toContain(`• /xoacanbo [${original.id}] Nguyễn Văn Hai — ${CELL}`);
    expect(await registry.cellsLedBy(`telegram:${SECRETARY}`)).toEqual([original.id]);
    expect(await privately(ADMIN, `/xoacanbo [${original.id}] Nguyễn Văn Hai`)).toContain(`✅ Nguyễn Văn Hai không còn là bí thư của ${CELL}.`);
    expect((await privately(ADMIN, `/chibo ${original.id}`)).split('\n')[0]).toBe(`Thông tin ${CELL}:`);

    // A notice is never sent to one of them picked silently; by id it reaches the cell's group.
    expect(await privately(ADMIN, `/thongbao [${CELL}] Họp chi bộ 19h thứ năm`)).toContain(`• /thongbao [${original.id}] … — ${CELL}`);
    expect(await privately(ADMIN, `/thongbao [${original.id}] Họp chi bộ 19h thứ năm`)).toContain('Sẽ gửi tới 1 nơi nhận');
    expect(await privately(ADMIN, '/taochibo chi bo khu pho 3')).toContain('Đã có chi bộ tên');
  });
});
