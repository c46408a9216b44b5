import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConversation, runConsoleChat } from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings } from '../knowledge/index.js';

const text = '1. Chế độ họp\nChi bộ họp thường lệ mỗi tháng một lần. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.';

describe('runConsoleChat', () => {
  it('answers each line with its sources and says goodbye on /thoat', async () => {
    const knowledge = await createKnowledgeBase(
      [
        {
          meta: { file: 'hop.txt', title: 'Chế độ họp chi bộ', kind: 'article', status: { state: 'in-force' } },
          text,
          contentHash: createHash('sha256').update(text).digest('hex'),
        },
      ],
      { embeddings: new HashingEmbeddings(), logger: silentLogger() },
    );
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
    });
    const done = runConsoleChat({ conversation: createConversation({ knowledge, logger: silentLogger() }), input, output });
    input.end('Chi bộ họp mấy lần một tháng?\n/nguon\n\nCách nấu phở?\n/thoat\nkhông còn được đọc\n');
    await done;
    expect(printed).toContain('/thoat để kết thúc.');
    expect(printed).toContain('Chi bộ họp thường lệ mỗi tháng một lần.');
    expect(printed).toContain('[1] Chế độ họp chi bộ');
    expect(printed).toContain('Nguồn của câu trả lời cho "Chi bộ họp mấy lần một tháng?"');
    expect(printed).toContain('Tôi chưa tìm thấy nội dung này');
    expect(printed).not.toContain('không còn được đọc');
    expect(printed.trim().endsWith('Tạm biệt!')).toBe(true);
  });
});
