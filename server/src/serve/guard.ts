// The request guard of `scribe serve`: what a request must be before it is routed. The server
// listens on loopback, but a web page in the user's browser can still reach it (a cross-origin
// POST, or DNS rebinding a name of the page's own to 127.0.0.1), so:
//   - the target is a path (`/v1/…`), validly percent-encoded (400);
//   - `Host` is this server by a loopback name and its port (403: DNS rebinding);
//   - no `Origin` header and no cross-site `Sec-Fetch-Site` (403: a browser page sent it);
//   - with a token, `Authorization: Bearer <token>`, compared in constant time (401).

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { clip, HttpError } from './http';

export interface GuardOptions {
  /** The port the server listens on: `Host` must name it. */
  port: number;
  /** When set, every request must carry it as a bearer token. */
  token?: string;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The request's path, percent-decoded, trailing slashes dropped; throws the refusal. */
export function guardRequest(req: IncomingMessage, options: GuardOptions): string {
  const target = req.url ?? '';
  if (!target.startsWith('/'))
    throw new HttpError(400, `the request target must be a path, not '${clip(target)}'`, undefined, 'invalid_path');
  checkHost(req.headers.host, options.port);
  checkBrowser(req);
  if (options.token !== undefined) checkToken(req.headers.authorization, options.token);
  return decodePath(target);
}

function checkHost(host: string | undefined, port: number): void {
  const allowed = host !== undefined && isLoopbackHost(host.toLowerCase(), port);
  if (!allowed)
    throw new HttpError(
      403,
      `Host '${clip(host ?? '')}' is not this server: use 127.0.0.1:${port} (or localhost, [::1])`,
      'invalid_request_error',
      'host_not_allowed',
    );
}

function isLoopbackHost(host: string, port: number): boolean {
  const colon = host.lastIndexOf(':');
  // `[::1]` alone has its colons inside the brackets.
  const hasPort = colon > host.lastIndexOf(']');
  const name = hasPort ? host.slice(0, colon) : host;
  const named = hasPort ? host.slice(colon + 1) : '80';
  return LOOPBACK_NAMES.has(name) && /^\d{1,5}$/.test(named) && Number(named) === port;
}

function checkBrowser(req: IncomingMessage): void {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (origin !== undefined || (site !== undefined && site !== 'none' && site !== 'same-origin'))
    throw new HttpError(
      403,
      `requests from web pages are refused (${origin !== undefined ? `Origin: ${clip(origin)}` : `Sec-Fetch-Site: ${clip(String(site))}`})`,
      'invalid_request_error',
      'origin_not_allowed',
    );
}

function checkToken(authorization: string | undefined, token: string): void {
  const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (m && sameSecret(m[1], token)) return;
  throw new HttpError(
    401,
    m ? 'incorrect bearer token' : 'this server requires a bearer token (Authorization: Bearer <token>)',
    'invalid_request_error',
    'invalid_api_key',
    { 'www-authenticate': 'Bearer realm="scribe serve"' },
  );
}

/** Equal in time independent of where they differ (digests first: equal lengths, length not leaked). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function decodePath(target: string): string {
  const query = target.indexOf('?');
  const raw = query < 0 ? target : target.slice(0, query);
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new HttpError(
      400,
      `the path '${clip(raw)}' is not valid percent-encoding (UTF-8)`,
      'invalid_request_error',
      'invalid_path',
    );
  }
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end);
}
