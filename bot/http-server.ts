import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger, Metrics } from '../common/index.js';
import { askForCredentials, hasCredentials, type BasicCredentials } from './basic-auth.js';
import type { Channel } from './channel.js';
import { settleWithin } from './stop-grace.js';
import { DASHBOARD_PATH, type DashboardHandler } from './queue-dashboard.js';

/** What the HTTP server serves. */
export interface HttpServerDeps {
  /** Channels whose webhooks are served at `/webhooks/<name>`. */
  channels: readonly Channel[];
  logger: Logger;
  /** What `/healthz` reports besides the channels: `status` ('ok' or 'degraded'), Redis, documents indexed ... */
  health?: () => Record<string, unknown>;
  /** Served at `/metrics` in Prometheus's text format. */
  metrics?: Metrics;
  /** Credentials `/metrics` asks for (`METRICS_AUTH=true`); open when absent. */
  metricsAuth?: BasicCredentials;
  /** What serves everything under `/admin/queues` (it checks its own credentials), if anything does now. */
  dashboard?: () => DashboardHandler | undefined;
}

/** The process's one HTTP server: `/healthz`, `/metrics`, `/admin/queues` and the channels' webhooks. */
export interface HttpServer {
  /** Starts listening; resolves with the port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Stops taking connections and webhook updates (answered 503, so the platform delivers them
   * again later), then waits up to `graceMs` for the requests being handled.
   */
  drain(graceMs: number): Promise<void>;
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
    if (path === '/metrics' && deps.metrics) {
      if (request.method !== 'GET') return sendJson(response, 405, { error: 'method not allowed' });
      if (deps.metricsAuth && !hasCredentials(request.headers.authorization, deps.metricsAuth)) return askForCredentials(response, 'metrics');
      const body = await deps.metrics.registry.metrics();
      response.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      return void response.end(body);
    }
    const dashboard = deps.dashboard?.();
    if ((path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`)) && dashboard) return dashboard(request, response);
    const channel = webhooks.get(path);
    if (channel) {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'method not allowed' });
      return channel.handleWebhook(request, response);
    }
    sendJson(response, 404, { error: 'not found' });
  }

  let draining = false;
  const handling = new Set<Promise<void>>();
  const server: Server = createServer((request, response) => {
    if (draining && request.url?.startsWith('/webhooks/')) {
      request.resume();
      response.setHeader('retry-after', '5');
      response.setHeader('connection', 'close');
      return sendJson(response, 503, { error: 'shutting down' });
    }
    const task = route(request, response).catch((error: unknown) => {
      deps.logger.error({ err: error, url: request.url }, 'HTTP handler failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.end();
    });
    handling.add(task);
    void task.finally(() => handling.delete(task));
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
    async drain(graceMs) {
      draining = true;
      if (server.listening) server.close();
      server.closeIdleConnections();
      await settleWithin(handling, graceMs);
    },
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) {
          server.closeAllConnections();
          return resolve();
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
