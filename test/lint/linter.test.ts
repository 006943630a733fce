// ExternalLinter end to end with the real tools: diagnostics with ranges, one run per document,
// timeout, missing executable, dispose.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { ExternalLinter, workingDirectory } from '../../server/src/lint/linter';
import { runProcess } from '../../server/src/lint/process';
import type { ComponentStatus } from '../../server/src/protocol';
import { defaultSettings, type ScribeSettings } from '../../server/src/settings';

const fixtures = resolve(__dirname, '../fixtures/lint');
const root = mkdtempSync(join(tmpdir(), 'scribe-linter-'));
after(() => rmSync(root, { recursive: true, force: true }));

const playbook = join(root, 'faulty-playbook.yml');
copyFileSync(join(fixtures, 'faulty-playbook.yml'), playbook);
const text = readFileSync(playbook, 'utf8');

/** A "linter" that never answers (and has a child of its own): a real executable script. */
const hanging = join(root, 'hanging-lint');
writeFileSync(hanging, `#!/bin/sh\nexec "${process.execPath}" "${join(fixtures, 'hang.mjs')}"\n`, { mode: 0o755 });

function settings(
  patch: { lint?: Partial<ScribeSettings['lint']>; yamllint?: Partial<ScribeSettings['yamllint']> } = {},
): ScribeSettings {
  return {
    ...defaultSettings,
    lint: { ...defaultSettings.lint, ...patch.lint },
    yamllint: { ...defaultSettings.yamllint, enabled: true, ...patch.yamllint },
  };
}

