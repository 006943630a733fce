import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
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

  void it('reports a file it may not execute as a start error, not as the tool failing', async () => {
    const notExecutable = join(dir, 'not-executable');
    writeFileSync(notExecutable, '#!/bin/sh\necho never\n', { mode: 0o644 });
    const r = await runProcess(notExecutable, []);
    assert.equal(r.startError?.code, 'EACCES');
    assert.equal(r.startError?.notFound, false);
    assert.match(r.startError?.message ?? '', /not-executable: Permission denied/);
    assert.equal(r.code, null);
    assert.equal(r.stderr, '');
  });

  void it(
    'a tool that exits leaves no child behind, even one holding its output open',
    { timeout: 15_000 },
    async () => {
      // The tool prints its child's pid and exits at once; the child would sleep for 5 minutes with
      // the tool's stdout: without the watchdog, the run would wait for it (and it would stay).
      const started = performance.now();
      const r = await runProcess('/bin/sh', ['-c', 'sleep 300 & echo $!']);
      assert.equal(r.code, 0);
      assert.ok(performance.now() - started < 5000, `returned after ${Math.round(performance.now() - started)} ms`);
      const child = Number(r.stdout.trim());
      assert.ok(child > 0);
      for (let i = 0; i < 30 && (await alive(child)); i++) await new Promise((res) => setTimeout(res, 100));
      assert.equal(await alive(child), false, `the tool's child ${child} was killed`);
    },
  );

  void it('the group dies when the process that started it is SIGKILLed (no cleanup runs)', async () => {
    // A parent that runs the hanging tool, prints the tool's pid (its group id) and waits forever.
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { ProcessRegistry, runProcess } = require(${JSON.stringify(resolve(__dirname, '../../server/src/lint/process.ts'))});
         const registry = new ProcessRegistry();
         void runProcess(process.execPath, [${JSON.stringify(hang)}], { registry });
         const t = setInterval(() => { const [pid] = registry.pids(); if (pid) { console.log(pid); clearInterval(t); } }, 20);
         setTimeout(() => {}, 600000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pgid = await new Promise<number>((res, rej) => {
      parent.stdout.once('data', (d: Buffer) => res(Number(d.toString().trim())));
      parent.once('exit', (code) => rej(new Error(`parent exited with ${code}`)));
    });
    let members: number[] = [];
    for (let i = 0; i < 50 && members.length < 3; i++) {
      await new Promise((res) => setTimeout(res, 100));
      members = await groupMembers(pgid);
    }
    assert.equal(members.length, 3, `tool, grandchild and watchdog in group ${pgid}: ${members.join(',')}`);
    const exited = new Promise((res) => parent.once('exit', res));
    parent.kill('SIGKILL');
    await exited;
    let left = members;
    for (let i = 0; i < 30 && left.length > 0; i++) {
      await new Promise((res) => setTimeout(res, 100));
      left = [];
      for (const p of members) if (await alive(p)) left.push(p);
    }
    for (const p of left) process.kill(p, 'SIGKILL');
    assert.deepEqual(left, [], `processes of group ${pgid} outlived their parent`);
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
    // While it runs, the registry knows it, and ps shows the tool, its own child and the watchdog
    // shell in one group (polled: on a loaded machine the grandchild may take a moment to start).
    let pid: number | undefined;
    let members: number[] = [];
    for (let i = 0; i < 35 && members.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      pid ??= registry.pids()[0];
      if (pid) members = await groupMembers(pid);
    }
    assert.ok(pid, 'the running process is registered');
    assert.equal(members.length, 3, `tool, grandchild and watchdog in group ${pid}: ${members.join(',')}`);
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
