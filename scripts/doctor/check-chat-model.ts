/** The language model endpoint (`LLM_*`) answers and serves the model named, by one cheap `GET /models`. */
import type { AppConfig } from '../../common/index.js';
import { fail, pass, reasonOf, shownUrl, skip, warn, type CheckResult } from './check-result.js';
import { withinDeadline } from './deadline.js';

/** Whether the ids a `/models` answer lists name `model`; Ollama lists "qwen2.5" as "qwen2.5:latest". */
function lists(ids: readonly string[], model: string): boolean {
  return ids.includes(model) || ids.includes(`${model}:latest`);
}

/** One line for the chat model: skipped when none is configured (answers are then quoted from the documents). */
export async function checkChatModel(llm: AppConfig['llm'], timeoutMs: number): Promise<CheckResult> {
  if (!llm) return skip('llm', 'không cấu hình (LLM_BASE_URL trống): câu trả lời trích nguyên văn từ tài liệu');
  const base = shownUrl(llm.baseUrl);
  const unreachable = 'chạy máy chủ mô hình (Ollama, vLLM…) hoặc sửa LLM_BASE_URL; trong lúc đó câu trả lời trích nguyên văn từ tài liệu';
  let response: Response;
  let body: unknown;
  try {
    const request = fetch(`${llm.baseUrl.replace(/\/+$/u, '')}/models`, {
      headers: llm.apiKey ? { authorization: `Bearer ${llm.apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    }).then(async (answer) => ({ answer, body: await answer.json().catch(() => undefined) }));
    ({ answer: response, body } = await withinDeadline(request, timeoutMs + 500, 'GET /models'));
  } catch (error) {
    return fail('llm', `không kết nối được ${base} (${reasonOf(error)})`, unreachable);
  }
  if (response.status === 401 || response.status === 403) return fail('llm', `${base} từ chối khóa API (${response.status})`, 'sửa LLM_API_KEY');
  if (!response.ok) {
    return warn(
      'llm',
      `${base} trả lời ${response.status} cho /models: chưa kiểm tra được mô hình ${llm.model}`,
      'thử một câu hỏi sau khi npm start; xem nhật ký nếu câu trả lời vẫn là trích nguyên văn',
    );
  }
  const data = (body as { data?: unknown } | undefined)?.data;
  const ids = Array.isArray(data) ? data.map((entry) => String((entry as { id?: unknown }).id)) : [];
  if (lists(ids, llm.model)) return pass('llm', `${base} có mô hình ${llm.model}`);
  const offered = ids.length > 0 ? ` (có: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? '…' : ''})` : '';
  return fail('llm', `${base} không có mô hình ${llm.model}${offered}`, `tải mô hình về máy chủ (ollama pull ${llm.model}) hoặc sửa LLM_MODEL`);
}
