// A module in the project's library/ or collections/ folder: found from playbooks, task files and
// roles as Ansible finds it, documented from its DOCUMENTATION string (never run), and completed,
// hovered, checked and opened like an installed one.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { findLocalModule, localModuleDoc, localModulesFrom } from '../../server/src/project/localModules';
import { LanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/settings';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';
import { localModuleDefinition } from '../../server/src/service/project/localModules';

const root = resolve(__dirname, '../fixtures/project');
const library = join(root, 'library/my_thing.py');

describe('library/ modules', () => {
  it('are found from the playbook folder, a task file below it and a role', () => {
    assert.equal(findLocalModule('my_thing', join(root, 'site.yml')), library);
    assert.equal(findLocalModule('my_thing', join(root, 'tasks/extra.yml')), library);
    assert.equal(findLocalModule('my_thing', join(root, 'roles/web/tasks/main.yml')), library);
    assert.equal(findLocalModule('not_there', join(root, 'site.yml')), undefined);
  });

  it('are documented from DOCUMENTATION, options and all', () => {
    const doc = localModuleDoc('my_thing', library)!;
    assert.equal(doc.shortDescription, 'Prepares the thing this project deploys');
    assert.deepEqual(Object.keys(doc.options).sort(), ['path', 'size']);
    assert.equal(doc.options.size.required, true);
    assert.equal(doc.options.size.type, 'int');
  });

  it('go to definition opens the source', () => {
    const text = readFileSync(join(root, 'tasks/extra.yml'), 'utf8');
    const doc = parseAnsibleDocument(pathToFileURL(join(root, 'tasks/extra.yml')).href, text);
    assert.deepEqual(
      localModuleDefinition(doc, text.indexOf('my_thing:') + 2).map((l) => l.uri),
      [pathToFileURL(library).href],
    );
    assert.deepEqual(localModuleDefinition(doc, text.indexOf('ansible.builtin.copy') + 2), [], 'an installed module');
  });
});

// Completion, hover and validation see the modules beside the content as they see installed ones,
// through the language service over the real catalog.
describe('modules beside the content, like installed ones', () => {
  const ws = new TempWorkspace();
  ws.write('library/my_thing.py', readFileSync(library, 'utf8'));
  // A library/copy.py is what `copy:` runs; `ansible.builtin.copy:` is still the installed one.
  ws.write(
    'library/copy.py',
    "DOCUMENTATION = '''\nmodule: copy\nshort_description: The project's own copy\noptions:\n  what:\n    type: str\n    required: true\n    description: What to copy.\n'''\n",
  );
  // A local collection module whose docs extend fragments that are not read statically.
  ws.write(
    'collections/ansible_collections/acme/tools/plugins/modules/deploy.py',
    "DOCUMENTATION = r'''\nmodule: deploy\nshort_description: Deploys an acme app\nextends_documentation_fragment:\n  - acme.tools.auth\noptions:\n  app:\n    type: str\n    required: true\n    description: The app.\n  channel:\n    type: str\n    choices: [stable, beta]\n    description: The channel.\n'''\n",
  );
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  const service = new LanguageService(() => catalog);
  before(() => catalog.ready());
  after(() => {
    catalog.dispose();
    ws.dispose();
  });
  const at = (text: string, rel = 'tasks.yml') => {
    const offset = text.indexOf('|');
    const doc = parseAnsibleDocument(pathToFileURL(join(ws.root, rel)).href, text.replace('|', ''));
    return { doc, pos: doc.lines.positionAt(offset) };
  };
  const labels = async (text: string) => {
    const { doc, pos } = at(text);
    return (await service.complete(doc, pos)).items.map((i) => i.label);
  };
  const hoverText = async (text: string) => {
    const { doc, pos } = at(text);
    return ((await service.hover(doc, pos))?.contents as MarkupContent | undefined)?.value ?? '';
  };
  const diagnostics = async (text: string) => {
    const doc = parseAnsibleDocument(pathToFileURL(join(ws.root, 'tasks.yml')).href, text);
    return (await service.validate(doc, defaultSettings)).map((d) => `${d.code} ${d.severity} ${d.message}`);
  };

  it('also lists the folders inside the project its ansible.cfg names; scripts without an extension', () => {
    const own = new TempWorkspace();
    try {
      own.write(
        'ansible.cfg',
        '[defaults]\nlibrary = ./mods\ncollections_path = ./vendor:/usr/share/ansible/collections\n',
      );
      own.write('mods/probe', '#!/bin/sh\necho {}\n');
      own.write('mods/__pycache__/x.pyc', '');
      own.write('vendor/ansible_collections/acme/net/plugins/modules/vlan.py', 'DOCUMENTATION = ""\n');
      own.write('vendor/ansible_collections/acme/net/plugins/modules/__init__.py', '');
      const found = localModulesFrom(join(own.root, 'playbooks/site.yml'));
      assert.deepEqual([...found.keys()].sort(), ['acme.net.vlan', 'probe']);
      assert.equal(findLocalModule('probe', join(own.root, 'site.yml')), join(own.root, 'mods/probe'));
    } finally {
      own.dispose();
    }
  });

  it('lists every module of library/ and of the collections/ folder', () => {
    const found = localModulesFrom(join(ws.root, 'roles/r/tasks/main.yml'));
    assert.deepEqual([...found.keys()].sort(), ['acme.tools.deploy', 'copy', 'my_thing']);
  });

  it('completes their names at task level, with nothing typed and as typed', async () => {
    const empty = await labels('- name: x\n  |\n');
    assert.ok(empty.includes('my_thing') && empty.includes('acme.tools.deploy'), empty.slice(0, 20).join(' '));
    const { doc, pos } = at('- name: x\n  my_|\n');
    const item = (await service.complete(doc, pos)).items.find((i) => i.label === 'my_thing');
    assert.equal(item?.detail, 'Prepares the thing this project deploys (this project)');
    assert.match((item?.textEdit as { newText: string }).newText, /^my_thing:\n {4}size: /, 'the required option');
  });

  it('completes their options and values', async () => {
    assert.deepEqual((await labels('- name: x\n  my_thing:\n    |\n')).sort(), ['path', 'size']);
    assert.deepEqual(await labels('- name: x\n  acme.tools.deploy:\n    channel: |\n'), ['stable', 'beta']);
    assert.deepEqual(await labels('- name: x\n  copy:\n    |\n'), ['what'], 'library/copy.py wins over the builtin');
    assert.ok((await labels('- name: x\n  ansible.builtin.copy:\n    |\n')).includes('dest'));
  });

  it('hovers the module and its options, naming its file', async () => {
    const module = await hoverText('- name: x\n  my_th|ing:\n    size: 3\n');
    assert.match(module, /Prepares the thing/);
    assert.match(module, /Module of this project:\* `library\/my_thing\.py`/);
    assert.match(await hoverText('- name: x\n  my_thing:\n    si|ze: 3\n'), /How big the thing is/);
    assert.match(
      await hoverText('- name: x\n  acme.tools.dep|loy:\n    app: a\n'),
      /`collections\/ansible_collections\/acme\/tools\/plugins\/modules\/deploy\.py`/,
    );
  });

  it('checks their options: unknown, missing required, choices; not the options of unread fragments', async () => {
    assert.deepEqual(await diagnostics('- name: x\n  my_thing:\n    size: 3\n'), []);
    const wrong = await diagnostics('- name: x\n  my_thing:\n    sise: 3\n');
    assert.equal(wrong.length, 2, wrong.join('\n'));
    assert.ok(
      wrong.some((d) => d.startsWith('unknown-option 2 ')),
      wrong.join('\n'),
    );
    assert.ok(wrong.some((d) => d.startsWith("missing-required-option 2 my_thing: missing required option 'size'")));
    // `token` may come from the acme.tools.auth fragment: not reported; a wrong choice is.
    assert.deepEqual(await diagnostics('- name: x\n  acme.tools.deploy:\n    app: a\n    token: t\n'), []);
    const choice = await diagnostics('- name: x\n  acme.tools.deploy:\n    app: a\n    channel: nightly\n');
    assert.equal(choice.length, 1, choice.join('\n'));
    assert.match(choice[0], /^invalid-choice 2 /);
  });
});

// A module beside the content whose DOCUMENTATION extends doc fragments: in a trusted workspace
// ansible-doc documents it (fragments read, their Python imported); in an untrusted one it never
// runs, and the options the text does not list are not reported as unknown.
describe('modules beside the content with doc fragments', () => {
  const ws = new TempWorkspace();
  const marker = join(ws.root, 'FRAGMENT-IMPORTED');
  ws.write(
    'collections/ansible_collections/acme/ops/plugins/modules/deploy.py',
    "DOCUMENTATION = r'''\nmodule: deploy\nshort_description: Deploys\nextends_documentation_fragment:\n  - acme.ops.auth\n  - ansible.builtin.files\noptions:\n  app:\n    type: str\n    required: true\n    description: The app.\n'''\n",
  );
  ws.write(
    'collections/ansible_collections/acme/ops/plugins/doc_fragments/auth.py',
    `open(${JSON.stringify(marker)}, 'w').close()\n\nclass ModuleDocFragment(object):\n    DOCUMENTATION = r'''\noptions:\n  token:\n    type: str\n    description: The API token.\n'''\n`,
  );
  ws.write('collections/ansible_collections/acme/ops/galaxy.yml', 'namespace: acme\nname: ops\nversion: 1.0.0\n');
  const trusted = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  const untrusted = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false, trusted: false });
  before(() => Promise.all([trusted.ready(), untrusted.ready()]));
  after(() => {
    trusted.dispose();
    untrusted.dispose();
    ws.dispose();
  });
  const uri = pathToFileURL(join(ws.root, 'tasks.yml')).href;
  const optionLabels = async (catalog: AnsibleCatalog) => {
    const text = '- name: x\n  acme.ops.deploy:\n    app: a\n    \n';
    const doc = parseAnsibleDocument(uri, text);
    const items = await new LanguageService(() => catalog).complete(doc, { line: 3, character: 4 });
    return items.items.map((i) => i.label).sort();
  };
  const diagnostics = async (catalog: AnsibleCatalog, text: string) =>
    (await new LanguageService(() => catalog).validate(parseAnsibleDocument(uri, text), defaultSettings)).map(
      (d) => d.code,
    );

  it('untrusted: the text only, nothing run, no unknown-option for what fragments may add', async () => {
    assert.deepEqual(await optionLabels(untrusted), []);
    assert.deepEqual(await diagnostics(untrusted, '- name: x\n  acme.ops.deploy:\n    app: a\n    tokn: t\n'), []);
    const file = join(ws.root, 'collections/ansible_collections/acme/ops/plugins/modules/deploy.py');
    assert.equal(untrusted.documentBeside('acme.ops.deploy', file, { collections: '' }), undefined);
    assert.equal(existsSync(marker), false, 'the fragment’s Python was not imported');
  });

  it('trusted: ansible-doc documents it, fragments and all; then unknown options are reported', async () => {
    // The first answer is the text's (ansible-doc is asked in the background), the next Ansible's.
    assert.deepEqual(await optionLabels(trusted), []);
    const file = join(ws.root, 'collections/ansible_collections/acme/ops/plugins/modules/deploy.py');
    const doc = await trusted.documentBeside('acme.ops.deploy', file, {
      collections: join(ws.root, 'collections'),
    })!.done;
    assert.ok(doc, 'ansible-doc documented the module');
    assert.equal(existsSync(marker), true, 'trusted: ansible-doc imported the fragment');
    const labels = await optionLabels(trusted);
    for (const name of ['token', 'mode', 'owner']) assert.ok(labels.includes(name), labels.join(' '));
    assert.deepEqual(await diagnostics(trusted, '- name: x\n  acme.ops.deploy:\n    app: a\n    token: t\n'), []);
    assert.deepEqual(await diagnostics(trusted, '- name: x\n  acme.ops.deploy:\n    app: a\n    tokn: t\n'), [
      'unknown-option',
    ]);
  });
});
