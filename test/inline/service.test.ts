// The inline completion service: trigger table, debounce, de-duplication, cache, cancellation and
// the items' range and text. Fixtures mark the cursor with `|`; the suggestion function applies the
// pipeline's real trigger rules and placement (fixtureSuggest.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InlineCompletionList } from 'vscode-languageserver-types';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { InlineCompletionService, type InlineCompletionRequest } from '../../server/src/inline/service';
import { insertedRange } from '../../server/src/inline/items';
import { BODY, fixtureSuggest } from './fixtureSuggest';

const settings = { enabled: true, debounceMs: 0 };
const never = new AbortController().signal;
const AUTOMATIC = 2;
const INVOKED = 1;

function request(
  marked: string,
  triggerKind: 1 | 2 = AUTOMATIC,
  uri = 'file:///work/site.yml',
  version = 1,
): InlineCompletionRequest {
  const lines = marked.split('\n');
  const line = lines.findIndex((l) => l.includes('|'));
  assert.ok(line >= 0, 'fixture needs a | marker');
  const character = lines[line].indexOf('|');
  lines[line] = lines[line].replace('|', '');
  return { doc: parseAnsibleDocument(uri, lines.join('\n'), version), position: { line, character }, triggerKind };
}

function service(delayMs = 0) {
  const { suggest, calls } = fixtureSuggest(delayMs);
  let n = 0;
  const seen: string[] = [];
  const s = new InlineCompletionService({ suggest, newId: () => `s${++n}`, onSuggestion: (id) => seen.push(id) });
  return { s, calls, seen };
}

/** The document after accepting the first item. */
function accept(r: InlineCompletionRequest, list: InlineCompletionList | null): string {
  assert.ok(list && list.items.length === 1, 'one item');
  const item = list.items[0];
  assert.ok(item.range && typeof item.insertText === 'string');
  const text = r.doc.text;
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return text.slice(0, offset(item.range.start)) + item.insertText + text.slice(offset(item.range.end));
}

const play = (tasks: string, key = 'tasks') => `- name: Web\n  hosts: all\n  ${key}:\n${tasks}`;

