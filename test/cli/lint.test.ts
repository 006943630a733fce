// `scribe lint` as a user runs it: the built CLI, the real installed Ansible and ansible-lint.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const cli = join(__dirname, '..', '..', 'server', 'dist', 'cli.js');

function scribe(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scribe lint', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const cache = ['--cache-dir', sharedCatalogCache];

  const good = ws.write(
    'good.yml',
    `---\n- name: Good play\n  hosts: all\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug:\n        msg: hello\n`,
  );
  const bad = ws.write(
    'bad.yml',
    `- name: Bad play\n  hosts: all\n  tasks:\n    - name: Misspelt option\n      ansible.builtin.file:\n        pth: /tmp/x\n`,
  );

  it('exits 0 on a clean playbook', () => {
    const r = scribe(['lint', ...cache, good.path], ws.root);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /0 error\(s\)/);
  });

  it('exits 1 and prints file:line:col for errors', () => {
    const r = scribe(['lint', ...cache, '--no-ansible-lint', bad.path], ws.root);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^bad\.yml:6:9: error \[scribe\/unknown-option\] .*pth.*Did you mean 'path'/m);
  });

  it('writes JSON and SARIF including ansible-lint findings', () => {
    const json = scribe(['lint', ...cache, '--format', 'json', bad.path], ws.root);
    const files = JSON.parse(json.stdout) as {
      file: string;
      diagnostics: { source: string; code: string; line: number }[];
    }[];
    assert.equal(files[0].file, bad.path);
    assert.ok(files[0].diagnostics.some((d) => d.source === 'scribe' && d.code === 'unknown-option' && d.line === 6));
    assert.ok(
      files[0].diagnostics.some((d) => d.source === 'ansible-lint'),
      json.stdout,
    );

    const sarif = JSON.parse(
      scribe(['lint', ...cache, '--no-ansible-lint', '--format', 'sarif', bad.path], ws.root).stdout,
    );
    assert.equal(sarif.version, '2.1.0');
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'scribe/unknown-option');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.region.startLine, 6);
  });

  it('gives a one-line reason and exit 2 on bad input', () => {
    const cases: [string[], RegExp][] = [
      [['lint', 'missing.yml'], /missing\.yml: no such file/],
      [['lint'], /no files given/],
      [['lint', '--format', 'xml', good.path], /unknown format 'xml'/],
      [['lint', ws.root], /not a file/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    const binary = ws.write('blob.yml', '');
    writeFileSync(binary.path, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    cases.push([['lint', binary.path], /binary file/]);
    for (const [args, reason] of cases) {
      const r = scribe(args, ws.root);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, reason);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
