// The caches next to the stored corpus (engine/environment.ts): the attribution index and the
// trained model are reused while the corpus and the code are the same, rebuilt when either
// changes, and a damaged cache file is ignored, rebuilt and rewritten.

import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { corpusSchema, saveCorpus } from '../../server/src/corpus/store';
import type { CorpusTask } from '../../server/src/corpus/types';
import { embeddedTrainer } from '../../server/src/engine/embedded';
import { openEnvironment } from '../../server/src/engine/environment';
import { FIXTURE } from '../attribution/corpusFixture';
import { TempWorkspace } from '../helpers/workspace';

function save(dir: string, tasks: readonly CorpusTask[], createdAt: string): void {
  saveCorpus(dir, tasks, {
    schema: corpusSchema,
    key: 'fixture',
    createdAt,
    stats: { tasks: tasks.length, modules: 0, collections: 0, licences: {}, origins: {}, millis: 0 },
  });
}

describe('persisted index and model', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const trainer = embeddedTrainer([]);

  function open(dir: string, codeVersion: string) {
    const logs: string[] = [];
    const env = openEnvironment({ corpusDir: dir, trainer, codeVersion, log: (l) => logs.push(l) });
    return { env, logs, files: readdirSync(dir).filter((n) => n.endsWith('.bin') && n !== 'tasks.bin') };
  }

  it('reuses both caches while the corpus and the code are unchanged', () => {
    const dir = join(ws.root, 'same');
    save(dir, FIXTURE, '2026-12-01T00:00:00Z');
    const first = open(dir, 'code-1');
    assert.deepEqual(first.env.cached, { index: false, model: false });
    assert.equal(first.files.length, 2, `cache files: ${first.files.join(', ')}`);
    const second = open(dir, 'code-1');
    assert.deepEqual(second.env.cached, { index: true, model: true });
    assert.deepEqual(second.files, first.files);
    // The cached index answers as the built one did.
    const query = { yaml: 'name: Copy motd\nansible.builtin.copy:\n  src: files/motd\n  dest: /etc/motd' };
    assert.deepEqual(
      second.env.index.search(query, 3).map((m) => [m.task.id, m.score]),
      first.env.index.search(query, 3).map((m) => [m.task.id, m.score]),
    );
    assert.equal(second.env.lookup('copy-motd')?.name, 'Copy the message of the day');
  });

  it('rebuilds when the code changes, and removes the old files', () => {
    const dir = join(ws.root, 'code');
    save(dir, FIXTURE, '2026-12-01T00:00:00Z');
    const old = open(dir, 'code-1');
    const next = open(dir, 'code-2');
    assert.deepEqual(next.env.cached, { index: false, model: false });
    assert.equal(next.files.length, 2);
    assert.equal(next.files.filter((f) => old.files.includes(f)).length, 0, 'the old stamp is gone');
  });

  it('rebuilds when the corpus changes', () => {
    const dir = join(ws.root, 'corpus');
    save(dir, FIXTURE, '2026-12-01T00:00:00Z');
    open(dir, 'code-1');
    save(dir, FIXTURE.slice(1), '2026-12-02T00:00:00Z');
    const next = open(dir, 'code-1');
    assert.deepEqual(next.env.cached, { index: false, model: false });
    assert.equal(next.env.index.size, FIXTURE.length - 1);
  });

  it('ignores a damaged cache file, rebuilds it and writes it again', () => {
    const dir = join(ws.root, 'damaged');
    save(dir, FIXTURE, '2026-12-01T00:00:00Z');
    const { files } = open(dir, 'code-1');
    for (const f of files) writeFileSync(join(dir, f), 'not what was written\n');
    const damaged = open(dir, 'code-1');
    assert.deepEqual(damaged.env.cached, { index: false, model: false });
    assert.ok(
      damaged.logs.some((l) => /attribution index cache unreadable, rebuilding/.test(l)),
      damaged.logs.join('\n'),
    );
    assert.ok(
      damaged.logs.some((l) => /model cache unreadable, retraining/.test(l)),
      damaged.logs.join('\n'),
    );
    assert.deepEqual(open(dir, 'code-1').env.cached, { index: true, model: true });
  });
});
