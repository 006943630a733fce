// The real server over stdio, with the real installed Ansible and ansible-lint.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionList, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const faulty = `- name: Faulty play
  hosts: all
  tasks:
    - name: Short module name
      copy:
        src: a.txt
        dest: /tmp/a.txt
    - name: Misspelt option
      ansible.builtin.copy:
        src: a.txt
        dst: /tmp/a.txt
    - name: Bad choice
      ansible.builtin.file:
        path: /tmp/x
        state: bogus
    - name: Unknown module
      ansible.builtin.coppy:
        src: a
    - name: Templated values are never judged
      ansible.builtin.file:
        path: /tmp/y
        state: "{{ wanted_state }}"
    - shell: echo hello
`;

/** LSP 3.18 allows Markdown diagnostic messages; ours are plain strings. */
const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const codes = (ds: Diagnostic[], source = 'scribe') => ds.filter((d) => d.source === source).map((d) => d.code);

describe('language server over stdio', () => {
  const ws = new TempWorkspace();
  let client: LspTestClient;
  const file = ws.write('site.yml', faulty);

  before(async () => {
    client = await LspTestClient.start({ workspace: ws.root, cacheDir: sharedCatalogCache, settings: {} });
    await client.open(file.uri, faulty);
  });
  after(async () => {
    await client.stop();
    ws.dispose();
  });

  it('publishes built-in diagnostics with codes, ranges and did-you-mean', async () => {
    const ds = await client.waitForDiagnostics(file.uri, (d) => codes(d).includes('unknown-option'), 120_000);
    const by = (code: string) => ds.filter((d) => d.source === 'scribe' && d.code === code);
    assert.deepEqual(by('fqcn')[0].range, { start: { line: 4, character: 6 }, end: { line: 4, character: 10 } });
    assert.match(message(by('unknown-option')[0]), /dst.*Did you mean 'dest'/);
    assert.equal(by('unknown-option')[0].range.start.line, 10);
    assert.match(message(by('missing-required-option')[0]), /dest/);
    assert.equal(by('invalid-choice').length, 1, 'only the literal state is judged, not the templated one');
    assert.equal(by('invalid-choice')[0].range.start.line, 14);
    assert.match(message(by('unknown-module')[0]), /ansible\.builtin\.copy/);
  });

  it('adds ansible-lint diagnostics on open, with real ranges, without repeating built-in ones', async () => {
    // A playbook ansible-lint can load (a syntax-check failure would hide its other rules).
    const text = `- name: Lint me\n  hosts: all\n  tasks:\n    - name: Short name\n      copy:\n        src: a\n        dest: /tmp/a\n        mode: "0644"\n    - shell: echo hello\n    - name: lowercase name\n      ansible.builtin.debug:\n        msg: hi\n`;
    const lintme = ws.write('lintme.yml', text);
    await client.open(lintme.uri, text);
    const ds = await client.waitForDiagnostics(lintme.uri, (d) => d.some((x) => x.source === 'ansible-lint'), 120_000);
    const lint = ds.filter((d) => d.source === 'ansible-lint');
    const noName = lint.find((d) => d.code === 'name[missing]');
    assert.ok(noName, `expected name[missing], got ${lint.map((d) => d.code).join(', ')}`);
    assert.deepEqual(noName.range.start, { line: 8, character: 6 });
    assert.ok(lint.some((d) => d.code === 'no-changed-when'));
    // Editing the line a finding was on hides it until the next save; other findings stay.
    await client.change(lintme.uri, text.replace('- shell: echo hello', '- shell: echo bye'), 2);
    const edited = await client.waitForDiagnostics(lintme.uri, (d) => !d.some((x) => x.code === 'name[missing]'));
    assert.ok(
      edited.some((d) => d.code === 'name[casing]' && d.range.start.line === 9),
      'findings on unchanged lines stay',
    );
    // ansible-lint's fqcn[action-core] says what the built-in fqcn hint says: shown once.
    const fqcnOnCopy = ds.filter((d) => d.range.start.line === 4 && /fqcn/.test(String(d.code)));
    assert.deepEqual(
      fqcnOnCopy.map((d) => d.source),
      ['scribe'],
    );
  });

  it('offers module names in a task, FQCN first', async () => {
    const text = `- hosts: all\n  tasks:\n    - name: Copy a file\n      \n`;
    const uri = ws.write('complete.yml', text).uri;
    await client.open(uri, text);
    const list = (await client.conn.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 3, character: 6 },
    })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('ansible.builtin.copy'), `got ${labels.length} items`);
    assert.ok(labels.includes('when'), 'task keywords too');
    assert.ok(!labels.includes('hosts'), 'no play keywords in a task');
  });

  it('shows module documentation on hover', async () => {
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: file.uri },
      position: { line: 8, character: 10 },
    })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /ansible\.builtin\.copy/);
    assert.match(md, /dest/);
    assert.match(md, /docs\.ansible\.com/);
  });

  it('hovers and completes inside a playbook minified onto one line over the per-line limit', async () => {
    const tasks = Array.from(
      { length: 16_000 },
      (_, n) => `{"name":"Copy ${n}","ansible.builtin.copy":{"dest":"/tmp/${n}","content":"x"}}`,
    );
    const text = `[{"hosts":"all","tasks":[${tasks.join(',')}]}]\n`;
    assert.ok(text.length > 1024 * 1024);
    const uri = ws.write('minified.yml', text).uri;
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(ds), ['not-analysed'], 'one finding: the line is not checked');
    const copy = text.indexOf('"ansible.builtin.copy"', text.indexOf('Copy 6000')) + '"ansible.builtin.'.length;
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: copy + 1 },
    })) as Hover;
    assert.match((hover?.contents as MarkupContent)?.value ?? '', /ansible\.builtin\.copy/);
    const labelsAt = async (offset: number) => {
      const list = (await client.conn.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: 0, character: offset },
      })) as CompletionList | null;
      return (list?.items ?? []).map((i) => i.label);
    };
    // In the module key, as in block style: module names; in its mapping's keys: copy's options.
    assert.ok((await labelsAt(copy + 2)).includes('ansible.builtin.copy'));
    const options = await labelsAt(text.indexOf('"dest"', copy) + 2);
    assert.ok(options.includes('owner') && options.includes('backup'), `got ${options.slice(0, 8).join(', ')}`);
  });

  it('offers a quick fix that rewrites a short name to its FQCN', async () => {
    const ds = await client.waitForDiagnostics(file.uri, (d) => codes(d).includes('fqcn'));
    const fqcn = ds.find((d) => d.code === 'fqcn')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: file.uri },
      range: fqcn.range,
      context: { diagnostics: [fqcn] },
    })) as CodeAction[];
    const edit = actions.flatMap((a) => a.edit?.changes?.[file.uri] ?? []);
    assert.ok(
      edit.some((e) => e.newText === 'ansible.builtin.copy'),
      JSON.stringify(actions),
    );
  });

  it('explains a playbook in plain words from the module documentation (scribe/explain)', async () => {
    const r = (await client.conn.sendRequest('scribe/explain', { textDocument: { uri: file.uri } })) as {
      markdown: string;
    };
    assert.match(r.markdown, /^# What `site\.yml` does/);
    assert.match(r.markdown, /Misspelt option.*ansible\.builtin\.copy/);
    assert.match(r.markdown, /unknown/i, 'the unknown module is said to be unknown');
    assert.match(r.markdown, /No AI-written content/);
  });

  it('keeps answering after broken YAML', async () => {
    const text = `- hosts: all\n  tasks:\n    - name: x\n      ansible.builtin.debug: [\n`;
    const uri = ws.write('broken.yml', text).uri;
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, (d) => codes(d).includes('yaml-syntax'));
    assert.ok(ds[0].range.start.line >= 3);
    const hover = await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: file.uri },
      position: { line: 8, character: 10 },
    });
    assert.ok(hover);
  });
});

describe('language server without Ansible', () => {
  const ws = new TempWorkspace();
  let client: LspTestClient;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('says what is missing and still reports YAML errors', async () => {
    client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: ws.root + '/cache',
      settings: { ansible: { path: '/nonexistent/ansible' }, lint: { path: '/nonexistent/ansible-lint' } },
    });
    const text = `- hosts: all\n  tasks:\n    - name: x\n      copy: {src: a\n`;
    const uri = ws.write('site.yml', text).uri;
    await client.open(uri, text);
    const ds = await client.waitForDiagnostics(uri, (d) => codes(d).includes('yaml-syntax'));
    assert.ok(!codes(ds).includes('unknown-module'));
    const status = await client.until('an unavailable catalog status', () =>
      (client.statuses as { catalog: { state: string; message?: string } }[]).find(
        (s) => s.catalog.state === 'unavailable',
      ),
    );
    assert.match(status.catalog.message ?? '', /ansible/i);
    const lintStatus = await client.until('an unavailable ansible-lint status', () =>
      (client.statuses as { lint: { state: string; message?: string } }[]).find((s) => s.lint.state === 'unavailable'),
    );
    assert.match(lintStatus.lint.message ?? '', /nonexistent\/ansible-lint/);
  });
});

describe('language server killed without a shutdown', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());

  it('takes its linter processes with it', async () => {
    // A "linter" that records its pid and hangs, as a stuck ansible-lint would.
    const pidFile = join(ws.root, 'linter.pid');
    const linter = ws.write('slow-lint.sh', `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 120\n`).path;
    chmodSync(linter, 0o755);
    const client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: ws.root + '/cache',
      settings: { lint: { path: linter } },
    });
    const text = `- hosts: all\n  tasks: []\n`;
    await client.open(ws.write('site.yml', text).uri, text);
    const pid = await client.until('the linter to start', () =>
      existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined,
    );
    const alive = (p: number) => {
      try {
        process.kill(p, 0);
        return !readFileSync(`/proc/${p}/status`, 'utf8').includes('State:\tZ');
      } catch {
        return false;
      }
    };
    assert.ok(alive(pid));
    client.proc.kill('SIGTERM');
    await new Promise((r) => client.proc.once('exit', r));
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(pid), `linter ${pid} outlived the server`);
    client.conn.dispose();
  });
});
