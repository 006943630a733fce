// buildCorpus on a small collection tree the test writes: records, provenance, licences per file,
// merged duplicates, context, split, and the on-disk store.

import assert from 'node:assert/strict';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCorpus, type BuildOptions, type BuiltCorpus } from '../../server/src/corpus/build';
import { corpusKey } from '../../server/src/corpus/corpusKey';
import { plainTask } from '../../server/src/corpus/compactCorpus';
import { corpusSchema, loadCorpus, readManifest, saveCorpus } from '../../server/src/corpus/store';
import type { CorpusTask } from '../../server/src/corpus/types';
import { TempWorkspace } from '../helpers/workspace';
import { writeCollectionTree } from './collectionTree';

describe('buildCorpus on a collection tree', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  let options: BuildOptions;
  let built: BuiltCorpus;
  const progress: [string, number, number][] = [];
  const byName = (name: string): CorpusTask => {
    const t = built.tasks.find((x) => x.name === name);
    assert.ok(t, `no task named ${name}: ${built.tasks.map((x) => x.name).join(', ')}`);
    return t;
  };

  before(async () => {
    const tree = writeCollectionTree(ws);
    options = {
      collectionRoots: [tree.collections],
      core: { path: tree.core, version: '2.99.0' },
      progress: (l, done, total) => progress.push([l, done, total]),
    };
    built = await buildCorpus(options);
  });

  it('takes every named EXAMPLES task, role task and playbook task, once each', () => {
    const names = built.tasks.map((t) => t.name).sort();
    assert.deepEqual(names, [
      '',
      'Copy a file',
      'Install web packages',
      'Make a thing',
      'Plain collection task',
      'Plain task',
      'Restart the demo service',
      'Restart web',
      'Say hello',
      'Show a secret',
      'Start the demo service',
      'Stop',
      'Write the config',
    ]);
    assert.equal(built.stats.tasks, 13);
    assert.deepEqual(built.stats.origins, { 'module-examples': 9, role: 3, playbook: 1 });
    assert.equal(built.stats.collections, 3);
    assert.equal(built.report.installed.brokenExampleDocuments, 1);
    assert.equal(built.report.installed.unsupportedExamples, 1);
    // Progress per source (ansible-core, then each collection), with a running count.
    assert.deepEqual(
      progress.map(([l, done, total]) => [l.replace(/\d+ tasks.*/, ''), done, total]),
      [
        ['ansible.builtin 2.99.0: ', 1, 3],
        ['acme.demo 1.2.3: ', 2, 3],
        ['acme.plain 0.1.0: ', 3, 3],
      ],
    );
  });

  it('keeps provenance: collection, version, path, line, repository URL', () => {
    const t = byName('Start the demo service');
    assert.deepEqual(t.sources, [
      {
        source: 'collection',
        collection: 'acme.demo',
        version: '1.2.3',
        path: 'plugins/modules/service.py',
        line: 13,
        repoUrl: 'https://github.com/acme/demo',
        license: 'GPL-3.0-or-later',
      },
    ]);
    const core = byName('Copy a file');
    assert.equal(core.fqcn, 'ansible.builtin.copy');
    assert.equal(core.sources[0].collection, 'ansible.builtin');
    assert.equal(core.sources[0].version, '2.99.0');
    assert.equal(core.sources[0].path, 'lib/ansible/modules/copy.py');
    assert.equal(core.sources[0].repoUrl, 'https://github.com/ansible/ansible');
  });

  it('takes the licence from the file header, else from MANIFEST, license_file, never guessed', () => {
    assert.equal(byName('Start the demo service').sources[0].license, 'GPL-3.0-or-later');
    assert.equal(byName('Make a thing').sources[0].license, 'Apache-2.0');
    // No header: the collection's MANIFEST list (content under both licences).
    assert.equal(byName('Plain task').sources[0].license, 'GPL-3.0-or-later AND Apache-2.0');
    assert.equal(byName('Install web packages').sources[0].license, 'GPL-3.0-or-later AND Apache-2.0');
    assert.equal(byName('Say hello').sources[0].license, 'MIT');
    // MANIFEST has no licence: its license_file's text (MIT).
    assert.equal(byName('Plain collection task').sources[0].license, 'MIT');
  });

  it('merges identical tasks and keeps all their sources, the first as primary', () => {
    const t = byName('Restart the demo service');
    assert.deepEqual(
      t.sources.map((s) => [s.path, s.license]),
      [
        ['plugins/modules/apache_thing.py', 'Apache-2.0'],
        ['plugins/modules/service.py', 'GPL-3.0-or-later'],
      ],
    );
    assert.equal(built.report.duplicates, 1);
  });

  it('keeps task text, arguments, keywords and free-form arguments', () => {
    const secret = byName('Show a secret');
    assert.equal(secret.fqcn, 'ansible.builtin.debug');
    assert.deepEqual(secret.args, { msg: '{{ not templated }}' });
    assert.match(String((secret.keywords.vars as Record<string, string>).password), /\$ANSIBLE_VAULT/);
    const start = byName('Start the demo service');
    assert.equal(
      start.text,
      'name: Start the demo service\nacme.demo.service:\n  name: demo\n  state: started\nregister: started_result',
    );
    assert.deepEqual(start.keywords, { register: 'started_result' });
    const free = built.tasks.find((t) => t.module === 'shell');
    assert.ok(free);
    assert.deepEqual(free.args, { _raw_params: 'echo free form > /tmp/out', creates: '/tmp/out' });
    assert.equal(byName('Stop').args.state, 'stopped');
  });

  it('resolves short names: ansible.builtin first, then the file’s own collection', () => {
    assert.equal(byName('Stop').fqcn, 'ansible.builtin.service');
    assert.equal(byName('Make a thing').fqcn, 'acme.demo.nolicence');
  });

  it('records the context: earlier modules, section, variables in scope', () => {
    // The primary source (apache_thing.py) has it first; in service.py it came after a service task.
    assert.deepEqual(byName('Restart the demo service').context.previousModules, []);
    assert.deepEqual(byName('Show a secret').context.previousModules, ['acme.demo.service']);
    assert.ok(byName('Show a secret').context.variables.includes('started_result'));
    assert.deepEqual(byName('Make a thing').context.variables, ['thing_port']);
    assert.equal(byName('Make a thing').context.section, 'tasks');
    const cfg = byName('Write the config');
    assert.equal(cfg.context.section, 'block');
    assert.deepEqual(cfg.context.previousModules, ['ansible.builtin.package']);
    assert.deepEqual([...cfg.context.variables].sort(), ['installed', 'web_packages', 'web_port', 'web_user']);
    assert.equal(byName('Restart web').context.section, 'handlers');
    assert.deepEqual(byName('Say hello').context.variables, ['greeting']);
  });

  it('splits by source unit, deterministically: a role is one unit', async () => {
    const again = await buildCorpus({ ...options, progress: undefined });
    assert.deepEqual(
      again.tasks.map((t) => [t.id, t.split]),
      built.tasks.map((t) => [t.id, t.split]),
    );
    const role = built.tasks.filter((t) => t.origin === 'role');
    assert.equal(new Set(role.map((t) => t.split)).size, 1);
    // Another seed moves some units; some seed must put the role into the test split.
    const splits = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const b = await buildCorpus({ ...options, progress: undefined, seed: `s${i}` });
      splits.add(
        b.tasks
          .filter((t) => t.origin === 'role')
          .map((t) => t.split)
          .join(),
      );
    }
    assert.deepEqual([...splits].sort(), ['test,test,test', 'train,train,train']);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('editor closed'));
    await assert.rejects(buildCorpus({ ...options, progress: undefined, signal: controller.signal }), /editor closed/);
  });

  it('saves and loads the corpus unchanged', () => {
    const dir = join(ws.root, 'store');
    saveCorpus(dir, built.tasks, { schema: corpusSchema, key: 'k', createdAt: 'now', stats: built.stats });
    const loaded = loadCorpus(dir);
    assert.deepEqual(loaded.tasks.map(plainTask), built.tasks);
    assert.equal(loaded.manifest.key, 'k');
    assert.equal(readManifest(join(ws.root, 'nothing')), undefined);
    assert.throws(() => loadCorpus(join(ws.root, 'nothing')), /no corpus/);
  });

  it('keys the cache by what was indexed', () => {
    const key = corpusKey(options);
    assert.equal(corpusKey(options), key);
    assert.notEqual(corpusKey({ ...options, core: { ...options.core!, version: '2.99.1' } }), key);
    const manifest = join(options.collectionRoots![0], 'acme', 'demo', 'MANIFEST.json');
    utimesSync(manifest, new Date(), new Date(Date.now() + 5000));
    assert.notEqual(corpusKey(options), key);
  });
});
