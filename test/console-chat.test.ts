/**
 * The terminal chat of `npm start` without a bot token, driven through its streams over the real
 * Redis (a key prefix of this file's own): questions and /nguon, the demo cell created once, the
 * end of the chat, and a message printed between prompts without losing the line being typed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionPlace, startConsoleSession } from './fakes/console-session.js';

let place: Awaited<ReturnType<typeof sessionPlace>>;

beforeAll(async () => {
  place = await sessionPlace('console-chat');
});

afterAll(async () => {
  await place.cleanUp();
});

describe('the terminal chat', () => {
  it('answers questions with their sources, creates the demo cell on its first run only, and says goodbye on /thoat', async () => {
    const session = await startConsoleSession(place);
    try {
      expect(session.printed()).toContain('Tôi vừa tạo "Chi bộ thử nghiệm"');
      expect(session.printed()).toContain('npm start -- --reset-demo');
      expect(await session.type('Chi bộ họp mấy lần một tháng?', '(gõ số để chọn)')).toContain('Chi bộ họp thường lệ mỗi tháng một lần.');
      // 👍 and 👎 under the answer are choices 1 and 2.
      expect(await session.type('1', 'Cảm ơn đồng chí đã góp ý!')).not.toContain('Tôi chưa');
      expect(await session.type('/nguon', 'Nguồn của câu trả lời cho "Chi bộ họp mấy lần một tháng?"')).toContain('Chế độ họp');
      expect(await session.type('Cách nấu phở?', 'Tôi chưa tìm thấy nội dung này')).toBeTruthy();
      expect(await session.type('/chibo', 'Chi bộ thử nghiệm')).toMatch(/bí thư/iu);
    } finally {
      session.input.write('/thoat\nkhông còn được đọc\n');
      await session.end().catch(() => undefined);
    }
    expect(session.printed()).not.toContain('không còn được đọc');
    expect(session.printed().trim().endsWith('Tạm biệt!')).toBe(true);

    const again = await startConsoleSession(place);
    await again.end();
    expect(again.printed()).toContain('"Chi bộ thử nghiệm" đã có từ lần trước');
    expect(again.printed()).not.toContain('Tôi vừa tạo');
  });

  it('prints a message that arrives between prompts over the prompt line and gives back the words being typed', async () => {
    const session = await startConsoleSession({ ...place, tty: true });
    try {
      const from = session.printed().length;
      session.input.write('Chi bộ họp');
      await session.waitFor('Chi bộ họp', from);
      await session.app.messenger.send('console:terminal', { text: 'Nhắc lịch họp: Họp thử' });
      const shown = await session.waitFor(/Nhắc lịch họp: Họp thử[\s\S]*> Chi bộ họp/u, from);
      // The prompt line is cleared before the message, then drawn again with what was typed.
      const typed = shown.indexOf('Chi bộ họp');
      const cleared = shown.indexOf('\u001b[2K', typed);
      expect(cleared).toBeGreaterThan(typed);
      expect(shown.indexOf('Nhắc lịch họp', cleared)).toBeGreaterThan(cleared);
      expect(await session.type(' mấy lần một tháng?', 'Chi bộ họp thường lệ mỗi tháng một lần.')).toBeTruthy();
    } finally {
      await session.end();
    }
  });
});
