// `scribe serve`'s HTTP server: the OpenAI API (handlers.ts, routes.ts) in front of a TaskModel, on
// 127.0.0.1 only. Each request goes: guard (guard.ts: path, Host, Origin, token) → route →
// `Content-Type: application/json` for a POST → a slot among maxInFlight (503 beyond) → the body
// (size-capped, read within a deadline, UTF-8 JSON) → the handler. Every refusal is an
// OpenAI-style JSON error. Headers must arrive within headersTimeoutMs, the body within
// bodyTimeoutMs: a slow or stalled client is answered 408 and disconnected.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModuleCatalog } from '../catalog/types';
import type { TaskModel } from '../suggest/types';
import { guardRequest } from './guard';
import { isObject, openAiHandlers, type HandlerContext, type JsonBody } from './handlers';
import { HttpError, readJson, requireJsonBody, sendError } from './http';
import { findRoute, openAiRoutes, type Routes } from './routes';

export const DEFAULT_MODEL_ID = 'scribe-embedded';

export interface ServeLimits {
  /** Request body size cap (413 beyond). Prompts are a file's context and a few examples. */
  maxBodyBytes: number;
  /** Requests handled at once; more are answered 503 at once. */
  maxInFlight: number;
  /** The request line and headers must arrive within this (Node answers 408 and closes). */
  headersTimeoutMs: number;
  /** The body must arrive within this once the headers are in (408, then the connection closes). */
  bodyTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServeLimits = {
  maxBodyBytes: 1024 * 1024,
  maxInFlight: 16,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
};

export interface ServeOptions extends Pick<HandlerContext, 'attributionIndex' | 'lookup' | 'policy'> {
  model: TaskModel;
  catalog: ModuleCatalog;
  /** The id clients pass as `model` (default scribe-embedded). */
  modelId?: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** When set, every request needs `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  limits?: Partial<ServeLimits>;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<RunningServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const modelId = options.modelId ?? DEFAULT_MODEL_ID;
  const { model, catalog, attributionIndex, lookup, policy } = options;
  const routes = openAiRoutes(modelId, openAiHandlers({ model, catalog, modelId, attributionIndex, lookup, policy }));
  const inFlight = new InFlight(limits.maxInFlight);
  let port = 0;
  const serve = requestPipeline({
    routes,
    limits,
    inFlight,
    guard: () => ({ port, token: options.token }),
    log: options.log ?? (() => undefined),
  });
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // A backstop: the body deadline (ours, with a JSON answer) comes first.
      requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
      connectionsCheckingInterval: checkingInterval(limits),
    },
    (req, res) => void serve(req, res),
  );
  port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${port}/v1`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Pipeline {
  routes: Routes;
  limits: ServeLimits;
  inFlight: InFlight;
  guard: () => { port: number; token?: string };
  log: (line: string) => void;
}

/** One request, start to end: never throws; every failure becomes an OpenAI-style error. */
function requestPipeline(p: Pipeline): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const started = Date.now();
    const method = req.method ?? '';
    let path = req.url ?? '';
    try {
      path = guardRequest(req, p.guard());
      const route = findRoute(p.routes, path, method);
      if (route.method === 'POST') requireJsonBody(req);
      p.inFlight.take(res);
      const body = route.method === 'POST' ? await readObject(req, p.limits) : {};
      await route.handle(res, body);
      p.log(`${method} ${path} ${res.statusCode} ${Date.now() - started} ms`);
    } catch (e) {
      const err =
        e instanceof HttpError
          ? e
          : new HttpError(500, `internal error: ${e instanceof Error ? e.message : String(e)}`);
      p.log(`${method} ${path.slice(0, 200)} ${err.status} ${err.message}`);
      sendError(res, err);
    }
  };
}

async function readObject(req: IncomingMessage, limits: ServeLimits): Promise<JsonBody> {
  const body = await readJson(req, { maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs });
  if (!isObject(body))
    throw new HttpError(400, 'request body must be a JSON object', 'invalid_request_error', 'invalid_json');
  return body;
}

/** At most `max` requests past the guard at once; a slot is held until the response closes. */
class InFlight {
  private count = 0;

  constructor(private readonly max: number) {}

  take(res: ServerResponse): void {
    if (this.count >= this.max)
      throw new HttpError(
        503,
        `the server is busy (${this.max} requests in flight): retry shortly`,
        'server_error',
        'server_busy',
        { 'retry-after': '1' },
      );
    this.count++;
    res.once('close', () => this.count--);
  }
}

/** How often Node looks for connections past their header/request deadline. */
function checkingInterval(limits: ServeLimits): number {
  const shortest = Math.min(limits.headersTimeoutMs, limits.bodyTimeoutMs);
  return Math.max(50, Math.min(30_000, Math.floor(shortest / 4)));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
