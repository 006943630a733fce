// RemoteModel against real servers: `scribe serve` end to end (through the suggestion pipeline),
// a recording server (planted secrets never reach it), a deliberately slow server (cancellation
// closes the socket; timeout), a closed port, and HTTP errors. `complete` (the generic text call
// that outlines and summaries use) on a recording server.

import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { RemoteModel } from '../../server/src/remote/openaiModel';
import { defaultSettings, type ScribeSettings } from '../../server/src/settings';
import { suggestAt } from '../../server/src/suggest/pipeline';
import type { TaskRequest } from '../../server/src/suggest/types';
import { fixtureCorpus } from '../model/fixtureCorpus';
import { startModelEndpoint } from '../helpers/modelEndpoint';
import { startFixtureServe, type FixtureServe } from '../serve/fixtureServe';

function settings(endpoint: string, over: Partial<ScribeSettings['model']> = {}): ScribeSettings['model'] {
  return {
    ...defaultSettings.model,
    provider: 'openai',
    endpoint,
    name: 'scribe-embedded',
    timeoutMs: 10_000,
    ...over,
  };
}

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const PASSWORD = 'correct-horse-battery-staple';
const PEM_LINE = 'MIIEpAIBAAKCAQEAplantedPemKeyMaterial0123456789';
const VAULT_LINE = '39653862613065323834373933383165';
const SECRET_PLAYBOOK = `- hosts: db
  vars:
    db_password: ${PASSWORD}
    aws_access: ${AWS_KEY}
    api_secret: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          ${VAULT_LINE}
  tasks:
    - name: Install the TLS key
      ansible.builtin.copy:
        dest: /etc/ssl/private/db.key
        content: |
          -----BEGIN RSA PRIVATE KEY-----
          ${PEM_LINE}
          -----END RSA PRIVATE KEY-----
`;

