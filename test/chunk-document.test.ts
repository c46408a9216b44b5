import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../knowledge/chunk-document.js';
import { cleanPageText } from '../knowledge/clean-page.js';
import { splitSentences } from '../knowledge/split-sentences.js';
import type { Chunk, CleanDocument } from '../knowledge/types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = path.join(repoRoot, 'knowledge/corpus');
const partyDocsDir = path.join(path.resolve(repoRoot, '../shared'), 'eval/party-docs');

const SAMPLES = [
  'bai-8-cong-tac-cap-uy-co-so-va-bi-thu.txt',
  'chi-bo-co-quan-cap-xa.txt',
  'nang-cao-nang-luc-lanh-dao-tccsd-ket-luan-38.txt',
  'quan-he-cong-tac-dang-bo-co-so-co-quan-138-qd-tw.txt',
  'quy-che-lam-viec-cap-uy-co-so.txt',
];

function documentOf(text: string, file = 'doc.txt'): CleanDocument {
  return { meta: { file, title: file, kind: 'article', status: { state: 'in-force' } }, text, contentHash: '' };
}

function readDocument(dir: string, file: string): CleanDocument {
  return documentOf(cleanPageText(readFileSync(path.join(dir, file), 'utf8'), 'txt'), file);
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function chunkWith(chunks: Chunk[], phrase: string): Chunk {
  const found = chunks.filter((chunk) => chunk.text.includes(phrase));
  expect(found, `one chunk containing "${phrase}"`).toHaveLength(1);
  return found[0] as Chunk;
}

/** Every chunk within the limits, unless it is one sentence longer than the maximum. */
function expectWithinLimits(chunks: Chunk[], min: number, max: number): void {
  for (const chunk of chunks) {
    const size = words(chunk.text);
    if (size > max) expect(splitSentences(chunk.text), chunk.text).toHaveLength(1);
    expect(size, chunk.text).toBeGreaterThanOrEqual(min);
  }
}

describe('splitSentences', () => {
  it('keeps a line’s numbering with its first sentence, and splits the sentences after it', () => {
    expect(splitSentences('1.2.1. Người vào Đảng phải có bằng. Hai là học tập.\nĐiều 5. Thời hạn\n- Bảo đảm. Tốt.')).toEqual([
      '1.2.1. Người vào Đảng phải có bằng.',
      'Hai là học tập.',
      'Điều 5. Thời hạn',
      '- Bảo đảm.',
      'Tốt.',
    ]);
  });
});

describe('chunkDocument on the sample corpus', () => {
  it.each(SAMPLES)('%s: ids, ordinals, display text and sizes', (file) => {
    const doc = readDocument(corpusDir, file);
    const chunks = chunkDocument(doc);
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, ordinal) => {
      expect(chunk).toMatchObject({ id: `${file}#${ordinal}`, docId: file, ordinal });
      for (const line of chunk.text.split('\n')) expect(doc.text).toContain(line);
    });
    // Nothing is lost or repeated: the chunks hold the document's words in order.
    expect(
      chunks
        .map((chunk) => chunk.text)
        .join(' ')
        .split(/\s+/),
    ).toEqual(doc.text.split(/\s+/));
    expectWithinLimits(chunks, 60, 250);
  });

  it('bai-8: chunks sit under the numbered headings of the lesson', () => {
    const chunks = chunkDocument(readDocument(corpusDir, SAMPLES[0] as string));
    const duties = chunkWith(chunks, 'khai trừ đảng viên');
    // Items cut off from their lead-in sit under it, so the chunk still says what its list is.
    expect(duties.headingPath).toEqual(['CÔNG TÁC CỦA CẤP ỦY ĐẢNG Ở CƠ SỞ VÀ CỦA NGƯỜI BÍ THƯ', '3. Nhiệm vụ:', 'Tổ chức cơ sở đảng có nhiệm vụ:']);
    // The lead-in stays with the first items of its list, and is not its own chunk's heading.
    const leadIn = chunkWith(chunks, 'Tổ chức cơ sở đảng có nhiệm vụ:');
    expect(leadIn.text).toContain('Tổ chức cơ sở đảng có nhiệm vụ:\n- Lãnh đạo tổ chức cơ sở đảng chấp hành');
    expect(leadIn.headingPath.at(-1)).toBe('3. Nhiệm vụ:');
    // "+" items stay with the "-" item they belong to.
    const reform = chunkWith(chunks, '- Kiện toàn tổ chức và hoạt động của cấp ủy cơ sở');
    expect(reform.text).toContain('+ Hoàn thiện chế độ chính sách đối với cán bộ ở cơ sở.');
    expect(chunkWith(chunks, 'Tăng cường công tác đào tạo, bồi dưỡng').id).toBe(reform.id);
    // The titles in capitals are not chunks of their own.
    expect(chunks[0]?.text.startsWith('BÀI 8: CÔNG TÁC CỦA CẤP ỦY ĐẢNG Ở CƠ SỞ VÀ CỦA NGƯỜI BÍ THƯ\n')).toBe(true);
    expect(chunks[0]?.text).toContain('1. Khái niệm:\nCấp ủy cơ sở (đảng ủy, chi ủy cơ sở)');
    expect(chunkWith(chunks, 'Nắm vững Cương lĩnh').headingPath.at(-1)).toBe('6. Nhiệm vụ của người bí thư cấp ủy cơ sở:');
  });

  it('138 Q&A: passages sit under their question', () => {
    const chunks = chunkDocument(readDocument(corpusDir, SAMPLES[3] as string));
    expect(chunkWith(chunks, 'họp định kỳ mỗi tháng một lần').headingPath).toEqual([
      '2. Quy định về nhiệm vụ và quyền hạn của đảng đoàn, ban cán sự đảng thế nào ?',
      'Nhiệm vụ và quyền hạn của đảng đoàn và ban cán sự đảng được quy định theo quy định tại Mục 31 Quy định 24-QĐ/TW năm 2021 như sau:',
    ]);
    expect(chunkWith(chunks, 'Điều 23 của Điều lệ Đảng').headingPath).toEqual(['3. Quy định về nhiệm vụ của Đảng bộ, chi bộ cơ sở cơ quan?']);
    expect(chunkWith(chunks, 'Tổng quát lại').headingPath[0]).toMatch(/^1\. Hướng dẫn Quan hệ công tác/);
    // Each chunk sits under its question, and under the lead-in of a list it starts inside.
    expect(chunks.every((chunk) => chunk.headingPath.length === 1 || (chunk.headingPath.length === 2 && chunk.headingPath[1]!.endsWith(':')))).toBe(true);
  });

  it('Kết luận 38: every enumerated task stays whole', () => {
    const doc = readDocument(corpusDir, SAMPLES[2] as string);
    const chunks = chunkDocument(doc);
    const tasks = doc.text.split('\n').filter((line) => /^(Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám) là,/u.test(line));
    expect(tasks).toHaveLength(8);
    for (const task of tasks) expect(chunks.filter((chunk) => chunk.text.includes(task))).toHaveLength(1);
    expect(chunkWith(chunks, 'Sáu là, thực hiện tốt chủ trương').text).toContain('năng lực lãnh đạo của chi ủy còn hạn chế.');
    // The lead-in "... nhiệm vụ trọng tâm sau:" comes with "Một là".
    expect(chunkWith(chunks, 'một số nhiệm vụ trọng tâm sau:').text).toContain('\nMột là, đổi mới');
  });

  it('news article: the subheading becomes the path of the paragraphs below it', () => {
    const chunks = chunkDocument(readDocument(corpusDir, SAMPLES[1] as string));
    expect(chunkWith(chunks, '288 chi bộ').headingPath).toEqual(['Chi bộ cơ quan cấp xã, đáp ứng nhiệm vụ chính trị ở cơ sở']);
    expect(chunkWith(chunks, 'Dương Út').headingPath).toEqual(['Chi bộ cơ quan cấp xã phát huy tốt vai trò nhiệm vụ chính trị ở đơn vị']);
  });

  it('district article: a paragraph longer than the limit is split, the "X là" items are not', () => {
    const doc = readDocument(corpusDir, SAMPLES[4] as string);
    const chunks = chunkDocument(doc);
    const longParagraph = doc.text.split('\n').find((line) => line.startsWith('Tuy nhiên, qua kiểm tra'));
    expect(words(longParagraph ?? '')).toBeGreaterThan(250);
    const parts = chunks.filter((chunk) => longParagraph?.includes(chunk.text.split('\n')[0] ?? '-'));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((chunk) => chunk.text).join(' ')).toBe(longParagraph);
    for (const item of ['Một là,', 'Hai là,', 'Ba là,', 'Bốn là,', 'Năm là,']) {
      const line = doc.text.split('\n').find((candidate) => candidate.startsWith(item)) ?? '';
      expect(chunkWith(chunks, item).text).toContain(line);
    }
  });
});