describe('inline completion: where it triggers', () => {
  const positive: [string, string, string][] = [
    [
      'blank line under a name in tasks (2-space)',
      play('    - name: Install nginx\n      |\n'),
      play(`    - name: Install nginx\n      ansible.builtin.package:\n        name: nginx\n        state: present\n`),
    ],
    [
      '4-space file',
      `- name: Web\n  hosts: all\n  tasks:\n      - name: Open\n        ansible.builtin.debug:\n            msg: hi\n      - name: Install nginx\n        |\n`,
      `- name: Web\n  hosts: all\n  tasks:\n      - name: Open\n        ansible.builtin.debug:\n            msg: hi\n      - name: Install nginx\n        ansible.builtin.package:\n            name: nginx\n            state: present\n`,
    ],
    [
      'handlers',
      play('    - name: Restart nginx\n      |\n', 'handlers'),
      play(`    - name: Restart nginx\n      ${BODY.trimEnd().replace(/\n/g, '\n      ')}\n`, 'handlers'),
    ],
    [
      'nested block',
      play('    - name: Group\n      block:\n        - name: Install nginx\n          |\n'),
      play(
        '    - name: Group\n      block:\n        - name: Install nginx\n          ansible.builtin.package:\n            name: nginx\n            state: present\n',
      ),
    ],
    [
      'a role task file at the top level',
      '- name: Install nginx\n  |\n',
      '- name: Install nginx\n  ansible.builtin.package:\n    name: nginx\n    state: present\n',
    ],
    [
      'a comment with two tasks',
      play('    # install nginx & start nginx\n    |\n'),
      play(
        '    # install nginx & start nginx\n' +
          '    - name: install nginx\n      ansible.builtin.package:\n        name: nginx\n        state: present\n' +
          '    - name: start nginx\n      ansible.builtin.package:\n        name: nginx\n        state: present\n',
      ),
    ],
  ];
  for (const [title, marked, expected] of positive) {
    it(`proposes: ${title}`, async () => {
      const uri = title.startsWith('a role') ? 'file:///work/roles/web/tasks/main.yml' : 'file:///work/site.yml';
      const r = request(marked, AUTOMATIC, uri);
      const { s } = service();
      assert.equal(accept(r, await s.provide(r, never, settings)), expected);
    });
  }

  const negative: [string, string, (1 | 2)?][] = [
    ['a list of dicts in vars', play('    - name: alice\n      |\n', 'vars')],
    [
      'play level',
      play('    - name: Install nginx\n      ansible.builtin.package: {name: nginx}\n') + '- name: DB servers\n  |\n',
    ],
    ['a plain comment with no blank line', play('    # install nginx|\n')],
    ['a comment that is commented-out YAML', play('    # state: present\n    |\n')],
    ['a name line, cursor at the dash column', play('    - name: Install nginx\n    |\n')],
    ['a name line, cursor deeper than the task', play('    - name: Install nginx\n        |\n')],
    ['two lines below the name', play('    - name: Install nginx\n\n      |\n')],
    ['an empty name', play('    - name:\n      |\n')],
    ['on the name line, automatic', play('    - name: Install nginx|\n')],
    ['under a module key', play('    - name: Install nginx\n      ansible.builtin.package:\n        |\n')],
    ['disabled', play('    - name: Install nginx\n      |\n')],
  ];
  // Lines the request stage refuses are refused by the same trigger rules before any pipeline call.
  const notDescriptions: [string, string][] = [
    ['a noqa marker', play('    # noqa: name[missing]\n    |\n')],
    ['a modeline', play('    # vim: set ft=ansible:\n    |\n')],
    ['an ansible-lint directive', play('    # ansible-lint disable\n    |\n')],
    ['too many parts', play(`    # ${Array.from({ length: 11 }, (_, i) => `step ${i}`).join(' & ')}\n    |\n`)],
  ];
  for (const [title, marked] of notDescriptions) {
    it(`stays quiet without asking the pipeline: ${title}`, async () => {
      const { s, calls } = service();
      assert.equal(await s.provide(request(marked, INVOKED), never, settings), null);
      assert.equal(calls.length, 0);
    });
  }
  for (const [title, marked, kind] of negative) {
    it(`stays quiet: ${title}`, async () => {
      const { s } = service();
      const enabled = title !== 'disabled';
      assert.equal(await s.provide(request(marked, kind ?? AUTOMATIC), never, { ...settings, enabled }), null);
    });
  }

  it('manual trigger at the end of the name line: a line break, then the body', async () => {
    const r = request(play('    - name: Install nginx|\n'), INVOKED);
    const { s } = service();
    assert.equal(
      accept(r, await s.provide(r, never, settings)),
      play('    - name: Install nginx\n      ansible.builtin.package:\n        name: nginx\n        state: present\n'),
    );
  });

  it('manual trigger on a blank line at column 0 replaces the whole line', async () => {
    const r = request(play('    - name: Install nginx\n|\n'), INVOKED);
    const { s } = service();
    const list = await s.provide(r, never, settings);
    assert.deepEqual(list?.items[0].range, { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } });
    assert.match(accept(r, list), /\n {6}ansible\.builtin\.package:\n/);
  });

  it('the item carries the accept command with the suggestion id, and the suggestion is kept', async () => {
    const r = request(play('    - name: Install nginx\n      |\n'));
    const { s, seen } = service();
    const item = (await s.provide(r, never, settings))!.items[0];
    assert.equal(item.command?.command, 'scribe.acceptSuggestion');
    const args = item.command?.arguments?.[0] as { suggestionId: string; uri: string; insertText: string };
    assert.equal(args.suggestionId, 's1');
    assert.equal(args.uri, r.doc.uri);
    assert.deepEqual(seen, ['s1']);
    assert.equal(s.lastSuggestion('s1')?.kind, 'single');
    assert.deepEqual(insertedRange(item.range!.start, args.insertText), {
      start: { line: 4, character: 0 },
      end: { line: 6, character: 22 },
    });
  });
});

