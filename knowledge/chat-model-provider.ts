import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';

/** Where the language model is (`LLM_*`). */
export interface ChatModelEndpoint {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/**
 * A chat model on any OpenAI-compatible endpoint (Ollama, vLLM, LM Studio, OpenAI). No retries:
 * a failure falls back to the extractive answer at once. Temperature 0: answers stay close to the passages.
 */
export function createChatModel(endpoint: ChatModelEndpoint): BaseChatModel {
  return new ChatOpenAI({
    model: endpoint.model,
    apiKey: endpoint.apiKey ?? 'not-needed',
    configuration: { baseURL: endpoint.baseUrl },
    temperature: 0,
    maxRetries: 0,
    timeout: endpoint.timeoutMs,
  });
}
