import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversation,
  createFileFeedbackStore,
  feedbackData,
  HELP_TEXT,
  RateLimiter,
  REPLIES,
  type FeedbackRecord,
  type IncomingMessage,
  type Reply,
} from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings, readCorpus, type KnowledgeBase } from '../knowledge/index.js';

const text = '1. Chế độ họp\nChi bộ họp thường lệ mỗi tháng một lần. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.';
let knowledge: KnowledgeBase;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'conversation-'));
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
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const privateMessage = (text: string | undefined, userId = 'u1'): IncomingMessage => ({
  channel: 'telegram',
  chatId: `p-${userId}`,
  chatType: 'private',
  userId,
  text,
  addressedToBot: false,
});
const groupMessage = (text: string, addressedToBot = false, userId = 'u2'): IncomingMessage => ({
  channel: 'telegram',
  chatId: 'g1',
  chatType: 'group',
  userId,
  text,
  addressedToBot,
});
const textOf = (replies: Reply[]) => replies.map((reply) => (reply.kind === 'text' ? reply.text : reply.kind)).join('\n');

describe('createConversation', () => {
  it('answers any text in a private chat, with a vote id when grounded', async () => {
    const conversation = createConversation({ knowledge, logger: silentLogger() });
    const [reply] = await conversation.handleMessage(privateMessage('Chi bộ họp mấy lần một tháng?'));
    expect(reply).toMatchObject({ kind: 'answer', answer: { grounded: true } });
    expect(reply?.kind === 'answer' && reply.feedbackId).toMatch(/^[a-f0-9]{12}$/);
    const [notFound] = await conversation.handleMessage(privateMessage('Cách nấu phở bò?'));
    expect(notFound).toMatchObject({ kind: 'answer', answer: { grounded: false } });
    expect(notFound?.kind === 'answer' && notFound.feedbackId).toBeUndefined();
  });

  it('in a group answers /hoi, /ask and messages addressed to the bot, and ignores the rest', async () => {
    const conversation = createConversation({ knowledge, logger: silentLogger() });
    expect(await conversation.handleMessage(groupMessage('Chi bộ họp mấy lần một tháng?'))).toEqual([]);
    expect(await conversation.handleMessage(groupMessage('/lenhkhac'))).toEqual([]);
    expect((await conversation.handleMessage(groupMessage('/hoi Chi bộ họp mấy lần một tháng?')))[0]?.kind).toBe('answer');
    expect((await conversation.handleMessage(groupMessage('/ask@chibo_bot chi bo hop may lan')))[0]?.kind).toBe('answer');
    expect((await conversation.handleMessage(groupMessage('Chi bộ họp mấy lần?', true)))[0]?.kind).toBe('answer');
    expect(textOf(await conversation.handleMessage(groupMessage('/hoi')))).toBe(REPLIES.askWithoutQuestion);
  });

  it('explains itself, shows the last sources, and names unknown commands', async () => {
    const conversation = createConversation({ knowledge, logger: silentLogger() });
    expect(textOf(await conversation.handleMessage(privateMessage('/start')))).toBe(HELP_TEXT);
    expect(textOf(await conversation.handleMessage(privateMessage('/trogiup')))).toBe(HELP_TEXT);
    expect(textOf(await conversation.handleMessage(privateMessage('/nguon')))).toBe(REPLIES.noSourcesYet);
    await conversation.handleMessage(privateMessage('Chi bộ họp mấy lần một tháng?'));
    const [sources] = await conversation.handleMessage(privateMessage('/nguon'));
    expect(sources).toMatchObject({ kind: 'sources', answer: { question: 'Chi bộ họp mấy lần một tháng?' } });
    expect(textOf(await conversation.handleMessage(privateMessage('/xyz')))).toBe(REPLIES.unknownCommand('xyz'));
    expect(textOf(await conversation.handleMessage(privateMessage(undefined)))).toBe(REPLIES.onlyText);
    expect(await conversation.handleMessage({ ...groupMessage(''), text: undefined })).toEqual([]);
  });

  it('limits each user politely, without affecting others, and warns a flood once until the window frees', async () => {
    let now = 0;
    const conversation = createConversation({
      knowledge,
      logger: silentLogger(),
      rateLimiter: new RateLimiter({ limit: 2, windowMs: 60_000, now: () => now }),
    });
    await conversation.handleMessage(privateMessage('chi bộ họp', 'a'));
    await conversation.handleMessage(privateMessage('chi bộ họp', 'a'));
    expect(textOf(await conversation.handleMessage(privateMessage('chi bộ họp', 'a')))).toBe(REPLIES.tooFast(60));
    // The rest of the flood is not answered one for one.
    now = 30_000;
    expect(await conversation.handleMessage(privateMessage('chi bộ họp', 'a'))).toEqual([]);
    expect(await conversation.handleMessage(privateMessage('/hoi chi bộ họp', 'a'))).toEqual([]);
    expect((await conversation.handleMessage(privateMessage('chi bộ họp', 'b')))[0]?.kind).toBe('answer');
    now = 60_001;
    expect((await conversation.handleMessage(privateMessage('chi bộ họp', 'a')))[0]?.kind).toBe('answer');
    // A new flood gets its own single warning.
    await conversation.handleMessage(privateMessage('chi bộ họp', 'a'));
    expect(textOf(await conversation.handleMessage(privateMessage('chi bộ họp', 'a')))).toBe(REPLIES.tooFast(60));
    expect(await conversation.handleMessage(privateMessage('chi bộ họp', 'a'))).toEqual([]);
  });

  it('limits other commands and button presses per user, warning once', async () => {
    const conversation = createConversation({
      knowledge,
      logger: silentLogger(),
      commandLimiter: new RateLimiter({ limit: 2, now: () => 0 }),
      buttonLimiter: new RateLimiter({ limit: 2, now: () => 0 }),
    });
    expect(textOf(await conversation.handleMessage(privateMessage('/trogiup')))).toBe(HELP_TEXT);
    expect(textOf(await conversation.handleMessage(privateMessage('/nguon')))).toBe(REPLIES.noSourcesYet);
    expect(textOf(await conversation.handleMessage(privateMessage('/trogiup')))).toBe(REPLIES.tooManyCommands(60));
    expect(await conversation.handleMessage(privateMessage('/xyz'))).toEqual([]);
    // Questions keep their own limit; other users theirs; another bot's command in a group is not counted.
    expect((await conversation.handleMessage(privateMessage('/hoi chi bộ họp')))[0]?.kind).toBe('answer');
    for (let i = 0; i < 3; i += 1) await conversation.handleMessage(groupMessage('/lenhkhac'));
    expect(textOf(await conversation.handleMessage(groupMessage('/trogiup')))).toBe(HELP_TEXT);

    const press = { channel: 'telegram', chatId: 'p-u1', userId: 'u1', data: feedbackData('000000000000', 'up') } as const;
    expect(await conversation.handleButton(press)).toEqual({ notice: REPLIES.feedbackExpired });
    expect(await conversation.handleButton(press)).toEqual({ notice: REPLIES.feedbackExpired });
    expect(await conversation.handleButton(press)).toEqual({ notice: REPLIES.tooManyPresses });
    expect(await conversation.handleButton(press)).toEqual({});
    expect(await conversation.handleButton({ ...press, userId: 'u9' })).toEqual({ notice: REPLIES.feedbackExpired });
  });

  it('takes one vote per answer and user, only from the chat the answer was given in', async () => {
    const file = path.join(directory, 'one-vote.jsonl');
    const conversation = createConversation({ knowledge, logger: silentLogger(), feedback: createFileFeedbackStore(file) });
    const [reply] = await conversation.handleMessage(groupMessage('/hoi Chi bộ họp mấy lần một tháng?'));
    const id = reply?.kind === 'answer' ? reply.feedbackId! : '';
    const press = (userId: string, vote: 'up' | 'down', chatId = 'g1') =>
      conversation.handleButton({ channel: 'telegram', chatId, userId, data: feedbackData(id, vote) });
    expect(await press('u2', 'up')).toEqual({ notice: REPLIES.thanks });
    expect(await press('u2', 'up')).toEqual({ notice: REPLIES.alreadyVoted });
    expect(await press('u2', 'down')).toEqual({ notice: REPLIES.alreadyVoted });
    expect(await press('u3', 'down')).toEqual({ notice: REPLIES.thanks });
    expect(await press('u4', 'up', 'p-u4')).toEqual({ notice: REPLIES.feedbackExpired });
    const votes = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { user: string; vote: string });
    expect(votes.map(({ user, vote }) => `${user} ${vote}`)).toEqual(['telegram:u2 up', 'telegram:u3 down']);
  });

  it('keeps the feedback file under its cap, with one older file', async () => {
    const folder = await mkdtemp(path.join(directory, 'rotate-'));
    const file = path.join(folder, 'feedback.jsonl');
    const store = createFileFeedbackStore(file, { maxBytes: 1_000 });
    const record = (n: number): FeedbackRecord => ({
      at: `t${n}`,
      chat: 'telegram:1',
      user: 'telegram:1',
      vote: 'up',
      question: 'q'.repeat(100),
      answer: 'a',
      grounded: true,
      sources: [],
    });
    await Promise.all(Array.from({ length: 50 }, (_, n) => store.record(record(n))));
    expect((await readdir(folder)).sort()).toEqual(['feedback.jsonl', 'feedback.jsonl.1']);
    expect((await stat(file)).size).toBeLessThanOrEqual(1_000);
    expect((await stat(`${file}.1`)).size).toBeLessThanOrEqual(1_000);
    const last = (await readFile(file, 'utf8')).trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ at: 't49' });
  });

  it('keeps votes with the question and the answer', async () => {
    const file = path.join(directory, 'feedback.jsonl');
    const conversation = createConversation({ knowledge, logger: silentLogger(), feedback: createFileFeedbackStore(file) });
    const [reply] = await conversation.handleMessage(privateMessage('Chi bộ họp mấy lần một tháng?'));
    const id = reply?.kind === 'answer' ? reply.feedbackId! : '';
    expect(await conversation.handleButton({ channel: 'telegram', chatId: 'p-u1', userId: 'u1', data: feedbackData(id, 'down') })).toEqual({
      notice: REPLIES.thanks,
    });
    const record = JSON.parse((await readFile(file, 'utf8')).trim()) as Record<string, unknown>;
    expect(record).toMatchObject({ vote: 'down', question: 'Chi bộ họp mấy lần một tháng?', grounded: true, sources: ['hop.txt'], user: 'telegram:u1' });
    expect(await conversation.handleButton({ channel: 'telegram', chatId: 'p-u1', userId: 'u1', data: feedbackData('000000000000', 'up') })).toEqual({
      notice: REPLIES.feedbackExpired,
    });
    expect(await conversation.handleButton({ channel: 'telegram', chatId: 'p-u1', userId: 'u1', data: 'garbage' })).toEqual({});
  });

  it('turns a failing answer engine into a polite reply', async () => {
    const conversation = createConversation({
      knowledge: { ask: () => Promise.reject(new Error('index unavailable')) },
      logger: silentLogger(),
    });
    expect(textOf(await conversation.handleMessage(privateMessage('Chi bộ họp?')))).toBe(REPLIES.failure);
  });
});

