// Generation, explanation and rating through the real server: generated tasks become provenance
// records when the user keeps them (saved playbook, written role), a selection is explained on its
// own, thumbs up/down links in the hover, and an OpenAI-compatible endpoint (a real local HTTP
// server) writes outlines, tasks and a narrative summary, never seeing the file's secrets.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { cannedModel, startModelEndpoint, type ModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

interface Generated {
  yaml?: string;
  files?: Record<string, string>;
  model: string;
  problems: string[];
  tasks: { step: string; fqcn: string; text: string; suggestionId?: string; matches: { license: string }[] }[];
}
interface Record_ {
  suggestionId: string;
  range: { start: { line: number }; end: { line: number } };
  licenses: string[];
  state: string;
}

describe('generated content, selections and ratings through the language server', () => {
  const ws = new TempWorkspace();
  let client: LspTestClient;
  let endpoint: ModelEndpoint | undefined;

  before(async () => {
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      storagePath: join(ws.root, '.storage'),
      ratingLinks: true,
      settings: { model: { prepareOnStartup: true }, lint: { enabled: false } },
    });
  });
  after(async () => {
    await client.stop();
    await endpoint?.close();
    ws.dispose();
  });

  const generate = (params: Record<string, unknown>) =>
    client.conn.sendRequest('scribe/generate', params) as Promise<Generated>;
  const keep = (uris: string[], ids: string[]) =>
    client.conn.sendRequest('scribe/keepGenerated', {
      textDocuments: uris.map((uri) => ({ uri })),
      suggestionIds: ids,
    }) as Promise<{ recorded: number; notFound: number }>;
  const provenance = (uri: string) =>
    client.conn.sendRequest('scribe/provenance', { textDocument: { uri } }) as Promise<Record_[]>;

  it('records a saved generated playbook’s tasks as AI-written, except one edited before saving', async () => {
    const steps = ['Install nginx', 'Start and enable nginx', 'Create the directory /srv/www'];
    const r = await generate({ kind: 'playbook', goal: 'Serve a web site', outline: steps });
    assert.equal(r.tasks.length, 3, JSON.stringify(r));
    assert.equal(r.model, 'scribe-embedded');
    const ids = r.tasks.map((t) => t.suggestionId!);
    assert.ok(ids.every((id) => typeof id === 'string' && id.length > 0));
    // Nothing is recorded before the user keeps it.
    const file = ws.write('web.yml', '');
    assert.deepEqual(await provenance(file.uri), []);

    // The user saves it with the last task edited (its name changed).
    const last = r.tasks[2].text;
    const edited = r.yaml!.replace(last, last.replace(/- name: .*/, '- name: Make the web root'));
    assert.notEqual(edited, r.yaml);
    ws.write('web.yml', edited);
    assert.deepEqual(await keep([file.uri], ids), { recorded: 2, notFound: 1 });
    const records = await provenance(file.uri);
    assert.deepEqual(
      records.map((x) => x.suggestionId),
      ids.slice(0, 2),
    );
    for (const rec of records) {
      assert.equal(rec.state, 'ai');
      assert.ok(rec.licenses.length > 0);
    }
    // Kept twice (saved again): still one record per task.
    await keep([file.uri], ids);
    assert.equal((await provenance(file.uri)).length, 2);

    // Opened, the records hold; the hover shows the source and the thumbs up/down links.
    await client.open(file.uri, edited);
    const line = records[0].range.start.line;
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: file.uri },
      position: { line, character: 8 },
    })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\*\*AI-written\*\*/);
    const links = [...md.matchAll(/\(command:scribe\.rateSuggestion\?([^ )]+)/g)].map(
      (m) => JSON.parse(decodeURIComponent(m[1])) as [{ suggestionId: string; rating: string }],
    );
    assert.deepEqual(
      links.map(([a]) => [a.suggestionId, a.rating]),
      [
        [ids[0], 'up'],
        [ids[0], 'down'],
      ],
    );
    // The link's arguments rate the accepted text (known from the ledger) for local learning.
    assert.equal(await client.conn.sendRequest('scribe/rate', links[1][0]), true);
  });

  it('records a written role’s tasks, found at the role file’s own indentation', async () => {
    const r = await generate({
      kind: 'role',
      name: 'web',
      goal: 'Install and start nginx',
      outline: ['Install nginx', 'Start nginx'],
    });
    const tasksFile = ws.write('roles/web/tasks/main.yml', r.files!['tasks/main.yml']);
    const result = await keep(
      [tasksFile.uri],
      r.tasks.map((t) => t.suggestionId!),
    );
    assert.deepEqual(result, { recorded: r.tasks.length, notFound: 0 });
    assert.equal((await provenance(tasksFile.uri)).length, r.tasks.length);
    // An unknown document is a clear error, not a silent nothing.
    await assert.rejects(keep(['untitled:Untitled-9'], ['x']), /not open and not a file/);
  });

  it('explains a selection on its own (scribe/explain with a range)', async () => {
    const text = `---
- name: Web
  hosts: web
  tasks:
    - name: Install nginx
      ansible.builtin.package:
        name: nginx
    - name: Copy the site
      ansible.builtin.copy:
        src: site/
        dest: /srv/www/
`;
    const f = ws.write('explain.yml', text);
    await client.open(f.uri, text);
    const r = (await client.conn.sendRequest('scribe/explain', {
      textDocument: { uri: f.uri },
      range: { start: { line: 7, character: 0 }, end: { line: 10, character: 20 } },
    })) as { markdown: string };
    assert.match(r.markdown, /^# What lines 8–11 of `explain\.yml` do/);
    assert.match(r.markdown, /Copy the site/);
    assert.doesNotMatch(r.markdown, /Install nginx/);
  });

  it('uses an OpenAI-compatible endpoint for the outline, the tasks and a narrative summary', async () => {
    endpoint = await startModelEndpoint(cannedModel);
    const { url, bodies } = endpoint;
    const use = async (model: Record<string, unknown>) => {
      client.settings = { ...client.settings, model: { prepareOnStartup: true, ...model } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    };
    await use({ provider: 'openai', endpoint: url, name: 'fixture', api: 'chat' });
    try {
      const outline = (await client.conn.sendRequest('scribe/outline', { goal: 'Install and start nginx' })) as {
        steps: string[];
        model?: string;
        sources: { license: string }[];
      };
      assert.deepEqual(outline.steps, ['Install the nginx package', 'Start the nginx service']);
      assert.equal(outline.model, 'fixture');
      assert.ok(outline.sources.length > 0 && outline.sources.every((s) => s.license), 'attributed by similarity');

      const r = await generate({ kind: 'playbook', goal: 'Install and start nginx', outline: outline.steps });
      assert.equal(r.model, `fixture at ${url}`);
      assert.equal(r.tasks[0].fqcn, 'ansible.builtin.package');
      for (const t of r.tasks) assert.ok(t.matches.length > 0, `${t.step} is attributed`);

      const secret = 'hunter2-planted-secret';
      const text = `---\n- name: Db\n  hosts: db\n  become: true\n  vars:\n    db_password: ${secret}\n  tasks:\n    - name: Install postgresql\n      ansible.builtin.package:\n        name: postgresql\n`;
      const f = ws.write('db.yml', text);
      await client.open(f.uri, text);
      const explained = (await client.conn.sendRequest('scribe/explain', { textDocument: { uri: f.uri } })) as {
        markdown: string;
        summary?: { model: string; error?: string };
      };
      assert.deepEqual(explained.summary, { model: `fixture at ${url}` });
      assert.match(explained.markdown, /^# What `db\.yml` does\n\n## Summary\n/);
      assert.match(explained.markdown, /installs nginx on the web hosts/);
      assert.match(explained.markdown, /## Play 1: Db/, 'the grounded part is still there');
      assert.ok(bodies.length >= 4);
      for (const b of bodies) assert.doesNotMatch(b, new RegExp(secret));

      // An endpoint that is down: the grounded explanation, with one line saying why there is no summary.
      await use({ provider: 'openai', endpoint: 'http://127.0.0.1:9/v1', name: 'gone', api: 'chat' });
      const down = (await client.conn.sendRequest('scribe/explain', { textDocument: { uri: f.uri } })) as {
        markdown: string;
        summary?: { error?: string };
      };
      assert.match(down.summary?.error ?? '', /unreachable/);
      assert.match(down.markdown, /Summary unavailable: .*unreachable/);
      assert.match(down.markdown, /## Play 1: Db/);
    } finally {
      await use({});
    }
  });
});
