/**
 * `npm run doctor` against real parts: a fake Telegram Bot API and a fake Zalo Bot API on
 * 127.0.0.1, the Redis at 127.0.0.1:6379 and a closed port, a corpus folder with files the
 * knowledge engine refuses, an index built and then outdated, fake model endpoints; once as a
 * child process for the exit code and the `--json` shape.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConfig, silentLogger } from '../common/index.js';
import { openCorpusKnowledgeBase } from '../knowledge/index.js';
import { CHECK_NAMES, formatReport, runDoctor, STATUS_MARKS, type CheckName, type CheckResult, type DoctorReport } from '../scripts/doctor/index.js';
import { startFakeOpenAI } from './fakes/fake-openai-server.js';
import { FAKE_BOT } from './fakes/fake-telegram-server.js';
import { startFakeZalo } from './fakes/fake-zalo-server.js';
import { freePort } from './fakes/test-helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const TELEGRAM_TOKEN = '123456:doctor-test-token-valid-0001';
const REVOKED_TOKEN = '654321:doctor-test-token-revoked-01';
const REGULATION = [
  '# Quy định sinh hoạt chi bộ',
  '',
  'Điều 1. Chi bộ sinh hoạt thường kỳ mỗi tháng một lần.',
  '',
  'Điều 2. Đảng viên dự họp đầy đủ.',
  '',
].join('\n');

/** A small HTTP server on 127.0.0.1 answering with `handle`. */
async function listen(
  handle: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The Telegram Bot API as the doctor calls it: getMe and getWebhookInfo for one token, 401 for any other. */
async function startFakeBotApi(webhook: Record<string, unknown> = { url: '', has_custom_certificate: false, pending_update_count: 0 }) {
  const server = await listen((request, response) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match || match[1] !== TELEGRAM_TOKEN) return json(response, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (match[2] === 'getMe') return json(response, 200, { ok: true, result: FAKE_BOT });
    if (match[2] === 'getWebhookInfo') return json(response, 200, { ok: true, result: webhook });
    json(response, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
  });
  return { apiRoot: server.url, webhook, close: server.close };
}

/** An OpenAI-compatible `GET /v1/models` listing `models`, for the key `apiKey` only. */
async function startFakeModels(models: readonly string[], apiKey: string) {
  const server = await listen((request, response) => {
    if (request.url !== '/v1/models' || request.method !== 'GET') return json(response, 404, { error: { message: 'not found' } });
    if (request.headers.authorization !== `Bearer ${apiKey}`) return json(response, 401, { error: { message: 'invalid api key' } });
    json(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'library' })) });
  });
  return { baseUrl: `${server.url}/v1`, close: server.close };
}

let root: string;
const closing: (() => Promise<void>)[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'doctor-'));
});
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The variables every test sets (a type, not an interface: it must pass as an environment record). */
type TestEnv = { CORPUS_DIR: string; DATA_DIR: string; REDIS_URL: string; EMBEDDINGS: string; LOG_LEVEL: string };

/** A corpus folder of its own with one regulation, and an empty DATA_DIR: the environment of one test. */
async function setting(name: string, files: Record<string, string | Buffer> = {}): Promise<TestEnv> {
  const corpus = path.join(root, name, 'corpus');
  await mkdir(corpus, { recursive: true });
  for (const [file, content] of Object.entries({ 'quy-dinh-sinh-hoat.md': REGULATION, ...files })) await writeFile(path.join(corpus, file), content);
  return { CORPUS_DIR: corpus, DATA_DIR: path.join(root, name, 'data'), REDIS_URL: 'redis://127.0.0.1:6379', EMBEDDINGS: 'hashing', LOG_LEVEL: 'silent' };
}

/** Builds the index of the environment's corpus, as `npm run ingest` does. */
async function buildIndex(env: TestEnv): Promise<void> {
  await openCorpusKnowledgeBase(createConfig(env), silentLogger());
}

