// The other side of redaction: ordinary values must reach the model, or its context is useless.
// redact() over the real playbooks and roles of this repository (examples/, test/fixtures/,
// bench/fixtures/) removes nothing: they hold no secret. Over the roles of the Ansible collections
// installed with Ansible (when present) the count and what was removed is reported, not asserted
// (they hold real default passwords and keys, which are redacted on purpose).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { redact } from '../../server/src/remote/redact';

const repo = join(__dirname, '..', '..');

function yamlFiles(dir: string, filter: (path: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path, filter));
    else if (/\.ya?ml$/.test(name) && filter(path)) out.push(path);
  }
  return out;
}

/** Scalar values written in a file (`key: value`, `- item`, `k=v`): what could be redacted. */
function valueCount(text: string): number {
  return (text.match(/^\s*(?:-\s+)?[\w.-]+:[ \t]+\S|^\s*-\s+[^\s:]+$|\s[\w.-]+=\S/gm) ?? []).length;
}

describe('false redaction', () => {
  it('removes nothing from the real playbooks of this repository', (t) => {
    const files = ['examples', 'test/fixtures', 'bench/fixtures'].flatMap((d) => yamlFiles(join(repo, d)));
    assert.ok(files.length >= 10, `${files.length} files`);
    let values = 0;
    let bytes = 0;
    const redacted: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      values += valueCount(text);
      bytes += text.length;
      const r = redact(text);
      if (r.count) redacted.push(`${f.slice(repo.length + 1)}: ${r.secrets.join(' | ')}`);
      else assert.equal(r.text, text, f);
    }
    t.diagnostic(`${files.length} files, ${bytes} bytes, ${values} values: ${redacted.length} redacted`);
    assert.deepEqual(redacted, []);
  });

  it('reports what it removes from the roles of the installed collections', (t) => {
    const root = '/usr/lib/python3/dist-packages/ansible_collections';
    const files = yamlFiles(root, (p) => /\/roles\//.test(p));
    if (!files.length) return t.skip('no installed collections');
    let count = 0;
    let values = 0;
    let bytes = 0;
    const start = performance.now();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      values += valueCount(text);
      bytes += text.length;
      count += redact(text).count;
    }
    const ms = Math.round(performance.now() - start);
    t.diagnostic(`${files.length} role files, ${bytes} bytes, ${values} values: ${count} redactions in ${ms} ms`);
    // Most are default passwords and keys; far below one value in a hundred.
    assert.ok(count < values / 100, `${count} of ${values}`);
  });
});
