/**
 * Commands as phone keyboards type them (issue 19, point 4): Telex writes "/họp …", "/lịch",
 * "/thông báo …"; some write the words apart ("/diem danh") or forget the slash.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  HELP_TEXT,
  RateLimiter,
  REPLIES,
  unavailableCellCommands,
  type ChatCommands,
  type IncomingMessage,
  type Reply,
} from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings, type KnowledgeBase } from '../knowledge/index.js';

const text = '1. Chế độ họp\nChi bộ họp thường lệ mỗi tháng một lần. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.';
let knowledge: KnowledgeBase;
beforeAll(async () => {
  knowledge = await createKnowledgeBase(
    [
      {
        meta: { file: 'hop.txt', title: 'Chế độ họp chi bộ', kind: 'article', status: { state: 'in-force' } },
        text,
        contentHash: createHash('sha256').update(text).digest('hex'),
      },
    ],
    { embeddings: new HashingEmbeddings(), logger: silentLogger() },
  );
});

const message = (text: string, chatType: 'private' | 'group' = 'private', addressedToBot = false): IncomingMessage => ({
  channel: 'telegram',
  chatId: chatType === 'private' ? 'p-u1' : 'g1',
  chatType,
  userId: 'u1',
  text,
  addressedToBot,
});
const textOf = (replies: Reply[]) => replies.map((reply) => (reply.kind === 'text' ? reply.text : reply.kind)).join('\n');

/** The cell commands' names (as when Redis is down), each answered with what it was given. */
function recordingCommands(): ChatCommands & { calls: string[] } {
  const calls: string[] = [];
  return {
    commands: unavailableCellCommands().commands,
    calls,
    async handle(name, args) {
      calls.push(`${name}|${args}`);
      return [{ kind: 'text', text: `${name}|${args}` }];
    },
  };
}

/** A conversation with these commands; many commands a minute are allowed here. */
const conversationWith = (commands: ChatCommands) =>
  createConversation({ knowledge, logger: silentLogger(), commands: [commands], commandLimiter: new RateLimiter({ limit: 10_000 }) });

/** Every command, as a member types it in Vietnamese: the cell commands of bot/cell-commands/ and the built-in ones. */
const CELL_COMMANDS: ReadonlyArray<readonly [typed: string, name: string]> = [
  ['họp', 'hop'],
  ['báo cáo', 'baocao'],
  ['kiểm tra', 'kiemtra'],
  ['lịch', 'lich'],
  ['hủy', 'huy'],
  ['sửa', 'sua'],
  ['đồng ý', 'dongy'],
  ['thông báo', 'thongbao'],
  ['xác nhận', 'xacnhan'],
  ['đã nhận', 'danhan'],
  ['liên kết', 'lienket'],
  ['tạo chi bộ', 'taochibo'],
  ['tạo mã', 'taoma'],
  ['đăng ký', 'dangky'],
  ['bí thư', 'bithu'],
  ['phó bí thư', 'phobithu'],
  ['chi bộ', 'chibo'],
  ['nhật ký', 'nhatky'],
  ['hủy mã', 'huyma'],
  ['đổi mã thành viên', 'doimathanhvien'],
  ['hủy liên kết', 'huylienket'],
  ['xóa cán bộ', 'xoacanbo'],
  ['tham dự', 'thamdu'],
  ['vắng', 'vang'],
  ['điểm danh', 'diemdanh'],
  ['tài liệu', 'tailieu'],
  ['sửa tài liệu', 'suatailieu'],
  ['thay thế', 'thaythe'],
  ['xóa tài liệu', 'xoatailieu'],
];

