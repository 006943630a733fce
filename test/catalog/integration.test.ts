// The catalog against the Ansible installed on this machine (Debian's ansible 7.7 in CI), with a
// fresh cache folder. Background prefetch is off so the test does not wait for 7,700 docs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import type { CatalogStatus } from '../../server/src/catalog/types';

void describe('catalog of the installed Ansible', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'scribe-catalog-'));
  const statuses: CatalogStatus[] = [];
  let catalog: AnsibleCatalog;

  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir, prefetch: false, onStatus: (s) => statuses.push(s) });
    assert.equal(catalog.spawnCount, 0, 'constructing does nothing');
    assert.deepEqual(catalog.list(), []);
    await catalog.ready();
  });
  after(() => {
    catalog.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  void it('lists every module', () => {
    const status = catalog.status();
    assert.equal(status.state, 'ready', status.message);
    assert.match(status.ansibleVersion ?? '', /^2\.\d+/);
    assert.ok(status.modules > 5000, `${status.modules} modules`);
    assert.ok(catalog.list().some((m) => m.fqcn === 'ansible.builtin.copy'));
    assert.deepEqual(
      statuses.map((s) => s.state),
      ['loading', 'ready'],
    );
  });

  void it("finds an installed module's source file, after routing", () => {
    assert.match(catalog.sourceFile('copy') ?? '', /\/ansible\/modules\/copy\.py$/);
    assert.equal(catalog.sourceFile('ansible.builtin.copy'), catalog.sourceFile('copy'));
    assert.match(
      catalog.sourceFile('community.general.ufw') ?? '',
      /\/ansible_collections\/community\/general\/plugins\/modules\/ufw\.py$/,
    );
    assert.equal(catalog.sourceFile('no.such.module'), undefined);
  });

  void it('resolves short names, ansible.legacy, redirects and tombstones', () => {
    assert.equal(catalog.resolve('copy')?.fqcn, 'ansible.builtin.copy');
    assert.equal(catalog.resolve('ansible.legacy.copy')?.fqcn, 'ansible.builtin.copy');
    // ansible-core's builtin runtime routes the short name to community.docker.
    const docker = catalog.resolve('docker_container');
    assert.equal(docker?.fqcn, 'community.docker.docker_container');
    assert.equal(docker?.redirectedFrom, 'docker_container');
    // community.general's meta/runtime.yml: docker_service tombstone (removed in 2.0.0).
    const removed = catalog.resolve('community.general.docker_service');
    assert.equal(removed?.removed?.removalVersion, '2.0.0');
    assert.match(removed?.removed?.message ?? '', /community\.docker/);
    assert.ok(!catalog.list().some((m) => m.fqcn === 'community.general.docker_service'));
    assert.equal(catalog.resolve('no_such_module_xyz'), undefined);
  });

  void it('loads the doc of ansible.builtin.copy', async () => {
    assert.equal(catalog.getDoc('ansible.builtin.copy'), undefined, 'not in memory before loadDoc');
    const copy = await catalog.loadDoc('ansible.builtin.copy');
    assert.ok(copy);
    assert.equal(copy.options.dest.required, true);
    assert.ok(copy.options.mode);
    assert.equal(copy.freeForm, false);
    assert.equal(catalog.getDoc('copy'), copy);
    assert.equal((await catalog.loadDoc('command'))?.freeForm, true);
    assert.equal(await catalog.loadDoc('community.general.docker_service'), undefined);
    assert.equal(await catalog.loadDoc('no_such.module.here'), undefined);
  });

  void it('a second catalog on the same cache loads without running Ansible', async () => {
    const started = performance.now();
    const warm = new AnsibleCatalog({ cacheDir, prefetch: false });
    await warm.ready();
    const ms = performance.now() - started;
    try {
      assert.equal(warm.status().state, 'ready');
      assert.equal(warm.list().length, catalog.list().length);
      assert.equal(warm.resolve('community.general.docker_service')?.removed?.removalVersion, '2.0.0');
      // ansible.builtin's shard was written by the first catalog.
      assert.equal((await warm.loadDoc('ansible.builtin.copy'))?.options.dest.required, true);
      assert.equal(warm.spawnCount, 0);
      assert.ok(ms < 1_000, `warm load took ${ms.toFixed(0)} ms`);
    } finally {
      warm.dispose();
    }
  });
});

void describe('catalog without Ansible', () => {
  void it('is unavailable with a clear message, and every call is empty', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'scribe-noansible-'));
    const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: join(cacheDir, 'does-not-exist') });
    try {
      await catalog.ready();
      const status = catalog.status();
      assert.equal(status.state, 'unavailable');
      assert.match(status.message ?? '', /ansible-doc not found .*install Ansible or set scribe\.ansible\.path/);
      assert.equal(status.modules, 0);
      assert.deepEqual(catalog.list(), []);
      assert.equal(catalog.resolve('copy'), undefined);
      assert.equal(catalog.getDoc('ansible.builtin.copy'), undefined);
      assert.equal(await catalog.loadDoc('ansible.builtin.copy'), undefined);
      assert.equal((await catalog.rebuild()).state, 'unavailable');
      assert.equal(catalog.spawnCount, 0);
    } finally {
      catalog.dispose();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  void it('is unavailable when PATH has no ansible-doc', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'scribe-noansible-'));
    const catalog = new AnsibleCatalog({ cacheDir, env: { PATH: cacheDir } });
    try {
      await catalog.ready();
      assert.equal(catalog.status().state, 'unavailable');
      assert.match(catalog.status().message ?? '', /on PATH/);
    } finally {
      catalog.dispose();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
