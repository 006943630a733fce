import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';
import { EditorDocument, offered, pos, range } from './fixtures/editor';

const uri = 'file:///w/roles/web/tasks/main.yml';
const before = '- name: Install nginx\n  ansible.builtin.package:\n    name: nginx\n\n- name: Open port 80\n';
const suggestion = '  community.general.ufw:\n    rule: allow\n    port: "80"\n';

/** A document with one accepted suggestion after `- name: Open port 80` (lines 5–7). */
function accepted() {
  const ledger = new ProvenanceLedger({ now: () => new Date('2026-11-26T10:32:00Z') });
  const doc = new EditorDocument(uri, before, ledger);
  ledger.recordSuggestion('s1', offered(suggestion, uri));
  // The editor inserts the ghost text, then runs the item's command.
  doc.insert(pos(5, 0), suggestion);
  const record = ledger.accept('s1', uri, range(5, 0, 5, 0), doc.text);
  assert.ok(record);
  return { ledger, doc };
}

/** The one record of the document; its range must still cover exactly its text. */
function only(ledger: ProvenanceLedger, doc: EditorDocument) {
  const records = ledger.forDocument(uri);
  assert.equal(records.length, 1, 'one record');
  const [r] = records;
  assert.equal(doc.slice(r.range), r.text, 'the range covers the recorded text');
  return r;
}

void describe('ledger: suggestion lifecycle', () => {
  void it('records an accepted suggestion with its matches, licences, model and time', () => {
    const { ledger, doc } = accepted();
    const r = only(ledger, doc);
    assert.deepEqual(r.range, range(5, 0, 8, 0));
    assert.equal(r.text, suggestion);
    assert.equal(r.suggestionId, 's1');
    assert.equal(r.model, 'embedded');
    assert.equal(r.createdAt, '2026-11-26T10:32:00.000Z');
    assert.deepEqual(r.licenses, ['GPL-3.0-or-later']);
    assert.equal(r.state, 'ai');
    assert.equal(r.matches[0].collection, 'community.general');
    assert.deepEqual(ledger.all(), [r]);
    assert.equal(ledger.at(uri, pos(6, 3))?.id, r.id);
    assert.equal(ledger.at(uri, pos(5, 0))?.id, r.id);
    assert.equal(ledger.at(uri, pos(8, 0)), undefined, 'the line after the inserted text');
    assert.equal(ledger.at(uri, pos(4, 5)), undefined);
    assert.equal(ledger.at('file:///w/other.yml', pos(6, 3)), undefined);
  });

  void it('answers scribe/attribution before and after acceptance, and forgets rejected suggestions', () => {
    const ledger = new ProvenanceLedger();
    ledger.recordSuggestion('a', offered('  x: 1\n', uri, { policy: { action: 'warn', reason: 'because' } }));
    const att = ledger.attribution('a');
    assert.ok(att);
    assert.equal(att.suggestionId, 'a');
    assert.equal(att.model, 'embedded');
    assert.deepEqual(att.policy, { action: 'warn', reason: 'because' });
    assert.deepEqual(Object.keys(att.matches[0]).sort(), [
      'collection',
      'license',
      'line',
      'path',
      'repoUrl',
      'score',
      'snippet',
      'version',
    ]);
    assert.equal(ledger.attribution('nope'), undefined);
    assert.equal(ledger.reject('a'), true);
    assert.equal(ledger.attribution('a'), undefined);
    assert.equal(ledger.accept('a', uri, range(0, 0, 0, 0)), undefined, 'a rejected suggestion cannot be accepted');
    assert.equal(ledger.reject('a'), false);
  });

  void it('keeps a bounded number of offered suggestions, least recently offered going first', () => {
    const ledger = new ProvenanceLedger({ maxPending: 3 });
    for (const id of ['1', '2', '3', '4']) ledger.recordSuggestion(id, offered('  x: 1\n', uri));
    assert.equal(ledger.attribution('1'), undefined);
    assert.ok(ledger.attribution('2') && ledger.attribution('4'));
  });

  void it('answers attribution from the record once the offer is forgotten', () => {
    const { ledger } = accepted();
    for (let i = 0; i < 300; i++) ledger.recordSuggestion(`x${i}`, offered('  x: 1\n', uri));
    assert.equal(ledger.attribution('s1')?.matches[0].license, 'GPL-3.0-or-later');
  });

  void it('covers the inserted range the client reports, or the insertText from an insertion point', () => {
    const ledger = new ProvenanceLedger();
    ledger.recordSuggestion('s', offered(suggestion, uri));
    const r = ledger.accept('s', uri, range(5, 0, 8, 0));
    assert.deepEqual(r?.range, range(5, 0, 8, 0));
    assert.equal(ledger.accept('s', uri, range(5, 0, 8, 0))?.id, r?.id, 'accepting twice records once');
    ledger.recordSuggestion('t', offered('  a: 1\n  b: 2', uri));
    assert.deepEqual(ledger.accept('t', uri, range(20, 2, 20, 2))?.range, range(20, 2, 21, 6));
  });

  void it('reads the text from the document: the client inserts the item text, not the pipeline’s', () => {
    const ledger = new ProvenanceLedger();
    // The pipeline's insertText ends with a line break; the item inserts it with the line's lead.
    ledger.recordSuggestion('s', offered('  a: 1\n', uri));
    const text = '- name: x\n      a: 1\n';
    const r = ledger.accept('s', uri, range(1, 0, 1, 10), text);
    assert.equal(r?.text, '      a: 1');
    assert.deepEqual(r?.range, range(1, 0, 1, 10));
    const blank = new ProvenanceLedger();
    blank.recordSuggestion('s', offered('  a: 1\n', uri));
    assert.equal(blank.accept('s', uri, range(1, 0, 1, 10), '- name: x\n\n'), undefined, 'nothing was inserted there');
  });
});

