// Attack: many requests in flight at once (each may hold a megabyte of body while it arrives).
// Before the fix there was no bound. Now at most maxInFlight requests are handled at once; the
// next is refused at once with 503 (and Retry-After), and a slot is freed when its response
// ends or its client goes away. Here maxInFlight is 2.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../../server/src/serve/openaiServer';
import { startFixtureServe, type FixtureServe } from '../serve/fixtureServe';
import { assertOpenAiError, completion, openRaw, parseRaw, PLAYBOOK, send, within } from '../serve/rawHttp';

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('scribe serve: bounded concurrency', { timeout: 60_000 }, () => {
  let serve: FixtureServe;
  let port: number;
  const body = completion(PLAYBOOK);
  const head = () =>
    `POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  before(async () => {
    serve = await startFixtureServe({ limits: { maxInFlight: 2, bodyTimeoutMs: 10_000 } });
    port = serve.running.port;
  });
  after(() => serve.dispose());

  it('refuses a request beyond the cap with 503, then answers the ones in flight', async () => {
    const held = await Promise.all([
      openRaw(port, head() + body.slice(0, 10)),
      openRaw(port, head() + body.slice(0, 10)),
    ]);
    await settle();
    const busy = await send(port, { path: '/v1/completions', body });
    assert.match(assertOpenAiError(busy, 503, 'server_busy'), /2 requests in flight/);
    assert.equal(busy.headers['retry-after'], '1');
    assert.equal(busy.json.error?.type, 'server_error');
    assertOpenAiError(await send(port, { path: '/v1/models' }), 503, 'server_busy');

    for (const c of held) c.socket.write(body.slice(10));
    await within(5000, 'held requests not answered', Promise.all(held.map((c) => c.closed)));
    for (const c of held) assert.equal(parseRaw(c.received()).status, 200, c.received());
    assert.equal((await send(port, { path: '/v1/completions', body })).status, 200);
  });

  it('frees the slot of a client that goes away mid-body', async () => {
    const held = await Promise.all([
      openRaw(port, head() + body.slice(0, 10)),
      openRaw(port, head() + body.slice(0, 10)),
    ]);
    await settle();
    assert.equal((await send(port, { path: '/v1/models' })).status, 503);
    for (const c of held) c.socket.destroy();
    await settle();
    assert.equal((await send(port, { path: '/v1/models' })).status, 200);
  });

  it('answers refusals before the cap: a bad Host is still 403 when busy', async () => {
    const held = await Promise.all([
      openRaw(port, head() + body.slice(0, 10)),
      openRaw(port, head() + body.slice(0, 10)),
    ]);
    try {
      await settle();
      assertOpenAiError(
        await send(port, { path: '/v1/models', headers: { host: 'attacker.example' } }),
        403,
        'host_not_allowed',
      );
    } finally {
      for (const c of held) c.socket.destroy();
    }
  });

  it('serves several normal requests at once under the default cap', async () => {
    assert.ok(DEFAULT_LIMITS.maxInFlight >= 8, `${DEFAULT_LIMITS.maxInFlight}`);
    const defaults = await startFixtureServe();
    try {
      const replies = await Promise.all(
        Array.from({ length: 8 }, () => send(defaults.running.port, { path: '/v1/completions', body })),
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        Array(8).fill(200),
      );
    } finally {
      await defaults.dispose();
    }
  });
});
