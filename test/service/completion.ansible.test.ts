// Completion and hover against the Ansible installed on this machine (Debian's ansible 7.7), through
// the real catalog with a fresh cache folder and no background prefetch.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { complete, resolveCompletion } from '../../server/src/service/completion';
import { hover } from '../../server/src/service/hover';
import { accept, withCursor } from '../fixtures/service/cursor';

const taskFile = 'file:///w/roles/web/tasks/main.yml';

void describe('completion and hover with the installed Ansible', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'scribe-service-'));
  let catalog: AnsibleCatalog;

  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir, prefetch: false });
    await catalog.ready();
    assert.equal(catalog.status().state, 'ready', catalog.status().message);
  });
  after(() => {
    catalog.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  async function completeAt(text: string) {
    const { doc, pos } = withCursor(text, taskFile);
    const t = performance.now();
    const list = await complete(doc, pos, catalog);
    const ms = performance.now() - t;
    const item = (label: string): CompletionItem => {
      const found = list.items.find((i) => i.label === label);
      assert.ok(found, `no item ${label}`);
      return found;
    };
    return { doc, list, item, ms, labels: list.items.map((i) => String(i.label)) };
  }

  void it('the first completion while the catalog loads waits for it instead of answering empty', async () => {
    const fresh = new AnsibleCatalog({ cacheDir, prefetch: false });
    try {
      assert.equal(fresh.status().state, 'loading');
      const { doc, pos } = withCursor('- name: x\n  ansible.builtin.fi|\n', taskFile);
      const list = await complete(doc, pos, fresh);
      assert.ok(
        list.items.some((i) => i.label === 'ansible.builtin.file'),
        list.items.map((i) => i.label).join(', '),
      );
      assert.equal(fresh.status().state, 'ready');
    } finally {
      fresh.dispose();
    }
  });

  void it('offers builtin modules at once and any of ~7,700 modules as the user types', async () => {
    const empty = await completeAt('- name: x\n  |\n');
    assert.ok(empty.labels.includes('ansible.builtin.copy') && empty.labels.includes('copy'));
    assert.ok(empty.labels.includes('when'));
    assert.ok(!empty.labels.includes('community.general.ufw'));
    assert.equal(empty.list.isIncomplete, true);
    assert.ok(empty.labels.length <= 500, `${empty.labels.length} items`);
    const typed = await completeAt('- name: x\n  uf|\n');
    assert.ok(typed.labels.includes('community.general.ufw'), typed.labels.join(', '));
    assert.ok(typed.labels.indexOf('community.general.ufw') < 50, 'names starting with the word come first');
    const inUse = await completeAt('- name: a\n  community.general.ufw:\n    rule: allow\n- name: x\n  |\n');
    assert.ok(inUse.labels.includes('community.general.ufw'), 'collections in use are offered before typing');
  });

  void it('puts required options into the snippet once the doc is known', async () => {
    await catalog.loadDoc('ansible.builtin.file');
    const { doc, item, list } = await completeAt('- name: x\n  ansible.builtin.fi|\n');
    assert.ok(list.items.every((i) => String(i.label).startsWith('ansible.builtin.')));
    assert.equal(accept(doc, item('ansible.builtin.file')), '- name: x\n  ansible.builtin.file:\n    path: \n');
  });

  void it('completes options and choices from ansible-doc', async () => {
    const opts = await completeAt('- name: x\n  ansible.builtin.file:\n    dest: /a\n    |\n');
    assert.ok(opts.labels.includes('state') && opts.labels.includes('owner'));
    assert.ok(!opts.labels.includes('path'), 'dest is an alias of path');
    const state = await completeAt('- name: x\n  ansible.builtin.file:\n    path: /a\n    state: |\n');
    assert.ok(state.labels.includes('directory') && state.labels.includes('absent'), state.labels.join());
  });

  void it('documents a module on resolve and on hover', async () => {
    const { item } = await completeAt('- name: x\n  |\n');
    const resolved = await resolveCompletion(item('ansible.builtin.copy'), catalog);
    assert.match((resolved.documentation as MarkupContent).value, /copy_module\.html/);
    const { doc, pos } = withCursor('- name: x\n  ansible.builtin.co|py:\n    dest: /a\n', taskFile);
    const h = await hover(doc, pos, catalog);
    const value = (h?.contents as MarkupContent).value;
    assert.match(value, /\*\*ansible\.builtin\.copy\*\*/);
    assert.match(value, /\| `dest` \| yes \|/);
    assert.match(
      value,
      /https:\/\/docs\.ansible\.com\/ansible\/latest\/collections\/ansible\/builtin\/copy_module\.html/,
    );
  });
});
