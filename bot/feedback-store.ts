import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
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

/** Options of {@link createFileFeedbackStore}. */
export interface FileFeedbackOptions {
  /** Size past which the file is moved to `<file>.1` (replacing the older one) and a new one begun. @defaultValue 5 MiB */
  maxBytes?: number;
}

/**
 * Appends votes as JSON lines to a file (`DATA_DIR/feedback.jsonl`): simple to read back for
 * evaluation. Growth is bounded: a file that would pass `maxBytes` becomes `<file>.1`, so at most
 * about twice `maxBytes` is kept. Writes go one at a time.
 */
export function createFileFeedbackStore(file: string, options: FileFeedbackOptions = {}): FeedbackStore {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  if (!(maxBytes > 0)) throw new RangeError(`createFileFeedbackStore: maxBytes must be > 0, got ${maxBytes}`);
  let queue: Promise<unknown> = Promise.resolve();

  async function append(line: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const size = await stat(file).then(
      (stats) => stats.size,
      () => 0,
    );
    if (size > 0 && size + Buffer.byteLength(line) > maxBytes) await rename(file, `${file}.1`);
    await appendFile(file, line);
  }

  return {
    record(feedback) {
      const written = queue.then(() => append(`${JSON.stringify(feedback)}\n`));
      queue = written.catch(() => undefined);
      return written;
    },
  };
}