async function alive(pid: number): Promise<boolean> {
  const r = await runProcess('ps', ['-o', 'stat=', '-p', String(pid)]);
  const stat = r.stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

const at = (ds: Diagnostic[], code: string): string[] =>
  ds
    .filter((d) => d.code === code)
    .map((d) => {
      const r = d.range;
      return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
    });

void describe('ExternalLinter', () => {
  void it('turns ansible-lint findings into diagnostics on the module keys', async () => {
    const linter = new ExternalLinter();
    const out = await linter.lint(
      'file:///faulty-playbook.yml',
      playbook,
      text,
      settings({ yamllint: { enabled: false } }),
      root,
    );
    assert.equal(out.aborted, false);
    assert.equal(out.status.lint.state, 'ready');
    assert.equal(out.status.yamllint.state, 'disabled');
    // Line 4: `    - ansible.builtin.shell: echo hi`; line 6: `      copy:`.
    assert.deepEqual(at(out.diagnostics, 'name[missing]'), ['4:6-4:27']);
    assert.deepEqual(at(out.diagnostics, 'no-changed-when'), ['4:6-4:27']);
    assert.deepEqual(at(out.diagnostics, 'fqcn[action-core]'), ['6:6-6:10']);
    assert.deepEqual(at(out.diagnostics, 'risky-file-permissions'), ['6:6-6:10']);
    const fqcn = out.diagnostics.find((d) => d.code === 'fqcn[action-core]');
    assert.equal(fqcn?.source, 'ansible-lint');
    assert.equal(fqcn?.codeDescription?.href, 'https://ansible-lint.readthedocs.io/rules/fqcn/');
    assert.match(String(fqcn?.message), /ansible\.builtin\.copy/);
    assert.equal(out.diagnostics.find((d) => d.code === 'no-changed-when')?.severity, DiagnosticSeverity.Error);
    assert.ok(out.millis.ansibleLint !== undefined && out.millis.ansibleLint > 0);
    linter.dispose();
  });

  void it('lints unsaved text with yamllint while ansible-lint sees only saved files', async () => {
    const linter = new ExternalLinter();
    const unsaved = '---\n- name: Unsaved   \n  hosts: all\n';
    const out = await linter.lint('untitled:Untitled-1', undefined, unsaved, settings(), root);
    assert.equal(out.status.lint.state, 'starting', 'ansible-lint did not run');
    assert.deepEqual(at(out.diagnostics, 'trailing-spaces'), ['1:15-1:18']);
    assert.equal(out.diagnostics[0].source, 'yamllint');
    linter.dispose();
  });

  void it('a newer run for the same document aborts the older one and leaves no process behind', async () => {
    const linter = new ExternalLinter();
    const s = settings({ yamllint: { enabled: false } });
    const first = linter.lint('file:///faulty-playbook.yml', playbook, text, s, root);
    await new Promise((r) => setTimeout(r, 300));
    const firstPids = linter.processes.pids();
    assert.equal(firstPids.length, 1, 'ansible-lint is running');
    const second = linter.lint('file:///faulty-playbook.yml', playbook, text, s, root);
    const older = await first;
    assert.equal(older.aborted, true);
    assert.deepEqual(older.diagnostics, []);
    for (const pid of firstPids) assert.equal(await alive(pid), false, `older ansible-lint ${pid} was killed`);
    const newer = await second;
    assert.equal(newer.aborted, false);
    assert.ok(newer.diagnostics.some((d) => d.code === 'name[missing]'));
    assert.equal(linter.processes.size, 0);
    assert.equal(linter.running, 0);
    linter.dispose();
  });

  void it('runs for different documents do not abort each other', async () => {
    const linter = new ExternalLinter();
    const s = settings({ lint: { enabled: false } });
    const [a, b] = await Promise.all([
      linter.lint('file:///a.yml', undefined, 'a: 1   \n', s, root),
      linter.lint('file:///b.yml', undefined, 'b: 2   \n', s, root),
    ]);
    assert.equal(a.aborted || b.aborted, false);
    assert.equal(at(a.diagnostics, 'trailing-spaces').length, 1);
    assert.equal(at(b.diagnostics, 'trailing-spaces').length, 1);
    linter.dispose();
  });

  void it('a hanging linter times out: error status, process group killed', async () => {
    const statuses: ComponentStatus[] = [];
    const linter = new ExternalLinter({ onStatus: (tool, st) => tool === 'ansible-lint' && statuses.push(st) });
    const s = settings({ lint: { path: hanging, timeoutMs: 800 }, yamllint: { enabled: false } });
    const pending = linter.lint('file:///faulty-playbook.yml', playbook, text, s, root);
    await new Promise((r) => setTimeout(r, 300));
    const [pid] = linter.processes.pids();
    const out = await pending;
    assert.equal(out.aborted, false);
    assert.deepEqual(out.status.lint, {
      state: 'error',
      message: 'ansible-lint timed out after 800 ms (scribe.lint.timeoutMs)',
    });
    assert.deepEqual(out.diagnostics, []);
    assert.equal(await alive(pid), false);
    // Zombies (dead, unreaped by a container's PID 1) do not count.
    const ps = await runProcess('ps', ['-e', '-o', 'pgid=,stat=']);
    const left = ps.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([pgid, stat]) => Number(pgid) === pid && !stat.startsWith('Z'));
    assert.deepEqual(left, [], 'no process left in the group');
    assert.deepEqual(statuses, [out.status.lint]);
    linter.dispose();
  });

  void it('a missing ansible-lint is one status message, not one per file', async () => {
    const statuses: ComponentStatus[] = [];
    const linter = new ExternalLinter({ onStatus: (tool, st) => tool === 'ansible-lint' && statuses.push(st) });
    const path = join(root, 'missing', 'ansible-lint');
    const s = settings({ lint: { path }, yamllint: { enabled: false } });
    for (const name of ['one.yml', 'two.yml', 'three.yml']) {
      const out = await linter.lint(`file:///${name}`, playbook, text, s, root);
      assert.deepEqual(out.diagnostics, []);
    }
    assert.deepEqual(statuses, [
      { state: 'unavailable', message: `ansible-lint not found at '${path}': install it or set scribe.lint.path` },
    ]);
    linter.dispose();
  });

  void it('dispose() kills every run and later calls resolve as aborted', async () => {
    const linter = new ExternalLinter();
    const s = settings({ lint: { path: hanging }, yamllint: { enabled: false } });
    const runs = ['a', 'b'].map((n) => linter.lint(`file:///${n}.yml`, playbook, text, s, root));
    await new Promise((r) => setTimeout(r, 300));
    const pids = linter.processes.pids();
    assert.equal(pids.length, 2);
    linter.dispose();
    for (const out of await Promise.all(runs)) assert.equal(out.aborted, true);
    for (const pid of pids) assert.equal(await alive(pid), false);
    assert.equal((await linter.lint('file:///c.yml', playbook, text, s, root)).aborted, true);
  });

  void it('works in the workspace root, or in the file folder for a file outside it', () => {
    assert.equal(workingDirectory(playbook, root), root);
    assert.equal(workingDirectory(playbook, join(tmpdir(), 'elsewhere-not-existing')), root);
    assert.equal(workingDirectory(join(fixtures, 'clean-playbook.yml'), root), fixtures);
  });
});
