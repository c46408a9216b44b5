/**
 * Documents: an admin sends a .pdf, .docx, .txt, .md or .html file in a private chat; the bot
 * shows what it found (title, number, date, issuing body, sections) and, once confirmed, the file
 * is searchable within seconds in every process. /tailieu lists the documents and their status;
 * admins correct what was detected (/suatailieu), mark a document replaced (/thaythe) or remove
 * it (/xoatailieu). A file that cannot be read is refused with the reason and changes nothing.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DocumentReadError } from '../../common/index.js';
import { FILE_LIMITS, safeFileName, type DocumentLibrary, type DocumentMeta, type EditableMeta, type IndexReport } from '../../knowledge/index.js';
import type { ChatCommands } from '../chat-commands.js';
import type { Attachment, IncomingMessage, Reply } from '../chat-types.js';
import { accessOf } from './cell-access.js';
import { recordAction, textReply, type CellCommandDeps } from './cell-deps.js';
import { CELL_REPLIES, DOCUMENT_REPLIES, documentList, documentPreview, ORG_REPLIES } from './cell-texts.js';
import { confirmButtons } from './confirm-commands.js';
import type { PendingDocument, PendingRemoval } from './pending-actions.js';

/** What the document commands work with. */
export interface DocumentsAccess {
  library: DocumentLibrary;
  /** The documents answered from now, as the knowledge base has them. */
  list(): DocumentMeta[];
  /** After a change: re-indexes here and tells the other processes. */
  changed(): Promise<IndexReport>;
  /** Where uploads wait for their confirmation. */
  uploadsDir: string;
}

/** The commands this file answers. */
export const DOCUMENT_COMMAND_NAMES = ['tailieu', 'suatailieu', 'thaythe', 'xoatailieu'];

const text = textReply;

/** Uploads wait this long for their confirmation (as the pending action does). */
const UPLOAD_TTL_MS = 30 * 60 * 1000;

/** Deletes uploads whose confirmation has expired. */
async function dropStaleUploads(directory: string): Promise<void> {
  const names = await readdir(directory).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(directory, name);
    const { mtimeMs } = await stat(file).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > UPLOAD_TTL_MS) await rm(file, { force: true });
  }
}

/** Why a file was refused, in the user's words. */
function refusalOf(error: DocumentReadError): string {
  const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
  if (/unsupported file type/u.test(reason)) return DOCUMENT_REPLIES.unsupported;
  if (/more than .* MB/u.test(reason)) return DOCUMENT_REPLIES.tooBig;
  if (/pages, more than/u.test(reason)) return DOCUMENT_REPLIES.tooManyPages;
  if (/no text layer/u.test(reason)) return DOCUMENT_REPLIES.scanned;
  if (/not valid UTF-8/u.test(reason)) return DOCUMENT_REPLIES.notUtf8;
  if (/no text left/u.test(reason)) return DOCUMENT_REPLIES.empty;
  return DOCUMENT_REPLIES.unreadable;
}

