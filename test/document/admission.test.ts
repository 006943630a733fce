// Which texts are analysed: a line over MAX_LINE_CHARS (generated content such as minified JSON)
// gets one finding and no parse, in the editor and in the CLI alike.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_LINE_CHARS, refusalOf, refusalOfBytes } from '../../server/src/document/admission';
import { parseAnsibleDocument } from '../../server/src/document/parse';

const task = (n: number) => `{"name":"Copy ${n}","ansible.builtin.copy":{"dest":"/tmp/${n}","content":"x"}}`;

function oneLinePlaybook(chars: number): string {
  const tasks: string[] = [];
  for (let n = 0, size = 0; size < chars; n++) {
    tasks.push(task(n));
    size += tasks[tasks.length - 1].length + 1;
  }
  return `[{"hosts":"all","tasks":[${tasks.join(',')}]}]\n`;
}

void describe('admission of long lines', () => {
  void it('a playbook on one line longer than the cap: one warning naming the line, nothing parsed', () => {
    const text = `# generated\n---\n${oneLinePlaybook(MAX_LINE_CHARS + 10)}`;
    const doc = parseAnsibleDocument('file:///w/site.yml', text);
    assert.equal(doc.syntaxErrors.length, 1);
    assert.equal(doc.syntaxErrors[0].code, 'long-line');
    assert.equal(doc.syntaxErrors[0].severity, 'warning');
    assert.match(doc.syntaxErrors[0].message, /^not analysed: line 3 is 1\.0 MB long/);
    assert.equal(doc.syntaxErrors[0].span.start, text.indexOf('[{'));
    assert.deepEqual(doc.plays, []);
    assert.equal(refusalOfBytes(Buffer.from(text))?.code, 'long-line');
  });

  void it('the same playbook just under the cap is analysed', () => {
    const text = oneLinePlaybook(MAX_LINE_CHARS - 200);
    assert.ok(text.length < MAX_LINE_CHARS);
    assert.equal(refusalOf(text), undefined);
    assert.equal(refusalOfBytes(Buffer.from(text)), undefined);
    const doc = parseAnsibleDocument('file:///w/site.yml', text);
    assert.equal(doc.kind, 'playbook');
    assert.ok(doc.plays[0].tasks.length > 1000, `${doc.plays[0].tasks.length} tasks`);
  });

  void it('many ordinary lines adding up to more than the line cap are analysed', () => {
    const text = `- hosts: all\n  tasks:\n${Array.from({ length: 30_000 }, (_, n) => `    - name: Ping ${n}\n      ansible.builtin.ping:\n`).join('')}`;
    assert.ok(text.length > MAX_LINE_CHARS);
    assert.equal(refusalOf(text), undefined);
  });
});
