// Inline task completion end to end through the real server: ghost text for a `- name:` line,
// its attribution, acceptance into the provenance ledger, ranges that follow edits, hover over the
// AI-written text, persistence across a restart, and the licence policy withholding a suggestion.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Hover, InlineCompletionList, MarkupContent } from 'vscode-languageserver-protocol';
import { workspaceFeedbackFile } from '../../server/src/feedback/store';
import { LspTestClient } from '../helpers/lspClient';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

interface Attribution {
  suggestionId: string;
  model: string;
  matches: { license: string; collection: string; score: number }[];
  policy: { action: string; reason?: string };
}
interface ProvenanceRecord {
  suggestionId: string;
  range: { start: { line: number }; end: { line: number } };
  licenses: string[];
  state: string;
}

const playbook = `---
- name: Web servers
  hosts: web
  become: true
  tasks:
    - name: Install nginx
      
`;

async function start(ws: TempWorkspace, settings: Record<string, unknown> = {}) {
  return LspTestClient.start({
    workspace: ws.root,
    cacheDir: sharedCatalogCache,
    storagePath: join(ws.root, '.storage'),
    settings: { model: { prepareOnStartup: true }, lint: { enabled: false }, inline: { debounceMs: 0 }, ...settings },
  });
}

function inlineAt(client: LspTestClient, uri: string, line: number, character: number) {
  return client.conn.sendRequest('textDocument/inlineCompletion', {
    textDocument: { uri },
    position: { line, character },
    context: { triggerKind: 1 },
  }) as Promise<InlineCompletionList | null>;
}

describe('inline completion through the language server', () => {
  const ws = new TempWorkspace();
  const file = ws.write('site.yml', playbook);
  let client: LspTestClient;
  /** The document after the acceptance and a line inserted above. */
  let edited = '';
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('offers the task body as ghost text, attributed, and records it when accepted', async () => {
    client = await start(ws);
    await client.open(file.uri, playbook);
    const list = await inlineAt(client, file.uri, 6, 6);
    const item = list?.items[0];
    assert.ok(item, JSON.stringify(list));
    const text = String(typeof item.insertText === 'string' ? item.insertText : item.insertText.value);
    assert.match(text, /ansible\.builtin\.(package|apt|dnf|yum):\n {8}name: /);
    const args = item.command?.arguments?.[0] as { suggestionId: string };
    assert.ok(args?.suggestionId);

    const attribution = (await client.conn.sendRequest('scribe/attribution', args)) as Attribution;
    assert.equal(attribution.model, 'scribe-embedded');
    assert.ok(attribution.matches.length > 0);
    assert.equal(attribution.policy.action, 'allow');

    // The editor inserts the ghost text, then reports the acceptance with the inserted range.
    const body = text.replace(/^ +/, '');
    const accepted = playbook.replace(
      '    - name: Install nginx\n      \n',
      `    - name: Install nginx\n      ${body}`,
    );
    await client.change(file.uri, accepted, 2);
    const bodyLines = body.replace(/\n$/, '').split('\n');
    const range = {
      start: { line: 6, character: 6 },
      end: { line: 6 + bodyLines.length - 1, character: bodyLines[bodyLines.length - 1].length },
    };
    const record = (await client.conn.sendRequest('scribe/accept', {
      suggestionId: args.suggestionId,
      textDocument: { uri: file.uri },
      range,
    })) as ProvenanceRecord;
    assert.equal(record.suggestionId, args.suggestionId);
    assert.ok(record.licenses.length > 0);

    // Hover over the AI-written text says where it came from and under which licence.
    const hover = (await client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: file.uri },
      position: { line: 7, character: 10 },
    })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /AI-written/i);
    assert.ok(
      record.licenses.some((l) => md.includes(l)),
      md,
    );

    // A line inserted above moves the record down.
    edited = accepted.replace('  become: true\n', '  become: true\n  gather_facts: false\n');
    await client.change(file.uri, edited, 3);
    const records = (await client.conn.sendRequest('scribe/provenance', {
      textDocument: { uri: file.uri },
    })) as ProvenanceRecord[];
    assert.equal(records.length, 1);
    assert.equal(records[0].range.start.line, 7);
  });

  it('keeps the provenance across a restart, and drops what the file no longer holds', async () => {
    await client.stop();
    client = await start(ws);
    await client.open(file.uri, edited);
    const records = (await client.conn.sendRequest('scribe/provenance', {
      textDocument: { uri: file.uri },
    })) as ProvenanceRecord[];
    assert.equal(records.length, 1);
    assert.equal(records[0].range.start.line, 7);
    const report = (await client.conn.sendRequest('scribe/provenanceReport', { format: 'markdown' })) as {
      text: string;
    };
    assert.match(report.text, /site\.yml/);

    const other = ws.write('other.yml', playbook);
    await client.open(other.uri, playbook);
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: file.uri } });
    await client.open(file.uri, playbook, 5);
    const dropped = (await client.conn.sendRequest('scribe/provenance', {
      textDocument: { uri: file.uri },
    })) as ProvenanceRecord[];
    assert.equal(dropped.length, 0, 'reopened without the AI-written text: the record goes');
  });

  it('withholds a suggestion that closely matches an excluded licence, and says why', async () => {
    await client.stop();
    client = await start(ws, { attribution: { blockLicenses: ['*'], threshold: 0 } });
    await client.open(file.uri, playbook);
    const list = await inlineAt(client, file.uri, 6, 6);
    assert.equal(list?.items?.length ?? 0, 0);
    const status = await client.until('a withheld status', () =>
      (client.statuses as { model?: { message?: string } }[]).find((s) => /withheld/.test(s.model?.message ?? '')),
    );
    assert.match(status.model!.message!, /licence policy/);
  });
});

