// Finding kept generated text in a document: verbatim, re-indented as a whole, in order, and not
// when it was edited inside.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';
import { locateBlock } from '../../server/src/provenance/locate';

const task = '    - name: Install nginx\n      ansible.builtin.package:\n        name: nginx\n';
const playbook = `---\n- hosts: all\n  tasks:\n${task}    - name: Other\n      ansible.builtin.ping:\n`;

describe('locateBlock', () => {
  it('finds a block verbatim, as whole lines', () => {
    assert.deepEqual(locateBlock(playbook, task), {
      start: { line: 3, character: 0 },
      end: { line: 6, character: 0 },
    });
  });

  it('finds a block re-indented as a whole (a role task file at column 0, or one level deeper)', () => {
    const role = task.replace(/^ {4}/gm, '');
    assert.equal(locateBlock(`---\n${role}`, task)?.start.line, 1);
    const deeper = task.replace(/^/gm, '    ');
    assert.equal(locateBlock(`x:\n${deeper}`, task)?.start.line, 1);
  });

  it('does not find a block edited inside, or only partly re-indented', () => {
    assert.equal(locateBlock(playbook.replace('name: nginx', 'name: apache2'), task), undefined);
    const skewed = playbook.replace('      ansible.builtin.package:', '        ansible.builtin.package:');
    assert.equal(locateBlock(skewed, task), undefined);
  });

  it('prefers the occurrence from a given line on, and ends at the file end without a final newline', () => {
    const twice = `${task}${task}`;
    assert.equal(locateBlock(twice, task, 0)?.start.line, 0);
    assert.equal(locateBlock(twice, task, 3)?.start.line, 3);
    assert.deepEqual(locateBlock(task.trimEnd(), task)?.end, { line: 2, character: 19 });
  });
});

describe('ProvenanceLedger.keep', () => {
  it('records an offered block where the kept document has it; nothing for an unknown id or edited text', () => {
    const ledger = new ProvenanceLedger();
    const offered = { model: 'scribe-embedded', matches: [], policy: { action: 'allow' as const }, uri: '' };
    ledger.recordSuggestion('g1', { ...offered, insertText: task });
    ledger.recordSuggestion('g2', { ...offered, insertText: '    - name: Missing\n      ansible.builtin.ping:\n' });
    const r = ledger.keep('g1', 'file:///p/site.yml', playbook);
    assert.equal(r?.range.start.line, 3);
    assert.equal(r?.text, task);
    assert.equal(r?.state, 'ai');
    assert.equal(ledger.keep('g2', 'file:///p/site.yml', playbook), undefined);
    assert.equal(ledger.keep('nope', 'file:///p/site.yml', playbook), undefined);
    assert.equal(ledger.forDocument('file:///p/site.yml').length, 1);
  });
});
