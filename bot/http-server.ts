import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../common/index.js';
import type { Channel } from './channel.js';

/** What the HTTP server serves. */
export interface HttpServerDeps {
  /** Channels whose webhooks are served at `/webhooks/<name>`. */
  channels: readonly Channel[];
  logger: Logger;
  /** Extra facts for `/healthz` (documents indexed, ...). */
  health?: () => Record<string, unknown>;
}

/** The process's one HTTP server: `/healthz` and the channels' webhooks. */
export interface HttpServer {
  /** Starts listening; resolves with the port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** Creates the HTTP server. A failing handler answers 500 and the process keeps running. */
export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const webhooks = new Map(deps.channels.map((channel) => [`/webhooks/${channel.name}`, channel]));

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz') {
      if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: 'method not allowed' });
      return sendJson(response, 200, { status: 'ok', channels: deps.channels.map((channel) => channel.name), ...deps.health?.() });
    }
    const channel = webhooks.get(path);
    if (channel) {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'method not allowed' });
      return channel.handleWebhook(request, response);
    }
    sendJson(response, 404, { error: 'not found' });
  }

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      deps.logger.error({ err: error, url: request.url }, 'HTTP handler failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.end();
    });
  });

  return {
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
