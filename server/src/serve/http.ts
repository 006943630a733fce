// HTTP plumbing for `scribe serve`: JSON bodies (application/json, UTF-8, size-capped, read
// within a deadline), OpenAI-style errors (`{error: {message, type, code}}`) and server-sent
// events. node:http only.

import type { IncomingMessage, ServerResponse } from 'node:http';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = status >= 500 ? 'server_error' : 'invalid_request_error',
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface BodyLimits {
  /** Bytes at most (413 beyond). */
  maxBytes: number;
  /** The whole body must arrive within this (408 otherwise). */
  timeoutMs: number;
}

/** 415 unless the body is declared `application/json` (UTF-8, not compressed). */
export function requireJsonBody(req: IncomingMessage): void {
  const declared = req.headers['content-type'] ?? '';
  const [type, ...params] = declared.split(';');
  const charset = params
    .map((p) => p.split('='))
    .find(([k]) => k.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .replace(/^"|"$/g, '')
    .toLowerCase();
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (type.trim().toLowerCase() !== 'application/json' || (charset !== undefined && charset !== 'utf-8'))
    throw new HttpError(
      415,
      `Content-Type must be application/json (UTF-8), not '${clip(declared) || 'none'}'`,
      'invalid_request_error',
      'unsupported_media_type',
    );
  if (encoding !== 'identity')
    throw new HttpError(
      415,
      `Content-Encoding '${clip(encoding)}' is not supported: send the body uncompressed`,
      'invalid_request_error',
      'unsupported_media_type',
    );
}

/** The body as a JSON value: 413 too large, 408 too slow, 400 not UTF-8 or not JSON. */
export async function readJson(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  const bytes = await readBody(req, limits);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'request body is not valid UTF-8', 'invalid_request_error', 'invalid_encoding');
  }
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

function readBody(req: IncomingMessage, { maxBytes, timeoutMs }: BodyLimits): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, `request body is larger than ${maxBytes} bytes`, 'invalid_request_error', 'body_too_large');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (fail?: HttpError) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', onClose);
      if (fail) {
        req.pause();
        reject(fail);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => settle();
    const onClose = () => settle(new HttpError(400, 'the client closed the connection before the body ended'));
    const timer = setTimeout(
      () =>
        settle(
          new HttpError(
            408,
            `request body not received within ${seconds(timeoutMs)}`,
            'invalid_request_error',
            'request_timeout',
          ),
        ),
      timeoutMs,
    );
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', onClose);
  });
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
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(data);
}

export function sendError(res: ServerResponse, e: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A refused request's body may be unread (or still trickling in): close rather than keep alive.
  const close = !res.req.complete || e.status >= 500;
  sendJson(
    res,
    e.status,
    { error: { message: e.message, type: e.type, code: e.code } },
    { ...e.headers, ...(close ? { connection: 'close' } : {}) },
  );
}

/** A server-sent event stream as the OpenAI API writes it: `data: {...}` lines, then `data: [DONE]`. */
export class EventStream {
  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
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

/** A header value for a message: one line, short. */
export function clip(value: string, max = 80): string {
  let line = '';
  for (const ch of value.slice(0, max + 1)) line += ch < ' ' || ch === '\u007f' ? '?' : ch;
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
