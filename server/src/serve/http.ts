// HTTP plumbing for `scribe serve`: JSON bodies with a size limit, OpenAI-style errors
// (`{error: {message, type, code}}`) and server-sent events. node:http only.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** Prompts are a file's context plus a few examples: a megabyte is far more than any needs. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = status >= 500 ? 'server_error' : 'invalid_request_error',
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export async function readJson(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpError(413, `request body is larger than ${limit} bytes`, 'invalid_request_error', 'body_too_large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new HttpError(413, `request body is larger than ${limit} bytes`, 'invalid_request_error', 'body_too_large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim())
    throw new HttpError(400, 'request body is empty: expected JSON', 'invalid_request_error', 'invalid_json');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(
      400,
      `request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      'invalid_request_error',
      'invalid_json',
    );
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(data),
    ...headers,
  });
  res.end(data);
}

export function sendError(res: ServerResponse, e: HttpError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // After a refused (too large) body the rest of it is not read: close rather than keep alive.
  const close: Record<string, string> = e.status === 413 ? { connection: 'close' } : {};
  sendJson(res, e.status, { error: { message: e.message, type: e.type, code: e.code } }, { ...headers, ...close });
}

/** A server-sent event stream as the OpenAI API writes it: `data: {...}` lines, then `data: [DONE]`. */
export class EventStream {
  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
  }

  send(data: unknown): void {
    this.res.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  done(): void {
    this.res.end('data: [DONE]\n\n');
  }
}
