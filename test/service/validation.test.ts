// Built-in diagnostics against the real installed Ansible's module catalog.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { validate } from '../../server/src/service/validation';
import { defaultSettings } from '../../server/src/settings';
import { sharedCatalogCache } from '../helpers/workspace';

describe('built-in validation', () => {
  let catalog: AnsibleCatalog;
  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
    await catalog.ready();
    assert.equal(catalog.status().state, 'ready', catalog.status().message);
  });
  after(() => catalog.dispose());

  /** Diagnostics of a task file as `code@line:col` (1-based), in document order. */
  async function check(tasks: string, settings = defaultSettings.validation): Promise<Diagnostic[]> {
    const doc = parseAnsibleDocument('file:///ws/roles/r/tasks/main.yml', tasks);
    return validate(doc, catalog, settings);
  }
  const summary = (ds: Diagnostic[]) =>
    ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`);

  it('is silent on a correct task file', async () => {
    const ds = await check(`- name: Install
  ansible.builtin.apt:
    name: nginx
    state: present
    update_cache: yes
- name: Template
  ansible.builtin.template:
    src: a.j2
    dest: /etc/a
    mode: "0644"
  notify: restart
- name: Command with free form and k=v
  ansible.builtin.command: /bin/true creates=/tmp/x
- name: Set facts take any key
  ansible.builtin.set_fact:
    anything_goes: 1
- name: Loop
  ansible.builtin.debug:
    msg: "{{ item }}"
  loop: [1, 2]
  with_items: []
`);
    assert.deepEqual(summary(ds), []);
  });

  it('hints FQCN for short builtin names, and can be told not to', async () => {
    const text = `- name: x\n  copy:\n    src: a\n    dest: b\n`;
    const ds = await check(text);
    assert.deepEqual(summary(ds), ['fqcn@2:3']);
    assert.deepEqual(ds[0].data, { fqcn: 'ansible.builtin.copy' });
    assert.deepEqual(summary(await check(text, { ...defaultSettings.validation, fqcn: false })), []);
  });

  it('reports unknown options with suggestions, and accepts aliases', async () => {
    const ds = await check(`- name: x
  ansible.builtin.file:
    pth: /tmp/x
- name: aliases count
  ansible.builtin.file:
    dest: /tmp/x
    state: directory
`);
    assert.deepEqual(summary(ds), ['unknown-option@3:5', 'missing-required-option@2:3']);
    assert.deepEqual((ds[0].data as { suggestions: string[] }).suggestions[0], 'path');
  });

  it('checks k=v options written inline too', async () => {
    const ds = await check(`- name: x\n  ansible.builtin.service: name=nginx state=strted\n`);
    assert.deepEqual(summary(ds), ['invalid-choice@2:45']);
    assert.match(String(ds[0].message), /Did you mean 'started'/);
  });

  it('flags literal values of the wrong type but never templated ones', async () => {
    const ds = await check(`- name: x
  ansible.builtin.apt:
    name: nginx
    update_cache: maybe
    cache_valid_time: soon
- name: y
  ansible.builtin.apt:
    name: nginx
    update_cache: "{{ refresh }}"
    cache_valid_time: "{{ 3600 }}"
`);
    assert.deepEqual(summary(ds), ['invalid-type@4:19', 'invalid-type@5:23']);
  });

  it('reports unknown modules, with a warning only when their collection is not installed', async () => {
    const ds = await check(`- name: x
  ansible.builtin.copyy:
    src: a
- name: y
  acme.widgets.frob:
    a: 1
- name: z
  "{{ dynamic_module }}":
    a: 1
`);
    assert.deepEqual(summary(ds), ['unknown-module@2:3', 'unknown-module@5:3']);
    assert.equal(ds[0].severity, 1);
    assert.equal(ds[1].severity, 2);
    assert.match(String(ds[1].message), /acme\.widgets is not installed/);
  });

  it('knows misspelt keywords from modules, whichever comes first', async () => {
    const ds = await check(`- name: x
  whne: true
  ansible.builtin.ping:
- name: y
  ansible.builtin.ping:
  notfy: handler
`);
    assert.deepEqual(summary(ds), ['unknown-keyword@2:3', 'unknown-keyword@6:3']);
    assert.match(String(ds[0].message), /Did you mean 'when'/);
    assert.match(String(ds[1].message), /Did you mean 'notify'/);
  });

  it('reports redirected and removed modules from runtime.yml routing', async () => {
    // community.general's runtime.yml tombstones the old docker modules and redirects others.
    const ds = await check(`- name: x
  community.general.docker_container:
    name: web
`);
    assert.equal(ds.length, 1, JSON.stringify(ds));
    assert.match(String(ds[0].code), /^(removed-module|redirected-module)$/);
  });

  it('does not report missing required options when module_defaults may supply them', async () => {
    const doc = parseAnsibleDocument(
      'file:///ws/site.yml',
      `- hosts: all
  module_defaults:
    ansible.builtin.file:
      path: /tmp/x
  tasks:
    - name: x
      ansible.builtin.file:
        state: directory
`,
    );
    assert.deepEqual(summary(await validate(doc, catalog, defaultSettings.validation)), []);
  });

  it('reports unknown play and block keywords', async () => {
    const doc = parseAnsibleDocument(
      'file:///ws/site.yml',
      `- hosts: all
  gather_fact: false
  tasks:
    - block:
        - name: x
          ansible.builtin.ping:
      rescuee: []
`,
    );
    const ds = await validate(doc, catalog, defaultSettings.validation);
    assert.deepEqual(summary(ds), ['unknown-keyword@2:3', 'unknown-keyword@7:7']);
    assert.match(String(ds[0].message), /gather_facts/);
  });
});
