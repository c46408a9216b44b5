import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { Sender } from '../common/index.js';

/**
 * One chat platform: it receives members' messages (long polling or a webhook), hands them to
 * the conversation, renders the replies itself, and sends outbound messages for the workers.
 */
export interface Channel extends Sender {
  /** Starts receiving: long polling, or registering the webhook when a public URL is set. */
  start(): Promise<void>;
  /** Stops receiving and waits for the replies being written. */
  stop(): Promise<void>;
  /** The webhook endpoint, for the HTTP server (reads the body, checks the secret, answers). */
  handleWebhook(request: HttpRequest, response: ServerResponse): Promise<void>;
  /** Why the channel stopped receiving on its own (the platform refused the token), if it did: /healthz shows it failed. */
  failure(): string | undefined;
}