describe('learning from feedback', () => {
  const ws = new TempWorkspace();
  let client: LspTestClient | undefined;
  after(async () => {
    await client?.stop();
    ws.dispose();
  });

  it('changes a later suggestion after thumbs down and rejections; records what was ignored and what the user wrote', async () => {
    client = await start(ws);
    const text = (name: string) => `---\n- name: Web\n  hosts: web\n  tasks:\n    - name: ${name}\n      \n`;
    const ask = async (file: string, name: string) => {
      const f = ws.write(file, text(name));
      await client!.open(f.uri, text(name));
      const list = await inlineAt(client!, f.uri, 5, 6);
      const item = list?.items[0];
      assert.ok(item, `no suggestion for ${name}`);
      const insert = String(typeof item.insertText === 'string' ? item.insertText : item.insertText.value);
      return { insert, uri: f.uri, id: (item.command?.arguments?.[0] as { suggestionId: string }).suggestionId };
    };
    const first = await ask('a.yml', 'Install nginx');
    assert.match(first.insert, /ansible\.builtin\.package:/);
    // The user turns down the portable package module for this kind of task with a thumbs down,
    // then dismisses the next two suggestions for similar tasks, whatever they are (the re-ranker
    // has already moved away from package, so they land on other package managers).
    const rated = await client.conn.sendRequest('scribe/rate', {
      suggestionId: first.id,
      textDocument: { uri: first.uri },
      rating: 'down',
    });
    assert.equal(rated, true);
    const turnedDown = ['ansible.builtin.package'];
    for (const [file, name] of [
      ['b.yml', 'Install apache2'],
      ['c.yml', 'Install redis'],
    ]) {
      const s = await ask(file, name);
      assert.doesNotMatch(s.insert, /ansible\.builtin\.package:/, `${name}: package came back after a thumbs down`);
      const fqcn = /^\s*(\w+\.\w+\.\w+):/m.exec(s.insert)?.[1];
      assert.ok(fqcn, s.insert);
      turnedDown.push(fqcn);
      await client.conn.sendRequest('scribe/reject', {
        suggestionId: s.id,
        textDocument: { uri: s.uri },
        reason: 'dismissed',
      });
    }
    // Each module turned down once for "Install …" (package by a thumbs down, two others by a
    // dismissal): none of them comes back, the thumbs-down one least of all.
    const later = await ask('d.yml', 'Install haproxy');
    for (const fqcn of turnedDown) assert.ok(!later.insert.includes(`${fqcn}:`), `${fqcn} came back: ${later.insert}`);
    // Replaced by another suggestion: ignored, which is weak evidence, not a rejection.
    await client.conn.sendRequest('scribe/reject', {
      suggestionId: later.id,
      textDocument: { uri: later.uri },
      reason: 'replaced',
    });
    const file = workspaceFeedbackFile(sharedCatalogCache, pathToFileURL(ws.root).href);
    const events = () =>
      existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { events: { kind: string; fqcn: string; description: string }[] })
            .events
        : [];
    const kinds = () => events().map((e) => e.kind);
    await client.until('the ignored suggestion to be recorded', () => kinds().length === 4, 10_000);
    assert.deepEqual(kinds(), ['thumbsDown', 'reject', 'reject', 'ignore']);

    // Cleared, the model answers as before learning.
    await client.conn.sendRequest('scribe/clearLearning', {});
    const again = await ask('e.yml', 'Install haproxy');
    assert.match(again.insert, /ansible\.builtin\.package:/);

    // Left aside, then the user writes the task their own way and saves: that is what is learned.
    await client.conn.sendRequest('scribe/reject', {
      suggestionId: again.id,
      textDocument: { uri: again.uri },
      reason: 'replaced',
    });
    const own = text('Install haproxy').replace(/ {6}\n$/, '      apt:\n        name: haproxy\n');
    await client.change(again.uri, own, 2);
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: again.uri } });
    const learned = await client.until('the written task to be learned', () =>
      events().find((e) => e.kind === 'accept'),
    );
    assert.deepEqual(
      { ...learned, time: undefined },
      {
        kind: 'accept',
        description: 'Install haproxy',
        fqcn: 'ansible.builtin.apt',
        args: { name: 'haproxy' },
        time: undefined,
      },
    );
  });
});