/** "tên: …; số hiệu: …; ngày: 2025-05-30; cơ quan: …" → the changes; undefined when nothing is understood. */
function readEdits(written: string): EditableMeta | undefined {
  const fields: Record<string, keyof EditableMeta> = {
    tên: 'title',
    ten: 'title',
    'số hiệu': 'number',
    'so hieu': 'number',
    ngày: 'date',
    ngay: 'date',
    'cơ quan': 'issuer',
    'co quan': 'issuer',
  };
  const changes: EditableMeta = {};
  for (const part of written.split(';')) {
    const [key, ...rest] = part.split(':');
    const field = fields[(key ?? '').trim().toLowerCase()];
    const value = rest.join(':').trim();
    if (field && value) changes[field] = value;
  }
  if (changes.date && !/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/u.test(changes.date)) return undefined;
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** The document commands, and what carries out a confirmed upload. */
export function createDocumentCommands(
  deps: CellCommandDeps,
  documents: DocumentsAccess,
): ChatCommands & {
  confirmDocument(pending: PendingDocument & { person: string; name?: string }): Promise<string>;
  confirmRemoval(pending: PendingRemoval & { person: string; name?: string }): Promise<string>;
} {
  /** The documents as /tailieu numbers them: by title. */
  const numbered = () => [...documents.list()].sort((a, b) => a.title.localeCompare(b.title, 'vi'));
  /** A document by its /tailieu number or its file name. */
  const find = (reference: string) => {
    const all = numbered();
    const index = Number(reference);
    return Number.isInteger(index) && index >= 1 ? all[index - 1] : all.find((meta) => meta.file === reference.trim());
  };

  async function receive(message: IncomingMessage & { attachment: Attachment }): Promise<Reply[]> {
    const access = await accessOf(deps, message);
    if (!access.isAdmin) return text(DOCUMENT_REPLIES.adminOnly);
    const { attachment } = message;
    if ((attachment.size ?? 0) > FILE_LIMITS.maxBytes) return text(DOCUMENT_REPLIES.tooBig);
    const file = safeFileName(attachment.name);
    await dropStaleUploads(documents.uploadsDir);
    const bytes = await attachment.download();
    let preview;
    try {
      preview = await documents.library.preview(file, bytes);
    } catch (error) {
      if (error instanceof DocumentReadError) return text(refusalOf(error));
      throw error;
    }
    await mkdir(documents.uploadsDir, { recursive: true });
    const upload = path.join(documents.uploadsDir, `${Date.now()}-${file}`);
    await writeFile(upload, bytes);
    const entry = {
      kind: 'document',
      file,
      upload,
      meta: preview.document.meta,
      person: access.person,
      chat: access.chat,
      ...(message.userName ? { name: message.userName } : {}),
    } as const;
    const token = await deps.pending.put(entry);
    const replacing = documents.list().some((meta) => meta.file === file);
    const shown = documentPreview(file, preview, replacing, deps.hasButtons(message.channel));
    return deps.hasButtons(message.channel) ? [{ kind: 'text', text: shown, buttons: confirmButtons(token, CELL_REPLIES.addDocument) }] : text(shown);
  }

  async function change(name: string, args: string, message: IncomingMessage): Promise<Reply[]> {
    const access = await accessOf(deps, message);
    if (!access.isAdmin) return text(ORG_REPLIES.adminOnly);
    const [reference = '', ...rest] = args.split(/\s+/u);
    const meta = reference ? find(reference) : undefined;
    if (!meta) return text(DOCUMENT_REPLIES.notFound(reference));
    const audit = { who: access.person, ...(message.userName ? { name: message.userName } : {}) };
    if (name === 'xoatailieu') {
      // Removing is for good: asked to confirm, naming the document.
      const token = await deps.pending.put({ kind: 'removal', file: meta.file, title: meta.title, person: access.person, chat: access.chat, ...audit });
      const ask = DOCUMENT_REPLIES.confirmRemoval(meta, deps.hasButtons(message.channel));
      return deps.hasButtons(message.channel) ? [{ kind: 'text', text: ask, buttons: confirmButtons(token, CELL_REPLIES.removeDocument) }] : text(ask);
    }
    if (name === 'thaythe') {
      const by = rest.join(' ').trim();
      if (!by) return text(DOCUMENT_REPLIES.replaceUsage);
      const newer = find(by);
      const replacedBy = newer ? [newer.title, newer.number].filter(Boolean).join(' ') : by;
      await documents.library.markReplaced(meta.file, replacedBy, meta);
      await documents.changed();
      await recordAction(deps, { ...audit, action: 'document.replaced', details: { file: meta.file, title: meta.title, replacedBy } });
      return text(DOCUMENT_REPLIES.replaced(meta, replacedBy));
    }
    const edits = readEdits(rest.join(' '));
    if (!edits) return text(DOCUMENT_REPLIES.editUsage);
    const edited = await documents.library.edit(meta.file, edits, meta);
    await documents.changed();
    await recordAction(deps, { ...audit, action: 'document.edited', details: { file: meta.file, title: edited.title } });
    return text(DOCUMENT_REPLIES.edited(edited));
  }

  return {
    commands: DOCUMENT_COMMAND_NAMES,
    async handle(name, args, message) {
      if (name === 'tailieu') return text(documentList(numbered()));
      return change(name, args, message);
    },
    handleAttachment: receive,
    async confirmDocument({ file, upload, meta, person, name }) {
      let bytes: Buffer;
      try {
        bytes = await readFile(upload);
      } catch {
        return DOCUMENT_REPLIES.uploadGone;
      }
      try {
        const started = performance.now();
        const { replaced } = await documents.library.add(file, bytes, meta);
        const report = await documents.changed();
        await recordAction(deps, { who: person, ...(name ? { name } : {}), action: 'document.added', details: { file, title: meta.title } });
        return DOCUMENT_REPLIES.added(meta, replaced, report.chunks, (performance.now() - started) / 1000);
      } finally {
        await rm(upload, { force: true });
      }
    },
    async confirmRemoval({ file, title, person, name }) {
      await documents.library.remove(file);
      await documents.changed();
      await recordAction(deps, { who: person, ...(name ? { name } : {}), action: 'document.removed', details: { file, title } });
      return DOCUMENT_REPLIES.removed(title);
    },
  };
}
