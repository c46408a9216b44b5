/** HTTP basic auth for the operator's pages (`/admin/queues`, and `/metrics` with `METRICS_AUTH=true`). */
import type { ServerResponse } from 'node:http';
import { sameSecret } from '../common/index.js';

/** A user name and password. */
export interface BasicCredentials {
  user: string;
  password: string;
}

/** The user and password of a basic-auth header, if any. */
function credentials(header: string | undefined): BasicCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/u.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** True when the authorization header holds the expected credentials. */
export function hasCredentials(header: string | undefined, expected: BasicCredentials): boolean {
  const given = credentials(header);
  // Both compared, always, so that the time taken says nothing about which one was wrong.
  const userOk = sameSecret(given?.user ?? '', expected.user);
  const passwordOk = sameSecret(given?.password ?? '', expected.password);
  return given !== undefined && userOk && passwordOk;
}

/** Answers 401 asking the browser for credentials. */
export function askForCredentials(response: ServerResponse, realm: string): void {
  response.writeHead(401, { 'www-authenticate': `Basic realm="${realm}", charset="UTF-8"`, 'content-type': 'text/plain; charset=utf-8' });
  response.end('Authentication required');
}
