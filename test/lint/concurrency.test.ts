// The global cap on linter processes, counted on real processes: a slow fake linter (a shell
// script) logs when it starts and ends, and /proc is sampled while the runs go. Opening more
// documents than the cap runs at most `cap` linters at once; a run superseded while it waits is
// dropped (the linter starts once, for the latest text); a cancelled one leaves the queue.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExternalLinter } from '../../server/src/lint/linter';
import { defaultSettings, type ScribeSettings } from '../../server/src/settings';

const root = mkdtempSync(join(tmpdir(), 'scribe-lint-cap-'));
after(() => rmSync(root, { recursive: true, force: true }));

let scripts = 0;
/**
 * A fake linter that sleeps `seconds`, logging `start <what>` and `end <what>` (what: the last
 * argument for ansible-lint — the file; the text on stdin for yamllint).
 */
function fakeLinter(kind: 'ansible-lint' | 'yamllint', seconds: number): { path: string; log: string } {
  const n = scripts++;
  const path = join(root, `fake-${kind}-${n}.sh`);
  const log = join(root, `fake-${n}.log`);
  const what = kind === 'ansible-lint' ? 'what=; for a; do what=$a; done' : 'what=$(cat)';
  const output = kind === 'ansible-lint' ? "echo '[]'" : ':';
  writeFileSync(
    path,
    `#!/bin/sh\n${what}\necho "start $what" >> ${log}\nsleep ${seconds}\necho "end $what" >> ${log}\n${output}\n`,
  );
  chmodSync(path, 0o755);
  return { path, log };
}

const logLines = (log: string): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

/** Most runs between a start and its end at once, from the log's order. */
function peakFromLog(lines: string[]): number {
  let now = 0;
  let peak = 0;
  for (const l of lines) {
    now += l.startsWith('start ') ? 1 : -1;
    peak = Math.max(peak, now);
  }
  return peak;
}

