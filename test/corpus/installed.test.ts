// The corpus of the real installed Ansible (Debian's ansible 7.7: ansible-core 2.14 and ~108
// collections). Built once for the whole file (~15 s).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCorpus, type BuiltCorpus } from '../../server/src/corpus/build';
import { discoverInstalledAnsible } from '../../server/src/corpus/installed';
import { plainTask } from '../../server/src/corpus/compactCorpus';
import { corpusSchema, loadCorpus, saveCorpus } from '../../server/src/corpus/store';
import { TempWorkspace } from '../helpers/workspace';

describe('corpus of the installed Ansible', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  let built: BuiltCorpus;

  before(async () => {
    const installed = await discoverInstalledAnsible();
    built = await buildCorpus({ core: installed.core, collectionRoots: installed.collectionRoots });
  });

  it('has the expected size', () => {
    const { stats, report } = built;
    assert.ok(stats.tasks > 20_000 && stats.tasks < 30_000, `tasks ${stats.tasks}`);
    assert.ok(report.named > 20_000, `named ${report.named}`);
    assert.ok(stats.origins['module-examples'] > 18_000, JSON.stringify(stats.origins));
    assert.ok(stats.origins.role + stats.origins.playbook > 3_000, JSON.stringify(stats.origins));
    assert.ok(stats.modules > 7_000, `modules ${stats.modules}`);
    assert.ok(stats.collections > 100, `collections ${stats.collections}`);
    assert.ok(report.installed.moduleFiles > 7_500, `module files ${report.installed.moduleFiles}`);
    assert.ok(report.installed.brokenExampleDocuments < 50, `broken ${report.installed.brokenExampleDocuments}`);
    assert.equal(stats.licences.NOASSERTION, undefined, JSON.stringify(stats.licences));
    const test = built.tasks.filter((t) => t.split === 'test').length / stats.tasks;
    assert.ok(test > 0.05 && test < 0.15, `test share ${test}`);
  });

  it('has ansible.builtin.copy’s EXAMPLES with licence and repository', () => {
    const copy = built.tasks.filter(
      (t) => t.fqcn === 'ansible.builtin.copy' && t.sources.some((s) => s.path === 'lib/ansible/modules/copy.py'),
    );
    assert.ok(copy.length >= 8, `copy examples: ${copy.length}`);
    const s = copy[0].sources.find((x) => x.path === 'lib/ansible/modules/copy.py')!;
    assert.equal(s.collection, 'ansible.builtin');
    assert.match(s.version, /^2\.\d+\.\d+/);
    assert.equal(s.license, 'GPL-3.0-or-later');
    assert.equal(s.repoUrl, 'https://github.com/ansible/ansible');
    assert.ok(s.line > 50, `line ${s.line}`);
  });

  it('has community.general tasks with their version and repository', () => {
    const t = built.tasks.find((x) => x.sources[0].collection === 'community.general' && x.name);
    assert.ok(t);
    assert.equal(t.sources[0].version, '6.6.2');
    assert.equal(t.sources[0].repoUrl, 'https://github.com/ansible-collections/community.general');
    assert.match(t.sources[0].path, /^plugins\/modules\/\w+\.py$/);
    assert.match(t.fqcn, /^[\w]+\.[\w]+\.\w+$/);
  });

  it('has role tasks with role variables in scope', () => {
    const withVars = built.tasks.filter((t) => t.origin === 'role' && t.context.variables.length > 0);
    assert.ok(withVars.length > 500, `role tasks with variables: ${withVars.length}`);
  });

  it('stores the full corpus compactly and gives back exactly the built records', () => {
    const dir = join(ws.root, 'corpus');
    saveCorpus(dir, built.tasks, { schema: corpusSchema, key: 'k', createdAt: 'now', stats: built.stats });
    const loaded = loadCorpus(dir);
    assert.equal(loaded.tasks.length, built.tasks.length);
    // Every field of every record, read through the stored columns (args/keywords parsed on demand).
    assert.deepEqual(loaded.tasks.map(plainTask), built.tasks);
    for (const i of [0, 1234, built.tasks.length - 1])
      assert.equal(loaded.byId(built.tasks[i].id)?.text, built.tasks[i].text);
    assert.equal(loaded.byId('no such id'), undefined);
  });
});
