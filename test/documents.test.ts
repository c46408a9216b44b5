/**
 * Documents: PDF and Word extraction from files the tests build, metadata detection, and the
 * library through the chat (upload, confirm, answer, new version, replaced, removed, refusals),
 * with a real knowledge base over a temporary corpus folder and a real Redis.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCellCommands, createConversation, type Conversation, type IncomingMessage, type Reply } from '../bot/index.js';
import { DocumentReadError, silentLogger } from '../common/index.js';
import { createBroadcastService, createReminderService, type BroadcastService, type ReminderService } from '../jobs/index.js';
import {
  cleanDocumentBytes,
  createDocumentLibrary,
  createKnowledgeBase,
  createReloadableKnowledge,
  extractFileText,
  HashingEmbeddings,
  readCorpus,
  type ReloadableKnowledge,
} from '../knowledge/index.js';
import { makeDocx, makeDocxBomb, makeImageOnlyPdf, makeTextPdf } from './fakes/make-documents.js';

const OFFICIAL = [
  'BAN CHẤP HÀNH TRUNG ƯƠNG',
  'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Số 99-QĐ/TW',
  'Hà Nội, ngày 12 tháng 3 năm 2026',
  'QUY ĐỊNH',
  'về chế độ sinh hoạt chi bộ thử nghiệm',
  'Điều 1. Thời gian sinh hoạt',
  'Chi bộ thử nghiệm sinh hoạt vào ngày 15 hằng tháng tại nhà văn hóa khu phố.',
  'Điều 2. Chủ trì',
  'Bí thư chi bộ thử nghiệm chủ trì buổi sinh hoạt và ghi biên bản.',
];

describe('reading PDF and Word files', () => {
  it('rebuilds a PDF’s lines and drops running headers and page numbers', async () => {
    const header = 'DANG CONG SAN VIET NAM - DANG BO PHUONG';
    const pdf = makeTextPdf([
      [header, 'QUY DINH', 'Dieu 1. Chi bo hop moi thang mot lan vao', 'dau thang.', '- 1 -'],
      [header, 'Dieu 2. Dang uy hop moi thang mot lan.', '- 2 -'],
      [header, 'Dieu 3. Hieu luc thi hanh.', '- 3 -'],
    ]);
    const { raw } = await extractFileText('quy-dinh.pdf', pdf);
    expect(raw).toBe('QUY DINH\nDieu 1. Chi bo hop moi thang mot lan vao\ndau thang.\nDieu 2. Dang uy hop moi thang mot lan.\nDieu 3. Hieu luc thi hanh.');
  });

  it('rejoins the hard-wrapped lines of a PDF paragraph', async () => {
    const sentence = 'chi bo hop thuong le moi thang mot lan vao dau thang do bi thu chi bo chu tri va chuan bi noi dung ';
    const words = `Dieu 1. ${sentence.repeat(8)}ket thuc.`.split(' ');
    const lines: string[] = [];
    for (const word of words) {
      if (lines.length === 0 || `${lines.at(-1)} ${word}`.length > 70) lines.push(word);
      else lines[lines.length - 1] += ` ${word}`;
    }
    const document = await cleanDocumentBytes('dai.pdf', makeTextPdf([lines.slice(0, 8), lines.slice(8)]));
    expect(document.text).toBe(words.join(' '));
  });

  it('reads a Word file and detects number, date, issuing body and title', async () => {
    const document = await cleanDocumentBytes('quy-dinh-99.docx', await makeDocx(OFFICIAL));
    expect(document.meta).toMatchObject({
      title: 'Quy định 99-QĐ/TW về chế độ sinh hoạt chi bộ thử nghiệm',
      number: '99-QĐ/TW',
      date: '2026-03-12',
      issuer: 'Ban Chấp hành Trung ương',
      kind: 'regulation',
    });
    expect(document.text).toContain('Chi bộ thử nghiệm sinh hoạt vào ngày 15 hằng tháng');
  });

  it('refuses a scanned PDF, a corrupt file, an unsupported type and a file over the limit, with the reason', async () => {
    await expect(extractFileText('scan.pdf', makeImageOnlyPdf(2))).rejects.toThrow(/no text layer/u);
    await expect(extractFileText('hong.pdf', Buffer.from('%PDF-1.4 broken'))).rejects.toThrow(DocumentReadError);
    await expect(extractFileText('hong.docx', Buffer.from('not a zip'))).rejects.toThrow(/not a readable Word/u);
    await expect(extractFileText('anh.png', Buffer.from('x'))).rejects.toThrow(/unsupported file type \.png/u);
    await expect(extractFileText('lon.txt', Buffer.alloc(21 * 1024 * 1024, 97))).rejects.toThrow(/more than 20 MB/u);
  });
});

describe('the library through the chat', () => {
  const ADMIN = '1';
  const MEMBER = '3';
  let corpusDir: string;
  let dataDir: string;
  let redis: Redis;
  let prefix: string;
  let reminders: ReminderService;
  let broadcasts: BroadcastService;
  let knowledge: ReloadableKnowledge;
  let conversation: Conversation;

  beforeEach(async () => {
    corpusDir = await mkdtemp(path.join(os.tmpdir(), 'library-corpus-'));
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'library-data-'));
    await copyFile(path.resolve(import.meta.dirname, '../knowledge/corpus/chi-bo-co-quan-cap-xa.txt'), path.join(corpusDir, 'chi-bo.txt'));
    redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });
    prefix = `test-library-${randomUUID().slice(0, 8)}`;
    reminders = createReminderService({ connection: redis, prefix });
    broadcasts = createBroadcastService({ connection: redis, prefix });
    const open = async () =>
      createKnowledgeBase((await readCorpus(corpusDir, silentLogger())).documents, {
        embeddings: new HashingEmbeddings(),
        logger: silentLogger(),
        indexDir: path.join(dataDir, 'index'),
      });
    knowledge = await createReloadableKnowledge(open);
    const documents = {
      library: createDocumentLibrary(corpusDir),
      list: () => knowledge.documents(),
      changed: () => knowledge.reload(),
      uploadsDir: path.join(dataDir, 'uploads'),
    };
    const commands = createCellCommands({
      redis,
      prefix,
      reminders,
      broadcasts,
      admins: [`telegram:${ADMIN}`],
      logger: silentLogger(),
      hasButtons: () => false,
      documents,
    });
    conversation = createConversation({ knowledge, logger: silentLogger(), commands });
  });

  afterEach(async () => {
    await reminders.close();
    await broadcasts.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await rm(corpusDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const message = (userId: string, text: string | undefined, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
    channel: 'telegram',
    chatId: userId,
    chatType: 'private',
    userId,
    userName: userId === ADMIN ? 'Quản trị' : 'Đảng viên',
    ...(text === undefined ? {} : { text }),
    addressedToBot: false,
    ...extra,
  });
  const textOf = (reply: Reply | undefined) => (reply?.kind === 'text' ? reply.text : reply?.kind === 'answer' ? reply.answer.answer : '');
  async function say(userId: string, text: string): Promise<Reply> {
    const [reply] = await conversation.handleMessage(message(userId, text));
    return reply!;
  }
  async function send(userId: string, name: string, bytes: Buffer): Promise<string> {
    const [reply] = await conversation.handleMessage(message(userId, undefined, { attachment: { name, size: bytes.length, download: async () => bytes } }));
    return textOf(reply);
  }

  it('adds an uploaded file once confirmed, answers from it at once, replaces its passages with a new version, marks it replaced and removes it', async () => {
    const preview = await send(ADMIN, 'Quy định 99.docx', await makeDocx(OFFICIAL));
    expect(preview.split('\n').slice(0, 6)).toEqual([
      '📄 Đã đọc tệp «Quy-định-99.docx»:',
      'Tên: Quy định 99-QĐ/TW về chế độ sinh hoạt chi bộ thử nghiệm',
      'Số hiệu: 99-QĐ/TW',
      'Ngày ban hành: 2026-03-12',
      'Cơ quan ban hành: Ban Chấp hành Trung ương',
      expect.stringMatching(/^Gồm \d+ mục, \d+ đoạn để tra cứu\.$/u),
    ]);
    expect(textOf(await say(ADMIN, 'Chi bộ thử nghiệm sinh hoạt ngày nào?'))).not.toContain('ngày 15 hằng tháng');

    const started = performance.now();
    expect(textOf(await say(ADMIN, '/dongy'))).toMatch(/^✅ Đã đưa vào tra cứu «Quy định 99-QĐ\/TW về chế độ sinh hoạt chi bộ thử nghiệm»/u);
    const answer = await say(MEMBER, 'Chi bộ thử nghiệm sinh hoạt ngày nào?');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(textOf(answer)).toContain('ngày 15 hằng tháng');
    expect(await readdir(path.join(dataDir, 'uploads'))).toEqual([]);

    // A new version of the same file replaces its passages.
    await send(ADMIN, 'Quy định 99.docx', await makeDocx(OFFICIAL.map((line) => line.replace('ngày 15 hằng tháng', 'ngày 20 hằng tháng'))));
    expect(textOf(await say(ADMIN, '/dongy'))).toContain('✅ Đã cập nhật');
    const updated = textOf(await say(MEMBER, 'Chi bộ thử nghiệm sinh hoạt ngày nào?'));
    expect(updated).toContain('ngày 20 hằng tháng');
    expect(updated).not.toContain('ngày 15 hằng tháng');
    expect(knowledge.documents()).toHaveLength(2);

    const list = textOf(await say(MEMBER, '/tailieu'));
    const number = /(\d+)\. Quy định 99-QĐ\/TW/u.exec(list)![1]!;
    expect(list).toContain('(số 99-QĐ/TW, ngày 2026-03-12, Ban Chấp hành Trung ương)');
    expect(textOf(await say(MEMBER, `/xoatailieu ${number}`))).toBe('Xin lỗi, chỉ quản trị viên đảng ủy mới dùng được lệnh này.');
    expect(textOf(await say(ADMIN, `/suatailieu ${number} cơ quan: Bộ Chính trị`))).toContain('Bộ Chính trị');
    expect(textOf(await say(ADMIN, `/thaythe ${number} Quy định 100-QĐ/TW`))).toContain('đã được thay thế bởi Quy định 100-QĐ/TW');
    const marked = await say(MEMBER, 'Chi bộ thử nghiệm sinh hoạt ngày nào?');
    expect(marked.kind === 'answer' && marked.answer.citations[0]!.status).toContain('Quy định 100-QĐ/TW');
    expect(textOf(await say(ADMIN, `/xoatailieu ${number}`))).toContain(
      'Gỡ «Quy định 99-QĐ/TW về chế độ sinh hoạt chi bộ thử nghiệm» khỏi tra cứu? Việc này không hoàn tác được',
    );
    expect(knowledge.documents()).toHaveLength(2);
    expect(textOf(await say(ADMIN, '/dongy'))).toBe('🗑 Đã gỡ «Quy định 99-QĐ/TW về chế độ sinh hoạt chi bộ thử nghiệm» khỏi tra cứu.');
    expect(knowledge.documents()).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(corpusDir, 'manifest.json'), 'utf8'))).toEqual([]);
  });

  it('changes a document the manifest does not list (dropped into the folder by hand)', async () => {
    const list = textOf(await say(ADMIN, '/tailieu'));
    expect(list).toMatch(/^📚 1 tài liệu/u);
    expect(textOf(await say(ADMIN, '/suatailieu 1 số hiệu: 12-HD/TW'))).toContain('số 12-HD/TW');
    expect(JSON.parse(await readFile(path.join(corpusDir, 'manifest.json'), 'utf8'))).toMatchObject([{ file: 'chi-bo.txt', number: '12-HD/TW' }]);
  });

  it('refuses a member’s file, a scanned PDF, a corrupt file and a decompression bomb, changing nothing', async () => {
    expect(await send(MEMBER, 'a.docx', await makeDocx(OFFICIAL))).toContain('Chỉ quản trị viên đảng ủy mới đưa được tài liệu');
    expect(await send(ADMIN, 'scan.pdf', makeImageOnlyPdf(3))).toContain('là bản quét (ảnh)');
    expect(await send(ADMIN, 'hong.docx', Buffer.from('junk'))).toContain('Tệp bị hỏng hoặc không đúng định dạng');
    expect(await send(ADMIN, 'bom.docx', makeDocxBomb(64 * 1024 * 1024))).toContain('Tệp bị hỏng hoặc không đúng định dạng');
    expect(await send(ADMIN, 'anh.jpg', Buffer.from('x'))).toBe('Tôi chỉ đọc được tệp .pdf, .docx, .txt, .md hoặc .html.');
    expect(textOf(await say(ADMIN, '/dongy'))).toContain('Không có lịch nào đang chờ');
    expect((await readdir(corpusDir)).sort()).toEqual(['chi-bo.txt']);
    expect(knowledge.documents()).toHaveLength(1);
  });
});
