// Attack: another local user (or any process on the machine) using `scribe serve`. With
// `--token-env VAR` every request needs `Authorization: Bearer <$VAR>` (401 without it or with a
// wrong one); the token never appears on the command line. The server runs as the command.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { runServe } from '../../server/src/cli/serve';
import { UsageError } from '../../server/src/cli/usage';
import { sharedCatalogCache } from '../helpers/workspace';
import { spawnFixtureServe, type ServeProcess } from '../serve/fixtureServe';
import { assertOpenAiError, completion, PLAYBOOK, send } from '../serve/rawHttp';

const TOKEN = 'scribe-test-9f8e7d6c5b4a';

describe('scribe serve --token-env', { timeout: 90_000 }, () => {
  let serve: ServeProcess;
  before(async () => {
    serve = await spawnFixtureServe(['--token-env', 'SCRIBE_SERVE_TEST_TOKEN'], { SCRIBE_SERVE_TEST_TOKEN: TOKEN });
  });
  after(() => serve.dispose());

  it('says a token is required, and keeps it off the command line', () => {
    assert.match(serve.output(), /bearer token from \$SCRIBE_SERVE_TEST_TOKEN/);
    assert.ok(!serve.child.spawnargs.join(' ').includes(TOKEN));
    assert.ok(!serve.output().includes(TOKEN));
  });

  it('answers 401 without a token, with a wrong one, or another scheme', async () => {
    for (const authorization of ['', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`]) {
      for (const req of [{ path: '/v1/models' }, { path: '/v1/completions', body: completion(PLAYBOOK) }]) {
        const r = await send(serve.port, { ...req, headers: { authorization } });
        const message = assertOpenAiError(r, 401, 'invalid_api_key');
        assert.match(
          message,
          authorization.startsWith('Bearer ') ? /incorrect bearer token/ : /requires a bearer token/,
        );
        assert.equal(r.headers['www-authenticate'], 'Bearer realm="scribe serve"');
        assert.ok(!message.includes(TOKEN));
      }
    }
  });

  it('answers 200 with it, raw and through the openai client', async () => {
    const r = await send(serve.port, {
      path: '/v1/completions',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: completion(PLAYBOOK),
    });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const client = new OpenAI({ baseURL: serve.url, apiKey: TOKEN, maxRetries: 0, timeout: 10_000 });
    assert.deepEqual(
      (await client.models.list()).data.map((m) => m.id),
      ['scribe-embedded'],
    );
    const wrong = new OpenAI({ baseURL: serve.url, apiKey: 'nope', maxRetries: 0, timeout: 10_000 });
    await assert.rejects(wrong.models.list(), OpenAI.AuthenticationError);
  });

  it('refuses to start when the variable is unset or empty, naming it', async () => {
    for (const env of [{}, { SCRIBE_SERVE_TEST_TOKEN: '' }, { SCRIBE_SERVE_TEST_TOKEN: '  ' }]) {
      await assert.rejects(
        runServe(
          ['--port', '0', '--cache-dir', sharedCatalogCache, '--token-env', 'SCRIBE_SERVE_TEST_TOKEN'],
          process.stdout,
          {
            env,
          },
        ),
        (e: unknown) => {
          assert.ok(e instanceof UsageError);
          assert.equal(e.message, 'serve: --token-env SCRIBE_SERVE_TEST_TOKEN: the variable is not set or empty');
          return true;
        },
      );
    }
    await assert.rejects(runServe(['--token', TOKEN], process.stdout), UsageError);
  });
});
