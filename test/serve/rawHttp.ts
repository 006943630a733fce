// Plain HTTP against `scribe serve` for the tests that send what a well-behaved client would not:
// any Host, Origin or Content-Type (node:http), or raw bytes on a socket (node:net) for slow and
// malformed requests.

import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface OpenAiError {
  message: string;
  type: string;
  code: string | null;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (an OpenAI error has `error`). */
  json: { error?: OpenAiError } & Record<string, unknown>;
  ms: number;
}

export interface Send {
  method?: string;
  path: string;
  /** Added to `content-type: application/json`; an empty value leaves the header out. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Per request; a reply slower than this rejects (the server is stuck). */
  timeoutMs?: number;
}

/** One request over a fresh connection; `content-type: application/json` unless given. */
export function send(port: number, s: Send): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: s.method ?? (s.body === undefined ? 'GET' : 'POST'),
        path: s.path,
        agent: false,
        headers: Object.fromEntries(
          Object.entries({ 'content-type': 'application/json', ...s.headers }).filter(([, v]) => v !== ''),
        ),
        timeout: s.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Reply['json'];
          try {
            json = text ? (JSON.parse(text) as Reply['json']) : {};
          } catch {
            json = { raw: text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json, ms: Date.now() - started });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no reply within ${s.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(s.body);
  });
}

/** A completions body for the fixture server's model. */
export function completion(prompt: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: 'scribe-embedded', prompt, ...extra });
}

export const PLAYBOOK = '- hosts: web\n  tasks:\n    - name: Install nginx\n';

export interface RawConnection {
  socket: Socket;
  /** Everything the server sent so far. */
  received(): string;
  /** Resolves when the server closes the connection (or it errors), with the ms since it was opened. */
  closed: Promise<number>;
}

/** A raw TCP connection to the server that sends `head` (bytes as given) and then whatever the test writes. */
export function openRaw(port: number, head: string | Buffer): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (c: Buffer) => (got += c.toString('utf8')));
    const closed = new Promise<number>((done) => {
      socket.on('close', () => done(Date.now() - started));
      socket.on('error', () => undefined);
    });
    socket.once('connect', () => {
      socket.write(head);
      resolve({ socket, received: () => got, closed });
    });
    socket.once('error', reject);
  });
}

/** Status and JSON body of a raw HTTP/1.1 response text. */
export function parseRaw(text: string): { status: number; json: Reply['json'] | undefined } {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  let json: Reply['json'] | undefined;
  try {
    json = body ? (JSON.parse(body) as Reply['json']) : undefined;
  } catch {
    json = undefined;
  }
  return { status: m ? Number(m[1]) : 0, json };
}

/** Rejects after `ms` with `what`: bounds a wait that, before the fix, would take minutes. */
export function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** The shape every refusal has: an OpenAI error with one message, a type and a code. */
export function assertOpenAiError(r: Reply, status: number, code: string): string {
  if (r.status !== status || r.json.error?.code !== code || typeof r.json.error.message !== 'string')
    throw new Error(`expected ${status} ${code}, got ${r.status} ${JSON.stringify(r.json)}`);
  if (!r.json.error.message || r.json.error.message.includes('\n'))
    throw new Error(`not one clear message: ${JSON.stringify(r.json.error.message)}`);
  if (r.headers['content-type'] !== 'application/json') throw new Error(`content-type ${r.headers['content-type']}`);
  return r.json.error.message;
}
