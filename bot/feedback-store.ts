import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** One 👍/👎 vote, kept with the question and answer it judges, for evaluation. */
export interface FeedbackRecord {
  at: string;
  chat: string;
  user: string;
  vote: 'up' | 'down';
  question: string;
  answer: string;
  grounded: boolean;
  sources: string[];
}

/** Where votes go. */
export interface FeedbackStore {
  record(feedback: FeedbackRecord): Promise<void>;
}

/** Appends votes as JSON lines to a file (`DATA_DIR/feedback.jsonl`): simple to read back for evaluation. */
export function createFileFeedbackStore(file: string): FeedbackStore {
  return {
    async record(feedback) {
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(feedback)}\n`);
    },
  };
}
