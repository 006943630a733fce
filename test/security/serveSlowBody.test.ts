// Attack: slow clients holding connections open (slowloris). Before the fix a connection that
// sent its headers and then trickled or never finished its body stayed open for Node's default
// 300 s, 300 of them at once. Now the body must arrive within bodyTimeoutMs (408, connection
// closed) and the headers within headersTimeoutMs; here both are 1 s so the test runs in seconds
// (the command's defaults, 30 s, are checked at the end).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../server/src/serve/openaiServer';
import { startFixtureServe, type FixtureServe } from '../serve/fixtureServe';
import { completion, openRaw, parseRaw, PLAYBOOK, send, within, type RawConnection } from '../serve/rawHttp';

const TIMEOUT_MS = 1000;
/** Closed by then, or the timeout does not hold (Node's own default would be 300 s). */
const CLOSED_BY_MS = 5000;

function postHead(port: number, length: number): string {
  return (
    `POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${length}\r\n\r\n`
  );
}

/** Writes a byte every `ms` until the server closes the connection. */
function trickle(c: RawConnection, bytes: string, ms: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (c.socket.destroyed || i >= bytes.length) clearInterval(timer);
    else c.socket.write(bytes[i++]);
  }, ms);
  void c.closed.then(() => clearInterval(timer));
}

describe('scribe serve: slow bodies', { timeout: 60_000 }, () => {
  let serve: FixtureServe;
  let port: number;
  before(async () => {
    serve = await startFixtureServe({ limits: { headersTimeoutMs: TIMEOUT_MS, bodyTimeoutMs: TIMEOUT_MS } });
    port = serve.running.port;
  });
  after(() => serve.dispose());

  it('answers 408 and closes a connection whose body stops half-way', async () => {
    const body = completion(PLAYBOOK);
    const c = await openRaw(port, postHead(port, body.length) + body.slice(0, 20));
    const ms = await within(CLOSED_BY_MS, 'the stalled connection was not closed', c.closed);
    assert.ok(ms >= TIMEOUT_MS * 0.8, `closed after ${ms} ms, before the timeout`);
    const r = parseRaw(c.received());
    assert.equal(r.status, 408, c.received());
    assert.equal(r.json?.error?.code, 'request_timeout');
    assert.match(r.json?.error?.message ?? '', /request body not received within 1 s/);
  });

  it('closes a connection that keeps trickling its body (a deadline, not an idle timeout)', async () => {
    const body = completion(PLAYBOOK);
    const c = await openRaw(port, postHead(port, body.length));
    trickle(c, body, 50);
    const ms = await within(CLOSED_BY_MS, 'the trickling connection was not closed', c.closed);
    assert.ok(ms < CLOSED_BY_MS, `${ms} ms`);
    assert.equal(parseRaw(c.received()).status, 408, c.received());
  });

  it('closes a connection whose headers never end', async () => {
    const c = await openRaw(port, `POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    trickle(c, 'X-Slow: ' + 'a'.repeat(200), 50);
    await within(CLOSED_BY_MS, 'the connection with unfinished headers was not closed', c.closed);
  });

  it('closes 40 slow connections at once, then serves a normal request', async () => {
    const body = completion(PLAYBOOK);
    const slow = await Promise.all(
      Array.from({ length: 40 }, () => openRaw(port, postHead(port, body.length) + body.slice(0, 10))),
    );
    const times = await within(CLOSED_BY_MS, 'slow connections left open', Promise.all(slow.map((c) => c.closed)));
    const statuses = slow.map((c) => parseRaw(c.received()).status);
    // Beyond the in-flight cap they are refused at once (503), the others time out (408).
    assert.ok(
      statuses.every((s) => s === 408 || s === 503),
      statuses.join(' '),
    );
    assert.ok(Math.max(...times) < CLOSED_BY_MS, `${Math.max(...times)} ms`);
    const r = await send(port, { path: '/v1/completions', body });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  });

  it('has ~30 s timeouts by default (headers, body, whole request)', async () => {
    assert.equal(DEFAULT_LIMITS.headersTimeoutMs, 30_000);
    assert.equal(DEFAULT_LIMITS.bodyTimeoutMs, 30_000);
    const defaults = await startFixtureServe();
    try {
      assert.equal(defaults.running.server.headersTimeout, 30_000);
      assert.ok(defaults.running.server.requestTimeout > 0 && defaults.running.server.requestTimeout <= 60_000);
    } finally {
      await defaults.dispose();
    }
  });
});
