/**
 * Progress of building an index: the knowledge base reports each stage as it goes; a terminal
 * shows one line redrawn in place (documents and passages done, time left), anything else gets
 * one log line per finished stage.
 */
import type { Logger } from '../common/index.js';

/** Stages of (re)building an index, in order. */
export type IndexStage = 'chunking' | 'lexical' | 'vectors' | 'saving';

/** Where a stage is: `done` of `total` units (documents when chunking, passages after). */
export interface IndexProgress {
  stage: IndexStage;
  done: number;
  total: number;
  /** Passages made so far. */
  passages: number;
}

/** Receives progress; called at a stage's start, as it goes, and when it is done (`done === total`). */
export type ProgressListener = (progress: IndexProgress) => void;

/** Where progress goes. */
export interface ProgressOutput {
  logger: Logger;
  /** A terminal stream (e.g. `process.stderr`): progress is drawn on it when it is a TTY. */
  stream?: NodeJS.WriteStream;
  /** The clock, in milliseconds. @defaultValue performance.now */
  now?: () => number;
}

/** What the terminal line says of each stage. */
const STAGE_TEXT: Record<IndexStage, string> = {
  chunking: 'tách đoạn',
  lexical: 'lập chỉ mục từ khóa',
  vectors: 'tính véc-tơ',
  saving: 'ghi chỉ mục',
};
/** The terminal line is redrawn at most this often. */
const REDRAW_MS = 100;

const count = (value: number) => value.toLocaleString('vi-VN');

/** A listener that draws progress on a terminal, or logs one line per finished stage. */
export function reportIndexProgress(output: ProgressOutput): ProgressListener {
  const { logger, stream } = output;
  const now = output.now ?? (() => performance.now());
  const terminal = stream?.isTTY === true;
  let stage: IndexStage | undefined;
  let started = 0;
  let drawn = -Infinity;
  return (progress) => {
    const time = now();
    if (progress.stage !== stage) {
      stage = progress.stage;
      started = time;
      drawn = -Infinity;
    }
    const finished = progress.done >= progress.total;
    if (finished && !terminal) {
      logger.info(
        { stage: progress.stage, units: progress.total, passages: progress.passages, ms: Math.round(time - started) },
        `Index stage ${progress.stage} done`,
      );
    }
    if (!terminal || (!finished && time - drawn < REDRAW_MS)) return;
    drawn = time;
    const elapsed = time - started;
    const left = progress.done > 0 && !finished ? `, còn khoảng ${Math.ceil(((progress.total - progress.done) * elapsed) / progress.done / 1000)} s` : '';
    const unit = progress.stage === 'chunking' ? 'tài liệu' : 'đoạn';
    const line = `Lập chỉ mục: ${STAGE_TEXT[progress.stage]} ${count(progress.done)}/${count(progress.total)} ${unit}, ${count(progress.passages)} đoạn${left}`;
    stream.write(`\r\u001b[2K${line}${finished ? '\n' : ''}`);
  };
}
