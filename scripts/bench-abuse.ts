/**
 * `npm run bench:abuse`: what abusive input costs the bot's process, one section each.
 * - Files made to bring it down, read as an upload or a corpus file is: a .docx inflating to
 *   400 MB (declaring it, or lying about it), a .docx under the size cap that still needs more
 *   memory than allowed, a PDF whose 1,000 pages share one 2 MB content stream. For each: how
 *   long until it is refused, the process's peak resident memory, and the event loop's longest
 *   stall while it is read.
 * - One member flooding the bot: the replies sent for 100 questions in a minute, and what 500
 *   presses of 👍 on one answer leave in feedback.jsonl.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { documentReadingStats, extractFileText, READING_LIMITS } from '../knowledge/index.js';
import { makeDocxBomb, makeSharedStreamPdf, makeTextPdf } from '../test/fakes/make-documents.js';
import { floodFigures } from './flood-figures.js';
import { runScript } from './run-script.js';

const MB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MB).toFixed(0)} MiB`;

/** What reading one file cost this process. */
interface Reading {
  outcome: string;
  seconds: number;
  /** Resident memory before the file, and at its highest while it was read. */
  rssBefore: number;
  peakRss: number;
  stallMs: number;
}

/** Reads `bytes` as `file` would be read, sampling resident memory and event loop delay meanwhile. */
async function measureReading(file: string, bytes: Buffer): Promise<Reading> {
  (globalThis as { gc?: () => void }).gc?.();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const rssBefore = process.memoryUsage.rss();
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  delay.enable();
  const started = performance.now();
  const outcome = await extractFileText(file, bytes).then(
    ({ raw }) => `read (${raw.length} characters)`,
    (error: unknown) => `refused: ${error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)}`,
  );
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  // No sample at all (the file took less than the 10 ms resolution) reads as 0.
  return { outcome, seconds, rssBefore, peakRss, stallMs: delay.max / 1e6 };
}

function printReading(label: string, reading: Reading): void {
  console.log(`- ${label}: ${reading.outcome}`);
  console.log(
    `    ${reading.seconds.toFixed(3)} s; peak resident memory ${mib(reading.peakRss)} (${mib(reading.peakRss - reading.rssBefore)} over the ${mib(reading.rssBefore)} before); longest event-loop stall ${reading.stallMs.toFixed(0)} ms`,
  );
}

/** Files made to bring the bot down. */
async function fileBombs(): Promise<void> {
  console.log(
    `Files made to bring the bot down (read in a child process: ${READING_LIMITS.timeoutMs / 1000} s and ${READING_LIMITS.maxMemoryMb} MB of heap a file; figures of this process)`,
  );
  const started = performance.now();
  await extractFileText('warm-up.pdf', makeTextPdf([['Warm-up: the reading process starts and loads pdf.js and mammoth.']]));
  console.log(`- reading process started and ready: ${((performance.now() - started) / 1000).toFixed(2)} s; resident memory ${mib(process.memoryUsage.rss())}`);

  const docxBomb = makeDocxBomb(400 * MB);
  printReading(`.docx bomb, ${(docxBomb.length / MB).toFixed(1)} MB inflating to 400 MB`, await measureReading('bom.docx', docxBomb));
  const liar = makeDocxBomb(400 * MB, { declaredBytes: MB });
  printReading(`the same .docx declaring 1 MB (an archive that lies)`, await measureReading('noi-doi.docx', liar));
  const heavy = makeDocxBomb(45 * MB);
  printReading(
    `.docx of ${(heavy.length / MB).toFixed(1)} MB with 45 MB of XML (under the 50 MB cap, too big for the heap)`,
    await measureReading('nang.docx', heavy),
  );
  const pdfBomb = makeSharedStreamPdf(1000, 2 * MB);
  printReading(`PDF bomb, ${(pdfBomb.length / 1024).toFixed(0)} KB, 1,000 pages sharing one 2 MB content stream`, await measureReading('bom.pdf', pdfBomb));
  printReading('the same PDF again (a corpus reload)', await measureReading('bom.pdf', pdfBomb));
  const { processesStarted, filesRead, cacheHits } = documentReadingStats();
  console.log(`- reading processes started: ${processesStarted}; files read in them: ${filesRead}; readings from the cache: ${cacheHits}`);
}

/** One member flooding the bot: 100 questions within a minute, then 500 presses of 👍 on one answer. */
async function floods(): Promise<void> {
  const figures = await floodFigures();
  console.log('One member flooding the bot (limits: 10 questions a minute, one vote per answer and member)');
  console.log(`- replies sent for 100 questions in a minute: ${figures.repliesFor100Messages}`);
  console.log(
    `- feedback.jsonl after 500 presses of 👍 on one answer: ${figures.feedbackLinesFor500Presses} line(s), ${figures.feedbackBytesFor500Presses} bytes`,
  );
}

await runScript(async () => {
  await fileBombs();
  await floods();
});
