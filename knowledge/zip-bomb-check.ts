/**
 * Checks of a .docx (a zip archive) against decompression bombs, before anything inflates it:
 * {@link zipEntries} reads the central directory the archive declares, {@link declaredSizeRefusal}
 * refuses a declared total over the limit, and {@link inflatedSizeRefusal} (run where the memory
 * may be spent: in the reading process) inflates each entry with a hard output cap, so an archive
 * that lies about its sizes is refused too.
 */
import { inflateRawSync } from 'node:zlib';

/** Limits of a zip archive. */
export const ZIP_LIMITS = { maxUncompressedBytes: 50 * 1024 * 1024, maxEntries: 10_000 } as const;

/** One file of a zip archive, as its central directory declares it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A 32-bit size or offset set to this means the real value is in a ZIP64 record. */
const ZIP64_MARKER = 0xffffffff;

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** The entries the central directory declares; throws an Error with the reason when it is malformed or uses ZIP64. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes, followed by a comment of up to 65,535 bytes.
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 0xffff); offset -= 1) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === ZIP64_MARKER) throw new Error('a ZIP64 archive, which a Word file does not need');
  if (directoryOffset + directorySize > end) throw new Error('a damaged zip archive (central directory out of bounds)');
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > end || view.getUint32(offset, true) !== CENTRAL_HEADER) throw new Error('a damaged zip archive (bad central directory entry)');
    const nameLength = view.getUint16(offset + 28, true);
    const entry = {
      name: Buffer.from(bytes.subarray(offset + 46, offset + 46 + nameLength)).toString('utf8'),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    };
    if ([entry.compressedSize, entry.uncompressedSize, entry.localHeaderOffset].includes(ZIP64_MARKER))
      throw new Error('a ZIP64 archive, which a Word file does not need');
    entries.push(entry);
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

/** Why the archive is refused from what it declares (malformed, ZIP64, too many entries, too large once inflated); undefined when it passes. */
export function declaredSizeRefusal(bytes: Uint8Array, limits = ZIP_LIMITS): string | undefined {
  let entries;
  try {
    entries = zipEntries(bytes);
  } catch (error) {
    return (error as Error).message;
  }
  if (entries.length > limits.maxEntries) return `${entries.length} entries in the archive, more than ${limits.maxEntries}`;
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxUncompressedBytes)
    return `declares ${megabytes(total)} once decompressed, over the ${megabytes(limits.maxUncompressedBytes)} allowed: a decompression bomb?`;
  return undefined;
}

/**
 * Why the archive is refused once each entry is really inflated (capped at its declared size, so
 * no more memory than declared is ever spent); undefined when every entry holds what it declares.
 * Inflating is CPU work: run it off the main thread.
 */
export function inflatedSizeRefusal(bytes: Uint8Array, limits = ZIP_LIMITS): string | undefined {
  const refused = declaredSizeRefusal(bytes, limits);
  if (refused) return refused;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of zipEntries(bytes)) {
    const local = entry.localHeaderOffset;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_HEADER) return `a damaged zip archive (bad local header of ${entry.name})`;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.uncompressedSize) return `a damaged zip archive (stored ${entry.name} with two sizes)`;
      continue;
    }
    if (entry.method !== 8) return `compression method ${entry.method} of ${entry.name} is not supported`;
    try {
      const inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      if (inflated.length !== entry.uncompressedSize) return `${entry.name} inflates to ${inflated.length} bytes, not the ${entry.uncompressedSize} declared`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        return `${entry.name} inflates past the ${megabytes(entry.uncompressedSize)} it declares: a decompression bomb?`;
      return `${entry.name} does not inflate (${(error as Error).message})`;
    }
  }
  return undefined;
}
