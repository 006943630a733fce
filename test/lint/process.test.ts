import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { ProcessRegistry, runProcess } from '../../server/src/lint/process';

const hang = resolve(__dirname, '../fixtures/lint/hang.mjs');
const dir = mkdtempSync(join(tmpdir(), 'scribe-process-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * True while a process with this pid runs. A killed grandchild is re-parented to PID 1, which in
 * a container may never reap it: a zombie ('Z' in ps) is dead for our purpose.
 */
async function alive(pid: number): Promise<boolean> {
  const r = await runProcess('ps', ['-o', 'stat=', '-p', String(pid)]);
  const stat = r.stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

/** pids of the processes in a process group, from ps. */
async function groupMembers(pgid: number): Promise<number[]> {
  const r = await runProcess('ps', ['-e', '-o', 'pid=,pgid=']);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)
    .map(([p]) => p);
}

void describe('runProcess', () => {
  void it('collects stdout, stderr and the exit code, and feeds stdin', async () => {
    const r = await runProcess(
      process.execPath,
      [
        '-e',
        'process.stdin.pipe(process.stdout); process.stderr.write("err"); process.on("exit", () => process.exitCode = 3)',
      ],
      { stdin: 'from stdin' },
    );
    assert.equal(r.stdout, 'from stdin');
    assert.equal(r.stderr, 'err');
    assert.equal(r.code, 3);
    assert.equal(r.timedOut, false);
    assert.equal(r.aborted, false);
    assert.equal(r.startError, undefined);
  });

  void it('does not go through a shell', async () => {
    const r = await runProcess('echo', ['$HOME', '&&', 'false']);
    assert.equal(r.stdout.trim(), '$HOME && false');
    assert.equal(r.code, 0);
  });

  void it('reports a missing executable as notFound instead of throwing', async () => {
    const r = await runProcess(join(dir, 'no-such-linter'), ['--version']);
    assert.equal(r.startError?.notFound, true);
    assert.equal(r.startError?.code, 'ENOENT');
    assert.equal(r.code, null);
  });

  void it('caps the collected output', async () => {
    const r = await runProcess(process.execPath, ['-e', 'process.stdout.write("x".repeat(100000))'], {
      maxOutputBytes: 1000,
    });
    assert.equal(r.stdout.length, 1000);
    assert.equal(r.truncated, true);
  });

  void it('kills the whole process group on timeout', async () => {
    const registry = new ProcessRegistry();
    const started = performance.now();
    const pending = runProcess(process.execPath, [hang], { timeoutMs: 4000, registry, killGraceMs: 200 });
    // While it runs, the registry knows it, and ps shows the tool and its own child in one group
    // (polled: on a loaded machine the grandchild may take a moment to start).
    let pid: number | undefined;
    let members: number[] = [];
    for (let i = 0; i < 35 && members.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      pid ??= registry.pids()[0];
      if (pid) members = await groupMembers(pid);
    }
    assert.ok(pid, 'the running process is registered');
    assert.equal(members.length, 2, `tool and grandchild in group ${pid}: ${members.join(',')}`);
    const r = await pending;
    assert.equal(r.timedOut, true);
    assert.ok(performance.now() - started < 10_000);
    assert.equal(registry.size, 0);
    await new Promise((res) => setTimeout(res, 100));
    for (const p of members) assert.equal(await alive(p), false, `process ${p} was killed`);
  });

  void it('kills on abort and resolves as aborted', async () => {
    const controller = new AbortController();
    const pending = runProcess(process.execPath, [hang], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const r = await pending;
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
    const pid = Number(r.stdout.trim());
    assert.equal(await alive(pid), false);
  });

  void it('registry.killAll stops everything that runs', async () => {
    const registry = new ProcessRegistry();
    const runs = [1, 2, 3].map(() => runProcess(process.execPath, [hang], { registry }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(registry.size, 3);
    registry.killAll();
    const results = await Promise.all(runs);
    for (const r of results) assert.equal(r.signal, 'SIGTERM');
    assert.equal(registry.size, 0);
  });

  void it('runs in the given cwd', async () => {
    writeFileSync(join(dir, 'marker.txt'), 'here');
    const r = await runProcess(
      process.execPath,
      ['-e', 'process.stdout.write(require("fs").readFileSync("marker.txt", "utf8"))'],
      {
        cwd: dir,
      },
    );
    assert.equal(r.stdout, 'here');
  });
});