void describe('ledger: ranges follow edits', () => {
  void it('shifts down on lines inserted above', () => {
    const { ledger, doc } = accepted();
    doc.insert(pos(0, 0), '---\n# Web servers\n');
    assert.deepEqual(only(ledger, doc).range, range(7, 0, 10, 0));
    assert.equal(only(ledger, doc).state, 'ai');
  });

  void it('shifts up on lines deleted above, and across a replacement spanning lines', () => {
    const { ledger, doc } = accepted();
    doc.change({ range: range(0, 0, 4, 0), text: '' });
    assert.deepEqual(only(ledger, doc).range, range(1, 0, 4, 0));
    doc.change({ range: range(0, 2, 0, 8), text: 'name: Allow\nthe web\n' });
    assert.deepEqual(only(ledger, doc).range, range(3, 0, 6, 0));
    assert.equal(only(ledger, doc).state, 'ai');
  });

  void it('shifts characters on an insertion earlier on its first line, and lines on a line break there', () => {
    const ledger = new ProvenanceLedger();
    const doc = new EditorDocument(uri, '- name: x\n  when: \n', ledger);
    ledger.recordSuggestion('s', offered('b and c', uri));
    doc.insert(pos(1, 8), 'b and c');
    assert.ok(ledger.accept('s', uri, range(1, 8, 1, 8), doc.text));
    assert.deepEqual(only(ledger, doc).range, range(1, 8, 1, 15));
    doc.change({ range: range(1, 3, 1, 3), text: '' }); // an empty change is harmless
    doc.insert(pos(1, 2), '# ');
    assert.deepEqual(only(ledger, doc).range, range(1, 10, 1, 17));
    doc.insert(pos(1, 4), 'x\n  ');
    assert.deepEqual(only(ledger, doc).range, range(2, 8, 2, 15));
    assert.equal(only(ledger, doc).state, 'ai');
    // An insertion right at the start is before the record, not inside it.
    doc.insert(pos(2, 8), '(');
    assert.deepEqual(only(ledger, doc).range, range(2, 9, 2, 16));
    assert.equal(only(ledger, doc).state, 'ai');
  });

  void it('is unchanged by edits after it, including typing right at its end', () => {
    const { ledger, doc } = accepted();
    doc.insert(pos(8, 0), '  notify: reload ufw\n');
    doc.change({ range: range(9, 0, 9, 0), text: '\n- name: More\n' });
    const r = only(ledger, doc);
    assert.deepEqual(r.range, range(5, 0, 8, 0));
    assert.equal(r.state, 'ai');
  });

  void it('becomes modified and resizes on an edit inside', () => {
    const { ledger, doc } = accepted();
    assert.deepEqual(doc.positionOf('"80"'), pos(7, 10));
    doc.change({ range: range(7, 10, 7, 14), text: '"443"\n    proto: tcp' });
    const r = only(ledger, doc);
    assert.equal(r.state, 'modified');
    assert.deepEqual(r.range, range(5, 0, 9, 0));
    assert.match(r.text, /port: "443"\n {4}proto: tcp\n$/);
    // Deleting part of it keeps it, modified.
    doc.change({ range: range(8, 0, 9, 0), text: '' });
    assert.deepEqual(only(ledger, doc).range, range(5, 0, 8, 0));
  });

  void it('is dropped when its text is deleted, whole or with more around it', () => {
    const { ledger, doc } = accepted();
    doc.change({ range: range(5, 0, 8, 0), text: '' });
    assert.deepEqual(ledger.forDocument(uri), []);
    assert.deepEqual(ledger.all(), []);
    const again = accepted();
    again.doc.change({ range: range(3, 0, 8, 0), text: '- name: Something else\n  ansible.builtin.ping:\n' });
    assert.deepEqual(again.ledger.all(), []);
  });

  void it('keeps what survives an edit over one end, modified', () => {
    const { ledger, doc } = accepted();
    // Select from the task name into the first line of the record and type over it.
    doc.change({ range: range(4, 8, 6, 4), text: 'Allow web\n  community.general.ufw:\n    ' });
    let r = only(ledger, doc);
    assert.equal(r.state, 'modified');
    assert.equal(r.text, 'rule: allow\n    port: "80"\n');
    // Then over the tail.
    doc.change({ range: range(7, 8, 9, 0), text: ': 8080\n' });
    r = only(ledger, doc);
    assert.equal(r.text, 'rule: allow\n    port');
    assert.deepEqual(r.range, range(6, 4, 7, 8));
  });

  void it('is dropped when only whitespace of it is left', () => {
    const { ledger, doc } = accepted();
    doc.change({ range: range(6, 4, 7, 14), text: '' });
    assert.equal(only(ledger, doc).text, '  community.general.ufw:\n    \n');
    doc.change({ range: range(5, 2, 5, 24), text: '' });
    assert.deepEqual(ledger.all(), [], 'nothing but indentation left');
  });

  void it('applies the changes of one event in order', () => {
    const { ledger, doc } = accepted();
    // VS Code sends multi-cursor edits bottom-up, each relative to the text after the previous.
    doc.change(
      { range: range(8, 0, 8, 0), text: '  tags: [web]\n' }, // after
      { range: range(6, 10, 6, 15), text: 'deny' }, // inside
      { range: range(0, 0, 0, 0), text: '# top\n' }, // before
    );
    const r = only(ledger, doc);
    assert.equal(r.state, 'modified');
    assert.deepEqual(r.range, range(6, 0, 9, 0));
    assert.match(r.text, /rule: deny/);
  });

  void it('keeps several records apart', () => {
    const { ledger, doc } = accepted();
    ledger.recordSuggestion('s2', offered('  become: true\n', uri));
    doc.insert(pos(1, 0), '  become: true\n');
    ledger.accept('s2', uri, range(1, 0, 1, 0), doc.text);
    const [a, b] = ledger.forDocument(uri);
    assert.deepEqual(a.range, range(6, 0, 9, 0), 'the first one moved down');
    assert.deepEqual(b.range, range(1, 0, 2, 0));
    doc.change({ range: range(1, 2, 1, 8), text: 'becomes' });
    const [a2, b2] = ledger.forDocument(uri);
    assert.equal(a2.state, 'ai');
    assert.equal(b2.state, 'modified');
    assert.equal(ledger.at(uri, pos(7, 0))?.suggestionId, 's1');
    assert.equal(ledger.at(uri, pos(1, 3))?.suggestionId, 's2');
  });

  void it('handles CRLF documents', () => {
    const ledger = new ProvenanceLedger();
    const text = '- name: a\r\n- name: b\r\n';
    const doc = new EditorDocument(uri, text, ledger);
    ledger.recordSuggestion('s', offered('  ansible.builtin.ping:\r\n', uri));
    doc.insert(pos(2, 0), '  ansible.builtin.ping:\r\n');
    ledger.accept('s', uri, range(2, 0, 2, 0), doc.text);
    doc.insert(pos(0, 0), '---\r\n');
    assert.deepEqual(only(ledger, doc).range, range(3, 0, 4, 0));
  });
});

