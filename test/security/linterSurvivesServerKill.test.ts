// Attack: kill the language server with SIGKILL (no shutdown, no exit handler runs) while a lint
// run is in flight. The linter runs detached in a process group of its own, so nothing the kernel
// does on the server's death reaches it: without a watchdog the group would run on, orphaned.
// Checked with a slow "linter" that has a child of its own, and with the real ansible-lint.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { poll, processes, type Proc } from '../helpers/processes';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

/** The live members of a process group. */
const groupMembers = (pgid: number): Proc[] => processes().filter((p) => p.pgid === pgid && p.state !== 'Z');

/** What the server said, for a timeout's message. */
const told = (client: LspTestClient) => () =>
  `the server said:\n${client.logs.join('\n')}\n${JSON.stringify(client.statuses.at(-1))}`;

/** kill -9 the server, then give its linter group `ms` to disappear; returns the survivors. */
async function killServerAndWatch(client: LspTestClient, pgid: number, ms: number): Promise<Proc[]> {
  const exited = new Promise((r) => client.proc.once('exit', r));
  client.proc.kill('SIGKILL');
  await exited;
  client.conn.dispose();
  const deadline = Date.now() + ms;
  let left = groupMembers(pgid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = groupMembers(pgid);
  }
  // Whatever is left would run forever: do not leave it to the next test.
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return left;
}

const playbook = `- name: Lint me
  hosts: all
  tasks:
    - shell: echo hello
`;

describe('linter survives server kill -9 (attack)', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());

  it('a slow linter and its own child die with the SIGKILLed server', async () => {
    // A misbehaving "ansible-lint": records its pid, starts a child of its own, and hangs.
    const pidFile = join(ws.root, 'linter.pid');
    const linter = ws.write(
      'slow-lint.sh',
      `#!/bin/sh\nsleep 300 &\necho $$ > ${pidFile}.tmp && mv ${pidFile}.tmp ${pidFile}\nwait\n`,
    ).path;
    chmodSync(linter, 0o755);
    const client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      settings: { lint: { path: linter, timeoutMs: 600_000 }, yamllint: { enabled: false } },
    });
    await client.open(ws.write('site.yml', playbook).uri, playbook);
    const pid = await poll(
      'the linter to start',
      () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined),
      60_000,
      told(client),
    );
    const me = processes().find((p) => p.pid === pid);
    assert.ok(me, `linter ${pid} runs`);
    const pgid = me.pgid;
    assert.notEqual(pgid, process.pid, 'the linter runs in a group of its own');
    // The linter and its sleeping child are both in the group before the kill.
    await poll(
      'the linter child',
      () => (groupMembers(pgid).some((p) => p.cmdline.startsWith('sleep')) ? true : undefined),
      5000,
    );

    const left = await killServerAndWatch(client, pgid, 4000);
    assert.deepEqual(
      left.map((p) => `${p.pid} ${p.cmdline}`),
      [],
      `processes of the linter's group ${pgid} outlived the server`,
    );
  });

  it('the real ansible-lint dies with the SIGKILLed server', async () => {
    const client = await LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      settings: { lint: { timeoutMs: 600_000 }, yamllint: { enabled: false } },
    });
    const serverPid = client.proc.pid!;
    await client.open(ws.write('real.yml', playbook).uri, playbook);
    // ansible-lint is a direct child of the server (the watchdog, if any, is its sibling in the group).
    const lint = await poll(
      'ansible-lint to start',
      () => processes().find((p) => p.ppid === serverPid && /ansible-lint/.test(p.cmdline)),
      60_000,
      told(client),
    );
    assert.notEqual(lint.pgid, process.pid);
    // Killed as soon as it starts: Python and Ansible take seconds to load, so without a watchdog
    // ansible-lint would still be running (and then lint, and only die writing to the dead pipe).
    const left = await killServerAndWatch(client, lint.pgid, 1000);
    assert.deepEqual(
      left.map((p) => `${p.pid} ${p.cmdline}`),
      [],
      `ansible-lint's group ${lint.pgid} outlived the server`,
    );
  });
});
