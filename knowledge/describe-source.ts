import type { Chunk, DocumentMeta } from './types.js';

const REGULATION_NUMBER = /\b\d+[-–][\p{Lu}Đ]+(?:\/[\p{Lu}Đ]+)+/gu;

/** A title that opens with its kind and number ("Quy định 294-QĐ/TW thi hành …"): at most four words, then the number. */
const NUMBERED_TITLE = /^((?:[\p{L}]+\s+){1,4}\d+[-–][\p{Lu}Đ]+(?:\/[\p{Lu}Đ]+)+)(?=[\s,.:;]|$)/u;

/**
 * The name a reader knows a document by: its kind and number when the title opens with them
 * ("Quy định 294-QĐ/TW thi hành Điều lệ Đảng" → "Quy định 294-QĐ/TW"), else undefined.
 */
export function documentNumberName(title: string): string | undefined {
  return NUMBERED_TITLE.exec(title.normalize('NFC'))?.[1];
}

/** Formats an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) the Vietnamese way: 26/08/2013. */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return [day, month, year].filter(Boolean).join('/');
}

/** The date of a document as a reader should see it, or undefined when the text gives none. */
export function documentDate(meta: DocumentMeta): string | undefined {
  return meta.date ? formatDate(meta.date) : meta.dateText;
}

/** Regulation numbers a passage mentions ("138-QĐ/TW", "24-QĐ/TW"), normalised to NFC. */
export function regulationNumbers(text: string): string[] {
  return [
    ...new Set(
      text
        .normalize('NFC')
        .replace(/\u00D0/g, 'Đ')
        .match(REGULATION_NUMBER) ?? [],
    ),
  ];
}

/**
 * What a passage cites, as readers should see it: each regulation the document's manifest lists
 * that the passage (or the start of its section) names, with "đã được thay thế" when replaced.
 */
export function describeCitedRegulations(meta: DocumentMeta, sectionText: string): string[] {
  const numbers = regulationNumbers(sectionText);
  const mentionsCharter = /điều lệ đảng/iu.test(sectionText);
  const described: string[] = [];
  for (const cited of meta.cites ?? []) {
    const named = cited.number ? numbers.includes(cited.number) : mentionsCharter && /điều lệ/iu.test(cited.name);
    if (!named) continue;
    described.push(cited.replacedBy ? `${cited.name} (đã được thay thế bởi ${cited.replacedBy})` : cited.name);
  }
  return described;
}

/** The validity note of a document itself: replaced by a newer one, or replacing older ones. */
export function describeStatus(meta: DocumentMeta): string | undefined {
  if (meta.status.state !== 'replaced') return meta.replaces?.length ? `Văn bản này thay thế ${meta.replaces.join(', ')}.` : undefined;
  return `Văn bản này đã được thay thế bởi ${meta.status.replacedBy}${meta.status.note ? ` (${meta.status.note})` : ''}.`;
}

/** The passage's section: its own text and that of earlier passages under the same headings. */
export function sectionText(chunk: Chunk, byId: ReadonlyMap<string, Chunk>): string {
  const parts = [chunk.text];
  const path = chunk.headingPath.join('\u0000');
  for (let ordinal = chunk.ordinal - 1; ordinal >= 0; ordinal -= 1) {
    const earlier = byId.get(`${chunk.docId}#${ordinal}`);
    if (!earlier || earlier.headingPath.join('\u0000') !== path) break;
    parts.unshift(earlier.text);
  }
  return [...chunk.headingPath, ...parts].join('\n');
}