void describe('ledger: full-text changes and reopened documents', () => {
  void it('keeps a record whose text is unchanged at its range', () => {
    const { ledger, doc } = accepted();
    doc.change({ text: doc.text.replace('Install nginx', 'Install NGINX') });
    const r = only(ledger, doc);
    assert.deepEqual(r.range, range(5, 0, 8, 0));
    assert.equal(r.state, 'ai');
  });

  void it('follows its text when it moved as a block, once', () => {
    const { ledger, doc } = accepted();
    ledger.reconcile(uri, '# reformatted\n\n' + doc.text);
    doc.text = '# reformatted\n\n' + doc.text;
    assert.deepEqual(only(ledger, doc).range, range(7, 0, 10, 0));
  });

  void it('drops a record whose text changed, vanished or became ambiguous', () => {
    const { ledger, doc } = accepted();
    doc.change({ text: doc.text.replace('rule: allow', 'rule: deny') });
    assert.deepEqual(ledger.all(), []);
    const twice = accepted();
    twice.doc.change({ text: twice.doc.text + '\n- name: Again\n' + suggestion });
    assert.deepEqual(twice.ledger.forDocument(uri).length, 1, 'still at its range: kept');
    twice.doc.change({ text: '# moved\n' + twice.doc.text });
    assert.deepEqual(twice.ledger.all(), [], 'moved and now twice in the file: cannot tell which');
    const empty = accepted();
    empty.doc.change({ text: '' });
    assert.deepEqual(empty.ledger.all(), []);
  });

  void it('moves records on a file or folder rename and forgets deleted files', () => {
    const { ledger } = accepted();
    ledger.rename(uri, 'file:///w/roles/web/tasks/firewall.yml');
    assert.deepEqual(ledger.forDocument(uri), []);
    assert.equal(
      ledger.forDocument('file:///w/roles/web/tasks/firewall.yml')[0].uri,
      'file:///w/roles/web/tasks/firewall.yml',
    );
    ledger.rename('file:///w/roles/web', 'file:///w/roles/www');
    assert.equal(ledger.all()[0].uri, 'file:///w/roles/www/tasks/firewall.yml');
    ledger.rename('file:///w/roles/ww', 'file:///w/x'); // a prefix that is not a folder
    assert.equal(ledger.all()[0].uri, 'file:///w/roles/www/tasks/firewall.yml');
    ledger.remove('file:///w/roles/www');
    assert.deepEqual(ledger.all(), []);
  });
});

void describe('ledger: acceptance racing the insertion', () => {
  void it('an insertion reported after the acceptance does not shift the record it created', () => {
    const ledger = new ProvenanceLedger();
    const doc = new EditorDocument(uri, before, ledger);
    ledger.recordSuggestion('s1', offered(suggestion, uri));
    ledger.accept('s1', uri, range(5, 0, 5, 0));
    doc.insert(pos(5, 0), suggestion);
    assert.deepEqual(only(ledger, doc).range, range(5, 0, 8, 0));
    // From then on, the same text typed at its start is an ordinary edit before it.
    doc.insert(pos(5, 0), suggestion);
    assert.deepEqual(only(ledger, doc).range, range(8, 0, 11, 0));
  });

  void it('once the document has changed otherwise, the insertion is taken as already seen', () => {
    const ledger = new ProvenanceLedger();
    const doc = new EditorDocument(uri, before + suggestion, ledger);
    ledger.recordSuggestion('s1', offered(suggestion, uri));
    ledger.accept('s1', uri, range(5, 0, 5, 0));
    doc.insert(pos(0, 0), '# a\n');
    doc.insert(pos(6, 0), suggestion);
    assert.deepEqual(only(ledger, doc).range, range(9, 0, 12, 0));
  });
});
