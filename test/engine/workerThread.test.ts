// The suggestion worker's thread started before the server knows its settings: the host takes the
// very thread that was started (it has loaded its code by then), a new one when that thread has
// exited or is for another file, and one nobody takes is stopped. Threads are told apart by their
// ids, which Node gives out in the order threads are created.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { prestartWorker, releaseWorker, takeWorker } from '../../server/src/engine/workerThread';

const dir = mkdtempSync(join(tmpdir(), 'scribe-worker-thread-'));
let files = 0;
/** A worker file that answers its first message with 'ready'. */
function workerFile(body = "parentPort.once('message', () => parentPort.postMessage('ready'));"): string {
  const path = join(dir, `worker${files++}.js`);
  writeFileSync(path, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
  return path;
}
const answer = workerFile();

/** A thread created now, to compare ids with (terminated at once). */
async function probeId(): Promise<number> {
  const probe = new Worker(answer);
  const id = probe.threadId;
  await probe.terminate();
  return id;
}

async function answers(worker: Worker): Promise<unknown> {
  worker.postMessage('hello');
  const [reply] = await once(worker, 'message');
  await worker.terminate();
  return reply;
}

describe('the suggestion worker thread', () => {
  after(() => releaseWorker());

  it('is the pre-started thread when the host takes it, then a new one', async () => {
    prestartWorker(answer);
    const probe = await probeId();
    const taken = takeWorker(answer);
    const next = takeWorker(answer);
    assert.ok(taken.threadId < probe, `taken thread ${taken.threadId} was started after the probe ${probe}`);
    assert.ok(next.threadId > probe);
    assert.equal(await answers(taken), 'ready');
    assert.equal(await answers(next), 'ready');
  });

  it('is a new thread when the pre-started one has exited, or is for another file', async () => {
    const crashing = workerFile("throw new Error('a broken bundle');");
    prestartWorker(crashing);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const replaced = takeWorker(crashing);
    const exited = once(replaced, 'error');
    assert.match(String((await exited)[0]), /a broken bundle/);

    prestartWorker(answer);
    const probe = await probeId();
    const other = takeWorker(workerFile());
    assert.ok(other.threadId > probe);
    assert.equal(await answers(other), 'ready');
  });

  it('stops a pre-started thread nobody takes', async () => {
    prestartWorker(answer);
    const probe = await probeId();
    releaseWorker();
    const taken = takeWorker(answer);
    assert.ok(taken.threadId > probe, 'the released thread must not be handed out');
    assert.equal(await answers(taken), 'ready');
  });
});
