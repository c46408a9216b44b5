/**
 * Flood figures for the abuse benchmark (issue 14, point 7): one user sends 100 questions within a
 * minute, then presses 👍 500 times on one answer. A real conversation over a one-document
 * knowledge base and a real file feedback store in a temporary folder.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createConversation, createFileFeedbackStore, feedbackData, type IncomingMessage } from '../bot/index.js';
import { silentLogger } from '../common/index.js';
import { createKnowledgeBase, HashingEmbeddings } from '../knowledge/index.js';

const TEXT = '1. Chế độ họp\nChi bộ họp thường lệ mỗi tháng một lần. Bí thư chi bộ chuẩn bị nội dung và chủ trì cuộc họp.';

/** Replies to 100 questions from one user, and what 500 presses of 👍 on one answer leave in feedback.jsonl. */
export async function floodFigures(): Promise<{ repliesFor100Messages: number; feedbackBytesFor500Presses: number; feedbackLinesFor500Presses: number }> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'flood-figures-'));
  try {
    const knowledge = await createKnowledgeBase(
      [
        {
          meta: { file: 'hop.txt', title: 'Chế độ họp chi bộ', kind: 'article', status: { state: 'in-force' } },
          text: TEXT,
          contentHash: createHash('sha256').update(TEXT).digest('hex'),
        },
      ],
      { embeddings: new HashingEmbeddings(), logger: silentLogger() },
    );
    const file = path.join(directory, 'feedback.jsonl');
    const conversation = createConversation({ knowledge, logger: silentLogger(), feedback: createFileFeedbackStore(file) });
    const message: IncomingMessage = {
      channel: 'telegram',
      chatId: '7001',
      chatType: 'private',
      userId: '7001',
      text: 'Chi bộ họp mấy lần một tháng?',
      addressedToBot: false,
    };

    let replies = 0;
    let feedbackId: string | undefined;
    for (let i = 0; i < 100; i += 1) {
      for (const reply of await conversation.handleMessage(message)) {
        replies += 1;
        if (reply.kind === 'answer') feedbackId ??= reply.feedbackId;
      }
    }
    if (!feedbackId) throw new Error('floodFigures: no answer to vote on');
    for (let i = 0; i < 500; i += 1)
      await conversation.handleButton({ channel: 'telegram', chatId: '7001', userId: '7001', data: feedbackData(feedbackId, 'up') });
    const written = await readFile(file, 'utf8').catch(() => '');
    return {
      repliesFor100Messages: replies,
      feedbackBytesFor500Presses: Buffer.byteLength(written),
      feedbackLinesFor500Presses: written.split('\n').filter(Boolean).length,
    };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
