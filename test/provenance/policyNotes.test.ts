// What the output policy removed from a suggestion (suggest/outputPolicy.ts) travels with it: the
// ledger keeps the notes of an offered suggestion and scribe/attribution answers them (the Training
// Matches view lists them).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';
import { EditorDocument, offered, pos, range } from './fixtures/editor';

const uri = 'file:///w/roles/web/tasks/main.yml';

void describe('ledger: output policy notes', () => {
  void it("carries the output policy's notes to scribe/attribution (none: no field)", () => {
    const ledger = new ProvenanceLedger();
    const notes = ['removed become: true (privilege escalation …)', 'removed delegate_to: "evil" (…)'];
    ledger.recordSuggestion('n', offered('  x: 1\n', uri, { notes }));
    assert.deepEqual(ledger.attribution('n')?.notes, notes);
    ledger.recordSuggestion('plain', offered('  x: 1\n', uri));
    assert.equal(ledger.attribution('plain')?.notes, undefined);
    const doc = new EditorDocument(uri, '- name: x\n', ledger);
    doc.insert(pos(1, 0), '  x: 1\n');
    assert.ok(ledger.accept('n', uri, range(1, 0, 1, 0), doc.text));
    assert.deepEqual(ledger.attribution('n')?.notes, notes, 'still there once accepted');
  });
});