/** Live processes running `script` now (from /proc: the shell's command line names the script). */
function running(script: string): number {
  let n = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // The tool itself: sh running the script, as its group's leader (not a fork of it about to
      // exec `sleep`, nor the watchdog shell, whose argv names the script after `-c`).
      if (cmd[1] === script && Number(pgid) === Number(pid) && state !== 'Z') n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

/** Runs `work` while sampling /proc every 20 ms; returns the most processes seen at once. */
async function sampled(script: string, work: Promise<unknown>): Promise<number> {
  let peak = 0;
  let done = false;
  void work.finally(() => (done = true));
  while (!done) {
    peak = Math.max(peak, running(script));
    await new Promise((r) => setTimeout(r, 20));
  }
  return peak;
}

function settings(patch: { lint?: Partial<ScribeSettings['lint']>; yamllint?: Partial<ScribeSettings['yamllint']> }) {
  return {
    ...defaultSettings,
    lint: { ...defaultSettings.lint, ...patch.lint },
    yamllint: { ...defaultSettings.yamllint, ...patch.yamllint },
  };
}

const playbooks = Array.from({ length: 8 }, (_, i) => {
  const path = join(root, `play${i}.yml`);
  writeFileSync(path, `- hosts: all\n  tasks: []\n`);
  return { path, uri: `file://${path}` };
});

/** Lints every playbook at once with a slow fake ansible-lint; the peak seen in the log and in /proc. */
async function openAll(linter: ExternalLinter): Promise<{ log: number; proc: number; starts: number }> {
  const fake = fakeLinter('ansible-lint', 0.6);
  const s = settings({ lint: { path: fake.path }, yamllint: { enabled: false } });
  const all = Promise.all(playbooks.map((p) => linter.lint(p.uri, p.path, '', s, root)));
  const proc = await sampled(fake.path, all);
  for (const out of await all) assert.equal(out.aborted, false);
  const lines = logLines(fake.log);
  return { log: peakFromLog(lines), proc, starts: lines.filter((l) => l.startsWith('start')).length };
}

void describe('linter concurrency cap', () => {
  void it(`${playbooks.length} documents at once: at most the cap of linters run (cap 2, and without a cap for contrast)`, async () => {
    const capped = new ExternalLinter({ maxConcurrent: 2 });
    const c = await openAll(capped);
    assert.equal(c.starts, playbooks.length, 'every document was linted');
    assert.equal(c.log, 2, 'at most 2 at once (log)');
    assert.ok(c.proc <= 2 && c.proc >= 1, `at most 2 processes at once in /proc, saw ${c.proc}`);
    assert.equal(capped.queue.peak, 2);
    capped.dispose();
    // The same with room for all: the counting above would have seen more than 2.
    const wide = new ExternalLinter({ maxConcurrent: playbooks.length });
    const w = await openAll(wide);
    assert.ok(w.log > 2, `without the cap, ${w.log} ran at once`);
    wide.dispose();
  });

  void it('the default cap is the process-wide one, sized to the cores', async () => {
    const cap = availableParallelism();
    const a = new ExternalLinter();
    const b = new ExternalLinter();
    assert.equal(a.queue, b.queue, 'one queue for every linter');
    assert.equal(a.queue.limit, cap);
    const fake = fakeLinter('ansible-lint', 0.4);
    const s = settings({ lint: { path: fake.path }, yamllint: { enabled: false } });
    // Two linters (as if two servers' worth of documents in one process): still `cap` at once.
    const all = Promise.all(playbooks.map((p, i) => (i % 2 ? a : b).lint(p.uri, p.path, '', s, root)));
    const proc = await sampled(fake.path, all);
    await all;
    const lines = logLines(fake.log);
    assert.equal(lines.filter((l) => l.startsWith('start')).length, playbooks.length);
    assert.ok(peakFromLog(lines) <= cap, `log peak ${peakFromLog(lines)} > ${cap}`);
    assert.ok(proc <= cap, `/proc peak ${proc} > ${cap}`);
    a.dispose();
    b.dispose();
  });

  void it('a run superseded while queued is dropped: the linter starts once, for the latest text, in its place', async () => {
    const fake = fakeLinter('yamllint', 0.5);
    const linter = new ExternalLinter({ maxConcurrent: 1 });
    const s = settings({ lint: { enabled: false }, yamllint: { enabled: true, path: fake.path } });
    const lint = (doc: string, text: string) => linter.lint(`file:///${doc}.yml`, undefined, text, s, root);
    const blocker = lint('x', 'x');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(linter.queue.running, 1);
    const y1 = lint('y', 'y-v1');
    const z = lint('z', 'z');
    const y2 = lint('y', 'y-v2');
    const y3 = lint('y', 'y-v3');
    assert.equal(linter.queue.queued, 2, 'y (its latest) and z wait');
    const w = lint('w', 'w');
    linter.cancel('file:///w.yml');
    assert.equal(linter.queue.queued, 2, 'the cancelled w left the queue');
    const outcomes = await Promise.all([blocker, y1, y2, y3, z, w]);
    assert.deepEqual(
      outcomes.map((o) => o.aborted),
      [false, true, true, false, false, true],
    );
    assert.deepEqual(
      logLines(fake.log).filter((l) => l.startsWith('start')),
      ['start x', 'start y-v3', 'start z'],
      'y linted once, its latest text, in the place y-v1 had (before z); w never ran',
    );
    assert.equal(linter.queue.running, 0);
    assert.equal(linter.running, 0);
    linter.dispose();
  });

  void it('dispose() empties the queue: waiting runs resolve as aborted and never start', async () => {
    const fake = fakeLinter('ansible-lint', 0.5);
    const linter = new ExternalLinter({ maxConcurrent: 1 });
    const s = settings({ lint: { path: fake.path }, yamllint: { enabled: false } });
    const runs = playbooks.slice(0, 3).map((p) => linter.lint(p.uri, p.path, '', s, root));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(linter.queue.queued, 2);
    linter.dispose();
    for (const out of await Promise.all(runs)) assert.equal(out.aborted, true);
    assert.equal(linter.queue.queued, 0);
    assert.equal(linter.queue.running, 0);
    assert.ok(logLines(fake.log).filter((l) => l.startsWith('start')).length <= 1);
  });
});
