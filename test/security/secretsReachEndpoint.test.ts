// Attack: secrets in the files a user edits (and in other files of the workspace) reach the model
// endpoint. A corpus of secret forms (fixtures/secrets/forms.ts: the 41 forms issue 15 found
// leaking and more), each with a planted value, goes through every path that sends text to an
// OpenAI-compatible endpoint, against a real local endpoint that records every request: inline
// completion and a `# a & b` comment over LSP (completions API, so few-shot examples are `# `
// comments), few-shot examples drawn from the workspace's own tasks (opted in: the worst case),
// scribe/outline, scribe/generate, the explain summary, and the CLI (`scribe suggest`,
// `scribe explain` and `scribe generate` with --endpoint, chat API). On each path: every form's surroundings reached the
// endpoint (its `fNN` marker is in a request), and no planted value, nor any 12 characters of one,
// is in any request.

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runExplain } from '../../server/src/cli/explain';
import { runGenerate } from '../../server/src/cli/generate';
import { runSuggest } from '../../server/src/cli/suggest';
import { LspTestClient } from '../helpers/lspClient';
import { cannedModel, promptOf, startModelEndpoint, type ModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';
import { SECRET_FORMS, type SecretForm } from './fixtures/secrets/forms';

const HEADER = '---\n- name: Secrets play\n  hosts: all\n  tasks:\n';
const indent = (text: string, n: number) =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

/** Forms in groups that fit the prompt's context budget (2,000 characters) with the header. */
function chunks(forms: SecretForm[], budget = 1600): SecretForm[][] {
  const out: SecretForm[][] = [];
  let cur: SecretForm[] = [];
  let size = 0;
  for (const f of forms) {
    if (cur.length && size + f.yaml.length > budget) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(f);
    size += f.yaml.length + 40;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** A playbook with the forms' tasks, then a description line (`tail`) and a blank line below it. */
function playbook(forms: SecretForm[], tail: string): { text: string; line: number } {
  const body = HEADER + forms.map((f) => indent(f.yaml, 4)).join('');
  const text = `${body}    ${tail}\n\n`;
  return { text, line: text.split('\n').length - 3 };
}

/** Planted values (or 12 characters of a long one) found in what the endpoint received. */
function leaks(texts: string[], forms: readonly SecretForm[]): string[] {
  const found: string[] = [];
  for (const f of forms)
    for (const p of f.planted) {
      const pieces = p.length >= 16 ? Array.from({ length: p.length - 11 }, (_, i) => p.slice(i, i + 12)) : [p];
      const hit = pieces.find((x) => texts.some((t) => t.includes(x)));
      const where = hit && texts.find((t) => t.includes(hit));
      if (hit && where) {
        const at = where.indexOf(hit);
        found.push(`${f.id} (${f.what}): …${where.slice(Math.max(0, at - 60), at + hit.length + 20)}…`);
      }
    }
  return found;
}

/** Forms whose marker never reached the endpoint (the path did not send their text at all). */
function unsent(texts: string[], forms: readonly SecretForm[]): string[] {
  return forms.filter((f) => !texts.some((t) => new RegExp(`\\b${f.id}\\b`).test(t))).map((f) => f.id);
}

const tally: string[] = [];

function check(path: string, endpoint: ModelEndpoint, from: number, forms: readonly SecretForm[] = SECRET_FORMS) {
  const sent = endpoint.requests.slice(from);
  const texts = [...sent.map((r) => r.raw), ...sent.map(promptOf)];
  assert.ok(sent.length > 0, `${path}: nothing reached the endpoint`);
  assert.deepEqual(unsent(texts, forms), [], `${path}: forms whose text was never sent`);
  const leaked = leaks(texts, forms);
  tally.push(`${path}: ${forms.length} forms planted, ${leaked.length} leaked, ${sent.length} requests`);
  assert.deepEqual(leaked, [], `${path}: planted secrets reached the endpoint`);
}

async function sink<T>(run: (out: Writable) => Promise<T>): Promise<{ result: T; out: string }> {
  let out = '';
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { result: await run(w), out };
}

describe('secrets reach the model endpoint', () => {
  const ws = new TempWorkspace();
  let endpoint: ModelEndpoint;
  let client: LspTestClient;
  const groups = chunks(SECRET_FORMS);

  before(async () => {
    assert.ok(SECRET_FORMS.length >= 60, `${SECRET_FORMS.length} forms`);
    assert.equal(new Set(SECRET_FORMS.map((f) => f.id)).size, SECRET_FORMS.length);
    const planted = SECRET_FORMS.flatMap((f) => f.planted);
    assert.equal(new Set(planted).size, planted.length, 'each planted value is unique');
    endpoint = await startModelEndpoint(cannedModel);
    // The workspace holds every form as a task file: its tasks become few-shot examples.
    ws.write('LICENSE', 'SPDX-License-Identifier: MIT\n');
    for (const f of SECRET_FORMS) ws.write(`roles/forms/tasks/${f.id}.yml`, `---\n${f.yaml}`);
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      settings: {
        model: {
          prepareOnStartup: true,
          provider: 'openai',
          endpoint: endpoint.url,
          name: 'recorder',
          api: 'completions',
          workspaceExamples: true,
        },
        lint: { enabled: false },
        inline: { debounceMs: 0 },
      },
    });
    await client.untilModelAndWorkspaceReady();
  });
  after(async () => {
    await client?.stop();
    await endpoint?.close();
    ws.dispose();
    console.log(`\n${tally.join('\n')}`);
  });

  const inline = (uri: string, line: number, character: number) =>
    client.conn.sendRequest('textDocument/inlineCompletion', {
      textDocument: { uri },
      position: { line, character },
      context: { triggerKind: 1 },
    });

  it('inline completion of a task below the secrets', async () => {
    const from = endpoint.requests.length;
    for (const [i, forms] of groups.entries()) {
      const { text, line } = playbook(forms, '- name: Install nginx');
      const f = ws.write(`inline${i}.yml`, text);
      await client.open(f.uri, text);
      await inline(f.uri, line + 1, 6);
    }
    check('inline (LSP, completions)', endpoint, from);
  });

  it('inline completion of a multi-task `# a & b` comment below the secrets', async () => {
    const from = endpoint.requests.length;
    for (const [i, forms] of groups.entries()) {
      const { text, line } = playbook(forms, '# install nginx & start nginx');
      const f = ws.write(`multi${i}.yml`, text);
      await client.open(f.uri, text);
      await inline(f.uri, line + 1, 4);
    }
    check('multi-task comment (LSP, completions)', endpoint, from);
  });

  it('few-shot examples: the workspace’s tasks with secrets, as `#` comments of a completions prompt', async () => {
    const from = endpoint.requests.length;
    for (const form of SECRET_FORMS) {
      const name = /- name: (.*)/.exec(form.yaml)![1];
      const text = `${HEADER}    - name: ${name}\n\n`;
      const f = ws.write(`fewshot-${form.id}.yml`, text);
      await client.open(f.uri, text);
      await inline(f.uri, 5, 6);
    }
    const sent = endpoint.requests.slice(from).map(promptOf);
    // Each form's own task was an example (its marker twice: the description and the example).
    const asExample = SECRET_FORMS.filter((form) =>
      sent.some(
        (p) => p.includes('# Similar tasks') && (p.match(new RegExp(`\\b${form.id}\\b`, 'g')) ?? []).length >= 2,
      ),
    );
    assert.ok(asExample.length >= SECRET_FORMS.length * 0.9, `only ${asExample.length} forms were examples`);
    check('few-shot examples from the workspace (LSP, completions)', endpoint, from);
  });

  it('scribe/outline with the secrets in the goal', async () => {
    const from = endpoint.requests.length;
    for (const form of SECRET_FORMS)
      await client.conn.sendRequest('scribe/outline', { goal: `${form.prose ?? form.yaml} (${form.id})` });
    check('scribe/outline', endpoint, from);
  });

  it('scribe/generate with the secrets in the goal and the steps', async () => {
    const from = endpoint.requests.length;
    for (const forms of chunks(SECRET_FORMS, 700)) {
      const steps = forms.map((f) => `${(f.prose ?? f.yaml).replace(/\s*\n\s*/g, ' ')} ${f.id}`);
      await client.conn.sendRequest('scribe/generate', {
        kind: 'playbook',
        goal: `Deploy ${forms.map((f) => f.id).join(' ')} with ${forms[0].prose ?? forms[0].yaml}`,
        outline: steps,
      });
    }
    check('scribe/generate', endpoint, from);
  });

  it('the explain summary (scribe/explain, provider openai)', async () => {
    const from = endpoint.requests.length;
    for (const [i, forms] of groups.entries()) {
      const { text } = playbook(forms, '- name: Install nginx');
      const f = ws.write(`explain${i}.yml`, text);
      await client.open(f.uri, text);
      const r = (await client.conn.sendRequest('scribe/explain', { textDocument: { uri: f.uri } })) as {
        summary?: { error?: string };
      };
      assert.equal(r.summary?.error, undefined);
    }
    check('explain summary (LSP)', endpoint, from);
  });

  it('the CLI: scribe suggest and scribe explain with --endpoint', async () => {
    const from = endpoint.requests.length;
    const endpointArgs = ['--endpoint', endpoint.url, '--model', 'recorder', '--api', 'chat'];
    for (const [i, forms] of groups.entries()) {
      for (const tail of ['- name: Install nginx', '# install nginx & start nginx']) {
        const { text, line } = playbook(forms, tail);
        const f = ws.write(`cli${i}.yml`, text);
        const r = await sink((out) =>
          runSuggest([f.path, '--line', String(line + 1), ...endpointArgs, '--cache-dir', sharedCatalogCache], out),
        );
        assert.equal(r.result, 0, r.out);
      }
      const { text } = playbook(forms, '- name: Install nginx');
      const f = ws.write(`cli${i}.yml`, text);
      const r = await sink((out) => runExplain([f.path, ...endpointArgs, '--cache-dir', sharedCatalogCache], out));
      assert.equal(r.result, 0, r.out);
      assert.match(r.out, /## Summary/);
    }
    check('CLI suggest + explain --endpoint (chat)', endpoint, from);
  });

  it('the CLI: scribe generate with --endpoint (the endpoint’s outline, and the user’s)', async () => {
    const from = endpoint.requests.length;
    const endpointArgs = ['--endpoint', endpoint.url, '--model', 'recorder', '--api', 'chat'];
    for (const [i, forms] of chunks(SECRET_FORMS, 700).entries()) {
      const steps = forms.map((f) => `${(f.prose ?? f.yaml).replace(/\s*\n\s*/g, ' ')} ${f.id}`);
      const outline = ws.write(`outline${i}.txt`, `${steps.join('\n')}\n`);
      const goal = `Deploy ${forms.map((f) => f.id).join(' ')} with ${forms[0].prose ?? forms[0].yaml}`;
      for (const extra of [['--outline', outline.path], []]) {
        const r = await sink((out) =>
          runGenerate(['playbook', goal, ...extra, ...endpointArgs, '--cache-dir', sharedCatalogCache], out),
        );
        assert.equal(r.result, 0, r.out);
      }
    }
    check('CLI generate --endpoint (chat)', endpoint, from);
  });
});
