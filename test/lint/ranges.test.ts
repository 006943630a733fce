// Placing line-only findings on the thing each rule is about.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import type { LintFinding } from '../../server/src/lint/finding';
import { findingRange } from '../../server/src/lint/ranges';

const text = [
  '---', //                                   0
  '- name: Demo', //                          1
  '  hosts: all', //                          2
  '  tasks:', //                              3
  '    - shell: echo hi', //                  4
  '    - name: Copy a file', //               5
  '      copy:', //                           6
  '        src: a', //                        7
  '        dest: /tmp/b', //                  8
  '    - name: Restart', //                   9
  '      ansible.builtin.service:', //        10
  '        name: x', //                       11
  '      when: result.changed', //            12
  '    - name: bad casing   ', //             13
  '      ansible.builtin.debug: msg=hi', //   14
  '      enabled: yes', //                    15
  '',
].join('\n');
const doc = parseAnsibleDocument('file:///w/play.yml', text);

const al = (ruleId: string, line: number, extra: Partial<LintFinding> = {}): LintFinding => ({
  tool: 'ansible-lint',
  ruleId,
  message: ruleId,
  severity: 'warning',
  line,
  ...extra,
});

/** The text a range covers, as "line:text". */
function covered(f: LintFinding): string {
  const r = findingRange(f, doc);
  assert.equal(r.start.line, r.end.line, 'single-line range');
  return `${r.start.line}:${doc.lines.lineText(r.start.line).slice(r.start.character, r.end.character)}`;
}

void describe('findingRange', () => {
  void it('name[missing] marks the module key of the unnamed task', () => {
    assert.equal(covered(al('name[missing]', 4)), '4:shell');
  });
  void it('fqcn[action-core] on the task line marks the short module key below it', () => {
    assert.equal(covered(al('fqcn[action-core]', 5)), '6:copy');
  });
  void it('no-changed-when and risky-file-permissions mark the module key', () => {
    assert.equal(covered(al('no-changed-when', 4)), '4:shell');
    assert.equal(covered(al('risky-file-permissions', 5)), '6:copy');
  });
  void it('no-handler marks the when: key', () => {
    assert.equal(covered(al('no-handler', 9)), '12:when');
  });
  void it('name[casing] marks the name value', () => {
    assert.equal(covered(al('name[casing]', 13)), '13:bad casing');
  });
  void it('yaml[trailing-spaces] without a column marks the trailing whitespace', () => {
    const r = findingRange(al('yaml[trailing-spaces]', 13), doc);
    assert.deepEqual(r, { start: { line: 13, character: 22 }, end: { line: 13, character: 25 } });
  });
  void it('a yamllint finding with a column marks the token there', () => {
    const truthy: LintFinding = {
      tool: 'yamllint',
      ruleId: 'truthy',
      message: 'truthy',
      severity: 'warning',
      line: 15,
      column: 15,
    };
    assert.equal(covered(truthy), '15:yes');
    const key: LintFinding = { ...truthy, ruleId: 'key-duplicates', column: 6 };
    assert.equal(covered(key), '15:enabled');
  });
  void it('syntax-check about an unresolved module marks that module key', () => {
    const d = parseAnsibleDocument(
      'file:///w/p.yml',
      '- hosts: all\n  tasks:\n    - name: a\n      nosuch.module.x:\n        a: 1\n',
    );
    const f = al('syntax-check[specific]', 2, {
      column: 6,
      message: "couldn't resolve module/action 'nosuch.module.x'. This often indicates a misspelling",
    });
    const r = findingRange(f, d);
    assert.deepEqual(r, { start: { line: 3, character: 6 }, end: { line: 3, character: 21 } });
  });
  void it('schema/syntax-check without more information mark the line content', () => {
    assert.equal(covered(al('schema[playbook]', 2)), '2:hosts: all');
  });
  void it('load-failure past the end of the content marks the last content line', () => {
    const d = parseAnsibleDocument('file:///w/p.yml', '- hosts: all\n  tasks: [1\n');
    const r = findingRange(al('load-failure', 2, { column: 0 }), d);
    assert.deepEqual(r, { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
  });
  void it('an unknown rule falls back to the non-whitespace content of the line, clamped to the document', () => {
    assert.equal(covered(al('some-future-rule', 7)), '7:src: a');
    const r = findingRange(al('some-future-rule', 999), doc);
    assert.equal(r.start.line, doc.lines.lineCount - 1);
  });
});