describe('chunkDocument on Party documents extracted from PDFs', () => {
  it('Quy định 294-QĐ/TW: numbering is the structure and no chunk is over the limit', () => {
    const doc = readDocument(partyDocsDir, 'quy-dinh-294-QD-TW-2025-thi-hanh-dieu-le-dang.txt');
    const chunks = chunkDocument(doc);
    expect(chunks.length).toBeGreaterThan(80);
    expectWithinLimits(chunks, 40, 250);
    const age = chunkWith(chunks, 'người vào Đảng phải đủ 18 tuổi đến đủ 60 tuổi');
    expect(age.headingPath.slice(-2)).toEqual(['1. Điều 1 (Khoản 2): Tuổi đời và trình độ học vấn của người vào Đảng', '1.1. Về tuổi đời.']);
    expect(age.text).toContain('1.1. Về tuổi đời.\n1.1.1. Tại thời điểm chi bộ xét kết nạp');
    const information = chunkWith(chunks, 'Định kỳ hằng tháng hoặc đột xuất, theo hướng dẫn của Ban Tuyên giáo');
    // Small sibling points are merged: the path is their parent, their headings stay in the text.
    expect(information.headingPath.at(-1)).toBe('2. Điều 3: Về quyền của đảng viên');
    expect(information.text).toContain('2.1. (Khoản 1): Quyền được thông tin của đảng viên.\nĐịnh kỳ hằng tháng');
    expect(information.text).toContain('\n2.2. (Khoản 2): Quyền của đảng viên trong việc ứng cử');
    // "a)" items nest under the numbered point they belong to.
    const readmission = chunkWith(chunks, 'Ít nhất là 36 tháng kể từ khi ra khỏi Đảng');
    expect(readmission.headingPath.at(-1)).toMatch(/^3\.5\.1\. /);
    expect(readmission.headingPath).toContain('3. Điều 4: Giới thiệu và kết nạp người vào Đảng');
  });

  it('Điều lệ Đảng: chapters with their titles, then articles', () => {
    const chunks = chunkDocument(readDocument(partyDocsDir, 'dieu-le-dang-2011.txt'));
    expect(chunkWith(chunks, 'Thủ tục kết nạp đảng viên (kể cả kết nạp lại)').headingPath.slice(0, 2)).toEqual(['Chương I ĐẢNG VIÊN', 'Điều 4.']);
    expect(chunkWith(chunks, 'Tổ chức cơ sở đảng (chi bộ cơ sở, đảng bộ cơ sở) là nền tảng').headingPath[0]).toBe('Chương V TỔ CHỨC CƠ SỞ ĐẢNG');
    expectWithinLimits(chunks, 40, 250);
  });
});

