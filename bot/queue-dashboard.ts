/**
 * `/admin/queues`: bull-board over the BullMQ queues (reminders, notices, broadcast deliveries),
 * behind HTTP basic auth (`ADMIN_USER` / `ADMIN_PASSWORD`); off when those are unset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';
import { sameSecret } from '../common/index.js';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/admin/queues';

/** A request handler for everything under {@link DASHBOARD_PATH}. */
export type DashboardHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** The user and password of a basic-auth header, if any. */
function credentials(header: string | undefined): { user: string; password: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/u.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The dashboard over `queues`, refusing every request without the right credentials. */
export function createQueueDashboard(queues: readonly Queue[], auth: { user: string; password: string }): DashboardHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter });
  const app = express();
  app.disable('x-powered-by');
  app.use(DASHBOARD_PATH, (request, response, next) => {
    const given = credentials(request.headers.authorization);
    // Both compared, always, so that the time taken says nothing about which one was wrong.
    const userOk = sameSecret(given?.user ?? '', auth.user);
    const passwordOk = sameSecret(given?.password ?? '', auth.password);
    if (given && userOk && passwordOk) return next();
    response.set('WWW-Authenticate', 'Basic realm="queues", charset="UTF-8"').status(401).send('Authentication required');
  });
  app.use(DASHBOARD_PATH, serverAdapter.getRouter() as express.Router);
  return (request, response) => {
    app(request, response);
  };
}