describe('inline completion: debounce, de-duplication, cache, cancellation', () => {
  const marked = play('    - name: Install nginx\n      |\n');

  it('automatic triggers within the debounce window ask the model once', async () => {
    const { s, calls } = service();
    const slow = { enabled: true, debounceMs: 40 };
    const first = s.provide(request(marked, AUTOMATIC, undefined, 1), never, slow);
    const second = s.provide(request(marked.replace('nginx', 'nginx '), AUTOMATIC, undefined, 2), never, slow);
    const third = s.provide(request(marked.replace('nginx', 'nginx2'), AUTOMATIC, undefined, 3), never, slow);
    assert.equal(await first, null);
    assert.equal(await second, null);
    assert.ok(await third);
    assert.equal(calls.length, 1);
  });

  it('the same version and line asked twice while in flight → one call, same suggestion', async () => {
    const { s, calls } = service(30);
    const [a, b] = await Promise.all([
      s.provide(request(marked, INVOKED), never, settings),
      s.provide(request(marked, INVOKED), never, settings),
    ]);
    assert.equal(calls.length, 1);
    assert.deepEqual(a, b);
  });

  it('re-triggering after Esc answers from the cache, also for a later version with the same text above', async () => {
    const { s, calls, seen } = service(30);
    const first = await s.provide(request(marked, AUTOMATIC, undefined, 1), never, settings);
    const started = performance.now();
    const again = await s.provide(request(marked, INVOKED, undefined, 1), never, settings);
    assert.ok(performance.now() - started < 20, 'instant');
    const below = await s.provide(request(marked + '    - name: Other\n', AUTOMATIC, undefined, 2), never, settings);
    assert.equal(calls.length, 1);
    assert.deepEqual(again, first);
    assert.deepEqual(below?.items[0].insertText, first?.items[0].insertText);
    assert.deepEqual(seen, ['s1']);
  });

  it('a reason is cached too: a place with no task is not asked again', async () => {
    const { s, calls } = service();
    const vars = play('    - name: alice\n      |\n', 'vars');
    assert.equal(await s.provide(request(vars), never, settings), null);
    assert.equal(await s.provide(request(vars, INVOKED), never, settings), null);
    assert.equal(calls.length, 1);
  });

  it('a cancelled request resolves null at once and aborts the model call', async () => {
    const { s, calls } = service(5_000);
    const cancel = new AbortController();
    const pending = s.provide(request(marked), cancel.signal, settings);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(calls.length, 1);
    const started = performance.now();
    cancel.abort();
    assert.equal(await pending, null);
    assert.ok(performance.now() - started < 100);
    assert.equal(calls[0].signal.aborted, true);
  });

  it('an LSP-style token cancelled during the debounce: no model call', async () => {
    const { s, calls } = service();
    const listeners: (() => void)[] = [];
    const token = {
      isCancellationRequested: false,
      onCancellationRequested(l: () => void) {
        listeners.push(l);
        return { dispose() {} };
      },
    };
    const pending = s.provide(request(marked), token, { enabled: true, debounceMs: 50 });
    token.isCancellationRequested = true;
    listeners.forEach((l) => l());
    assert.equal(await pending, null);
    assert.equal(calls.length, 0);
  });

  it('one of two joined requests cancelled: the call goes on for the other', async () => {
    const { s, calls } = service(30);
    const cancel = new AbortController();
    const a = s.provide(request(marked, INVOKED), cancel.signal, settings);
    const b = s.provide(request(marked, INVOKED), never, settings);
    cancel.abort();
    assert.equal(await a, null);
    assert.ok(await b);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].signal.aborted, false);
  });

  it('an aborted call is not cached: the next trigger asks again', async () => {
    const { s, calls } = service(5_000);
    const cancel = new AbortController();
    const pending = s.provide(request(marked), cancel.signal, settings);
    await new Promise((r) => setTimeout(r, 5));
    cancel.abort();
    await pending;
    const again = s.provide(request(marked), AbortSignal.timeout(20), settings);
    assert.equal(await again, null);
    assert.equal(calls.length, 2);
  });
});

describe('inline completion: forgetting a rejected suggestion', () => {
  it('forget(id): gone from lastSuggestion, and the next trigger asks the model again with a new id', async () => {
    const { s, calls } = service();
    const marked = play('    - name: Install nginx\n      |\n');
    const first = await s.provide(request(marked), never, settings);
    const id = (first!.items[0].command!.arguments![0] as { suggestionId: string }).suggestionId;
    s.forget(id);
    assert.equal(s.lastSuggestion(id), undefined);
    const again = await s.provide(request(marked), never, settings);
    assert.equal(calls.length, 2);
    assert.notEqual((again!.items[0].command!.arguments![0] as { suggestionId: string }).suggestionId, id);
  });
});

describe('inline completion: clearing the cache', () => {
  it('clearCache(): the same place asks the model again (e.g. after a settings change)', async () => {
    const { s, calls } = service();
    const marked = play('    - name: Install nginx\n      |\n');
    await s.provide(request(marked), never, settings);
    await s.provide(request(marked), never, settings);
    assert.equal(calls.length, 1);
    s.clearCache();
    assert.ok(await s.provide(request(marked), never, settings));
    assert.equal(calls.length, 2);
  });
});