function check(report: DoctorReport, name: CheckName): CheckResult {
  const found = report.checks.find((result) => result.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(report.checks.map((result) => result.name))}`);
  return found;
}

describe('doctor', () => {
  it('passes a working setup: both tokens valid, no stray webhook, Redis answering, the corpus read and its index current', async () => {
    const telegram = await startFakeBotApi();
    const zalo = await startFakeZalo();
    closing.push(telegram.close, () => zalo.close());
    const env = {
      ...(await setting('working')),
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.apiRoot,
    };
    await buildIndex(env);

    const report = await runDoctor(env);

    expect(report.checks.map((result) => result.name)).toEqual([...CHECK_NAMES]);
    expect(report.ok).toBe(true);
    expect(check(report, 'config')).toMatchObject({ status: 'pass', detail: expect.stringContaining('kênh Telegram, Zalo, nhận tin bằng long polling') });
    expect(check(report, 'telegram')).toMatchObject({ status: 'pass', detail: 'token hợp lệ: bot @chibo_bot (Trợ lý Chi bộ)' });
    expect(check(report, 'zalo')).toMatchObject({ status: 'pass', detail: 'token hợp lệ: bot Trợ lý Chi bộ (bot.chibo)' });
    expect(check(report, 'telegram-webhook')).toMatchObject({ status: 'pass', detail: expect.stringContaining('long polling') });
    expect(check(report, 'zalo-webhook')).toMatchObject({ status: 'pass' });
    // The machine's Redis decides pass or warn (AOF, eviction policy); either way it answered with its facts.
    const redis = check(report, 'redis');
    expect(redis.ok).toBe(true);
    expect(redis.detail).toMatch(/^Redis \d+\.\d+\.\d+, AOF (bật|tắt), maxmemory-policy [a-z-]+$/u);
    expect(check(report, 'corpus')).toMatchObject({ status: 'pass', detail: `1 tài liệu, 1 đoạn trong ${env.CORPUS_DIR}` });
    expect(check(report, 'index')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^hiện hành: 1 tài liệu, 1 đoạn, embeddings hashing, 768 chiều/u),
    });
    expect(check(report, 'llm')).toMatchObject({ status: 'skip', detail: expect.stringContaining('không cấu hình') });
    expect(check(report, 'embeddings')).toMatchObject({ status: 'skip', detail: 'không cấu hình máy chủ embeddings; dùng hashing, 768 chiều' });
    expect(check(report, 'timezone')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^APP_TIMEZONE Asia\/Ho_Chi_Minh \(UTC\+07:00\)/u) });

    const lines = formatReport(report).trimEnd().split('\n');
    expect(lines).toHaveLength(report.checks.length + 1);
    expect(lines[2]).toBe(`${STATUS_MARKS.pass} Telegram: token hợp lệ: bot @chibo_bot (Trợ lý Chi bộ)`);
    expect(lines.at(-1)).toMatch(/^Mọi kiểm tra đều đạt/u);
  });

  it('fails a revoked Telegram token with the fix, and leaves its webhook unchecked', async () => {
    const telegram = await startFakeBotApi();
    closing.push(telegram.close);
    const env = { ...(await setting('revoked')), TELEGRAM_BOT_TOKEN: REVOKED_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot };

    const report = await runDoctor(env);

    expect(report.ok).toBe(false);
    expect(check(report, 'telegram')).toEqual({
      name: 'telegram',
      ok: false,
      status: 'fail',
      detail: 'Telegram từ chối token (401 Unauthorized)',
      fix: 'lấy token mới từ @BotFather (/token) và sửa TELEGRAM_BOT_TOKEN',
    });
    expect(check(report, 'telegram-webhook')).toMatchObject({ status: 'skip' });
    expect(JSON.stringify(report)).not.toContain(REVOKED_TOKEN);
    expect(formatReport(report)).toContain('✗ Telegram: Telegram từ chối token (401 Unauthorized) — lấy token mới từ @BotFather');
  });

  it('in webhook mode, fails Telegram delivering with errors while updates wait, a Zalo webhook elsewhere and an http PUBLIC_URL', async () => {
    const publicUrl = `http://127.0.0.1:${await freePort()}`;
    const telegram = await startFakeBotApi({
      url: `${publicUrl}/webhooks/telegram`,
      has_custom_certificate: false,
      pending_update_count: 3,
      last_error_date: 1_700_000_000,
      last_error_message: 'Wrong response from the webhook: 502 Bad Gateway',
    });
    const zalo = await startFakeZalo();
    closing.push(telegram.close, () => zalo.close());
    // Another deployment registered its own webhook with the same Zalo token.
    await fetch(`${zalo.apiRoot}/bot${zalo.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://old.example.vn/webhooks/zalo', secret_token: 'old-secret-123' }),
    });
    const env = {
      ...(await setting('webhooks')),
      PUBLIC_URL: publicUrl,
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: 'telegram-secret',
      ZALO_BOT_TOKEN: zalo.token,
      ZALO_API_ROOT: zalo.apiRoot,
      ZALO_WEBHOOK_SECRET: 'zalo-secret-123',
    };

    const report = await runDoctor(env);

    expect(report.ok).toBe(false);
    expect(check(report, 'public-url')).toMatchObject({ status: 'fail', detail: `${publicUrl} không phải HTTPS`, fix: expect.stringContaining('https://') });
    const webhook = check(report, 'telegram-webhook');
    expect(webhook.status).toBe('fail');
    expect(webhook.detail).toBe(
      `khớp ${publicUrl}/webhooks/telegram, 3 cập nhật đang chờ; lỗi gửi gần nhất lúc 05:13 15/11/2023: Wrong response from the webhook: 502 Bad Gateway`,
    );
    expect(webhook.fix).toContain('proxy');
    expect(check(report, 'zalo-webhook')).toMatchObject({
      status: 'fail',
      detail: `Zalo đang gửi tin tới https://old.example.vn/webhooks/zalo, không phải ${publicUrl}/webhooks/zalo`,
    });

    // Once delivered, the same webhook passes; an old error with nothing waiting is only a warning.
    telegram.webhook.pending_update_count = 0;
    const recovered = await runDoctor(env);
    expect(check(recovered, 'telegram-webhook')).toMatchObject({ status: 'warn', ok: true });
    delete telegram.webhook.last_error_message;
    delete telegram.webhook.last_error_date;
    const clean = await runDoctor(env);
    expect(check(clean, 'telegram-webhook')).toMatchObject({ status: 'pass', detail: `khớp ${publicUrl}/webhooks/telegram, 0 cập nhật đang chờ` });
  });

  it('fails an https PUBLIC_URL nothing answers at, within the time limit', async () => {
    const env = { ...(await setting('unreachable')), PUBLIC_URL: `https://127.0.0.1:${await freePort()}` };
    const result = check(await runDoctor(env, { timeoutMs: 2_000 }), 'public-url');
    expect(result).toMatchObject({ status: 'fail', fix: expect.stringContaining('DNS') });
    expect(result.detail).toMatch(/^không tới được https:\/\/127\.0\.0\.1:\d+\/healthz từ máy này \(.*ECONNREFUSED/u);
  });

  it('fails fast when nothing answers at REDIS_URL, naming the URL and the fix', async () => {
    const port = await freePort();
    const env = { ...(await setting('no-redis')), REDIS_URL: `redis://127.0.0.1:${port}` };
    const started = performance.now();

    const report = await runDoctor(env, { timeoutMs: 2_000 });

    expect(performance.now() - started).toBeLessThan(10_000);
    expect(report.ok).toBe(false);
    const redis = check(report, 'redis');
    expect(redis).toMatchObject({ status: 'fail', fix: 'hãy chạy redis-server hoặc sửa REDIS_URL' });
    expect(redis.detail).toMatch(new RegExp(`^không kết nối được redis://127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`, 'u'));
    expect(formatReport(report)).toMatch(/^✗ Redis: không kết nối được redis:\/\/127\.0\.0\.1:\d+ .* — hãy chạy redis-server hoặc sửa REDIS_URL$/mu);
  });

  it('names each refused corpus file with its reason, and reports the index missing, current, then stale', async () => {
    const env = await setting('refused', { 'ban-scan.pdf': 'this is not a PDF at all', 'bien-ban.docx': 'PK but not a zip archive' });

    const before = await runDoctor(env);
    const corpus = check(before, 'corpus');
    expect(corpus.status).toBe('warn');
    expect(corpus.ok).toBe(true);
    expect(corpus.detail).toMatch(/^1 tài liệu, 1 đoạn trong .*; 2 tệp bị từ chối: /u);
    expect(corpus.detail).toContain('ban-scan.pdf (not a readable PDF');
    expect(corpus.detail).toContain('bien-ban.docx (not a readable Word (.docx) file');
    expect(check(before, 'index')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('chưa có chỉ mục'),
      fix: expect.stringContaining('npm run ingest'),
    });

    await buildIndex(env);
    expect(check(await runDoctor(env), 'index')).toMatchObject({ status: 'pass' });

    await writeFile(path.join(env.CORPUS_DIR, 'quy-dinh-sinh-hoat.md'), `${REGULATION}\nĐiều 3. Chi bộ kiểm tra việc thực hiện.\n`);
    await writeFile(path.join(env.CORPUS_DIR, 'huong-dan-moi.md'), '# Hướng dẫn mới\n\nĐiều 1. Bí thư chuẩn bị nội dung họp.\n');
    expect(check(await runDoctor(env), 'index')).toMatchObject({
      status: 'fail',
      detail: 'cũ: 1 tài liệu chưa lập (huong-dan-moi.md); 1 tài liệu đã sửa (quy-dinh-sinh-hoat.md)',
    });
    // Another embedding provider than the index's makes it stale too.
    const models = await startFakeOpenAI();
    closing.push(() => models.close());
    await rm(path.join(env.CORPUS_DIR, 'huong-dan-moi.md'));
    await buildIndex(env);
    const otherEmbeddings = await runDoctor({ ...env, EMBEDDINGS: 'openai', EMBEDDINGS_BASE_URL: models.baseUrl, EMBEDDINGS_MODEL: 'bge-m3' });
    expect(check(otherEmbeddings, 'index')).toMatchObject({
      status: 'fail',
      detail: 'cũ: lập bằng embeddings hashing, 768 chiều, cấu hình hiện cho openai, 64 chiều',
    });
    expect(check(otherEmbeddings, 'embeddings')).toMatchObject({ status: 'pass', detail: `${models.baseUrl} trả lời bằng mô hình bge-m3 (64 chiều)` });
  });

  it('checks the language model endpoint: a listed model passes, a missing model and a refused key fail with the fix', async () => {
    const models = await startFakeModels(['qwen2.5:latest', 'bge-m3:latest'], 'good-key');
    closing.push(() => models.close());
    const env = { ...(await setting('models')), LLM_BASE_URL: models.baseUrl, LLM_MODEL: 'qwen2.5', LLM_API_KEY: 'good-key' };

    expect(check(await runDoctor(env), 'llm')).toMatchObject({ status: 'pass', detail: `${models.baseUrl} có mô hình qwen2.5` });
    expect(check(await runDoctor({ ...env, LLM_MODEL: 'llama3.1:8b' }), 'llm')).toMatchObject({
      status: 'fail',
      detail: `${models.baseUrl} không có mô hình llama3.1:8b (có: qwen2.5:latest, bge-m3:latest)`,
      fix: 'tải mô hình về máy chủ (ollama pull llama3.1:8b) hoặc sửa LLM_MODEL',
    });
    expect(check(await runDoctor({ ...env, LLM_API_KEY: 'wrong-key' }), 'llm')).toMatchObject({ status: 'fail', fix: 'sửa LLM_API_KEY' });
  });

  it('reports only the configuration when a variable is wrong', async () => {
    const report = await runDoctor({ ...(await setting('bad-config')), PORT: 'tám nghìn' });
    expect(report).toEqual({
      ok: false,
      checks: [
        {
          name: 'config',
          ok: false,
          status: 'fail',
          detail: 'biến PORT không hợp lệ (Invalid PORT: expected a port number from 0 to 65535, got "tám nghìn")',
          fix: 'sửa PORT trong .env hoặc môi trường: cần a port number from 0 to 65535',
        },
      ],
    });
  });

  it('as a command, exits 1 with --json when a check fails and 0 with the printed report when all pass', async () => {
    const run = (args: string[], env: Record<string, string>) =>
      new Promise<{ stdout: string; code: number }>((resolve) => {
        execFile(
          tsx,
          [path.join(repoRoot, 'scripts', 'doctor.ts'), ...args],
          { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } },
          (error, stdout) => resolve({ stdout, code: error ? Number(error.code ?? 1) : 0 }),
        );
      });
    const env = await setting('command');

    const down = await run(['--json'], { ...env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(down.code).toBe(1);
    const report = JSON.parse(down.stdout) as DoctorReport;
    expect(Object.keys(report).sort()).toEqual(['checks', 'ok']);
    expect(report.ok).toBe(false);
    for (const result of report.checks) {
      expect(CHECK_NAMES).toContain(result.name);
      expect(['pass', 'warn', 'fail', 'skip']).toContain(result.status);
      expect(result.ok).toBe(result.status !== 'fail');
      expect(typeof result.detail).toBe('string');
      if (result.status === 'warn' || result.status === 'fail') expect(typeof result.fix).toBe('string');
    }
    expect(report.checks.filter((result) => !result.ok).map((result) => result.name)).toEqual(['redis', 'index']);

    await buildIndex(env);
    const up = await run([], env);
    expect(up.code).toBe(0);
    const lines = up.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).every((line) => /^[✓!–] /u.test(line))).toBe(true);
    expect(lines[0]).toBe('✓ Cấu hình: hợp lệ; không có token nào: npm start mở cuộc trò chuyện trong terminal');
    expect(lines.at(-1)).toMatch(/^Mọi kiểm tra đều đạt/u);
  });
});
