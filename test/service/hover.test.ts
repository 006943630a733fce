import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { blockKeywords, handlerKeywords, playKeywords } from '../../server/src/document/keywords';
import { hover } from '../../server/src/service/hover';
import { builtinKeywordDescription } from '../../server/src/service/keywordDocs';
import { withCursor } from '../fixtures/service/cursor';
import { TestCatalog } from '../fixtures/service/testCatalog';

const catalog = new TestCatalog(undefined, { lazy: true });
const taskFile = 'file:///w/roles/web/tasks/main.yml';

async function hoverAt(text: string, uri = taskFile) {
  const { doc, pos } = withCursor(text, uri);
  const h = await hover(doc, pos, catalog);
  const value = h ? (h.contents as MarkupContent).value : '';
  const hovered = h?.range ? doc.text.slice(doc.lines.offsetAt(h.range.start), doc.lines.offsetAt(h.range.end)) : '';
  return { h, value, hovered };
}

void describe('hover: modules', () => {
  void it('shows a module’s documentation, options (required first) and docs link on its key', async () => {
    const { value, hovered } = await hoverAt('- name: x\n  ansible.builtin.co|py:\n    dest: /a\n');
    assert.equal(hovered, 'ansible.builtin.copy');
    assert.match(value, /\*\*ansible\.builtin\.copy\*\* — Copy files to remote locations/);
    assert.match(value, /First paragraph\./);
    assert.doesNotMatch(value, /Second paragraph/);
    assert.match(value, /\| `dest` \| yes \| path \|/);
    assert.match(value, /\| `backup` \| {2}\| bool \| `false` \|/);
    assert.ok(value.indexOf('`dest`') < value.indexOf('`src`'), 'required options first');
    assert.match(
      value,
      /\(https:\/\/docs\.ansible\.com\/ansible\/latest\/collections\/ansible\/builtin\/copy_module\.html\)/,
    );
  });

  void it('resolves short names and names inside action', async () => {
    assert.equal((await hoverAt('- name: x\n  fi|le: path=/a state=directory\n')).hovered, 'file');
    const action = await hoverAt('- name: x\n  action: ansible.builtin.pi|ng\n');
    assert.equal(action.hovered, 'ansible.builtin.ping');
    assert.match(action.value, /Try to connect to host/);
  });

  void it('notes deprecation and redirects, and caps long option tables', async () => {
    assert.match(
      (await hoverAt('- community.general.old_th|ing:\n')).value,
      /\*\*Deprecated\*\* \(removal in 9\.0\.0\)/,
    );
    const redirected = await hoverAt('- community.general.docker_cont|ainer:\n    name: a\n');
    assert.match(
      redirected.value,
      /`community\.general\.docker_container` is redirected to `community\.docker\.docker_container`/,
    );
    const big = await hoverAt('- community.general.b|ig:\n');
    assert.match(big.value, /…and 5 more options/);
    assert.doesNotMatch(big.value, /opt29/);
  });

  void it('returns null for an unknown module and for values', async () => {
    assert.equal((await hoverAt('- name: x\n  no.such.mod|ule:\n')).h, null);
    assert.equal((await hoverAt('- name: x\n  ansible.builtin.copy:\n    dest: /a|b\n')).h, null);
  });
});

void describe('hover: options', () => {
  void it('shows an option’s description, type, required, default, choices and aliases', async () => {
    const dest = await hoverAt('- name: x\n  ansible.builtin.copy:\n    de|st: /a\n');
    assert.equal(dest.hovered, 'dest');
    assert.match(dest.value, /\*\*dest\*\* \(path, required\)/);
    assert.match(dest.value, /Remote absolute path/);
    const state = await hoverAt('- name: x\n  ansible.builtin.apt:\n    sta|te: present\n');
    assert.match(state.value, /Default: `present`/);
    assert.match(state.value, /Choices: `absent`, `build-dep`/);
  });

  void it('finds an option written by its alias, inline k=v, and a suboption', async () => {
    const alias = await hoverAt('- name: x\n  ansible.builtin.file:\n    de|st: /a\n');
    assert.match(alias.value, /\*\*path\*\*/);
    assert.match(alias.value, /Aliases: `dest`, `name`/);
    assert.match((await hoverAt('- name: x\n  file: pa|th=/a\n')).value, /Path to the file being managed/);
    const sub = await hoverAt(
      '- community.docker.docker_container:\n    name: a\n    healthcheck:\n      te|st: [CMD]\n',
    );
    assert.equal(sub.hovered, 'test');
    assert.match(sub.value, /Command to run to check health/);
  });
});

void describe('hover: keywords', () => {
  void it('describes task, block, handler and play keywords', async () => {
    const become = await hoverAt('- name: x\n  bec|ome: true\n  ansible.builtin.ping:\n');
    assert.equal(become.hovered, 'become');
    assert.match(become.value, /\*\*become\*\* — task keyword/);
    const play = await hoverAt('- hosts: all\n  gather_fa|cts: false\n', 'file:///w/site.yml');
    assert.match(play.value, /\*\*gather\\_facts\*\* — play keyword/);
    const block = await hoverAt('- block:\n    - ansible.builtin.ping:\n  res|cue: []\n');
    assert.match(block.value, /\*\*rescue\*\* — block keyword/);
    const listen = await hoverAt(
      '- name: h\n  lis|ten: web\n  ansible.builtin.ping:\n',
      'file:///w/r/handlers/main.yml',
    );
    assert.match(listen.value, /\*\*listen\*\* — handler keyword/);
    assert.match((await hoverAt('- name: x\n  with_it|ems: [1]\n  ansible.builtin.ping:\n')).value, /with\\_items/);
  });

  void it('has our own description for every keyword, whatever Ansible is installed', () => {
    for (const k of [...playKeywords, ...blockKeywords, ...handlerKeywords])
      assert.ok(builtinKeywordDescription(k), `no description for ${k}`);
  });

  void it('does not describe a key that is not a keyword where it is', async () => {
    assert.equal((await hoverAt('- name: x\n  gather_fa|cts: false\n  ansible.builtin.ping:\n')).h, null);
  });
});
