/** The language model of generative answers, from the `LLM_*` settings. */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';

/** Where the language model is (`LLM_*`). */
export interface ChatModelEndpoint {
  /** The API's base URL, `…/v1`. */
  baseUrl: string;
  /** The model's name ("qwen2.5:7b-instruct"). */
  model: string;
  /** Sent as the bearer token, when the endpoint needs one. */
  apiKey?: string;
  /** Longest wait for an answer. */
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
