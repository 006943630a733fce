import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionItemTag, InsertTextFormat, InsertTextMode, type CompletionItem } from 'vscode-languageserver-types';
import { complete, resolveCompletion } from '../../server/src/service/completion';
import { accept, withCursor } from '../fixtures/service/cursor';
import { TestCatalog } from '../fixtures/service/testCatalog';

const catalog = new TestCatalog();
const taskFile = 'file:///w/roles/web/tasks/main.yml';

async function completeAt(text: string, uri?: string, cat = catalog) {
  const { doc, pos } = withCursor(text, uri);
  const list = await complete(doc, pos, cat);
  const labels = list.items.map((i) => String(i.label));
  const item = (label: string): CompletionItem => {
    const found = list.items.find((i) => i.label === label);
    assert.ok(found, `no item ${label} in ${labels.slice(0, 30).join(', ')}`);
    return found;
  };
  return { doc, list, labels, item };
}

/** Labels in the order the client shows them when nothing is typed (by sortText, then label). */
const sorted = (items: CompletionItem[]) =>
  [...items]
    .sort((a, b) => (a.sortText ?? String(a.label)).localeCompare(b.sortText ?? String(b.label)))
    .map((i) => String(i.label));

void describe('completion: play level', () => {
  void it('offers play keywords not present, and no task keywords or modules', async () => {
    const { labels } = await completeAt('- hosts: all\n  |\n  tasks: []\n');
    for (const k of ['gather_facts', 'become', 'vars', 'pre_tasks', 'serial']) assert.ok(labels.includes(k), k);
    for (const k of ['hosts', 'tasks', 'when', 'register', 'loop', 'ansible.builtin.copy', 'with_items'])
      assert.ok(!labels.includes(k), k);
  });

  void it('inserts list and bool keywords with their value shape', async () => {
    const { doc, item } = await completeAt('- hosts: all\n  |\n');
    assert.equal(accept(doc, item('tasks')), '- hosts: all\n  tasks:\n    - \n');
    assert.equal(item('gather_facts').insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((item('gather_facts').textEdit as { newText: string }).newText, 'gather_facts: ${1|true,false|}');
  });
});

void describe('completion: task level', () => {
  const playbook = '- hosts: all\n  tasks:\n    - name: Copy it\n      |\n';

  // A collection already used in the document is offered before anything is typed.
  const usesGeneral =
    '- hosts: all\n  tasks:\n    - name: fw\n      community.general.ufw:\n        rule: allow\n    - name: Copy it\n      |\n';

  void it('offers task keywords not present, and modules, FQCN first', async () => {
    const { labels, list } = await completeAt(usesGeneral);
    for (const k of [
      'when',
      'register',
      'loop',
      'become',
      'block',
      'ansible.builtin.copy',
      'copy',
      'community.general.ufw',
    ])
      assert.ok(labels.includes(k), k);
    for (const k of ['name', 'hosts', 'gather_facts', 'listen', 'with_items']) assert.ok(!labels.includes(k), k);
    const order = sorted(list.items);
    assert.ok(order.indexOf('ansible.builtin.copy') < order.indexOf('community.general.ufw'));
    assert.ok(order.indexOf('community.general.ufw') < order.indexOf('copy'), 'short names after FQCNs');
    assert.ok(order.indexOf('when') < order.indexOf('ansible.builtin.copy'), 'keywords first');
  });

  void it('inserts a module with its required options, one level deeper (2 spaces)', async () => {
    const { doc, item } = await completeAt(playbook);
    const copy = item('ansible.builtin.copy');
    assert.equal(copy.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(copy.insertTextMode, InsertTextMode.asIs);
    assert.deepEqual(copy.data, { fqcn: 'ansible.builtin.copy' });
    const head = '- hosts: all\n  tasks:\n    - name: Copy it\n';
    assert.equal(accept(doc, copy), `${head}      ansible.builtin.copy:\n        dest: \n`);
    assert.equal(accept(doc, item('ansible.builtin.user')), `${head}      ansible.builtin.user:\n        name: \n`);
    assert.equal(accept(doc, item('shell')), `${head}      shell: \n`);
    assert.equal(accept(doc, item('ansible.builtin.ping')), `${head}      ansible.builtin.ping:\n`);
  });

  void it('filters by a typed namespace and replaces the whole dotted word', async () => {
    const { doc, list, labels, item } = await completeAt(
      '- hosts: all\n  tasks:\n    - name: Copy it\n      ansible.builtin.co|\n',
    );
    assert.ok(labels.length > 0 && labels.every((l) => l.startsWith('ansible.builtin.')), labels.join());
    assert.equal(list.isIncomplete, true);
    assert.equal(
      accept(doc, item('ansible.builtin.copy')),
      '- hosts: all\n  tasks:\n    - name: Copy it\n      ansible.builtin.copy:\n        dest: \n',
    );
  });

  void it('completes the first key of a new list item', async () => {
    const { doc, labels, item } = await completeAt('- hosts: all\n  tasks:\n    - |\n');
    assert.ok(labels.includes('name') && labels.includes('ansible.builtin.file'));
    assert.equal(
      accept(doc, item('ansible.builtin.file')),
      '- hosts: all\n  tasks:\n    - ansible.builtin.file:\n        path: \n',
    );
  });

  void it('follows the file indentation unit (4 spaces) in a role task file', async () => {
    const head = '- name: Make dir\n  ansible.builtin.file:\n      path: /srv\n      state: directory\n- name: Copy\n';
    const { doc, item } = await completeAt(`${head}  ansible.builtin.co|\n`, taskFile);
    assert.equal(accept(doc, item('ansible.builtin.copy')), `${head}  ansible.builtin.copy:\n      dest: \n`);
  });

  void it('offers only keywords once the task has a module', async () => {
    const { labels } = await completeAt('- name: x\n  ansible.builtin.copy:\n    dest: /a\n  |\n', taskFile);
    assert.ok(labels.includes('when') && labels.includes('notify'));
    for (const k of ['ansible.builtin.file', 'block', 'action']) assert.ok(!labels.includes(k), k);
  });

  void it('asks the client to come back while the catalog is loading', async () => {
    const loading = new TestCatalog();
    loading.status = () => ({ state: 'loading', modules: 0 });
    loading.list = () => [];
    const { list, labels } = await completeAt(playbook, undefined, loading);
    assert.equal(list.isIncomplete, true);
    assert.ok(labels.includes('when'));
    // Loaded, nothing typed: only builtins and collections in use, so the list is incomplete too;
    // with a word typed that few names match, the list is complete.
    assert.equal((await completeAt(playbook)).list.isIncomplete, true);
    assert.equal((await completeAt(playbook.replace('|', 'cop|'))).list.isIncomplete, false);
  });

  void it('reads compact lists, comments and CRLF line ends', async () => {
    const compact = await completeAt('- hosts: all\n  tasks:\n  # first\n  - name: x\n\n    # a comment\n    |\n');
    assert.ok(compact.labels.includes('ansible.builtin.copy') && !compact.labels.includes('name'));
    const crlf = await completeAt('- name: x\r\n  ansible.builtin.file:\r\n    path: /a\r\n    |\r\n', taskFile);
    assert.ok(crlf.labels.includes('state') && !crlf.labels.includes('path'));
  });

  void it('completes the module named in action:', async () => {
    const { doc, item } = await completeAt('- name: x\n  action: ansible.builtin.co|\n', taskFile);
    assert.equal(accept(doc, item('ansible.builtin.copy')), '- name: x\n  action: ansible.builtin.copy\n');
  });

  void it('offers modules of other collections once a word is typed, names starting with it first', async () => {
    const none = await completeAt(playbook);
    assert.ok(!none.labels.includes('community.general.ufw'), 'not before anything is typed');
    const typed = await completeAt(playbook.replace('|', 'uf|'));
    assert.ok(typed.labels.includes('community.general.ufw'), typed.labels.join(', '));
    const ns = await completeAt(playbook.replace('|', 'community.general.|'));
    assert.ok(ns.labels.length > 0 && ns.labels.every((l) => l.startsWith('community.general.')), ns.labels.join());
  });

  void it('tags deprecated modules', async () => {
    const { item } = await completeAt(usesGeneral);
    assert.deepEqual(item('community.general.old_thing').tags, [CompletionItemTag.Deprecated]);
    assert.equal(item('ansible.builtin.copy').tags, undefined);
  });

  void it('inserts the name only when editing an existing key', async () => {
    const { doc, item } = await completeAt('- name: x\n  ansible.builtin.co|py: {}\n', taskFile);
    assert.equal(accept(doc, item('ansible.builtin.copy')), '- name: x\n  ansible.builtin.copy: {}\n');
  });
});

void describe('completion: blocks and handlers', () => {
  void it('offers task keywords and modules inside block and rescue', async () => {
    const head = '- hosts: all\n  tasks:\n    - block:\n        - name: a\n          ansible.builtin.ping:\n';
    const inBlock = await completeAt(`${head}        - name: b\n          |\n`);
    const inRescue = await completeAt(`${head}      rescue:\n        - name: b\n          |\n`);
    for (const { labels } of [inBlock, inRescue]) {
      assert.ok(labels.includes('ansible.builtin.copy') && labels.includes('register'));
      assert.ok(!labels.includes('name') && !labels.includes('rescue'));
    }
  });

  void it('offers block keywords on the block itself', async () => {
    const { labels } = await completeAt(
      '- hosts: all\n  tasks:\n    - block:\n        - ansible.builtin.ping:\n      |\n',
    );
    for (const k of ['rescue', 'always', 'when']) assert.ok(labels.includes(k), k);
    for (const k of ['block', 'register', 'loop', 'ansible.builtin.copy']) assert.ok(!labels.includes(k), k);
  });

  void it('offers listen in handlers, not in tasks', async () => {
    const inPlay = await completeAt('- hosts: all\n  handlers:\n    - name: restart\n      |\n');
    assert.ok(inPlay.labels.includes('listen'));
    const inFile = await completeAt('- name: restart\n  |\n', 'file:///w/roles/web/handlers/main.yml');
    assert.ok(inFile.labels.includes('listen') && inFile.labels.includes('ansible.builtin.copy'));
    const inTasks = await completeAt('- name: restart\n  |\n', taskFile);
    assert.ok(!inTasks.labels.includes('listen'));
  });

  void it('offers nothing in vars, in a block scalar or in a vars file', async () => {
    assert.deepEqual((await completeAt('- hosts: all\n  vars:\n    |\n')).labels, []);
    const scalar = '- name: x\n  ansible.builtin.copy:\n    content: |\n      |\n';
    assert.deepEqual((await completeAt(scalar.replace('content: |', 'content: >'), taskFile)).labels, []);
    assert.deepEqual((await completeAt('a: 1\n|\n', 'file:///r/vars/main.yml')).labels, []);
  });
});

void describe('completion: module options', () => {
  void it('offers options not present, required first, aliases counting as present', async () => {
    const { labels, list, item } = await completeAt(
      '- hosts: all\n  tasks:\n    - ansible.builtin.file:\n        dest: /tmp/x\n        |\n        mode: "0644"\n',
    );
    assert.ok(labels.includes('state') && labels.includes('recurse'));
    assert.ok(!labels.includes('path'), 'path is present as its alias dest');
    assert.ok(!labels.includes('mode'), 'mode is present below the cursor');
    assert.match(String(item('state').detail), /choices: absent\|directory/);
    assert.ok(list.items.every((i) => i.documentation));
    const copy = await completeAt('- name: x\n  ansible.builtin.copy:\n    |\n', taskFile);
    assert.equal(sorted(copy.list.items)[0], 'dest');
  });

  void it('shapes option snippets by type, at the option indentation', async () => {
    const { doc, item } = await completeAt('- name: x\n  ansible.builtin.apt:\n    |\n', taskFile);
    assert.equal(accept(doc, item('name')), '- name: x\n  ansible.builtin.apt:\n    name:\n      - \n');
    assert.equal(accept(doc, item('update_cache')), '- name: x\n  ansible.builtin.apt:\n    update_cache: true\n');
    assert.equal(accept(doc, item('state')), '- name: x\n  ansible.builtin.apt:\n    state: absent\n');
    const uri = await completeAt('- name: x\n  ansible.builtin.uri:\n    |\n', taskFile);
    assert.equal(accept(uri.doc, uri.item('headers')), '- name: x\n  ansible.builtin.uri:\n    headers:\n      \n');
  });

  void it('works for short names, under args:, and for suboptions', async () => {
    const short = await completeAt('- name: x\n  copy:\n    |\n', taskFile);
    assert.ok(short.labels.includes('dest'));
    const args = await completeAt('- name: x\n  ansible.builtin.copy:\n  args:\n    src: a\n    |\n', taskFile);
    assert.ok(args.labels.includes('dest') && !args.labels.includes('src'));
    const sub = await completeAt(
      '- name: x\n  community.general.docker_container:\n    name: web\n    healthcheck:\n      |\n',
      taskFile,
    );
    assert.deepEqual(sub.labels.sort(), ['interval', 'retries', 'test']);
  });

  void it('loads the module doc when it is not in memory', async () => {
    const lazy = new TestCatalog(undefined, { lazy: true });
    const { labels } = await completeAt('- name: x\n  ansible.builtin.copy:\n    |\n', taskFile, lazy);
    assert.ok(labels.includes('dest'));
    assert.equal(lazy.loadDocCalls, 1);
  });
});

void describe('completion: values', () => {
  void it('offers the choices of the option under the cursor, in documented order', async () => {
    const text = '- name: x\n  ansible.builtin.file:\n    path: /a\n    state: |\n';
    const { doc, labels, item } = await completeAt(text, taskFile);
    assert.deepEqual(labels, ['absent', 'directory', 'file', 'hard', 'link', 'touch']);
    assert.equal(accept(doc, item('directory')), text.replace('|', 'directory'));
  });

  void it('replaces a partly typed value and marks the default', async () => {
    const { doc, item } = await completeAt('- name: x\n  ansible.builtin.apt:\n    state: pre|\n', taskFile);
    assert.equal(item('present').detail, 'default');
    assert.equal(accept(doc, item('latest')), '- name: x\n  ansible.builtin.apt:\n    state: latest\n');
  });

  void it('offers true/false for bool options and bool keywords', async () => {
    const opt = await completeAt('- name: x\n  ansible.builtin.copy:\n    backup: |\n', taskFile);
    assert.deepEqual(opt.labels, ['true', 'false']);
    for (const key of ['become', 'ignore_errors', 'no_log', 'run_once', 'check_mode']) {
      const kw = await completeAt(`- name: x\n  ${key}: |\n`, taskFile);
      assert.deepEqual(kw.labels, ['true', 'false'], key);
    }
    assert.deepEqual((await completeAt('- hosts: all\n  gather_facts: |\n')).labels, ['true', 'false']);
    assert.ok((await completeAt('- hosts: all\n  strategy: |\n')).labels.includes('free'));
  });

  void it('offers nothing for a free-text value', async () => {
    assert.deepEqual((await completeAt('- name: x\n  ansible.builtin.copy:\n    dest: |\n', taskFile)).labels, []);
    assert.deepEqual((await completeAt('- name: |\n', taskFile)).labels, []);
  });
});

void describe('completion: resolve and scale', () => {
  void it('adds module documentation on resolve', async () => {
    const { item } = await completeAt('- name: x\n  |\n', taskFile);
    const resolved = await resolveCompletion(item('ansible.builtin.copy'), new TestCatalog(undefined, { lazy: true }));
    const doc = resolved.documentation as { value: string };
    assert.match(doc.value, /Copy files to remote locations/);
    assert.match(doc.value, /docs\.ansible\.com\/ansible\/latest\/collections\/ansible\/builtin\/copy_module\.html/);
  });

  void it('caps a 7,700-module answer and narrows it as the user types', async () => {
    const many = new TestCatalog();
    const list = Array.from({ length: 7700 }, (_, i) => ({ fqcn: `ns${i % 50}.coll.mod${i}`, shortDescription: 'x' }));
    many.list = () => list;
    const typed = await completeAt('- name: x\n  mod|\n', taskFile, many);
    const modules = typed.labels.filter((l) => l.startsWith('ns'));
    assert.equal(modules.length, 400);
    assert.equal(typed.list.isIncomplete, true);
    const narrow = await completeAt('- name: x\n  mod7699|\n', taskFile, many);
    assert.deepEqual(
      narrow.labels.filter((l) => l.startsWith('ns')),
      ['ns49.coll.mod7699'],
    );
    assert.equal(narrow.list.isIncomplete, false);
  });
});

describe('completion: document markers and comments', () => {
  it('works in playbooks that start with --- and hold comments', async () => {
    const { labels } = await completeAt(
      '---\n# Web servers\n- hosts: all\n  tasks:\n    # first\n    - name: Copy it\n      |\n',
    );
    assert.ok(labels.includes('ansible.builtin.copy'), labels.slice(0, 10).join(', '));
    assert.ok(labels.includes('when'));
    const play = await completeAt('---\n- hosts: all\n  |\n...\n');
    assert.ok(play.labels.includes('gather_facts'));
  });
});