function request(description: string, fileText = ''): TaskRequest {
  return {
    description,
    context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks', fileText },
  };
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('RemoteModel through scribe serve', () => {
  let serve: FixtureServe;
  const corpus = fixtureCorpus();
  const index = AttributionIndex.build(corpus);
  before(async () => {
    serve = await startFixtureServe();
  });
  after(() => serve.dispose());

  for (const api of ['completions', 'chat'] as const) {
    it(`suggests a builtin task over ${api}, placed and attributed by the pipeline`, async () => {
      const model = new RemoteModel({
        settings: settings(serve.url, { api }),
        examples: (req) => index.searchByName(req.description, 3),
      });
      const text = '- hosts: web\n  tasks:\n    - name: Install nginx\n';
      const doc = parseAnsibleDocument('file:///work/site.yml', text);
      const result = await suggestAt(doc, 2, { model, catalog: serve.backend.catalog, index });
      assert.ok(!('reason' in result), 'reason' in result ? result.reason : '');
      const [task] = result.tasks;
      assert.match(task.fqcn, /^ansible\.builtin\.(package|apt|dnf|yum)$/);
      assert.match(result.insertText, /^ {6}ansible\.builtin\.\w+:\n {8}name: nginx\n/);
      assert.deepEqual(task.drewOn, [], 'remote output is attributed by similarity only');
      assert.ok(task.similar.length > 0, 'similar corpus tasks found');
      assert.equal(model.last?.examples, 3);
    });
  }

  it('turns an HTTP error into one line', async () => {
    const model = new RemoteModel({ settings: settings(serve.url, { name: 'no-such-model' }) });
    await assert.rejects(model.suggest(request('Install nginx'), serve.backend.catalog), (e: Error) => {
      assert.match(e.message, /^model endpoint http:\/\/127\.0\.0\.1:\d+\/v1 answered HTTP 404: .*no-such-model/);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });
});

describe('RemoteModel on the wire', () => {
  let serve: FixtureServe;
  before(async () => {
    serve = await startFixtureServe();
  });
  after(() => serve.dispose());

  it('never sends planted secrets, and sends the key from the named environment variable', async () => {
    const endpoint = await startModelEndpoint(() => 'ansible.builtin.debug:\n  msg: hi\n');
    const { url, bodies } = endpoint;
    try {
      for (const api of ['completions', 'chat'] as const) {
        const model = new RemoteModel({
          settings: settings(url, { api, name: 'recorder', apiKeyEnv: 'SCRIBE_TEST_KEY' }),
          env: { SCRIBE_TEST_KEY: 'sk-test-from-env' },
          examples: () => [],
        });
        const s = await model.suggest(request('Print the database password', SECRET_PLAYBOOK), serve.backend.catalog);
        assert.equal(s?.fqcn, 'ansible.builtin.debug');
        assert.ok((model.last?.redactions ?? 0) >= 4, `${model.last?.redactions} redactions`);
      }
      assert.equal(bodies.length, 2);
      for (const body of bodies) {
        for (const secret of [PASSWORD, AWS_KEY, PEM_LINE, VAULT_LINE, 'ANSIBLE_VAULT', 'BEGIN RSA PRIVATE KEY'])
          assert.ok(!body.includes(secret), `${secret} reached the endpoint`);
        assert.ok(body.includes('Print the database password'), 'the description is sent');
        assert.ok(body.includes('/etc/ssl/private/db.key'), 'context that is not secret is sent');
      }
      assert.deepEqual(
        endpoint.requests.map((r) => r.headers.authorization),
        ['Bearer sk-test-from-env', 'Bearer sk-test-from-env'],
      );
    } finally {
      await endpoint.close();
    }
  });

  it('aborts the HTTP call when cancelled: rejects at once and the server sees the socket close', async () => {
    let closedAt = 0;
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const { server, url } = await listen((req, res) => {
      arrived();
      const answer = setTimeout(() => res.end('{}'), 30_000);
      req.socket.on('close', () => {
        closedAt = Date.now();
        clearTimeout(answer);
      });
    });
    try {
      const controller = new AbortController();
      const model = new RemoteModel({ settings: settings(url, { name: 'slow', timeoutMs: 60_000 }) });
      const pending = model.suggest(request('Install nginx'), serve.backend.catalog, controller.signal);
      await arrival;
      const abortedAt = Date.now();
      controller.abort();
      await assert.rejects(pending, (e: Error) => {
        assert.equal(e.name, 'AbortError');
        assert.match(e.message, /request cancelled/);
        return true;
      });
      assert.ok(Date.now() - abortedAt < 1000, `rejected after ${Date.now() - abortedAt} ms`);
      for (let i = 0; i < 50 && !closedAt; i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(closedAt, 'the server saw the socket close');
      assert.ok(closedAt - abortedAt < 1000, `socket closed after ${closedAt - abortedAt} ms`);
    } finally {
      await close(server);
    }
  });

  it('an already aborted model signal sends nothing', async () => {
    const model = new RemoteModel({ settings: settings('http://127.0.0.1:9/v1'), signal: AbortSignal.abort() });
    await assert.rejects(model.suggest(request('Install nginx'), serve.backend.catalog), { name: 'AbortError' });
  });

  it('times out a slow endpoint with one line', async () => {
    const { server, url } = await listen((req, res) => {
      const answer = setTimeout(() => res.end('{}'), 30_000);
      req.socket.on('close', () => clearTimeout(answer));
    });
    try {
      const model = new RemoteModel({ settings: settings(url, { timeoutMs: 300 }) });
      const started = Date.now();
      await assert.rejects(model.suggest(request('Install nginx'), serve.backend.catalog), (e: Error) => {
        assert.equal(e.message, `model endpoint ${url} timed out after 300 ms`);
        return true;
      });
      assert.ok(Date.now() - started < 3000);
    } finally {
      await close(server);
    }
  });

  it('reports an unreachable endpoint (a closed port) in one line', async () => {
    const { server, url } = await listen(() => undefined);
    await close(server);
    const model = new RemoteModel({ settings: settings(url) });
    await assert.rejects(model.suggest(request('Install nginx'), serve.backend.catalog), (e: Error) => {
      assert.equal(e.message, `model endpoint ${url} unreachable: ECONNREFUSED`);
      return true;
    });
  });

  it('asks for an endpoint and a model name', () => {
    assert.throws(() => new RemoteModel({ settings: settings('') }), /scribe\.model\.endpoint/);
    assert.throws(
      () => new RemoteModel({ settings: settings('http://127.0.0.1:1/v1', { name: '' }) }),
      /scribe\.model\.name/,
    );
  });
});

describe('RemoteModel.complete', () => {
  it('sends redacted chat messages or a completions prompt and returns the reply', async () => {
    const endpoint = await startModelEndpoint((r) => (r.api === 'chat' ? 'a chat reply' : 'a completion'));
    const { url, requests: received } = endpoint;
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: `Summarise:\ndb_password: ${PASSWORD}` },
    ];
    const input = { messages, maxTokens: 50, stop: ['\n\n'] };
    const chat = new RemoteModel({ settings: settings(url, { api: 'chat', name: 'recorder' }) });
    const completions = new RemoteModel({ settings: settings(url, { api: 'completions', name: 'recorder' }) });
    try {
      assert.deepEqual(await chat.complete(input), { text: 'a chat reply', redactions: 1 });
      assert.deepEqual(await completions.complete(input), { text: 'a completion', redactions: 1 });
      assert.deepEqual(await completions.complete({ ...input, prompt: `password=${PASSWORD}\nAnswer:` }), {
        text: 'a completion',
        redactions: 1,
      });
      assert.deepEqual(
        received.map((r) => r.url),
        ['/v1/chat/completions', '/v1/completions', '/v1/completions'],
      );
      const [c, flat, own] = received.map((r) => r.body);
      assert.deepEqual(c.messages, [messages[0], { role: 'user', content: 'Summarise:\ndb_password: <redacted>' }]);
      assert.equal(c.max_tokens, 50);
      assert.equal(c.stop, undefined, 'stop sequences are for completions only');
      // Without a prompt of its own, the messages one after another.
      assert.equal(flat.prompt, 'Be brief.\n\nSummarise:\ndb_password: <redacted>\n');
      assert.deepEqual(flat.stop, ['\n\n']);
      assert.equal(own.prompt, 'password=<redacted>\nAnswer:');
      for (const r of received)
        assert.ok(!JSON.stringify(r.body).includes(PASSWORD), 'the password reached the endpoint');
    } finally {
      await endpoint.close();
    }
  });

  it('sends a request once more when the endpoint resets or closes its connection, not a third time', async () => {
    const chat = JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: 'm',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'answered' } }],
    });
    for (const drop of ['reset', 'close'] as const) {
      // Drops the first `failures` requests (as a server does with a kept-alive connection it timed
      // out just as the next request went out on it), then answers.
      let failures = 1;
      let seen = 0;
      const { server, url } = await listen((req, res) => {
        seen++;
        if (failures-- > 0) return drop === 'reset' ? req.socket.resetAndDestroy() : req.socket.destroy();
        res.setHeader('content-type', 'application/json');
        res.end(chat);
      });
      const model = new RemoteModel({ settings: settings(url, { api: 'chat', name: 'recorder' }) });
      const input = { messages: [{ role: 'user' as const, content: 'Hello' }], maxTokens: 10 };
      try {
        assert.deepEqual(await model.complete(input), { text: 'answered', redactions: 0 }, drop);
        assert.equal(seen, 2, drop);
        [failures, seen] = [2, 0];
        await assert.rejects(
          model.complete(input),
          { message: `model endpoint ${url} unreachable: ${drop === 'reset' ? 'ECONNRESET' : 'connection closed'}` },
          drop,
        );
        assert.equal(seen, 2, `${drop}: a third try`);
      } finally {
        await close(server);
      }
    }
  });

  it('reports an unreachable endpoint in one line, as suggest does', async () => {
    const { server, url } = await listen(() => undefined);
    await close(server);
    const model = new RemoteModel({ settings: settings(url) });
    await assert.rejects(model.complete({ messages: [{ role: 'user', content: 'Hello' }], maxTokens: 10 }), {
      message: `model endpoint ${url} unreachable: ECONNREFUSED`,
    });
  });
});
