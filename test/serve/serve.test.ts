// `scribe serve` through the `openai` package (models, completions, chat, streaming both) and its
// HTTP errors through plain requests: a real server on port 0 over a small stored corpus.

import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { parse } from 'yaml';
import { runServe } from '../../server/src/cli/serve';
import { UsageError } from '../../server/src/cli/usage';
import { startFixtureServe, writeFixtureCorpus, type FixtureServe } from './fixtureServe';
import { sharedCatalogCache } from '../helpers/workspace';

const MODEL = 'scribe-embedded';

/** The `attribution` object `scribe serve` adds to an answer (OpenAI's types do not know it). */
interface WithAttribution {
  attribution: {
    model: string;
    matches: { license: string; score: number; path: string; snippet: string }[];
    policy: { action: string; reason?: string };
    attributedBy?: string;
  };
}
const PLAYBOOK =
  '- hosts: web\n  become: true\n  tasks:\n    - name: Create web root\n      ansible.builtin.file:\n        path: /srv/www\n        state: directory\n    - name: Install nginx\n';

function raw(
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  json: { error?: { message: string; type: string; code: string | null } };
  headers: Record<string, unknown>;
}> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as never) : {}, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('scribe serve', () => {
  let serve: FixtureServe;
  let client: OpenAI;
  before(async () => {
    serve = await startFixtureServe();
    client = new OpenAI({ baseURL: serve.url, apiKey: 'none', maxRetries: 0, timeout: 10_000 });
  });
  after(() => serve.dispose());

  it('listens on 127.0.0.1 and lists its model', async () => {
    assert.match(serve.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = await client.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      [MODEL],
    );
    assert.equal((await client.models.retrieve(MODEL)).id, MODEL);
  });

  it('completes the task body under the last - name: line, indented to continue the file', async () => {
    const r = await client.completions.create({ model: MODEL, prompt: PLAYBOOK, max_tokens: 200 });
    const text = r.choices[0].text;
    assert.equal(r.choices[0].finish_reason, 'stop');
    assert.match(text, /^ {6}ansible\.builtin\.(package|apt|dnf|yum):\n {8}name: nginx\n/);
    const whole = parse(PLAYBOOK + text) as { tasks: Record<string, unknown>[] }[];
    assert.equal(whole[0].tasks.length, 2);
    assert.ok(r.usage && r.usage.total_tokens > 0);
  });

  it('answers a chat with the body at indent 0, from a YAML block or a bare description', async () => {
    const fenced = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'You write one Ansible task body.' },
        { role: 'user', content: `The file so far:\n\`\`\`yaml\n${PLAYBOOK}\`\`\`\nWrite the body of the last task.` },
      ],
    });
    assert.match(
      fenced.choices[0].message.content ?? '',
      /^ansible\.builtin\.(package|apt|dnf|yum):\n {2}name: nginx\n/,
    );
    const bare = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Start the nginx service' }],
    });
    const body = parse(bare.choices[0].message.content ?? '') as Record<string, { name?: string; state?: string }>;
    const [fqcn] = Object.keys(body);
    assert.match(fqcn, /^ansible\.builtin\.(service|systemd|systemd_service)$/);
    assert.equal(body[fqcn].state, 'started');
  });

  it('attributes every answer: training matches with licences and the licence policy, streamed answers too', async () => {
    const r = (await client.completions.create({ model: MODEL, prompt: PLAYBOOK })) as unknown as WithAttribution;
    assert.equal(r.attribution.model, MODEL);
    assert.ok(r.attribution.matches.length >= 1 && r.attribution.matches.length <= 6, JSON.stringify(r.attribution));
    // The fixture corpus is all MIT; the closest match is the corpus's own nginx task.
    assert.deepEqual([...new Set(r.attribution.matches.map((m) => m.license))], ['MIT']);
    assert.ok(r.attribution.matches.every((m) => m.score > 0 && m.score <= 1 && m.path));
    assert.deepEqual(r.attribution.policy, { action: 'allow' });
    assert.equal(r.attribution.attributedBy, undefined); // no shared index configured

    let last: WithAttribution | undefined;
    for await (const chunk of await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: 'user', content: 'Copy motd to /etc/motd' }],
    }))
      if ((chunk as unknown as WithAttribution).attribution) last = chunk as unknown as WithAttribution;
    assert.ok(last, 'the last chunk carries the attribution');
    assert.ok(
      last.attribution.matches.some((m) => /motd/.test(m.snippet)),
      JSON.stringify(last.attribution),
    );
  });

  it('withholds what the licence policy blocks: empty text, finish_reason content_filter, the reason', async () => {
    const strict = await startFixtureServe({ policy: { warnLicenses: [], blockLicenses: ['MIT'], threshold: 0 } });
    try {
      const c = new OpenAI({ baseURL: strict.url, apiKey: 'none', maxRetries: 0, timeout: 10_000 });
      const r = (await c.completions.create({ model: MODEL, prompt: PLAYBOOK })) as unknown as WithAttribution & {
        choices: { text: string; finish_reason: string }[];
      };
      assert.equal(r.choices[0].text, '');
      assert.equal(r.choices[0].finish_reason, 'content_filter');
      assert.equal(r.attribution.policy.action, 'block');
      assert.match(r.attribution.policy.reason ?? '', /MIT/);
    } finally {
      await strict.dispose();
    }
  });

  it('streams completions and chat as server-sent events', async () => {
    const whole = (await client.completions.create({ model: MODEL, prompt: PLAYBOOK })).choices[0].text;
    let streamed = '';
    let finish: string | null = null;
    for await (const chunk of await client.completions.create({ model: MODEL, prompt: PLAYBOOK, stream: true })) {
      streamed += chunk.choices[0]?.text ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(streamed, whole);
    assert.equal(finish, 'stop');

    let chat = '';
    let chunks = 0;
    for await (const chunk of await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: 'user', content: 'Copy motd to /etc/motd' }],
    })) {
      chat += chunk.choices[0]?.delta?.content ?? '';
      chunks++;
    }
    assert.ok(chunks >= 3, `${chunks} chunks`);
    assert.match(chat, /^ansible\.builtin\.copy:\n/);
    assert.match(chat, /dest: \/etc\/motd/);
  });

  it('maps bad requests to OpenAI-style errors through the client', async () => {
    await assert.rejects(client.completions.create({ model: 'gpt-4', prompt: PLAYBOOK }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.equal(e.code, 'model_not_found');
      return true;
    });
    await assert.rejects(client.completions.create({ model: MODEL, prompt: 'just some text' }), OpenAI.BadRequestError);
  });

  it('answers 400 for bad JSON and missing fields', async () => {
    for (const [path, body, pattern] of [
      ['/completions', '{not json', /not valid JSON/],
      ['/completions', '', /empty/],
      ['/completions', '[1,2]', /JSON object/],
      ['/completions', JSON.stringify({ prompt: PLAYBOOK }), /'model'/],
      ['/completions', JSON.stringify({ model: MODEL }), /'prompt'/],
      ['/chat/completions', JSON.stringify({ model: MODEL, messages: [] }), /'messages'/],
      [
        '/chat/completions',
        JSON.stringify({ model: MODEL, messages: [{ role: 'system', content: 'x' }] }),
        /user message/,
      ],
    ] as const) {
      const r = await raw(serve.url + path, 'POST', body);
      assert.equal(r.status, 400, `${path} ${body}`);
      assert.match(r.json.error?.message ?? '', pattern);
      assert.equal(r.json.error?.type, 'invalid_request_error');
      assert.ok('code' in (r.json.error ?? {}));
    }
  });

  it('answers 404 for unknown routes and models, 405 for wrong methods, 413 for huge bodies', async () => {
    const unknown = await raw(`${serve.url}/engines`, 'GET');
    assert.equal(unknown.status, 404);
    assert.match(unknown.json.error?.message ?? '', /unknown route/);
    assert.equal((await raw(`${serve.url}/models/nope`, 'GET')).status, 404);
    const post = await raw(`${serve.url}/completions`, 'POST', JSON.stringify({ model: 'nope', prompt: PLAYBOOK }));
    assert.equal(post.status, 404);
    assert.equal(post.json.error?.code, 'model_not_found');
    const get = await raw(`${serve.url}/completions`, 'GET');
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    assert.equal((await raw(`${serve.url}/models`, 'DELETE')).status, 405);
    const huge = await raw(
      `${serve.url}/completions`,
      'POST',
      JSON.stringify({ model: MODEL, prompt: 'x'.repeat(2 * 1024 * 1024) }),
    );
    assert.equal(huge.status, 413);
  });
});

describe('scribe serve command', () => {
  it('stops with one line when there is no corpus', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'scribe-serve-nocache-'));
    try {
      await assert.rejects(runServe(['--cache-dir', empty, '--port', '0'], process.stdout), (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.equal(e.message, 'serve: no corpus: run `scribe index build`');
        return true;
      });
      await assert.rejects(runServe(['--port', 'eighty'], process.stdout), UsageError);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('prints its URL, serves, and stops when told', async () => {
    const corpus = writeFixtureCorpus();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const lines: string[] = [];
    const out = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
    let url = '';
    try {
      const exit = runServe(['--port', '0', '--corpus', corpus, '--cache-dir', sharedCatalogCache], out, {
        stop: stopped,
        onListening: (u) => {
          url = u;
          stop();
        },
      });
      assert.equal(await exit, 0);
      assert.match(lines.join(''), /^scribe serve: http:\/\/127\.0\.0\.1:\d+\/v1 /);
      assert.ok(url);
      await assert.rejects(raw(`${url}/models`, 'GET'), /ECONNREFUSED/);
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  });
});
