// Real ansible-lint (Debian's 6.13) on fixture files copied to a temp project.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseCodeclimate, runAnsibleLint } from '../../server/src/lint/ansibleLint';
import { defaultSettings } from '../../server/src/settings';

const fixtures = resolve(__dirname, '../fixtures/lint');
const project = mkdtempSync(join(tmpdir(), 'scribe-ansible-lint-'));
after(() => rmSync(project, { recursive: true, force: true }));

function place(name: string): string {
  const target = join(project, name);
  copyFileSync(join(fixtures, name), target);
  return target;
}

const lint = defaultSettings.lint;

void describe('runAnsibleLint', () => {
  void it('reports the rules a faulty playbook breaks, with 0-based lines and docs links', async () => {
    const file = place('faulty-playbook.yml');
    const run = await runAnsibleLint({ filePath: file, cwd: project, settings: lint });
    assert.deepEqual(run.status, { state: 'ready' });
    const got = run.findings.map((f) => `${f.line}:${f.ruleId}`).sort();
    // Line 4 is `- ansible.builtin.shell: echo hi`, line 5 is `- name: Copy a file` whose module is `copy:`.
    for (const want of ['4:name[missing]', '4:no-changed-when', '5:fqcn[action-core]', '5:risky-file-permissions']) {
      assert.ok(got.includes(want), `${want} in ${got.join(', ')}`);
    }
    const fqcn = run.findings.find((f) => f.ruleId === 'fqcn[action-core]');
    assert.equal(fqcn?.url, 'https://ansible-lint.readthedocs.io/rules/fqcn/');
    assert.match(fqcn?.details ?? '', /ansible\.builtin\.copy/);
    const changedWhen = run.findings.find((f) => f.ruleId === 'no-changed-when');
    assert.equal(changedWhen?.severity, 'error');
    assert.ok(run.millis > 0);
  });

  void it('finds nothing in a clean playbook (exit 0)', async () => {
    const file = place('clean-playbook.yml');
    const run = await runAnsibleLint({ filePath: file, cwd: project, settings: lint });
    assert.deepEqual(run.findings, []);
    assert.equal(run.status.state, 'ready');
  });

  void it('places load-failure where PyYAML found the problem, not on line 1', async () => {
    const file = place('broken-yaml.yml');
    const run = await runAnsibleLint({ filePath: file, cwd: project, settings: lint });
    const failure = run.findings.find((f) => f.ruleId === 'load-failure');
    assert.ok(failure, JSON.stringify(run));
    assert.equal(failure.line, 7);
    assert.match(failure.message, /did not find expected/);
  });

  void it('honours the project .ansible-lint (cwd is the project root)', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'scribe-ansible-lint-cfg-'));
    try {
      copyFileSync(join(fixtures, 'faulty-playbook.yml'), join(sub, 'play.yml'));
      writeFileSync(join(sub, '.ansible-lint'), 'skip_list:\n  - no-changed-when\n');
      const run = await runAnsibleLint({ filePath: join(sub, 'play.yml'), cwd: sub, settings: lint });
      const ids = run.findings.map((f) => f.ruleId);
      assert.ok(!ids.includes('no-changed-when'), ids.join(', '));
      assert.ok(ids.includes('name[missing]'));
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });

  void it('a missing executable is one clear "unavailable" line', async () => {
    const path = join(project, 'no-such-ansible-lint');
    const run = await runAnsibleLint({
      filePath: place('clean-playbook.yml'),
      cwd: project,
      settings: { ...lint, path },
    });
    assert.deepEqual(run.findings, []);
    assert.deepEqual(run.status, {
      state: 'unavailable',
      message: `ansible-lint not found at '${path}': install it or set scribe.lint.path`,
    });
  });

  void it('a crash (non-JSON output, exit 1) is an error status with the last stderr line', async () => {
    const fake = join(project, 'crashing-lint.sh');
    writeFileSync(
      fake,
      '#!/bin/sh\necho "Traceback (most recent call last):" >&2\necho "KeyError: boom" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
    const run = await runAnsibleLint({
      filePath: place('clean-playbook.yml'),
      cwd: project,
      settings: { ...lint, path: fake },
    });
    assert.equal(run.status.state, 'error');
    assert.equal(run.status.message, 'ansible-lint failed (exit 1): KeyError: boom');
    assert.deepEqual(run.findings, []);
  });

  void it('unparseable output with exit 2 is an error, not an empty result', async () => {
    const fake = join(project, 'garbage-lint.sh');
    writeFileSync(fake, '#!/bin/sh\necho "this is not json"\nexit 2\n', { mode: 0o755 });
    const run = await runAnsibleLint({
      filePath: place('clean-playbook.yml'),
      cwd: project,
      settings: { ...lint, path: fake },
    });
    assert.equal(run.status.state, 'error');
    assert.match(run.status.message ?? '', /output not understood/);
  });
});

void describe('parseCodeclimate', () => {
  void it('reads positions (1-based) into 0-based line and column', () => {
    const out = JSON.stringify([
      {
        check_name: 'syntax-check[specific]',
        url: 'https://ansible-lint.readthedocs.io/rules/syntax-check/',
        severity: 'blocker',
        level: 'error',
        description: "couldn't resolve module/action 'nosuch.module'.",
        location: { path: 'p.yml', positions: { begin: { line: 5, column: 7 } } },
      },
      {
        check_name: 'yaml[truthy]',
        severity: 'major',
        level: 'warning',
        description: 'Truthy',
        location: { path: 'p.yml', lines: { begin: 3 } },
      },
    ]);
    const parsed = parseCodeclimate(out);
    assert.ok(Array.isArray(parsed));
    assert.deepEqual(
      parsed.map((p) => [p.finding.ruleId, p.finding.line, p.finding.column, p.finding.severity]),
      [
        ['syntax-check[specific]', 4, 6, 'error'],
        ['yaml[truthy]', 2, undefined, 'warning'],
      ],
    );
    assert.equal(parsed[1].finding.url, 'https://ansible-lint.readthedocs.io/rules/yaml/');
  });
});
