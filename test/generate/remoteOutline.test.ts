// Goal → outline with a remote model, against real local HTTP servers through the `openai` client:
// a recording server (the corpus example and its licence are in what it received; the steps are
// attributed to the fixture corpus), a server that answers without steps (corpus fallback), and a
// closed port (corpus fallback with the reason). Then the reply parser on messy replies.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import type { CorpusTask } from '../../server/src/corpus/types';
import { MAX_STEPS, outlineFor, OutlineError } from '../../server/src/generate/outline';
import { outlineSteps, remoteOutline } from '../../server/src/generate/remoteOutline';
import { RemoteModel } from '../../server/src/remote/openaiModel';
import { defaultSettings, type ScribeSettings } from '../../server/src/settings';
import { startModelEndpoint, type ModelEndpoint } from '../helpers/modelEndpoint';
import { fixtureCorpus } from '../model/fixtureCorpus';

function model(endpoint: string, api: ScribeSettings['model']['api'] = 'chat'): RemoteModel {
  return new RemoteModel({
    settings: { ...defaultSettings.model, provider: 'openai', endpoint, name: 'recorder', timeoutMs: 10_000, api },
  });
}

/** A server that answers every chat or completions request with `reply(api)` and keeps the requests. */
async function recorder(reply: (api: 'chat' | 'completions') => string) {
  const server = await startModelEndpoint((r) => reply(r.api));
  return { server, received: server.requests, url: server.url };
}

const close = (server: ModelEndpoint) => server.close();

const GOAL = 'Install and start postgresql';
const STEPS = [
  'Install the PostgreSQL packages',
  'Create the data directory',
  'Configure the listen address',
  'Start and enable postgresql',
];
// A chat model numbers its list; a completions model continues the prompt's "1.".
const REPLIES = {
  chat: `Here is the outline:\n\n${STEPS.map((s, i) => `${i + 1}. ${s}`).join('\n')}\n`,
  completions: ` ${STEPS[0]}\n${STEPS.slice(1)
    .map((s, i) => `${i + 2}. ${s}`)
    .join('\n')}`,
};

describe('remoteOutline', () => {
  const index = AttributionIndex.build(fixtureCorpus());

  for (const api of ['chat', 'completions'] as const) {
    it(`writes the steps over ${api}, with the licensed corpus example in the prompt, attributed by similarity`, async () => {
      const { server, received, url } = await recorder((kind) => REPLIES[kind]);
      try {
        const o = await remoteOutline(GOAL, { model: model(url, api), index });
        assert.deepEqual(o.steps, STEPS);
        assert.equal(o.model, 'recorder');
        assert.equal(o.note, undefined);
        assert.ok(o.sources.length >= 1 && o.sources.length <= 3, JSON.stringify(o.sources));
        assert.deepEqual(
          { ...o.sources[0], score: 0 },
          {
            collection: 'example.fixture',
            version: '1.0.0',
            path: 'roles/db/tasks/main.yml',
            license: 'MIT',
            repoUrl: '',
            score: 0,
          },
        );
        for (let i = 1; i < o.sources.length; i++) assert.ok(o.sources[i - 1].score >= o.sources[i].score);
        for (const s of o.sources) assert.equal(s.score, Math.round(s.score * 100) / 100);

        assert.equal(received.length, 1);
        const { url: path, body } = received[0];
        assert.equal(path, api === 'chat' ? '/v1/chat/completions' : '/v1/completions');
        const sent = api === 'chat' ? (body.messages ?? []).map((m) => m.content).join('\n') : (body.prompt ?? '');
        assert.ok(sent.includes(`Goal: ${GOAL}`), sent);
        assert.ok(sent.includes('from example.fixture@1.0.0 roles/db/tasks/main.yml, MIT'), sent);
        for (const step of outlineFor(GOAL, { index }).steps) assert.ok(sent.includes(step), `${step} not sent`);
        assert.match(sent, /at most 8 short imperative steps/);
        assert.ok(body.max_tokens && body.max_tokens <= 256);
        if (api === 'completions') {
          assert.ok(body.prompt?.endsWith('Steps:\n1.'), 'the completions prompt ends inside the list');
          assert.ok(body.stop?.includes('\n\n'));
        } else assert.equal(body.messages?.[0].role, 'system');
      } finally {
        await close(server);
      }
    });
  }

  it('leaves an example of unknown licence out of the prompt', async () => {
    const unknown: CorpusTask[] = fixtureCorpus().map((t) => ({
      ...t,
      sources: t.sources.map((s) => ({ ...s, license: 'NOASSERTION' })),
    }));
    const { server, received, url } = await recorder((kind) => REPLIES[kind]);
    try {
      const o = await remoteOutline(GOAL, { model: model(url), index: AttributionIndex.build(unknown) });
      assert.deepEqual(o.steps, STEPS);
      const sent = JSON.stringify(received[0].body);
      assert.ok(!sent.includes('roles/db/tasks/main.yml'), sent);
      assert.ok(!sent.includes('Install PostgreSQL packages'), sent);
      // Attribution still names what the output resembles, whatever its licence.
      assert.equal(o.sources[0].license, 'NOASSERTION');
    } finally {
      await close(server);
    }
  });

  it('falls back to the corpus outline, with a note, when the reply has no usable steps', async () => {
    const garbage =
      "I'm sorry, but as a language model I would need to know a lot more about your hosts, distribution and requirements first.\n" +
      '```yaml\n- hosts: all\n  tasks:\n    - ansible.builtin.package:\n        name: postgresql\n```\n';
    const { server, url } = await recorder(() => garbage);
    try {
      const o = await remoteOutline(GOAL, { model: model(url), index });
      const corpus = outlineFor(GOAL, { index });
      assert.deepEqual(o.steps, corpus.steps);
      assert.deepEqual(o.sources, corpus.sources);
      assert.equal(o.model, 'recorder');
      assert.equal(o.note, 'model endpoint gave no usable steps; the outline comes from the corpus');
    } finally {
      await close(server);
    }
  });

  it('falls back to the corpus outline, saying in one line why, when the endpoint is unreachable', async () => {
    const { server, url } = await recorder(() => '');
    await close(server);
    const o = await remoteOutline(GOAL, { model: model(url), index });
    assert.deepEqual(o.steps, outlineFor(GOAL, { index }).steps);
    assert.equal(o.note, `model endpoint ${url} unreachable: ECONNREFUSED; the outline comes from the corpus`);
  });

  it('rejects when cancelled, without asking for an outline it would throw away', async () => {
    const { server, url } = await recorder(() => '1. Something');
    try {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(remoteOutline(GOAL, { model: model(url), index, signal: controller.signal }));
    } finally {
      await close(server);
    }
  });

  it('rejects an empty goal as the corpus outline does, before any request', async () => {
    const { server, received, url } = await recorder(() => '1. Something');
    try {
      await assert.rejects(remoteOutline('  ', { model: model(url), index }), (e: Error) => {
        assert.ok(e instanceof OutlineError);
        assert.equal(e.message, 'the goal is empty: describe what the playbook should do');
        return true;
      });
      assert.equal(received.length, 0);
    } finally {
      await close(server);
    }
  });
});

