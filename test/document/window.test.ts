// Hover and completion inside a line over the per-line limit: the flow collection around the
// position is parsed with the path to it, everything else blanked, offsets unchanged.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LINE_CHARS } from '../../server/src/document/admission';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { flowPath, windowAround } from '../../server/src/document/window';

const task = (n: number) => `{"name":"Copy, [file] ${n}","ansible.builtin.copy":{"dest":"/tmp/${n}","content":"x"}}`;

function oneLinePlaybook(chars: number): string {
  const tasks: string[] = [];
  for (let n = 0, size = 0; size < chars; n++) {
    tasks.push(task(n));
    size += tasks[tasks.length - 1].length + 1;
  }
  return `[{"name":"One line","hosts":"all","become":true,"tasks":[${tasks.join(',')}]}]\n`;
}

describe('a window into a line over the limit', () => {
  const text = `# generated\n---\n${oneLinePlaybook(MAX_LINE_CHARS + 10)}`;
  const doc = parseAnsibleDocument('file:///w/site.yml', text);
  const middle = text.indexOf(task(4000));

  it('parses the task around the position, with its play, at the same offsets', () => {
    assert.equal(doc.syntaxErrors[0]?.code, 'long-line');
    assert.ok(middle > 0);
    const window = windowAround(doc, middle + task(4000).indexOf('copy'));
    assert.ok(window);
    assert.equal(window.doc.text.length, text.length);
    assert.deepEqual(window.doc.syntaxErrors, []);
    assert.equal(window.doc.kind, 'playbook');
    const [play] = window.doc.plays;
    assert.equal(play.hosts, 'all', "the play's short keys are kept");
    assert.equal(play.tasks.length, 1);
    const [t] = play.tasks;
    assert.equal(t.name, 'Copy, [file] 4000');
    assert.equal(t.module?.name, 'ansible.builtin.copy');
    assert.equal(text.slice(t.span.start, t.span.end), task(4000));
    assert.deepEqual([window.start, window.end], [middle, middle + task(4000).length]);
  });

  it('is no window outside the collection, on a long line that is not one, or on a short document', () => {
    assert.equal(windowAround(doc, 3), undefined, 'in the comment above the line');
    const plain = parseAnsibleDocument('file:///w/x.yml', `- name: "${'a'.repeat(MAX_LINE_CHARS)}"\n`);
    assert.equal(plain.syntaxErrors[0]?.code, 'long-line');
    assert.equal(windowAround(plain, 20), undefined);
    assert.equal(windowAround(parseAnsibleDocument('file:///w/y.yml', '[{"hosts":"all"}]\n'), 3), undefined);
  });

  it('reads brackets and commas inside quoted scalars as text', () => {
    const json = `["a,[b", {"k": "}", 'it''s {': [1, 2]}]`;
    const path = flowPath(json, json.indexOf('2'));
    assert.deepEqual(
      path?.map((c) => [json[c.open], c.close, c.commas.length]),
      [
        ['[', json.length - 1, 1],
        ['{', json.length - 2, 1],
        ['[', json.length - 3, 1],
      ],
    );
  });
});
