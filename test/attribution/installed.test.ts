// The attribution index over the real corpus of the installed Ansible (Debian's ansible 7.7,
// ~24,000 tasks). The corpus is built once for the file (~15 s).

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AttributionIndex } from '../../server/src/attribution/attributionIndex';
import { buildCorpus } from '../../server/src/corpus/build';
import { discoverInstalledAnsible } from '../../server/src/corpus/installed';
import type { CorpusTask } from '../../server/src/corpus/types';

describe('attribution over the installed corpus', () => {
  let tasks: CorpusTask[];
  let index: AttributionIndex;
  let buildMs: number;

  before(async () => {
    const installed = await discoverInstalledAnsible();
    tasks = (await buildCorpus({ core: installed.core, collectionRoots: installed.collectionRoots })).tasks;
    const t0 = performance.now();
    index = AttributionIndex.build(tasks);
    buildMs = performance.now() - t0;
  });

  const copyExample = () => {
    const t = tasks.find(
      (x) =>
        x.fqcn === 'ansible.builtin.copy' &&
        x.origin === 'module-examples' &&
        x.sources[0].path === 'lib/ansible/modules/copy.py',
    );
    assert.ok(t, 'an ansible.builtin.copy EXAMPLES task');
    return t;
  };

  it('indexes every task in a few seconds', () => {
    assert.equal(index.size, tasks.length);
    assert.ok(buildMs < 10_000, `build ${buildMs} ms`);
  });

  it('finds an ansible.builtin.copy EXAMPLES task verbatim: first, score 1, GPL-3.0-or-later', () => {
    const copy = copyExample();
    const [m] = index.search({ yaml: copy.text });
    assert.equal(m.score, 1);
    assert.equal(m.snippet, copy.text);
    assert.equal(m.collection, 'ansible.builtin');
    assert.equal(m.path, 'lib/ansible/modules/copy.py');
    assert.equal(m.license, 'GPL-3.0-or-later');
    assert.equal(m.repoUrl, 'https://github.com/ansible/ansible');
    assert.equal(m.task.fqcn, 'ansible.builtin.copy');
  });

  it('finds it written with the short name, other key order and a changed value', () => {
    const copy = copyExample();
    const args = Object.fromEntries(Object.entries(copy.args).reverse());
    const [same] = index.search({ fqcn: 'copy', args, name: copy.name });
    assert.equal(same.score, 1);
    assert.equal(same.task.fqcn, 'ansible.builtin.copy');
    const key = Object.keys(args).find((k) => typeof args[k] === 'string')!;
    const [edited] = index.search({ fqcn: 'copy', args: { ...args, [key]: 'something else' }, name: copy.name });
    assert.ok(edited.score < 1 && edited.score > 0.6, `score ${edited.score}`);
    assert.equal(edited.task.fqcn, 'ansible.builtin.copy');
  });

  it('ranks an exact copy first for a sample of corpus tasks, in milliseconds', () => {
    const sample = tasks.filter((_, i) => i % 97 === 0);
    let exact = 0;
    let parsed = 0;
    const ms: number[] = [];
    for (const t of sample) {
      const t0 = performance.now();
      let top;
      try {
        top = index.search({ yaml: t.text }, 3);
      } catch {
        continue; // a few corpus texts are not a single loadable task
      }
      ms.push(performance.now() - t0);
      parsed++;
      if (top[0]?.score === 1) exact++;
    }
    ms.sort((a, b) => a - b);
    const p95 = ms[Math.floor(ms.length * 0.95)];
    assert.ok(parsed > sample.length * 0.97, `${parsed} of ${sample.length} parsed`);
    assert.ok(exact / parsed > 0.97, `${exact} of ${parsed} exact`);
    assert.ok(p95 < 25, `p95 ${p95} ms`);
  });

  it('gives the same results after a serialise/deserialise round trip', () => {
    const loaded = AttributionIndex.deserialize(index.serialize(), tasks);
    const sample = tasks.filter((_, i) => i % 1001 === 0);
    assert.ok(sample.length >= 10, `${sample.length} tasks`);
    for (const t of sample) {
      const q = { fqcn: t.fqcn || t.module, args: t.args };
      const want = index.search(q, 3).map((m) => [m.task.id, m.score]);
      assert.ok(want.length > 0, `${t.id} finds at least itself`);
      assert.deepEqual(
        loaded.search(q, 3).map((m) => [m.task.id, m.score]),
        want,
      );
    }
  });

  it('finds tasks by name', () => {
    const copy = copyExample();
    const hits = index.searchByName(copy.name, 5);
    assert.ok(hits.some((h) => h.task.id === copy.id));
    assert.ok(hits[0].score >= hits[hits.length - 1].score);
  });
});
