/**
 * `/admin/queues`: bull-board over the BullMQ queues (reminders, notices, broadcast deliveries),
 * behind HTTP basic auth (`ADMIN_USER` / `ADMIN_PASSWORD`); off when those are unset; read-only
 * unless `ADMIN_DASHBOARD_WRITE=true`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express from 'express';
import { askForCredentials, hasCredentials, type BasicCredentials } from './basic-auth.js';

/** Where the dashboard is served. */
export const DASHBOARD_PATH = '/admin/queues';

/** A request handler for everything under {@link DASHBOARD_PATH}. */
export type DashboardHandler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * The dashboard over `queues`, refusing every request without the right credentials. Read-only
 * unless `writable`: the pages show no buttons that change jobs, and any request that would
 * (anything but GET and HEAD) is refused with 403.
 */
export function createQueueDashboard(queues: readonly Queue[], auth: BasicCredentials & { writable: boolean }): DashboardHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: !auth.writable })), serverAdapter });
  const app = express();
  app.disable('x-powered-by');
  app.use(DASHBOARD_PATH, (request, response, next) => {
    if (!hasCredentials(request.headers.authorization, auth)) return askForCredentials(response, 'queues');
    if (auth.writable || request.method === 'GET' || request.method === 'HEAD') return next();
    response.status(403).type('text/plain').send('The queue dashboard is read-only: set ADMIN_DASHBOARD_WRITE=true to change jobs from it.');
  });
  app.use(DASHBOARD_PATH, serverAdapter.getRouter() as express.Router);
  return (request, response) => {
    app(request, response);
  };
}
