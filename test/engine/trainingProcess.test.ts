// The training process (engine/trainingProcess.ts): the built worker bundle, forked as the worker
// forks it, on a small collection tree with the real ansible-doc catalog: it must build the corpus,
// write the index and model caches, report progress and exit. That it dies with the server is
// test/security/trainingSurvivesServerKill.test.ts.

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHILD_FLAG, type TrainingJob } from '../../server/src/engine/trainingProcess';
import { cacheWithSharedCatalog, TempWorkspace } from '../helpers/workspace';
import { writeCollectionTree } from '../corpus/collectionTree';

const bundle = join(__dirname, '..', '..', 'server', 'dist', 'suggestWorker.js');

describe('the training process', () => {
  const ws = new TempWorkspace();
  const tree = writeCollectionTree(ws);
  const cacheDir = cacheWithSharedCatalog('scribe-training-');
  const job: TrainingJob = {
    cacheDir,
    ansiblePath: '',
    trusted: true,
    installed: { core: { path: tree.core, version: '2.99.0' }, collectionRoots: [tree.collections] },
  };
  after(() => {
    ws.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('builds the corpus, writes the index and model caches, reports, and exits 0', async () => {
    const child = fork(bundle, [CHILD_FLAG], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const messages: { type: string; line?: string }[] = [];
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('message', (m: { type: string }) => messages.push(m));
    const exited = new Promise<number | null>((r) => child.once('exit', r));
    child.send(job);
    assert.equal(await exited, 0, stderr);

    assert.equal(messages.at(-1)?.type, 'done');
    assert.ok(
      messages.some((m) => m.type === 'progress'),
      'corpus progress reached the parent',
    );
    const built = messages.find((m) => m.line?.startsWith('training corpus built: '));
    assert.ok(built, JSON.stringify(messages));
    const corpusDir = /in (.+)$/.exec(built.line!)![1];
    const files = readdirSync(corpusDir);
    assert.ok(
      files.some((f) => /^attribution-\w+\.bin$/.test(f)),
      files.join(' '),
    );
    assert.ok(
      files.some((f) => /^model-embedded-v1-\w+\.bin$/.test(f)),
      files.join(' '),
    );
  });
});
