// Attack: a prompt built to make `scribe serve`'s parsing quadratic (`- name: a` + a megabyte of
// spaces + `b`; before the fix 120 KB stalled the whole server 11 s and 1 MB about 13 minutes).
// The server runs as its own process so that a stall cannot stall this test: each pathological
// prompt must be answered within a second, and a normal request sent while it is in flight too.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnFixtureServe, type ServeProcess } from '../serve/fixtureServe';
import { completion, PLAYBOOK, send, type Reply } from '../serve/rawHttp';

/** About a megabyte of JSON body, under the server's 1 MiB cap. */
const MB = 1_000_000;
/** Generous for a shared 2-core machine; the fixed server takes tens of ms, the old one minutes. */
const BOUND_MS = 1000;

const pathological: Record<string, string> = {
  'name line of spaces': '- name: a' + ' '.repeat(MB - 40) + 'b',
  'name line deeply indented, then spaces and a comment': ' '.repeat(900) + '- name: a' + ' '.repeat(MB - 960) + ' #b',
  'a megabyte of task lines':
    '    - name: Install nginx\n'.repeat(Math.floor((MB - 60) / 26)) + '    - name: Start it\n',
};

describe('scribe serve: quadratic prompt', { timeout: 120_000 }, () => {
  let serve: ServeProcess;
  before(async () => {
    serve = await spawnFixtureServe();
  });
  after(() => serve.dispose());

  for (const [shape, prompt] of Object.entries(pathological)) {
    it(`answers a 1 MB prompt (${shape}) within ${BOUND_MS} ms without blocking a normal request`, async () => {
      const body = completion(prompt);
      assert.ok(body.length > 0.95 * MB && body.length < 1024 * 1024, `${body.length} bytes`);
      const big = send(serve.port, { path: '/v1/completions', body, timeoutMs: 15_000 });
      // Sent once the big one is on its way: the server must not make it wait for the big one.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const normal = send(serve.port, { path: '/v1/completions', body: completion(PLAYBOOK), timeoutMs: 15_000 });
      const [b, n] = (await Promise.allSettled([big, normal])).map((r) => {
        if (r.status === 'rejected') throw new Error(`the server stalled: ${String(r.reason)}`);
        return r.value;
      }) as [Reply, Reply];
      assert.equal(b.status, 200, JSON.stringify(b.json));
      assert.ok(b.ms < BOUND_MS, `the 1 MB prompt took ${b.ms} ms`);
      assert.equal(n.status, 200, JSON.stringify(n.json));
      assert.ok(n.ms < BOUND_MS, `the normal request took ${n.ms} ms beside it`);
    });
  }

  it('answers a 1 MB chat message of unclosed code fences within the bound', async () => {
    const content = '```yaml\n'.repeat(Math.floor((MB - 100) / 9));
    const r = await send(serve.port, {
      path: '/v1/chat/completions',
      body: JSON.stringify({ model: 'scribe-embedded', messages: [{ role: 'user', content }] }),
      timeoutMs: 15_000,
    });
    assert.ok(r.ms < BOUND_MS, `took ${r.ms} ms`);
    assert.equal(r.status, 400);
    assert.equal(r.json.error?.code, 'invalid_prompt');
  });

  it('refuses a description longer than a sentence with one clear 400', async () => {
    const r = await send(serve.port, {
      path: '/v1/completions',
      body: completion('- name: ' + 'word '.repeat(MB / 6)),
      timeoutMs: 15_000,
    });
    assert.ok(r.ms < BOUND_MS, `took ${r.ms} ms`);
    assert.equal(r.status, 400);
    assert.match(r.json.error?.message ?? '', /description is longer than 500 characters/);
  });
});
