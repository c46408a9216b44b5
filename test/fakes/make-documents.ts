/**
 * Document files built by the tests themselves: a text PDF (pages of lines, Helvetica, so ASCII
 * text), a PDF with no text layer (what a scan gives), a .docx (with Vietnamese text), and the
 * bombs: a PDF whose pages share one huge content stream, a .docx that inflates to hundreds of MB.
 */
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';
import JSZip from 'jszip';

/** A PDF whose pages hold the given lines, top to bottom. */
export function makeTextPdf(pages: readonly (readonly string[])[]): Buffer {
  const escape = (line: string) => line.replace(/[\\()]/gu, (char) => `\\${char}`);
  const streams = pages.map((lines) => `BT /F1 11 Tf 72 770 Td 14 TL ${lines.map((line) => `(${escape(line)}) Tj T*`).join(' ')} ET`);
  return assemble(streams, true);
}

/** A PDF of pages with nothing but a drawn rectangle: no text to extract. */
export function makeImageOnlyPdf(pageCount: number): Buffer {
  return assemble(
    Array.from({ length: pageCount }, () => '0.5 g 72 72 400 600 re f'),
    false,
  );
}

function assemble(streams: readonly string[], withFont: boolean): Buffer {
  const objects: string[] = [];
  const pageIds = streams.map((_, index) => 4 + index * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${streams.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  streams.forEach((stream, index) => {
    const pageId = pageIds[index]!;
    const resources = withFont ? '/Resources << /Font << /F1 3 0 R >> >>' : '/Resources << >>';
    objects[pageId] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${resources} /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });
  return pdfOf(objects);
}

/** A PDF file of the given objects (object n at index n; index 0 unused), with its cross-reference table. */
function pdfOf(objects: readonly string[]): Buffer {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id += 1) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A .docx whose body holds the given paragraphs. */
export async function makeDocx(paragraphs: readonly string[]): Promise<Buffer> {
  const zip = new JSZip();
  const xml = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((text) => `<w:p><w:r><w:t xml:space="preserve">${xml(text)}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

/**
 * A PDF of `pageCount` pages that all draw the same content (deflated) stream of about `streamBytes`
 * bytes of text operators: small on disk, but a reader parses the whole stream once a page.
 */
export function makeSharedStreamPdf(pageCount: number, streamBytes: number): Buffer {
  const line = 'BT /F1 11 Tf 72 770 Td (Chi bo hop moi thang mot lan vao dau thang) Tj ET\n';
  const stream = deflateSync(line.repeat(Math.max(1, Math.ceil(streamBytes / line.length)))).toString('latin1');
  const pageIds = Array.from({ length: pageCount }, (_, index) => 5 + index);
  const objects = [
    '',
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageCount} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n${stream}\nendstream`,
    ...pageIds.map(() => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>'),
  ];
  return pdfOf(objects);
}

const WORD_NAMESPACE = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/**
 * A .docx whose word/document.xml inflates to about `inflatedBytes` of paragraphs, built in little
 * time and memory (one deflated block of 64 KB, repeated). Its central directory declares the true
 * size, or `declaredBytes`: an archive that lies about its size.
 */
export function makeDocxBomb(inflatedBytes: number, options: { declaredBytes?: number } = {}): Buffer {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${WORD_NAMESPACE}><w:body>`);
  const paragraph = '<w:p><w:r><w:t>Chi bộ họp mỗi tháng một lần.</w:t></w:r></w:p>';
  const block = Buffer.from(paragraph.repeat(Math.ceil(65_536 / Buffer.byteLength(paragraph))));
  const tail = Buffer.from('</w:body></w:document>');
  const count = Math.max(1, Math.round((inflatedBytes - head.length - tail.length) / block.length));
  // Deflate streams flushed to a byte boundary and concatenated are one deflate stream.
  const flushed = { finishFlush: constants.Z_SYNC_FLUSH };
  const deflatedBlock = deflateRawSync(block, flushed);
  let crc = crc32(head);
  for (let index = 0; index < count; index += 1) crc = crc32(block, crc);
  const document = {
    name: 'word/document.xml',
    data: Buffer.concat([deflateRawSync(head, flushed), ...Array.from({ length: count }, () => deflatedBlock), deflateRawSync(tail)]),
    crc: crc32(tail, crc),
    size: head.length + count * block.length + tail.length,
  };
  return zipOf([
    storedEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    storedEntry(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    { ...document, method: 8, declared: options.declaredBytes ?? document.size },
  ]);
}

/** One file of a zip archive being built. */
interface ZipPart {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  data: Buffer;
  crc: number;
  /** The uncompressed size the headers declare. */
  declared: number;
}

function storedEntry(name: string, text: string): ZipPart {
  const data = Buffer.from(text);
  return { name, method: 0, data, crc: crc32(data), declared: data.length };
}

/** A zip archive of the given parts: local headers and data, central directory, end record. */
export function zipOf(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.crc >>> 0, 16);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, part.data);
    centrals.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
