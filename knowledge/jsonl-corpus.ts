import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CleanDocument } from './types.js';

/** One line of an evaluation corpus: `{"id","text","title"?}`. */
export interface JsonlRecord {
  id: string;
  text: string;
  title?: string;
}

/** One line of an evaluation question file: `{"id","question","relevant":[ids]}`. */
export interface JsonlQuestion {
  id: string;
  question: string;
  relevant: string[];
}

/** Reads a JSON-lines file; a malformed line is an error naming the file and line number. */
export async function readJsonl<T>(file: string): Promise<T[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const records: T[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      throw new TypeError(`${file}:${index + 1} is not valid JSON`);
    }
  });
  return records;
}

/**
 * Turns evaluation records into documents: the id is the document id, the title is the record's
 * title or else its first line.
 */
export function documentsFromRecords(records: readonly JsonlRecord[]): CleanDocument[] {
  return records.map((record) => {
    const text = record.text.normalize('NFC').replace(/\u00D0/g, '\u0110');
    const firstLine = text.split('\n', 1)[0]!.trim();
    return {
      meta: { file: record.id, title: record.title ?? firstLine.slice(0, 200), kind: 'article', status: { state: 'in-force' } },
      text,
      contentHash: createHash('sha256').update(record.text).digest('hex'),
    };
  });
}