describe('outlineSteps', () => {
  it('strips fences, numbering, bold and trailing punctuation', () => {
    assert.deepEqual(outlineSteps('```\n1. **Install nginx**\n2) Configure the site.\n3. Start nginx;\n```'), [
      'Install nginx',
      'Configure the site',
      'Start nginx',
    ]);
  });

  it('strips bullets, `- name:` prefixes and quotes', () => {
    assert.deepEqual(outlineSteps('- Install nginx\n* Open port 80\n• Start nginx\n- name: "Enable nginx at boot"\n'), [
      'Install nginx',
      'Open port 80',
      'Start nginx',
      'Enable nginx at boot',
    ]);
  });

  it('keeps only the task names of a YAML reply', () => {
    const yaml =
      '- name: Install nginx\n  ansible.builtin.package:\n    name: nginx\n    state: present\n' +
      '- name: Start nginx\n  ansible.builtin.service:\n    name: nginx\n    state: started\n';
    assert.deepEqual(outlineSteps(yaml), ['Install nginx', 'Start nginx']);
  });

  it('drops headings and the prose around a list', () => {
    const reply =
      'Sure! Here is a plan:\n\n## Steps\nStep 1: Install nginx\nStep 2: Start nginx\n\n' +
      'These steps will install and start nginx on every host of the play.\nAfterwards, verify port 80';
    assert.deepEqual(outlineSteps(reply), ['Install nginx', 'Start nginx']);
  });

  it('keeps the first, unnumbered line of a completions reply', () => {
    assert.deepEqual(outlineSteps(' Install nginx\n2. Start nginx'), ['Install nginx', 'Start nginx']);
  });

  it('dedupes case-insensitively and caps the steps', () => {
    assert.deepEqual(outlineSteps('1. Install nginx\n2. install NGINX.\n3. Start nginx'), [
      'Install nginx',
      'Start nginx',
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `${i + 1}. Step number ${i + 1}`).join('\n');
    const steps = outlineSteps(many);
    assert.equal(steps.length, MAX_STEPS);
    assert.equal(steps[MAX_STEPS - 1], `Step number ${MAX_STEPS}`);
  });

  it('finds nothing in prose, YAML without names, or nothing', () => {
    assert.deepEqual(outlineSteps(''), []);
    assert.deepEqual(
      outlineSteps(
        'This depends on your distribution and on which version of PostgreSQL you want to run in production.',
      ),
      [],
    );
    assert.deepEqual(outlineSteps('- hosts: db\n  become: true\n  tasks:\n    - ansible.builtin.ping:\n'), []);
  });
});
