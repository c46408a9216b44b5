/** Shapes shared by the knowledge pipeline: documents, chunks, retrieval hits and answers. */

/** What kind of text a document is; decides how much weight its wording carries. */
export type DocumentKind = 'regulation' | 'guidance' | 'article' | 'lesson';

/** Whether a document is still in force, or which document replaced it. */
export type DocumentStatus = { state: 'in-force' } | { state: 'replaced'; replacedBy: string; note?: string };

/** A regulation a document cites, as written in it ("Quy định 24-QĐ/TW", 2021). */
export interface CitedRegulation {
  /** How the document names it, e.g. "Quy định 24-QĐ/TW năm 2021 (mục 31)". */
  name: string;
  /** Its number, e.g. "24-QĐ/TW". */
  number?: string;
  /** Year or date as written, e.g. "2021". */
  date?: string;
  /** Set when the cited regulation has been replaced, e.g. "Quy định 294-QĐ/TW (2025)". */
  replacedBy?: string;
}

/** Manifest entry of one corpus document: what it is, taken from its text where the text says it. */
export interface DocumentMeta {
  /** File name inside the corpus folder: the document's id. */
  file: string;
  title: string;
  kind: DocumentKind;
  /** Document number (số hiệu), e.g. "138-QĐ/TW"; absent for articles without one. */
  number?: string;
  /** Issuing body (cơ quan ban hành) or author. */
  issuer?: string;
  /** Date of issue or publication, ISO 8601 (YYYY-MM-DD, or YYYY / YYYY-MM when only that is known). */
  date?: string;
  /** The date as the text gives it, when it is not a full date ("05/04, nhiệm kỳ 2020-2025"). */
  dateText?: string;
  status: DocumentStatus;
  /** Regulations the document cites. */
  cites?: CitedRegulation[];
  /** Earlier documents this one replaces, e.g. "Quy định 24-QĐ/TW (2021)". */
  replaces?: string[];
}

/** A document after cleaning: page furniture removed, original wording kept for display. */
export interface CleanDocument {
  meta: DocumentMeta;
  /** Cleaned display text (NFC), paragraphs separated by blank lines. */
  text: string;
  /** Hash of the raw file content: a changed hash means re-chunking and re-embedding. */
  contentHash: string;
}

/** A quotable passage of a document with the headings it sits under. */
export interface Chunk {
  /** `${file}#${ordinal}`: stable while the document does not change. */
  id: string;
  /** The document's file name. */
  docId: string;
  /** Position of the chunk in its document, from 0. */
  ordinal: number;
  /** Headings from the outermost to the innermost, as written in the document. */
  headingPath: string[];
  /** The passage's display text. */
  text: string;
}

/** A chunk found for a query, with the fused score and the parts it came from. */
export interface RetrievalHit {
  chunk: Chunk;
  /** Fused score in [0, 1]: higher is better. */
  score: number;
  /** Normalised lexical score in [0, 1]. */
  lexical: number;
  /** Vector similarity (cosine) in [-1, 1]. */
  vector: number;
}

/** One named source under an answer (the `citations` of the `ask` contract). */
export interface Citation {
  /** File name in the corpus. */
  source: string;
  title: string;
  /** Heading path of the passage, joined with " › ". */
  section: string;
  excerpt: string;
  score: number;
  /** Date of the source document as readers see it (26/08/2013), when the text gives one. */
  date?: string;
  /** Regulations the passage cites, replaced ones marked, e.g. "Quy định 24-QĐ/TW năm 2021 (đã được thay thế bởi ...)". */
  cites?: string[];
  /** Validity note when the source document itself has been replaced. */
  status?: string;
  /** True when a later document replaces this one: the answer warns of it, not only /nguon. */
  replaced?: boolean;
}

/** The answer to one question (the `ask` contract, plus display helpers). */
export interface Answer {
  question: string;
  grounded: boolean;
  /** What the member reads: at most about one phone screen, ending "…" where it was cut. */
  answer: string;
  /** The whole quoted text, when `answer` was cut to fit a screen; /nguon shows it. */
  fullAnswer?: string;
  citations: Citation[];
  /** Confidence in [0, 1] that the documents contain the answer. */
  confidence: number;
  /** True when a language model wrote the answer from the passages (citations [n] in the text). */
  generated?: boolean;
}
