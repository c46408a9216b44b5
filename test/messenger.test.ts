import { afterEach, describe, expect, it } from 'vitest';
import { createConversation, createTelegramChannel, createZaloChannel } from '../bot/index.js';
import { createMessenger, SendError } from '../common/index.js';
import { silentLogger } from '../common/index.js';
import { FAKE_BOT, FAKE_TELEGRAM_FAILURES, startFakeTelegram, type FakeTelegram } from './fakes/fake-telegram-server.js';
import { startFakeZalo, type FakeZalo } from './fakes/fake-zalo-server.js';

const conversation = createConversation({ knowledge: { ask: () => Promise.reject(new Error('not used')) }, logger: silentLogger() });
let telegram: FakeTelegram | undefined;
let zalo: FakeZalo | undefined;

afterEach(async () => {
  await telegram?.close();
  await zalo?.close();
  telegram = zalo = undefined;
});

async function messenger() {
  telegram = await startFakeTelegram();
  zalo = await startFakeZalo();
  return createMessenger([
    createTelegramChannel({ token: telegram.token, apiRoot: telegram.apiRoot, conversation, logger: silentLogger(), botInfo: FAKE_BOT }),
    createZaloChannel({ token: zalo.token, apiRoot: zalo.apiRoot, conversation, logger: silentLogger() }),
  ]);
}

describe('createMessenger', () => {
  it('sends to telegram:<id> and zalo:<id> through their channels', async () => {
    const send = await messenger();
    await send.send('telegram:501', { text: 'Nhắc lịch: họp chi bộ 19h30 thứ Năm <tại hội trường>' });
    await send.send('zalo:user-7', { text: 'Nhắc lịch: họp chi bộ 19h30 thứ Năm' });
    const [toTelegram] = await telegram!.waitForCalls('sendMessage', 1);
    expect(toTelegram!.params).toMatchObject({ chat_id: '501', text: 'Nhắc lịch: họp chi bộ 19h30 thứ Năm &lt;tại hội trường&gt;' });
    const [toZalo] = await zalo!.waitForCalls('sendMessage', 1);
    expect(toZalo!.body).toMatchObject({ chat_id: 'user-7', text: 'Nhắc lịch: họp chi bộ 19h30 thứ Năm' });
  });

  it('gives the platform’s reason for a permanent failure, and refuses unknown addresses', async () => {
    const send = await messenger();
    telegram!.failChat(502, FAKE_TELEGRAM_FAILURES.kicked);
    const kicked = await send.send('telegram:502', { text: 'Thông báo' }).catch((error: unknown) => error);
    expect(kicked).toBeInstanceOf(SendError);
    expect(kicked).toMatchObject({ kind: 'permanent', reason: 'Forbidden: bot was kicked from the group chat' });
    for (const address of ['whatsapp:1', 'telegram:', 'no-colon']) {
      await expect(send.send(address, { text: 'x' })).rejects.toMatchObject({ kind: 'permanent' });
    }
  });

  it('says which chats show buttons, from the platform that sends to them', async () => {
    const send = await messenger();
    expect(['telegram:-1001', 'zalo:user-7', 'whatsapp:1', 'no-colon'].map((address) => send.hasButtons(address))).toEqual([true, false, false, false]);
  });
});
