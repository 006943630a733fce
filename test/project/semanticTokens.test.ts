// Semantic tokens: the encoded LSP data decoded back to (text, type) pairs on a small playbook.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import {
  SEMANTIC_TOKEN_MODIFIERS,
  SEMANTIC_TOKEN_TYPES,
  semanticTokenList,
  semanticTokens,
} from '../../server/src/service/project/semanticTokens';

const playbook = `---
- name: Web
  hosts: webservers
  vars:
    port: 80
  tasks:
    - name: Say
      ansible.builtin.debug:
        msg: "port {{ port | int }} on {{ ansible_facts.hostname }}"
      register: said
      when: said is not defined and port > 10

    - name: Check
      ansible.builtin.assert:
        that:
          - port == 80
# a comment {{ not_a_variable }}
`;

interface Decoded {
  line: number;
  text: string;
  type: string;
  modifiers: string[];
}

function decode(text: string, data: number[]): Decoded[] {
  const lines = text.split('\n');
  const out: Decoded[] = [];
  let line = 0;
  let char = 0;
  assert.equal(data.length % 5, 0);
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, len, type, bits] = data.slice(i, i + 5);
    line += dl;
    char = dl === 0 ? char + dc : dc;
    out.push({
      line,
      text: lines[line].slice(char, char + len),
      type: SEMANTIC_TOKEN_TYPES[type],
      modifiers: SEMANTIC_TOKEN_MODIFIERS.filter((_, b) => bits & (1 << b)),
    });
  }
  return out;
}

const doc = parseAnsibleDocument('file:///p/site.yml', playbook);
const tokens = decode(playbook, semanticTokens(doc));
const typesOf = (text: string) => tokens.filter((t) => t.text === text).map((t) => t.type);

describe('semantic tokens', () => {
  it('play and task keywords are keywords, modules functions, options properties', () => {
    assert.deepEqual(typesOf('hosts'), ['keyword']);
    assert.deepEqual(typesOf('tasks'), ['keyword']);
    assert.deepEqual(typesOf('register'), ['keyword']);
    assert.deepEqual(typesOf('when'), ['keyword']);
    assert.deepEqual(typesOf('ansible.builtin.debug'), ['function']);
    assert.deepEqual(tokens.find((t) => t.text === 'ansible.builtin.debug')?.modifiers, ['defaultLibrary']);
    assert.deepEqual(typesOf('msg'), ['property']);
    assert.deepEqual(typesOf('that'), ['property']);
  });

  it('Jinja: delimiters, variables, filters, attributes, keywords, numbers', () => {
    assert.deepEqual(typesOf('{{'), ['macro', 'macro']);
    assert.deepEqual(typesOf('}}'), ['macro', 'macro']);
    assert.deepEqual(typesOf('int'), ['function']);
    assert.deepEqual(typesOf('ansible_facts'), ['variable']);
    assert.deepEqual(typesOf('hostname'), ['property']);
    assert.deepEqual(typesOf('|'), ['operator']);
    // `port` in the vars key (a declaration), in {{ }}, in when: and in assert's that:.
    assert.deepEqual(typesOf('port'), ['variable', 'variable', 'variable', 'variable']);
    assert.deepEqual(tokens.find((t) => t.text === 'port')?.modifiers, ['declaration']);
    // when: is a bare expression: `is`, `not`, `and` are Jinja keywords, `defined` a test.
    assert.deepEqual(typesOf('and'), ['keyword']);
    assert.deepEqual(typesOf('defined'), ['function']);
    assert.deepEqual(typesOf('10'), ['number']);
    assert.deepEqual(typesOf('said'), ['variable', 'variable']);
    assert.deepEqual(tokens.find((t) => t.text === 'said')?.modifiers, ['declaration']);
  });

  it('comment lines carry no tokens; tokens are in order and do not overlap', () => {
    assert.deepEqual(typesOf('not_a_variable'), []);
    const raw = semanticTokenList(doc);
    for (let i = 1; i < raw.length; i++) assert.ok(raw[i].start >= raw[i - 1].start + raw[i - 1].length, `token ${i}`);
  });

  it('a range request keeps only the tokens on its lines', () => {
    const ranged = decode(playbook, semanticTokens(doc, { fromLine: 8, toLine: 8 }));
    assert.ok(ranged.length > 0);
    // Decoded from line 0, the first token's delta carries the absolute line.
    assert.deepEqual(
      ranged.map((t) => t.text),
      tokens.filter((t) => t.line === 8).map((t) => t.text),
    );
  });
});
