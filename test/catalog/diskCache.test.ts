import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { installationKey, locatorKey, writeFileAtomic } from '../../server/src/catalog/diskCache';
import type { Installation } from '../../server/src/catalog/installation';
import { parseVersionOutput } from '../../server/src/catalog/installation';

void describe('catalog disk cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scribe-cachekey-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'ansible_collections');
  const coll = join(root, 'acme', 'demo');
  mkdirSync(join(coll, 'meta'), { recursive: true });
  mkdirSync(join(dir, 'ansible', 'config'), { recursive: true });
  writeFileSync(join(dir, 'ansible', 'release.py'), "__version__ = '2.14.18'\n");
  const manifest = (version: string) =>
    writeFileSync(join(coll, 'MANIFEST.json'), JSON.stringify({ collection_info: { version } }));
  manifest('1.0.0');
  const inst: Installation = {
    ansibleDoc: join(dir, 'ansible-doc'),
    coreVersion: '2.14.18',
    corePath: join(dir, 'ansible'),
    collectionRoots: [root],
  };
  const env = { HOME: dir };

  void it('is stable, and changes when a collection version, a new collection or ansible-core changes', () => {
    const k1 = installationKey(inst, env);
    assert.equal(installationKey(inst, env), k1);
    manifest('1.10.0');
    const k2 = installationKey(inst, env);
    assert.notEqual(k2, k1);
    mkdirSync(join(root, 'acme', 'other'));
    writeFileSync(join(root, 'acme', 'other', 'MANIFEST.json'), '{}');
    const k3 = installationKey(inst, env);
    assert.notEqual(k3, k2);
    writeFileSync(join(dir, 'ansible', 'release.py'), "__version__ = '2.14.19'\n");
    utimesSync(join(dir, 'ansible', 'release.py'), new Date(), new Date(Date.now() + 5000));
    assert.notEqual(installationKey(inst, env), k3);
  });

  void it('changes with the environment that picks collections', () => {
    const k = installationKey(inst, env);
    assert.notEqual(installationKey(inst, { ...env, ANSIBLE_COLLECTIONS_PATH: '/x' }), k);
    assert.notEqual(locatorKey('/usr/bin/ansible-doc', env), locatorKey('/venv/bin/ansible-doc', env));
  });

  void it('writes atomically and leaves no temp file', async () => {
    const path = join(dir, 'index.json');
    await writeFileAtomic(path, '{"a":1}');
    await writeFileAtomic(path, '{"a":2}');
    assert.equal(readFileSync(path, 'utf8'), '{"a":2}');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  void it('parses ansible-doc --version', () => {
    const text = `ansible-doc [core 2.14.18]
  config file = None
  configured module search path = ['/root/.ansible/plugins/modules', '/usr/share/ansible/plugins/modules']
  ansible python module location = /usr/lib/python3/dist-packages/ansible
  ansible collection location = /root/.ansible/collections:/usr/share/ansible/collections
  executable location = /usr/bin/ansible-doc
`;
    assert.deepEqual(parseVersionOutput(text), {
      coreVersion: '2.14.18',
      corePath: '/usr/lib/python3/dist-packages/ansible',
      collectionLocations: ['/root/.ansible/collections', '/usr/share/ansible/collections'],
    });
  });
});