describe('the conversation as members write it', () => {
  it('answers a greeting, thanks or an acknowledgement with a short, warm reply, not the not-found text', async () => {
    const conversation = createConversation({ knowledge, logger: silentLogger() });
    const said: ReadonlyArray<readonly [string, string]> = [
      ['Xin chào', REPLIES.smallTalk.greeting],
      ['chao ban', REPLIES.smallTalk.greeting],
      ['Chào trợ lý ạ!', REPLIES.smallTalk.greeting],
      ['Chào trợ lý, cho tôi hỏi', REPLIES.smallTalk.greeting],
      ['Cảm ơn trợ lý nhé', REPLIES.smallTalk.thanks],
      ['cam on nhieu 🙏', REPLIES.smallTalk.thanks],
      ['Dạ vâng', REPLIES.smallTalk.acknowledgement],
      ['ok 👍', REPLIES.smallTalk.acknowledgement],
    ];
    for (const [typed, reply] of said) {
      expect(textOf(await conversation.handleMessage(privateMessage(typed))), typed).toBe(reply);
    }
    for (const reply of Object.values(REPLIES.smallTalk)) expect(reply.split(' ').length).toBeLessThan(30);
    // In a group, only when addressed to the bot; /hoi with a greeting is greeted too.
    expect(await conversation.handleMessage(groupMessage('Cảm ơn trợ lý nhé'))).toEqual([]);
    expect(textOf(await conversation.handleMessage(groupMessage('Cảm ơn trợ lý nhé', true)))).toBe(REPLIES.smallTalk.thanks);
    expect(textOf(await conversation.handleMessage(groupMessage('/hoi xin chào')))).toBe(REPLIES.smallTalk.greeting);
    // A word that only looks like one is a question: "Vắng" is not "vâng", "Chào cờ" is no greeting.
    for (const question of ['Vắng', 'Chào cờ thế nào?']) expect((await conversation.handleMessage(privateMessage(question)))[0]?.kind, question).toBe('answer');
  });

  it('answers a question wrapped in greetings and politeness as the bare question would be (the repo corpus)', async () => {
    const { documents } = await readCorpus(path.join(import.meta.dirname, '../knowledge/corpus'), silentLogger());
    const corpus = await createKnowledgeBase(documents, { embeddings: new HashingEmbeddings(), logger: silentLogger() });
    const conversation = createConversation({ knowledge: corpus, logger: silentLogger() });
    const pairs: ReadonlyArray<readonly [wrapped: string, bare: string]> = [
      ['Chào trợ lý, cho tôi hỏi chi bộ họp mấy lần một tháng với ạ?', 'chi bộ họp mấy lần một tháng?'],
      ['Trợ lý ơi, cho em hỏi đảng viên dự bị có được biểu quyết không ạ?', 'đảng viên dự bị có được biểu quyết không?'],
      ['Xin chào! Xin hỏi đảng đoàn họp bao lâu một lần nhé. Cảm ơn trợ lý!', 'đảng đoàn họp bao lâu một lần'],
      ['chao tro ly, cho toi hoi dang phi dong the nao voi a', 'dang phi dong the nao'],
    ];
    for (const [wrapped, bare] of pairs) {
      const expected = await corpus.ask(bare);
      expect(expected.grounded, bare).toBe(true);
      const [reply] = await conversation.handleMessage(privateMessage(wrapped));
      expect(reply?.kind, wrapped).toBe('answer');
      const answer = reply?.kind === 'answer' ? reply.answer : undefined;
      expect({ answer: answer?.answer, citations: answer?.citations }, wrapped).toEqual({ answer: expected.answer, citations: expected.citations });
      expect(answer?.question).toBe(wrapped);
    }
  });
});
