/**
 * The documents and the article a question names ("theo Quy định 294", "QĐ 294-QĐ/TW",
 * "Điều 24 Điều lệ Đảng"): the answer is looked for there first.
 */
import { foldVietnamese, normalizeForMatch } from '../common/index.js';
import type { Chunk, DocumentMeta } from './types.js';
import { NUMBER_ABBREVIATIONS } from './vietnamese-terms.js';
import { lineMarker } from './line-markers.js';

/** What a question names: documents (by file), and an article ("Điều 24") when it names one. */
export interface NamedSources {
  files: ReadonlySet<string>;
  article?: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

/** Each document's name patterns, made once per metadata object (every question reads them). */
const PATTERNS = new WeakMap<DocumentMeta, readonly RegExp[]>();

/** The ways a question names a document, as patterns on the folded question. */
function namePatterns(meta: DocumentMeta): readonly RegExp[] {
  let patterns = PATTERNS.get(meta);
  if (!patterns) {
    patterns = buildNamePatterns(meta);
    PATTERNS.set(meta, patterns);
  }
  return patterns;
}

function buildNamePatterns(meta: DocumentMeta): RegExp[] {
  if (meta.number) {
    // "294-QĐ/TW": "Quy định 294", "QĐ 294", "quyết định số 294", "294-QĐ/TW".
    const match = /^(\d+)-([\p{L}]+)/u.exec(meta.number);
    if (!match) return [];
    const [, digits, type] = match as unknown as [string, string, string];
    const kind = foldVietnamese(type.toLowerCase());
    const readings = [kind, ...(NUMBER_ABBREVIATIONS[type.toLowerCase()] ?? []).map((reading) => foldVietnamese(reading))];
    const number = String(Number(digits));
    return [
      new RegExp(`\\b(?:${readings.map(escape).join('|')})\\s+(?:so\\s+)?0*${number}\\b`, 'u'),
      new RegExp(`\\b0*${number}\\s*-\\s*${escape(kind)}\\b`, 'u'),
    ];
  }
  if (meta.kind !== 'regulation' && meta.kind !== 'guidance') return [];
  // A charter or code without a number is named by the head of its title ("Điều lệ"), not where
  // another text is named after it ("thi hành Điều lệ Đảng").
  const head = foldVietnamese(normalizeForMatch(meta.title)).split(' ').slice(0, 2).join(' ');
  return [new RegExp(`(?<!thi hanh )\\b${escape(head)}\\b`, 'u')];
}

/** The documents and article `question` names, if it names any document. */
export function namedSources(question: string, documents: Iterable<DocumentMeta>): NamedSources | undefined {
  const folded = foldVietnamese(normalizeForMatch(question));
  const files = new Set<string>();
  for (const meta of documents) if (namePatterns(meta).some((pattern) => pattern.test(folded))) files.add(meta.file);
  if (files.size === 0) return undefined;
  const article = /\bdieu (\d+)\b/u.exec(folded)?.[1];
  return article ? { files, article: `Điều ${article}` } : { files };
}

/** True for a passage of a named document (and of the named article, when one is named). */
export function inNamedSources(chunk: Chunk, named: NamedSources): boolean {
  if (!named.files.has(chunk.docId)) return false;
  if (!named.article) return true;
  return chunk.headingPath.some((heading) => {
    const marker = lineMarker(heading);
    return marker?.kind === 'article' && marker.label.replace(/^ĐIỀU/u, 'Điều') === named.article;
  });
}
