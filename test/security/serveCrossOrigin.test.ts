// Attack: a web page in the user's browser posts to `scribe serve` on 127.0.0.1. A "simple"
// cross-origin request (text/plain, no preflight) reached the model and got 200 before the fix.
// Now anything a browser marks as coming from a page (Origin, a cross-site Sec-Fetch-Site) is
// refused 403, and a body that is not declared application/json is refused 415.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFixtureServe, type FixtureServe } from '../serve/fixtureServe';
import { assertOpenAiError, completion, PLAYBOOK, send } from '../serve/rawHttp';

describe('scribe serve: cross-origin requests', () => {
  let serve: FixtureServe;
  let port: number;
  before(async () => {
    serve = await startFixtureServe();
    port = serve.running.port;
  });
  after(() => serve.dispose());

  it('refuses the browser form of the attack: text/plain POST with Origin → 403', async () => {
    const r = await send(port, {
      path: '/v1/completions',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: completion(PLAYBOOK),
    });
    assert.match(assertOpenAiError(r, 403, 'origin_not_allowed'), /Origin: https:\/\/evil\.example/);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  });

  it('refuses any Origin, even with a JSON body, and the CORS preflight', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1234']) {
      const r = await send(port, { path: '/v1/completions', headers: { origin }, body: completion(PLAYBOOK) });
      assertOpenAiError(r, 403, 'origin_not_allowed');
    }
    const preflight = await send(port, {
      method: 'OPTIONS',
      path: '/v1/completions',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assertOpenAiError(preflight, 403, 'origin_not_allowed');
    const models = await send(port, { path: '/v1/models', headers: { origin: 'https://evil.example' } });
    assertOpenAiError(models, 403, 'origin_not_allowed');
  });

  it('refuses a page request without Origin (Sec-Fetch-Site: cross-site)', async () => {
    const r = await send(port, { path: '/v1/models', headers: { 'sec-fetch-site': 'cross-site' } });
    assertOpenAiError(r, 403, 'origin_not_allowed');
  });

  it('refuses a body not declared application/json → 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const r = await send(port, {
        path: '/v1/completions',
        headers: { 'content-type': type },
        body: completion(PLAYBOOK),
      });
      assert.match(assertOpenAiError(r, 415, 'unsupported_media_type'), /Content-Type must be application\/json/, type);
    }
  });

  it('still answers a local client: application/json (charset too), no Origin → 200', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const r = await send(port, {
        path: '/v1/completions',
        headers: { 'content-type': type },
        body: completion(PLAYBOOK),
      });
      assert.equal(r.status, 200, `${type}: ${JSON.stringify(r.json)}`);
    }
  });
});
