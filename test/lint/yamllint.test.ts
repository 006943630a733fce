// Real yamllint on unsaved text through stdin.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseParsable, runYamllint } from '../../server/src/lint/yamllint';
import { defaultSettings } from '../../server/src/settings';

const dir = mkdtempSync(join(tmpdir(), 'scribe-yamllint-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const settings = { ...defaultSettings.yamllint, enabled: true };

void describe('runYamllint', () => {
  void it('lints text that exists only in the editor, with columns', async () => {
    // Never written to disk: trailing spaces on line 2, a list indented by 4 under a key on line 5.
    const text = '---\nname: demo   \nitems:\n  - a\nother:\n    - b\n';
    const run = await runYamllint({ text, cwd: dir, settings, timeoutMs: 10_000 });
    assert.equal(run.status.state, 'ready', run.status.message);
    const got = run.findings.map((f) => `${f.line}:${f.column}:${f.ruleId}:${f.severity}`);
    assert.ok(got.includes('1:10:trailing-spaces:error'), got.join(' | '));
    assert.ok(
      got.some((g) => /^5:4:indentation:/.test(g)),
      got.join(' | '),
    );
    const trailing = run.findings.find((f) => f.ruleId === 'trailing-spaces');
    assert.equal(
      trailing?.url,
      'https://yamllint.readthedocs.io/en/stable/rules.html#module-yamllint.rules.trailing_spaces',
    );
  });

  void it('reports a syntax error as rule "syntax"', async () => {
    const run = await runYamllint({ text: '---\na: [1\n', cwd: dir, settings, timeoutMs: 10_000 });
    const syntax = run.findings.find((f) => f.ruleId === 'syntax');
    assert.ok(syntax, JSON.stringify(run));
    assert.match(syntax.message, /^syntax error/);
    assert.equal(syntax.url, undefined);
  });

  void it('uses the .yamllint of its working directory', async () => {
    const cfg = mkdtempSync(join(tmpdir(), 'scribe-yamllint-cfg-'));
    try {
      writeFileSync(join(cfg, '.yamllint'), 'extends: default\nrules:\n  trailing-spaces: disable\n');
      const run = await runYamllint({ text: '---\na: b   \n', cwd: cfg, settings, timeoutMs: 10_000 });
      assert.deepEqual(run.findings, []);
    } finally {
      rmSync(cfg, { recursive: true, force: true });
    }
  });

  void it('a missing executable is one clear "unavailable" line', async () => {
    const path = join(dir, 'no-yamllint');
    const run = await runYamllint({ text: 'a: 1\n', cwd: dir, settings: { ...settings, path }, timeoutMs: 10_000 });
    assert.deepEqual(run.status, {
      state: 'unavailable',
      message: `yamllint not found at '${path}': install it or set scribe.yamllint.path`,
    });
  });

  void it('bad arguments (argparse exit 2, nothing on stdout) are an error status', async () => {
    const run = await runYamllint({
      text: 'a: 1\n',
      cwd: dir,
      settings: { ...settings, arguments: ['--no-such-flag'] },
      timeoutMs: 10_000,
    });
    assert.equal(run.status.state, 'error');
    assert.match(run.status.message ?? '', /unrecognized arguments/);
  });
});

void describe('parseParsable', () => {
  void it('parses file:line:col: [level] message (rule)', () => {
    const out =
      'stdin:1:1: [warning] missing document start "---" (document-start)\nstdin:3:1: [error] syntax error: oops\n';
    assert.deepEqual(
      parseParsable(out).map((f) => [f.line, f.column, f.severity, f.ruleId, f.message]),
      [
        [0, 0, 'warning', 'document-start', 'missing document start "---"'],
        [2, 0, 'error', 'syntax', 'syntax error: oops'],
      ],
    );
  });
});
