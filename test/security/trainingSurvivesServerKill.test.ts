// Attack: kill the language server with SIGKILL while its training process (engine/
// trainingProcess.ts) trains the embedded model: one synchronous step of some 12 s, during which
// the process cannot notice that its parent is gone. The watchdog must end it at once; without
// one it would train on, orphaned, and write caches nobody asked for.
// Real server, real installed collections, an empty corpus cache (the module catalog copied from
// the other tests' cache when they built one).

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { CHILD_FLAG } from '../../server/src/engine/trainingProcess';
import { LspTestClient } from '../helpers/lspClient';
import { alive, poll, processes } from '../helpers/processes';
import { cacheWithSharedCatalog, TempWorkspace } from '../helpers/workspace';

describe('training process survives server kill -9 (attack)', () => {
  const ws = new TempWorkspace();
  const cacheDir = cacheWithSharedCatalog('scribe-training-kill-');
  after(() => {
    ws.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('the training process dies with the SIGKILLed server, mid-training', async () => {
    const client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir,
      settings: { model: { prepareOnStartup: true }, lint: { enabled: false } },
    });
    const said = () => `the server said:\n${client.logs.join('\n')}`;
    const training = await poll(
      'the training process',
      () => processes().find((p) => p.ppid === client.proc.pid && p.cmdline.includes(CHILD_FLAG)),
      60_000,
      said,
    );
    // The corpus is built (minutes of CPU on a slow machine): training starts right after.
    await client.until(
      'the corpus to be built',
      () => client.logs.find((l) => l.startsWith('training corpus built')),
      600_000,
    );
    assert.ok(alive(training.pid), 'still training');
    const exited = new Promise((r) => client.proc.once('exit', r));
    client.proc.kill('SIGKILL');
    await exited;
    client.conn.dispose();
    try {
      await poll('the training process to end', () => (alive(training.pid) ? undefined : true), 3000);
    } finally {
      if (alive(training.pid)) process.kill(training.pid, 'SIGKILL');
    }
  });
});
