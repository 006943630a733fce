import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { codeActions, fqcnFixAllKind } from '../../server/src/service/codeActions';
import { validate } from '../../server/src/service/validation';
import { defaultSettings } from '../../server/src/settings';
import { applyEdits } from '../fixtures/service/cursor';
import { TestCatalog } from '../fixtures/service/testCatalog';

const uri = 'file:///w/roles/web/tasks/main.yml';
const parse = (text: string) => parseAnsibleDocument(uri, text, 1);

/** A diagnostic on the first occurrence of `word`, as the built-in validator reports it. */
function diag(doc: AnsibleDocument, word: string, code: string, data: unknown): Diagnostic {
  const start = doc.text.indexOf(word);
  assert.ok(start >= 0, word);
  return { range: doc.lines.range({ start, end: start + word.length }), source: 'scribe', code, message: code, data };
}

const edits = (a: CodeAction, doc: AnsibleDocument): TextEdit[] => a.edit?.changes?.[doc.uri] ?? [];
const applied = (a: CodeAction, doc: AnsibleDocument) => applyEdits(doc, edits(a, doc));
const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

void describe('code actions: names', () => {
  void it('rewrites a short builtin name to its FQCN, preferred', () => {
    const doc = parse('- name: x\n  copy:\n    dest: /a\n');
    const d = diag(doc, 'copy', 'fqcn', { fqcn: 'ansible.builtin.copy' });
    const [fix, ...rest] = codeActions(doc, d.range, [d]).filter((a) => a.kind === CodeActionKind.QuickFix);
    assert.equal(rest.length, 0);
    assert.equal(fix.title, 'Use FQCN ansible.builtin.copy');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [d]);
    assert.equal(applied(fix, doc), '- name: x\n  ansible.builtin.copy:\n    dest: /a\n');
  });

  void it('replaces a redirected module name', () => {
    const doc = parse('- community.general.docker_container:\n    name: a\n');
    const d = diag(doc, 'community.general.docker_container', 'redirected-module', {
      fqcn: 'community.docker.docker_container',
    });
    const [fix] = codeActions(doc, d.range, [d]);
    assert.equal(fix.title, 'Replace with community.docker.docker_container');
    assert.equal(applied(fix, doc), '- community.docker.docker_container:\n    name: a\n');
  });

  void it('offers up to three suggestions, preferring only a single one', () => {
    const doc = parse('- ansible.builtin.cpy:\n    dest: /a\n');
    const many = diag(doc, 'ansible.builtin.cpy', 'unknown-module', {
      suggestions: ['ansible.builtin.copy', 'ansible.builtin.cron', 'ansible.builtin.apt', 'ansible.builtin.uri'],
    });
    const fixes = codeActions(doc, many.range, [many]);
    assert.deepEqual(
      fixes.map((f) => f.title),
      [
        "Change module to 'ansible.builtin.copy'",
        "Change module to 'ansible.builtin.cron'",
        "Change module to 'ansible.builtin.apt'",
      ],
    );
    assert.ok(fixes.every((f) => !f.isPreferred));
    const one = { ...many, data: { suggestions: ['ansible.builtin.copy'] } };
    const [only] = codeActions(doc, one.range, [one]);
    assert.equal(only.isPreferred, true);
    assert.equal(applied(only, doc), '- ansible.builtin.copy:\n    dest: /a\n');
  });

  void it('ignores other sources, missing data and diagnostics without a certain fix', () => {
    const doc = parse('- copy:\n    dest: /a\n');
    const d = diag(doc, 'copy', 'fqcn', { fqcn: 'ansible.builtin.copy' });
    assert.deepEqual(codeActions(doc, range, [{ ...d, source: 'ansible-lint' }]), []);
    assert.deepEqual(codeActions(doc, range, [{ ...d, data: undefined }]), []);
    assert.deepEqual(codeActions(doc, range, [{ ...d, code: 'deprecated-module' }]), []);
    assert.deepEqual(codeActions(doc, range, [{ ...d, code: 'unknown-option', data: { suggestions: [] } }]), []);
  });
});

void describe('code actions: options and values', () => {
  void it('renames a misspelt option', () => {
    const doc = parse('- ansible.builtin.copy:\n    dets: /a\n');
    const d = diag(doc, 'dets', 'unknown-option', { suggestions: ['dest'] });
    const [fix] = codeActions(doc, d.range, [d]);
    assert.equal(fix.title, "Change option to 'dest'");
    assert.equal(applied(fix, doc), '- ansible.builtin.copy:\n    dest: /a\n');
  });

  void it('replaces an invalid choice only when the value is a plain scalar', () => {
    const doc = parse('- ansible.builtin.file:\n    path: /a\n    state: dir\n');
    const d = diag(doc, 'dir', 'invalid-choice', { suggestions: ['directory'] });
    assert.equal(
      applied(codeActions(doc, d.range, [d])[0], doc),
      '- ansible.builtin.file:\n    path: /a\n    state: directory\n',
    );
    const list = parse('- ansible.builtin.file:\n    path: /a\n    state: [dir]\n');
    const dl = diag(list, '[dir]', 'invalid-choice', { suggestions: ['directory'] });
    assert.deepEqual(codeActions(list, dl.range, [dl]), []);
  });

  void it('adds missing required options below the existing ones, at their indentation', () => {
    const doc = parse('- name: x\n  ansible.builtin.copy:\n      src: /a\n      mode: "0644"\n  when: y\n');
    const d = diag(doc, 'ansible.builtin.copy', 'missing-required-option', { options: ['dest'] });
    const [fix] = codeActions(doc, d.range, [d]);
    assert.equal(fix.title, 'Add missing option dest');
    assert.equal(
      applied(fix, doc),
      '- name: x\n  ansible.builtin.copy:\n      src: /a\n      mode: "0644"\n      dest: \n  when: y\n',
    );
    const empty = parse('- name: x\n  ansible.builtin.user:\n  when: y\n');
    const de = diag(empty, 'ansible.builtin.user', 'missing-required-option', { options: ['name'] });
    assert.equal(
      applied(codeActions(empty, de.range, [de])[0], empty),
      '- name: x\n  ansible.builtin.user:\n    name: \n  when: y\n',
    );
    const inline = parse('- name: x\n  copy: src=/a\n');
    const di = diag(inline, 'copy', 'missing-required-option', { options: ['dest'] });
    assert.deepEqual(codeActions(inline, di.range, [di]), [], 'k=v arguments: no certain place to add');
  });
});

void describe('code actions: with the built-in validator', () => {
  const text = '- name: a\n  copy:\n    dets: /a\n- name: b\n  file:\n    path: /b\n    state: directory\n';

  void it('fixes what validate() reports, and rewrites every short name in one source action', async () => {
    const doc = parse(text);
    const all = await validate(doc, new TestCatalog(), defaultSettings.validation);
    const onCopy = all.filter((d) => d.range.start.line === 1 || d.range.start.line === 2);
    const actions = codeActions(doc, onCopy[0].range, onCopy, all);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Use FQCN ansible.builtin.copy'), titles.join(' / '));
    assert.ok(titles.includes("Change option to 'dest'"), titles.join(' / '));
    const fixAll = actions.find((a) => a.kind === fqcnFixAllKind);
    assert.ok(fixAll);
    assert.equal(
      applied(fixAll, doc),
      '- name: a\n  ansible.builtin.copy:\n    dets: /a\n- name: b\n  ansible.builtin.file:\n    path: /b\n    state: directory\n',
    );
  });
});
