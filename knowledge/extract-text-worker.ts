/**
 * The reading process's entry (started by text-reading-process.ts, never imported): once its
 * readers are loaded it says it is ready, then reads the PDF and Word files it is sent, one at a
 * time, and answers each with the text or the reason it is refused.
 */
import { docxText, pdfText } from './pdf-and-word-text.js';

/** A file to read. */
export interface ReadRequest {
  kind: 'pdf' | 'docx';
  bytes: Uint8Array;
  maxPages: number;
}

/** The text of the file, or why it is refused. */
export type ReadReply = { raw: string } | { refused: string };

/** What the process says: first that it is ready (the time budget of a file starts then), then a reply a file. */
export type WorkerMessage = { ready: true } | ReadReply;

const send = (message: WorkerMessage) => process.send?.(message);

process.on('message', (request: ReadRequest) => {
  const bytes = new Uint8Array(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const reading = request.kind === 'pdf' ? pdfText(bytes, request.maxPages) : docxText(bytes);
  reading.then(
    (raw) => send({ raw }),
    (error: unknown) => send({ refused: error instanceof Error ? error.message : String(error) }),
  );
});
// The process that started this one is gone: nothing more will come.
process.on('disconnect', () => process.exit(0));
send({ ready: true });
