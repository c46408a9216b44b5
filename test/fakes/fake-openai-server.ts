/**
 * A fake OpenAI-compatible API on 127.0.0.1 (what Ollama, vLLM and OpenAI speak):
 * `POST /v1/chat/completions` answers what the test scripts, `POST /v1/embeddings` answers
 * deterministic vectors of a settable dimension (as floats, or base64 when asked).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat request as received. */
export interface ChatCall {
  model: string;
  messages: { role: string; content: string }[];
}

/** How the fake answers one chat request. */
export type ChatReply = string | { content?: string; delayMs?: number; status?: number };

/** A running fake. */
export interface FakeOpenAI {
  /** What to give as the base URL (`…/v1`). */
  baseUrl: string;
  /** Chat requests, in order. */
  chatCalls: ChatCall[];
  /** Embedding requests: their inputs. */
  embeddingCalls: string[][];
  /** Sets how chat requests are answered (a function of the request, or the same reply each time). */
  onChat(reply: ChatReply | ((call: ChatCall) => ChatReply)): void;
  /** Sets the length of the vectors answered. */
  setDimensions(dimensions: number): void;
  close(): Promise<void>;
}

/** A unit vector from the text's character trigrams: similar texts get similar vectors. */
function vectorOf(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const folded = text.toLowerCase();
  for (let i = 0; i + 3 <= folded.length; i += 1) {
    let hash = 2166136261;
    for (const char of folded.slice(i, i + 3)) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
    vector[(hash >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** Starts the fake on a random port. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const chatCalls: ChatCall[] = [];
  const embeddingCalls: string[][] = [];
  let reply: ChatReply | ((call: ChatCall) => ChatReply) = 'Không có kịch bản.';
  let dimensions = 64;

  async function chat(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await bodyOf(request);
    const call: ChatCall = {
      model: String(body.model),
      messages: (body.messages as ChatCall['messages']).map((m) => ({ role: m.role, content: String(m.content) })),
    };
    chatCalls.push(call);
    const scripted = typeof reply === 'function' ? reply(call) : reply;
    const { content = '', delayMs = 0, status = 200 } = typeof scripted === 'string' ? { content: scripted } : scripted;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (status !== 200) return json(response, status, { error: { message: 'scripted failure', type: 'server_error' } });
    json(response, 200, {
      id: `chatcmpl-${chatCalls.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: call.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }

  async function embeddings(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await bodyOf(request);
    const inputs = (Array.isArray(body.input) ? body.input : [body.input]).map(String);
    embeddingCalls.push(inputs);
    const base64 = body.encoding_format === 'base64';
    const data = inputs.map((input, index) => {
      const vector = vectorOf(input, dimensions);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
    });
    json(response, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const handler = path === '/v1/chat/completions' ? chat : path === '/v1/embeddings' ? embeddings : undefined;
    if (!handler || request.method !== 'POST') return json(response, 404, { error: { message: 'not found' } });
    handler(request, response).catch(() => json(response, 500, { error: { message: 'fake failed' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    chatCalls,
    embeddingCalls,
    onChat(next) {
      reply = next;
    },
    setDimensions(next) {
      dimensions = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