describe('commands typed with accents and spaces', () => {
  it('takes every cell command typed with its accents, spaced or not, in a private chat and in a group', async () => {
    const commands = recordingCommands();
    const conversation = conversationWith(commands);
    for (const [typed, name] of CELL_COMMANDS) {
      const joined = typed.replace(/ /gu, '');
      for (const form of new Set([typed, joined, typed.toUpperCase()])) {
        // Before: "/họp …" was no command at all: a random passage in private, nothing in a group.
        expect(textOf(await conversation.handleMessage(message(`/${form} nội dung`))), form).toBe(`${name}|nội dung`);
        expect(textOf(await conversation.handleMessage(message(`/${form}@chibo_bot`, 'group', true))), form).toBe(`${name}|`);
      }
    }
    expect(textOf(await conversation.handleMessage(message('/họp sinh hoạt chi bộ 19h30 thứ năm tuần sau', 'group')))).toBe(
      'hop|sinh hoạt chi bộ 19h30 thứ năm tuần sau',
    );
    expect(textOf(await conversation.handleMessage(message('/Thông báo Hội nghị đảng bộ 8h thứ hai\ntại hội trường', 'group')))).toBe(
      'thongbao|Hội nghị đảng bộ 8h thứ hai\ntại hội trường',
    );
    expect(textOf(await conversation.handleMessage(message('/diem danh', 'group')))).toBe('diemdanh|');
    expect(textOf(await conversation.handleMessage(message('/thong_bao Họp', 'group')))).toBe('thongbao|Họp');
  });

  it('takes the built-in commands and their English aliases typed with accents or capitals', async () => {
    const conversation = conversationWith(recordingCommands());
    for (const typed of ['/trợ giúp', '/Trợ Giúp', '/trogiup', '/Help', '/START']) {
      expect(textOf(await conversation.handleMessage(message(typed))), typed).toBe(HELP_TEXT);
    }
    expect(textOf(await conversation.handleMessage(message('/nguồn')))).toBe(REPLIES.noSourcesYet);
    const [asked] = await conversation.handleMessage(message('/hỏi Chi bộ họp mấy lần một tháng?', 'group'));
    expect(asked).toMatchObject({ kind: 'answer', answer: { grounded: true, question: 'Chi bộ họp mấy lần một tháng?' } });
    // Only known commands are joined across spaces: "/hoi Chi bộ …" keeps its question whole.
    const [plain] = await conversation.handleMessage(message('/hoi Chi bộ họp mấy lần một tháng?', 'group'));
    expect(plain).toMatchObject({ kind: 'answer', answer: { question: 'Chi bộ họp mấy lần một tháng?' } });
    expect((await conversation.handleMessage(message('/ASK chi bo hop may lan', 'group')))[0]?.kind).toBe('answer');
  });

  it('names an unknown accented command back where an unknown command is answered', async () => {
    const conversation = conversationWith(recordingCommands());
    expect(textOf(await conversation.handleMessage(message('/lệnhlạ abc')))).toBe(REPLIES.unknownCommand('lệnhlạ'));
    expect(textOf(await conversation.handleMessage(message('/Lệnhlạ', 'group', true)))).toBe(REPLIES.unknownCommand('lệnhlạ'));
    // A command for another bot in a group is still left alone.
    expect(await conversation.handleMessage(message('/lệnhlạ', 'group'))).toEqual([]);
  });

  it('suggests the command to a private message that starts like one without the slash, and answers questions', async () => {
    const commands = recordingCommands();
    const conversation = conversationWith(commands);
    const suggested: ReadonlyArray<readonly [string, string]> = [
      ['hop sinh hoat chi bo 19h30 thu nam', 'hop'],
      ['Họp chi bộ 19h30 thứ năm tuần sau tại hội trường', 'hop'],
      ['báo cáo 6 tháng trước 15/6', 'baocao'],
      ['Kiểm tra chuyên đề 8h sáng 25/12', 'kiemtra'],
      ['Thông báo: Hội nghị đảng bộ 8h thứ hai', 'thongbao'],
    ];
    for (const [typed, name] of suggested) {
      expect(textOf(await conversation.handleMessage(message(typed))), typed).toBe(REPLIES.slashlessCommand(name));
    }
    expect(REPLIES.slashlessCommand('hop')).toBe(
      'Có phải đồng chí muốn đặt lịch họp? Gõ /hop rồi nội dung, ví dụ: /hop sinh hoạt chi bộ 19h30 thứ năm tuần sau',
    );
    // Questions are questions, whatever word they start with.
    for (const question of ['Họp chi bộ mấy lần một tháng?', 'hop chi bo may lan mot thang', 'Họp chi bộ thứ năm có bắt buộc không', 'Họp chi bộ']) {
      expect((await conversation.handleMessage(message(question)))[0]?.kind, question).toBe('answer');
    }
    // In a group, a message addressed to the bot is a question.
    expect((await conversation.handleMessage(message('hop sinh hoat chi bo 19h30 thu nam', 'group', true)))[0]?.kind).toBe('answer');
    // Nothing was scheduled without the command.
    expect(commands.calls).toEqual([]);
  });
});
