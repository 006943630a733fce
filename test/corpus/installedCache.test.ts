// The installed Ansible's discovery is kept in the cache folder: a warm start spawns no Python,
// a changed fingerprint or a damaged file runs ansible-doc / ansible-galaxy again.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverInstalledAnsible } from '../../server/src/corpus/installed';
import { TempWorkspace } from '../helpers/workspace';

describe('installed Ansible discovery cache', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const trust = { trusted: true, cacheDir: ws.root };
  const discover = async () => {
    const logs: string[] = [];
    const found = await discoverInstalledAnsible('', process.env, (l) => logs.push(l), trust);
    return { found, spawned: logs.filter((l) => /\bran ansible-(doc|galaxy)\b/.test(l)).length };
  };
  const stored = () => {
    const dir = join(ws.root, 'corpus', 'installations');
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    return join(dir, files[0]);
  };

  it('runs Ansible once, then answers from the cache', async () => {
    const cold = await discover();
    assert.ok(cold.spawned >= 1, 'the first discovery runs ansible-doc');
    assert.match(cold.found.core.version, /^\d+\.\d+/);
    const warm = await discover();
    assert.equal(warm.spawned, 0);
    assert.deepEqual(warm.found, cold.found);
  });

  it('runs Ansible again when the fingerprint no longer matches', async () => {
    const file = stored();
    const data = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint: string };
    writeFileSync(file, JSON.stringify({ ...data, fingerprint: 'an older installation' }));
    assert.ok((await discover()).spawned >= 1);
    assert.equal((await discover()).spawned, 0, 'and stores the new answer');
  });

  it('ignores a damaged file and rewrites it', async () => {
    writeFileSync(stored(), '{"installation": ');
    assert.ok((await discover()).spawned >= 1);
    assert.equal((await discover()).spawned, 0);
  });
});
