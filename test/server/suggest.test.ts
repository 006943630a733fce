// Suggestions from the real server: the worker builds the training corpus from the installed
// collections (shown as work-done progress), trains the embedded model, and answers scribe/suggest
// with attributed tasks; the workspace's own tasks join the attribution index.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

interface Suggestion {
  insertText: string;
  tasks: { fqcn: string; drewOn: { license: string; collection: string; path: string }[]; similar: unknown[] }[];
}

describe('suggestions through the language server', () => {
  const ws = new TempWorkspace();
  let client: LspTestClient;
  const playbook = `---
- name: Web servers
  hosts: web
  become: true
  tasks:
    - name: Install nginx

    - name: Start nginx
      ansible.builtin.service:
        name: nginx
        state: started
`;
  const file = ws.write('site.yml', playbook);
  ws.write(
    'roles/app/tasks/main.yml',
    '- name: Deploy the frobnicator\n  ansible.builtin.copy:\n    src: frob.conf\n    dest: /etc/frob.conf\n',
  );

  before(async () => {
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      settings: { model: { prepareOnStartup: true }, lint: { enabled: false } },
    });
    await client.open(file.uri, playbook);
  });
  after(async () => {
    await client.stop();
    ws.dispose();
  });

  it('prepares the corpus and model in the background, with status (and progress when it builds)', async () => {
    const status = await client.until(
      'the model to be ready',
      () =>
        (client.statuses as { model?: { state: string; message?: string } }[]).find(
          (s) => s.model?.state === 'ready' || s.model?.state === 'error',
        ),
      600_000,
    );
    assert.equal(status.model!.state, 'ready', status.model!.message);
    // A corpus built by this run was reported as work-done progress from begin to end.
    if (client.logs.some((l) => l.startsWith('training corpus built'))) {
      const kinds = client.progress.map((p) => p.value.kind);
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds[kinds.length - 1], 'end');
    }
  });

  it('answers scribe/suggest with a package task attributed to licensed examples', async () => {
    const r = (await client.conn.sendRequest('scribe/suggest', {
      textDocument: { uri: file.uri },
      line: 5,
    })) as Suggestion;
    assert.ok(r.tasks?.length === 1, JSON.stringify(r));
    // No OS hint in the file: the portable module, not a distribution's package manager.
    assert.equal(r.tasks[0].fqcn, 'ansible.builtin.package');
    assert.match(r.insertText, /^ {6}ansible\.builtin\.\w+:\n {8}name: /);
    assert.ok(r.tasks[0].drewOn.length > 0);
    for (const m of r.tasks[0].drewOn) assert.match(m.license, /^[A-Za-z0-9.+\- ()]+$/);
  });

  it('outlines a goal and generates an attributed, lint-clean playbook from the edited outline', async () => {
    const outline = (await client.conn.sendRequest('scribe/outline', { goal: 'Install and start nginx' })) as {
      steps: string[];
    };
    assert.ok(outline.steps.length >= 2, JSON.stringify(outline));
    const steps = ['Install nginx', 'Start and enable nginx'];
    const r = (await client.conn.sendRequest('scribe/generate', {
      kind: 'playbook',
      goal: 'Install and start nginx',
      outline: steps,
    })) as {
      yaml: string;
      problems: string[];
      tasks: { step: string; fqcn: string; matches: { license: string }[] }[];
    };
    assert.match(r.yaml, /hosts: all/);
    assert.deepEqual(
      r.tasks.map((t) => t.step),
      steps,
    );
    assert.equal(r.tasks[0].fqcn, 'ansible.builtin.package');
    assert.match(r.tasks[1].fqcn, /^ansible\.builtin\.(service|systemd)/);
    for (const t of r.tasks) assert.ok(t.matches.length > 0 && t.matches.every((m) => m.license), t.step);
    assert.deepEqual(r.problems, []);
  });

  it('gives a reason where no task can stand', async () => {
    const r = (await client.conn.sendRequest('scribe/suggest', { textDocument: { uri: file.uri }, line: 2 })) as {
      reason?: string;
    };
    assert.match(r.reason ?? '', /not a task description|cannot stand|play/);
  });

  it('uses an OpenAI-compatible endpoint when configured (scribe serve), attributed by similarity', async () => {
    const serve = spawn(
      process.execPath,
      [join(__dirname, '../../server/dist/cli.js'), 'serve', '--port', '0', '--cache-dir', sharedCatalogCache],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        serve.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
          if (m) resolve(m[1]);
        });
        serve.once('exit', (code) => reject(new Error(`scribe serve exited ${code}: ${out}`)));
      });
      client.settings = { ...client.settings, model: { provider: 'openai', endpoint: url, name: 'scribe-embedded' } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const r = (await client.conn.sendRequest('scribe/suggest', {
        textDocument: { uri: file.uri },
        line: 5,
      })) as Suggestion & {
        model: string;
      };
      assert.equal(r.model, `scribe-embedded at ${url}`, JSON.stringify(r));
      assert.match(r.tasks[0].fqcn, /^ansible\.builtin\./);
      assert.equal(r.tasks[0].drewOn.length, 0, 'remote output has no exact examples');
      assert.ok(r.tasks[0].similar.length > 0, 'attributed by similarity to the corpus');

      // An endpoint that does not answer: one clear line, and the server keeps working.
      client.settings = {
        ...client.settings,
        model: { provider: 'openai', endpoint: 'http://127.0.0.1:9/v1', name: 'x' },
      };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await assert.rejects(
        client.conn.sendRequest('scribe/suggest', { textDocument: { uri: file.uri }, line: 5 }),
        /unreachable/,
      );
    } finally {
      serve.kill('SIGTERM');
      client.settings = { ...client.settings, model: { prepareOnStartup: true } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }
  });

  it('indexes the workspace’s own tasks for attribution', async () => {
    const line = await client.until('the workspace to be indexed', () =>
      client.logs.find((l) => /^workspace .*: \d+ tasks from \d+ YAML files/.test(l)),
    );
    assert.match(line, /: [1-9]\d* tasks/);
  });
});
