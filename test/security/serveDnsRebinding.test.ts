// Attack: DNS rebinding. A page on attacker.example re-points its own name at 127.0.0.1; the
// browser then treats `scribe serve` as same-origin and sends `Host: attacker.example`, which got
// 200 before the fix. Now `Host` must be a loopback name with the server's own port (403 else).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFixtureServe, type FixtureServe } from '../serve/fixtureServe';
import { assertOpenAiError, completion, openRaw, parseRaw, PLAYBOOK, send } from '../serve/rawHttp';

describe('scribe serve: DNS rebinding', () => {
  let serve: FixtureServe;
  let port: number;
  before(async () => {
    serve = await startFixtureServe();
    port = serve.running.port;
  });
  after(() => serve.dispose());

  it('refuses a foreign Host → 403, on every route', async () => {
    for (const host of ['attacker.example', `attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, '10.0.0.1']) {
      const get = await send(port, { path: '/v1/models', headers: { host } });
      assert.match(assertOpenAiError(get, 403, 'host_not_allowed'), /is not this server/, host);
      const post = await send(port, { path: '/v1/completions', headers: { host }, body: completion(PLAYBOOK) });
      assertOpenAiError(post, 403, 'host_not_allowed');
    }
  });

  it('refuses a loopback name with another port (another server rebinding to this one)', async () => {
    for (const host of [`127.0.0.1:${port + 1}`, 'localhost', `localhost:${port}0`, `[::1]:${port}x`]) {
      assertOpenAiError(await send(port, { path: '/v1/models', headers: { host } }), 403, 'host_not_allowed');
    }
  });

  it('refuses a request without Host, and an absolute-form target naming another host', async () => {
    const noHost = await openRaw(port, 'GET /v1/models HTTP/1.0\r\n\r\n');
    await noHost.closed;
    const r = parseRaw(noHost.received());
    assert.equal(r.status, 403, noHost.received());
    assert.equal(r.json?.error?.code, 'host_not_allowed');

    const absolute = await openRaw(
      port,
      `GET http://attacker.example/v1/models HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
    );
    await absolute.closed;
    assert.equal(parseRaw(absolute.received()).status, 400, absolute.received());
  });

  it('answers the loopback names with the right port → 200', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const r = await send(port, { path: '/v1/models', headers: { host } });
      assert.equal(r.status, 200, `${host}: ${JSON.stringify(r.json)}`);
    }
  });
});
