/** The command-line contracts of ../shared/DESIGN.md, run as a user runs them. */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
let dataDir: string;

function run(script: string, args: string[], input?: string, env: Record<string, string> = {}) {
  return new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
    const child = execFile(
      tsx,
      [`scripts/${script}.ts`, ...args],
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, ...env } },
      (error, stdout, stderr) => resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
    child.stdin?.end(input ?? '');
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'scripts-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('scripts', () => {
  it('ingest --json reports documents, chunks and time', async () => {
    const { stdout, code } = await run('ingest', ['--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { documents: number; chunks: number; ms: number };
    expect(report.documents).toBe(9);
    expect(report.chunks).toBeGreaterThan(20);
    expect(report.ms).toBeGreaterThanOrEqual(0);
  });

  it('ask --json answers each stdin line with one JSON object', async () => {
    const { stdout, code } = await run('ask', ['--json'], 'Đảng đoàn họp bao lâu một lần?\n\nCách nấu phở bò ngon?\n');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!).sort()).toEqual(['answer', 'citations', 'grounded', 'question']);
    expect(lines[0]).toMatchObject({ question: 'Đảng đoàn họp bao lâu một lần?', grounded: true });
    const citation = (lines[0]!.citations as Record<string, unknown>[])[0]!;
    expect(citation).toMatchObject({ source: 'quan-he-cong-tac-dang-bo-co-so-co-quan-138-qd-tw.txt' });
    for (const key of ['title', 'section', 'excerpt', 'score']) expect(citation).toHaveProperty(key);
    expect(lines[1]).toMatchObject({ grounded: false, citations: [] });
  });

  it('ask prints a readable Vietnamese answer with its sources', async () => {
    const { stdout, code } = await run('ask', ['dang', 'doan', 'hop', 'dot', 'xuat', 'khi', 'nao']);
    expect(code).toBe(0);
    expect(stdout).toContain('đột xuất');
    expect(stdout).toContain('Nguồn:');
  });

  it('ask skips an unreadable corpus file, names it, and answers from the rest', async () => {
    const corpus = await mkdtemp(path.join(os.tmpdir(), 'corpus-'));
    await writeFile(path.join(corpus, 'good.txt'), 'Chi bộ họp thường lệ mỗi tháng một lần. Bí thư chi bộ chủ trì cuộc họp của chi bộ.');
    await writeFile(path.join(corpus, 'broken.txt'), Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28]));
    const { stdout, stderr, code } = await run('ask', ['--json', '--corpus', corpus, 'Chi bộ họp mấy lần một tháng?'], undefined, { LOG_LEVEL: 'warn' });
    await rm(corpus, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(stderr).toContain('broken.txt');
    expect(JSON.parse(stdout)).toMatchObject({ grounded: true, citations: [{ source: 'good.txt' }] });
  });

  it('eval scores a JSON-lines corpus by document id', async () => {
    const corpus = path.join(dataDir, 'corpus.jsonl');
    const questions = path.join(dataDir, 'questions.jsonl');
    await writeFile(
      corpus,
      [
        { id: 'a', text: 'Chi bộ họp thường lệ mỗi tháng một lần.' },
        { id: 'b', title: 'Đảng phí', text: 'Đảng viên đóng đảng phí hằng tháng.' },
        { id: 'c', text: 'Đảng ủy cơ sở được ủy quyền kết nạp đảng viên.' },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    await writeFile(
      questions,
      [
        { id: 'q1', question: 'Chi bộ họp mấy lần?', relevant: ['a'] },
        { id: 'q2', question: 'đóng đảng phí khi nào', relevant: ['b'] },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const { stdout, code } = await run('eval', ['--corpus-jsonl', corpus, '--questions', questions, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, number>;
    expect(result).toMatchObject({ questions: 2, recall_at_1: 1, recall_at_5: 1, recall_at_10: 1, mrr_at_10: 1 });
    for (const key of ['p50_ms', 'p95_ms', 'index_ms']) expect(result[key]).toBeGreaterThanOrEqual(0);
  });

  it('a bad configuration value stops with one line naming the variable', async () => {
    const { stderr, code } = await run('ask', ['câu hỏi'], undefined, { EMBEDDINGS: 'magic' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('Error: Invalid EMBEDDINGS: expected auto | hashing | openai | local, got "magic"');
  });

  it('the production build (dist/, what the Docker image runs) answers like the TypeScript sources', async () => {
    // Inside the repository, so that the compiled files find its node_modules.
    const outDir = await mkdtemp(path.join(repoRoot, '.build-'));
    try {
      const build = await new Promise<number>((resolve) => {
        execFile(path.join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: repoRoot }, (error) =>
          resolve(error ? 1 : 0),
        );
      });
      expect(build).toBe(0);
      await cp(path.join(repoRoot, 'knowledge', 'party-vocabulary.json'), path.join(outDir, 'knowledge', 'party-vocabulary.json'));
      const answer = await new Promise<{ stdout: string; code: number }>((resolve) => {
        execFile(
          process.execPath,
          [path.join(outDir, 'scripts', 'ask.js'), 'Chi bộ họp mấy lần một tháng?'],
          { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir } },
          (error, stdout) => resolve({ stdout, code: error ? 1 : 0 }),
        );
      });
      expect(answer.code).toBe(0);
      expect(answer.stdout).toContain('họp thường lệ mỗi tháng một lần');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 60_000);
});