describe('chunkDocument structure rules', () => {
  const sentence = (n: number): string => `Câu số ${n} nói về việc sinh hoạt chi bộ định kỳ hằng tháng.`;

  it('honours custom limits and splits a long item between sentences', () => {
    const item = `- ${Array.from({ length: 12 }, (_, n) => sentence(n + 1)).join(' ')}`;
    const text = ['1. Nội dung:', 'Chi bộ có nhiệm vụ:', item, '- Mục ngắn thứ hai.'].join('\n');
    const chunks = chunkDocument(documentOf(text), { minWords: 10, maxWords: 40 });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) {
      expect(words(chunk.text)).toBeLessThanOrEqual(40);
      expect(chunk.headingPath).toEqual(['1. Nội dung:']);
      // Splits fall between sentences.
      expect(chunk.text).toMatch(/\.$/);
    }
    expect(chunks[0]?.text.startsWith('1. Nội dung:\nChi bộ có nhiệm vụ:\n- Câu số 1')).toBe(true);
  });

  it('never leaves a heading on its own and merges small sibling sections', () => {
    const text = ['I. PHẦN MỘT', '1. Mục nhỏ', sentence(1), '2. Mục nhỏ khác', sentence(2), 'II. PHẦN HAI', sentence(3)].join('\n');
    const chunks = chunkDocument(documentOf(text), { minWords: 30, maxWords: 100 });
    expect(chunks.map((chunk) => chunk.headingPath)).toEqual([[]]);
    expect(chunks[0]?.text).toBe(text);
  });

  it('does not cut a "-" item away from its "+" sub-items when it fits', () => {
    const plus = (n: number): string => `+ Ý phụ ${n}: ${sentence(n)}`;
    const text = ['Các giải pháp:', '- Giải pháp thứ nhất', plus(1), plus(2), '- Giải pháp thứ hai', plus(3), plus(4)].join('\n');
    const chunks = chunkDocument(documentOf(text), { minWords: 10, maxWords: 50 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      ['Các giải pháp:', '- Giải pháp thứ nhất', plus(1), plus(2)].join('\n'),
      ['- Giải pháp thứ hai', plus(3), plus(4)].join('\n'),
    ]);
  });

  it('returns no chunks for an empty document', () => {
    expect(chunkDocument(documentOf(''))).toEqual([]);
  });
});
