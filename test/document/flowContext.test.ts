// Completion's reading of flow-style (JSON) documents: the same frames, prefix and range block
// style gives, read from brackets; block YAML is left to the indentation reader.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowContextAt } from '../../server/src/document/flowContext';
import { parseAnsibleDocument } from '../../server/src/document/parse';

const text = `[{"name":"Web","hosts":"all","tasks":[{"name":"Copy","ansible.builtin.co":{"dest":"/tmp/a","state":"pre"}}]}]\n`;
const doc = parseAnsibleDocument('file:///w/site.json.yml', text);
const after = (needle: string, back = 0) => text.indexOf(needle) + needle.length - back;

describe('flow context', () => {
  it('a key of a task: the play and task frames, the typed prefix, the text inside the quotes', () => {
    const ctx = flowContextAt(doc, after('ansible.builtin.co', 2));
    assert.ok(ctx);
    assert.equal(ctx.position, 'key');
    assert.equal(ctx.prefix, 'ansible.builtin.');
    assert.equal(text.slice(ctx.replace.start, ctx.replace.end), 'ansible.builtin.co');
    assert.ok(ctx.flow && ctx.followedByColon);
    assert.deepEqual(
      ctx.frames.map((f) => [f.keys.join(' '), f.parentKey ?? '', f.item]),
      [
        ['name hosts tasks', '', true],
        ['name', 'tasks', true],
      ],
    );
  });

  it("an option's value: the option and its typed prefix", () => {
    const ctx = flowContextAt(doc, after('"state":"pre'));
    assert.equal(ctx?.position, 'value');
    assert.equal(ctx?.key, 'state');
    assert.equal(ctx?.prefix, 'pre');
    assert.deepEqual(ctx?.frames.at(-1)?.keys, ['dest']);
    assert.equal(ctx?.frames.at(-1)?.parentKey, 'ansible.builtin.co');
  });

  it('nothing between entries, inside a list, or in a block-style document', () => {
    assert.equal(flowContextAt(doc, after('"tasks":[')), undefined);
    assert.equal(flowContextAt(doc, after('"name":"Web",', 1)), undefined);
    const block = parseAnsibleDocument('file:///w/site.yml', '- hosts: all\n  tasks: [{"name": "x"}]\n');
    assert.equal(flowContextAt(block, block.text.indexOf('name')), undefined);
  });
});
