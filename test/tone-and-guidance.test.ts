/**
 * Tone and guidance (issue 19): members are addressed as "đồng chí", with no English words; the
 * "not found" reply is two short lines with one example; a question in English gets one line in
 * both languages, while Vietnamese typed without accents is still a question; the help follows the
 * cell commands that know the asker's role, even once they are switched in.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createConversation, HELP_TEXT, RateLimiter, REPLIES, unavailableCellCommands, type IncomingMessage, type Reply } from '../bot/index.js';
import { switchableCommands } from '../bot/switchable-commands.js';
import { silentLogger } from '../common/index.js';
import { NOT_FOUND_ANSWER, type Answer } from '../knowledge/index.js';

const message = (text: string, chatType: 'private' | 'group' = 'private'): IncomingMessage => ({
  channel: 'telegram',
  chatId: chatType === 'private' ? 'p-u1' : 'g1',
  chatType,
  userId: 'u1',
  text,
  addressedToBot: false,
});
const textOf = (replies: Reply[]) => replies.map((reply) => (reply.kind === 'text' ? reply.text : reply.kind)).join('\n');

/** A conversation whose knowledge records the questions it is asked and finds nothing. */
function recordingConversation() {
  const asked: string[] = [];
  const conversation = createConversation({
    knowledge: {
      ask: async (question: string): Promise<Answer> => {
        asked.push(question);
        return { question, grounded: false, answer: NOT_FOUND_ANSWER, citations: [], confidence: 0 };
      },
    },
    logger: silentLogger(),
    commandLimiter: new RateLimiter({ limit: 1000 }),
    rateLimiter: new RateLimiter({ limit: 1000 }),
  });
  return { conversation, asked };
}

describe('a question in English', () => {
  it('gets one line, in Vietnamese and English, saying the assistant answers in Vietnamese', async () => {
    const { conversation, asked } = recordingConversation();
    for (const question of [
      'What are the duties of a party member?',
      'How often does the cell meet?',
      'Who is the secretary of the cell?',
      'hello, how are you',
    ]) {
      const replies = await conversation.handleMessage(message(question));
      expect(textOf(replies), question).toBe(REPLIES.smallTalk.english);
    }
    expect(textOf(await conversation.handleMessage(message('/hoi When is the next meeting?', 'group')))).toBe(REPLIES.smallTalk.english);
    expect(REPLIES.smallTalk.english).not.toContain('\n');
    expect(REPLIES.smallTalk.english).toMatch(/tiếng Việt.*I answer in Vietnamese/u);
    expect(asked).toEqual([]);
  });

  it('is told apart from Vietnamese typed without accents, which is still searched', async () => {
    const { conversation, asked } = recordingConversation();
    const unaccented = [
      'dang vien co nhiem vu gi',
      'chi bo hop may lan mot thang',
      'the dang vien bi mat thi lam the nao',
      'dang vien du bi co quyen bieu quyet khong',
      'TCCS DV la gi',
      'cho em hoi ve member cua chi bo',
    ];
    for (const question of unaccented) expect((await conversation.handleMessage(message(question)))[0]?.kind, question).toBe('answer');
    expect(asked).toEqual(unaccented);
  });
});

describe('texts members read', () => {
  it('says "not found" in two short lines with one example', () => {
    const lines = NOT_FOUND_ANSWER.split('\n');
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(90);
    expect(NOT_FOUND_ANSWER.match(/ví dụ/giu)).toHaveLength(1);
    expect(NOT_FOUND_ANSWER.match(/"/gu)).toHaveLength(2);
    expect(NOT_FOUND_ANSWER).toMatch(/^Tôi chưa tìm thấy nội dung này/u);
  });

  it('address the member as "đồng chí" and use no English word such as "reply"', async () => {
    for (const file of ['bot/help-texts.ts', 'bot/cell-commands/cell-texts.ts', 'knowledge/answer-texts.ts']) {
      // The texts, without comments: "bạn" and "reply" may be words of the code's own explanations.
      const source = (await readFile(new URL(`../${file}`, import.meta.url), 'utf8')).replace(/\/\*[\s\S]*?\*\//gu, '').replace(/^\s*\/\/.*$/gmu, '');
      expect(source, file).not.toMatch(/(?<![\p{L}])bạn(?![\p{L}])/iu);
      expect(source, file).not.toMatch(/(?<![\p{L}])reply(?![\p{L}])/iu);
    }
  });
});

describe('the help', () => {
  it('is a member’s without the cell commands, and follows them once they are switched in', async () => {
    const commands = switchableCommands([unavailableCellCommands()]);
    const conversation = createConversation({
      knowledge: { ask: () => Promise.reject(new Error('not used')) },
      logger: silentLogger(),
      commands: [commands],
      commandLimiter: new RateLimiter({ limit: 1000 }),
    });
    expect(textOf(await conversation.handleMessage(message('/trogiup')))).toBe(HELP_TEXT);
    const seen: IncomingMessage[] = [];
    commands.use([
      {
        commands: ['lich'],
        handle: () => Promise.resolve([]),
        helpFor: (asking) => {
          seen.push(asking);
          return Promise.resolve('Hướng dẫn cho bí thư');
        },
      },
    ]);
    expect(textOf(await conversation.handleMessage(message('/start')))).toBe('Hướng dẫn cho bí thư');
    expect(seen).toHaveLength(1);
    commands.use([{ commands: ['lich'], handle: () => Promise.resolve([]), helpFor: () => Promise.reject(new Error('Redis gone')) }]);
    expect(textOf(await conversation.handleMessage(message('/trogiup')))).toBe(HELP_TEXT);
  });
});
