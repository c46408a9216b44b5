/**
 * A document an admin uploads through Telegram to one running app is answered from by another app
 * on the same corpus folder and Redis (the version key), without a restart.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../bot/index.js';
import { createConfig, silentLogger } from '../common/index.js';
import { makeDocx } from './fakes/make-documents.js';
import { startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { until } from './fakes/test-helpers.js';

const TOKEN = '123456789:AAdocumentsProcessTestTokenForFake';
const REDIS_URL = 'redis://127.0.0.1:6379/15';
let root: string;
const apps: App[] = [];
const fakes: FakeTelegram[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'documents-process-'));
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
});

afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const fake of fakes) await fake.close();
  await rm(root, { recursive: true, force: true });
  const redis = new Redis(REDIS_URL);
  await redis.flushdb();
  redis.disconnect();
});

async function startApp(name: string, corpusDir: string): Promise<FakeTelegram> {
  const telegram = await startFakeTelegram({ token: TOKEN });
  fakes.push(telegram);
  const env = {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    PORT: '0',
    DATA_DIR: path.join(root, name),
    CORPUS_DIR: corpusDir,
    REDIS_URL,
    ADMIN_IDS: 'telegram:1',
  };
  const app = await createApp({ config: createConfig(env), logger: silentLogger() });
  apps.push(app);
  await app.start();
  return telegram;
}

let updateId = 0;
function privateMessage(extra: Record<string, unknown>) {
  updateId += 1;
  return {
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 1, type: 'private' as const, first_name: 'A' },
      from: { id: 1, is_bot: false, first_name: 'Quản', last_name: 'Trị' },
      ...extra,
    },
  };
}

async function reply(telegram: FakeTelegram, update: ReturnType<typeof privateMessage>): Promise<string> {
  const before = telegram.delivered.length;
  telegram.pushUpdate(update);
  await until(() => telegram.delivered.length > before);
  return telegram.delivered[before]!.text;
}

describe('documents across processes', () => {
  it('answers in a second app from a document uploaded to the first, within seconds', async () => {
    const corpusDir = path.join(root, 'corpus');
    await mkdir(corpusDir, { recursive: true });
    await copyFile(path.resolve(import.meta.dirname, '../knowledge/corpus/chi-bo-co-quan-cap-xa.txt'), path.join(corpusDir, 'chi-bo.txt'));
    const first = await startApp('first', corpusDir);
    const second = await startApp('second', corpusDir);

    const question = 'Chi bộ khu dân cư sinh hoạt định kỳ vào lúc nào?';
    expect(await reply(second, privateMessage({ text: question }))).not.toContain('tuần thứ hai');

    first.addFile(
      'file-1',
      await makeDocx([
        'ĐẢNG ỦY PHƯỜNG',
        'HƯỚNG DẪN',
        'về lịch sinh hoạt chi bộ',
        '1. Lịch sinh hoạt',
        'Các chi bộ khu dân cư sinh hoạt định kỳ vào tối thứ Năm tuần thứ hai của tháng.',
      ]),
    );
    const preview = await reply(
      first,
      privateMessage({ document: { file_id: 'file-1', file_unique_id: 'u1', file_name: 'huong-dan-lich.docx', file_size: 4000 } }),
    );
    expect(preview).toContain('Đã đọc tệp «huong-dan-lich.docx»');
    const keyboard = first.calls.filter((call) => call.method === 'sendMessage').at(-1)!.params.reply_markup as {
      inline_keyboard: { callback_data: string }[][];
    };
    first.pushUpdate({
      callback_query: {
        id: 'q1',
        from: { id: 1, is_bot: false, first_name: 'Quản' },
        chat_instance: 'c',
        data: keyboard.inline_keyboard[0]![0]!.callback_data,
        message: { message_id: 99, date: 0, chat: { id: 1, type: 'private', first_name: 'A' }, text: 'x' },
      },
    });
    await until(() => first.delivered.some((send) => send.text.includes('Đã đưa vào tra cứu')));

    // The second app learns of the change within seconds: ask until it answers from the new document,
    // no faster than a member would (the per-person rate limit answers a flood with a warning).
    let answer = '';
    await until(async () => {
      answer = await reply(second, privateMessage({ text: question }));
      if (answer.includes('tuần thứ hai')) return true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return false;
    }, 5_000);
    expect(answer).toContain('tối thứ Năm tuần thứ hai của tháng');
  });
});