describe('inline completion cancelled while a remote model is writing', () => {
  const ws = new TempWorkspace();
  const file = ws.write('site.yml', playbook);
  let client: LspTestClient | undefined;
  let endpoint: Server | undefined;
  after(async () => {
    await client?.stop();
    endpoint?.closeAllConnections();
    endpoint?.close();
    ws.dispose();
  });

  it('aborts the HTTP call to the endpoint (its socket closes) and answers nothing', async () => {
    // A deliberately slow OpenAI-compatible endpoint: it never answers, and notes closed sockets.
    let requests = 0;
    let closed = 0;
    endpoint = createServer((req) => {
      requests++;
      req.socket.once('close', () => closed++);
    });
    await new Promise<void>((resolve) => endpoint!.listen(0, '127.0.0.1', resolve));
    const port = (endpoint.address() as AddressInfo).port;
    client = await start(ws, {
      model: { prepareOnStartup: true, provider: 'openai', endpoint: `http://127.0.0.1:${port}/v1`, name: 'slow' },
    });
    await client.open(file.uri, playbook);
    await client.until('the model to be ready', () =>
      (client!.statuses as { model?: { state: string } }[]).some((s) => s.model?.state === 'ready'),
    );
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest(
      'textDocument/inlineCompletion',
      { textDocument: { uri: file.uri }, position: { line: 6, character: 6 }, context: { triggerKind: 1 } },
      source.token,
    );
    await client.until('the endpoint to be asked', () => requests > 0, 30_000);
    source.cancel();
    const answer = (await pending.catch(() => null)) as InlineCompletionList | null;
    assert.equal(answer?.items?.length ?? 0, 0);
    await client.until('the endpoint socket to close', () => closed > 0, 10_000);
  });
});
