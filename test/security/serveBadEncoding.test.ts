// Attack: malformed input where the server decodes. A malformed percent-encoded path made
// decodeURIComponent throw and the server answer 500 before the fix; now every bad encoding is a
// 400 with one message (and a compressed or non-UTF-8 declared body a 415), and the server goes on.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFixtureServe, type FixtureServe } from '../serve/fixtureServe';
import { assertOpenAiError, completion, openRaw, parseRaw, PLAYBOOK, send } from '../serve/rawHttp';

describe('scribe serve: bad encodings', () => {
  let serve: FixtureServe;
  let port: number;
  before(async () => {
    serve = await startFixtureServe();
    port = serve.running.port;
  });
  after(() => serve.dispose());

  it('answers 400 for a malformed percent-encoded path', async () => {
    for (const path of ['/v1/models/%E0%A4%A', '/v1/models/%', '/v1/%zz', '/v1/models/%C0%AF', '/v1/completions%FF']) {
      const r = await send(port, { path });
      assert.match(assertOpenAiError(r, 400, 'invalid_path'), /not valid percent-encoding/, path);
    }
  });

  it('decodes a well-formed one', async () => {
    assert.equal((await send(port, { path: '/v1/models/scribe%2Dembedded' })).status, 200);
    const unknown = await send(port, { path: '/v1/models/caf%C3%A9' });
    assert.match(assertOpenAiError(unknown, 404, 'model_not_found'), /'café'/);
  });

  it('answers 400 for invalid JSON', async () => {
    for (const body of ['{not json', '{"model": "scribe-embedded", "prompt": "x"', '\u0000', 'null', '"a string"']) {
      const r = await send(port, { path: '/v1/completions', body });
      assertOpenAiError(r, 400, 'invalid_json');
    }
  });

  it('answers 400 for a body that is not UTF-8', async () => {
    const json = Buffer.from(completion(PLAYBOOK));
    const latin1 = Buffer.concat([json.subarray(0, 30), Buffer.from([0xe9, 0xff, 0xfe]), json.subarray(30)]);
    const overlong = Buffer.concat([json.subarray(0, 30), Buffer.from([0xc0, 0xaf]), json.subarray(30)]);
    for (const body of [latin1, overlong]) {
      const r = await send(port, { path: '/v1/completions', body });
      assert.match(assertOpenAiError(r, 400, 'invalid_encoding'), /not valid UTF-8/);
    }
  });

  it('answers 415 for another charset or a compressed body', async () => {
    const latin1 = await send(port, {
      path: '/v1/completions',
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      body: completion(PLAYBOOK),
    });
    assertOpenAiError(latin1, 415, 'unsupported_media_type');
    const gzip = await send(port, {
      path: '/v1/completions',
      headers: { 'content-encoding': 'gzip' },
      body: completion(PLAYBOOK),
    });
    assert.match(assertOpenAiError(gzip, 415, 'unsupported_media_type'), /Content-Encoding 'gzip'/);
  });

  it('answers 400 for a target that is not a path, and stays up', async () => {
    const c = await openRaw(port, `GET * HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    await c.closed;
    const r = parseRaw(c.received());
    assert.equal(r.status, 400, c.received());
    assert.equal(r.json?.error?.code, 'invalid_path');
    assert.equal((await send(port, { path: '/v1/completions', body: completion(PLAYBOOK) })).status, 200);
  });
});
