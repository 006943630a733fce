// The real ansible-doc against a collection we control (test/fixtures/catalog/collections, put on
// ANSIBLE_COLLECTIONS_PATH): conversion end to end, runtime.yml routing, and a module whose doc
// fragment hangs on import (a real hang: the fragment sleeps), which must not block the others.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';

/** Ansible processes (or zombies) among this process's children, as `pid stat comm`. */
function children(): string[] {
  const r = spawnSync('ps', ['-o', 'pid=,stat=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /ansible|python/.test(l) || /^\d+\s+Z/.test(l));
}

async function eventually<T>(probe: () => T | undefined, ms = 5_000): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

void describe('catalog over a temp collection with the real ansible-doc', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scribe-acme-'));
  const collections = join(dir, 'collections');
  const cacheDir = join(dir, 'cache');
  const env = { ...process.env, ANSIBLE_COLLECTIONS_PATH: collections };
  const lines: string[] = [];
  let catalog: AnsibleCatalog;

  before(async () => {
    cpSync(join(__dirname, '..', 'fixtures', 'catalog', 'collections'), collections, { recursive: true });
    catalog = new AnsibleCatalog({
      cacheDir,
      env,
      prefetch: false,
      batchSize: 10,
      batchTimeoutMs: 4_000,
      log: (l) => lines.push(l),
    });
    await catalog.ready();
  });
  after(() => {
    catalog.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('lists the collection next to the installed ones', () => {
    assert.equal(catalog.status().state, 'ready');
    const names = catalog.list().map((m) => m.fqcn);
    assert.ok(names.includes('acme.demo.thing'));
    assert.ok(names.includes('acme.demo.hang'));
    assert.ok(names.includes('ansible.builtin.copy'));
    assert.equal(catalog.list().find((m) => m.fqcn === 'acme.demo.thing')?.deprecated, true);
  });

  void it('resolves runtime.yml redirect, deprecation and tombstone', () => {
    assert.equal(catalog.resolve('acme.demo.old_thing')?.fqcn, 'acme.demo.thing');
    assert.equal(catalog.resolve('acme.demo.old_thing')?.redirectedFrom, 'acme.demo.old_thing');
    assert.equal(catalog.resolve('acme.demo.thing')?.deprecation?.removedIn, '3.0.0');
    assert.equal(catalog.resolve('acme.demo.gone')?.removed?.removalVersion, '2.0.0');
    assert.equal(catalog.resolve('acme.demo.nothing'), undefined);
  });

  void it('documents a module although a sibling hangs; gives up on the hanging one', async () => {
    const started = Date.now();
    const thing = await catalog.loadDoc('acme.demo.old_thing');
    assert.ok(thing, 'doc of acme.demo.thing through its redirect');
    assert.equal(thing.fqcn, 'acme.demo.thing');
    assert.equal(thing.shortDescription, 'Manage a `thing`');
    assert.deepEqual(thing.description, [
      'Creates or removes a *thing* named `name`.',
      'See [the docs](https://example.com/thing) and `acme.demo.other`.',
    ]);
    assert.equal(thing.options.name.required, true);
    assert.deepEqual(thing.options.name.aliases, ['thing_name']);
    assert.deepEqual(thing.options.state.choices, ['present', 'absent']);
    assert.equal(thing.options.state.default, 'present');
    assert.equal(thing.options.settings.suboptions?.key.required, true);
    assert.deepEqual(thing.notes, ['**Bold** note.']);
    assert.deepEqual(thing.requirements, ['python >= 3.8']);
    // The first batch [thing, hang] timed out (4 s) and was split; thing came from its half.
    assert.ok(Date.now() - started < 15_000);
    assert.deepEqual(catalog.getDoc('acme.demo.thing'), thing);

    assert.equal(await catalog.loadDoc('acme.demo.hang'), undefined);
    assert.ok(
      lines.some((l) => l.includes('giving up on acme.demo.hang')),
      lines.join('\n'),
    );
    // The shard is written once the last batch of the collection is done.
    const shard = await eventually(() =>
      readdirSync(cacheDir, { recursive: true })
        .map(String)
        .find((p) => p.endsWith('acme.demo.json')),
    );
    assert.ok(shard, 'shard written');
    const file = JSON.parse(readFileSync(join(cacheDir, shard), 'utf8')) as { failed: string[]; docs: object };
    assert.deepEqual(file.failed, ['acme.demo.hang']);
    assert.deepEqual(Object.keys(file.docs), ['acme.demo.thing']);
    assert.ok(!JSON.stringify(file).includes('Make a thing'), 'examples are not cached');
  });

  void it('dispose kills a hanging ansible-doc and leaves no zombie', async () => {
    const other = new AnsibleCatalog({ cacheDir: join(dir, 'cache2'), env, prefetch: false, batchTimeoutMs: 60_000 });
    await other.ready();
    const pending = other.loadDoc('acme.demo.hang');
    await new Promise((r) => setTimeout(r, 1_500));
    assert.ok(children().length > 0, 'ansible-doc is running');
    other.dispose();
    assert.equal(await pending, undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(children(), []);
  });

  void it('a delayed background fill runs no ansible-doc before its delay, and then does', async () => {
    const delayed = new AnsibleCatalog({ cacheDir, env, prefetchDelayMs: 2_000, batchTimeoutMs: 4_000 });
    try {
      await delayed.ready();
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(delayed.spawnCount, 0, 'nothing ran during the delay');
      assert.ok(await eventually(() => (delayed.spawnCount > 0 ? true : undefined), 10_000), 'the fill started');
    } finally {
      delayed.dispose();
    }
  });

  void it('a new collection version invalidates the cache and replaces the old one', async () => {
    const keyDirs = () =>
      readdirSync(join(cacheDir, 'catalog')).filter((d) => existsSync(join(cacheDir, 'catalog', d, 'index.json')));
    const [oldKey] = keyDirs();
    const warm = new AnsibleCatalog({ cacheDir, env, prefetch: false });
    await warm.ready();
    warm.dispose();
    assert.equal(warm.spawnCount, 0, 'same installation: warm');
    const manifest = join(collections, 'ansible_collections', 'acme', 'demo', 'MANIFEST.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"1.0.0"', '"1.10.0"'));
    const changed = new AnsibleCatalog({ cacheDir, env, prefetch: false });
    await changed.ready();
    changed.dispose();
    assert.ok(changed.spawnCount > 0, 'rebuilt after the version change');
    assert.equal(changed.resolve('acme.demo.old_thing')?.fqcn, 'acme.demo.thing');
    const dirs = keyDirs();
    assert.equal(dirs.length, 1);
    assert.notEqual(dirs[0], oldKey, 'old cache removed');
  });

  void it('rebuild drops the cache and builds it again', async () => {
    const before = catalog.spawnCount;
    const status = await catalog.rebuild();
    assert.equal(status.state, 'ready');
    assert.ok(catalog.spawnCount > before, 'ran Ansible again');
    const shards = readdirSync(cacheDir, { recursive: true }).map(String);
    assert.ok(!shards.some((p) => p.endsWith('acme.demo.json')), 'old shards removed');
    assert.ok(existsSync(cacheDir));
    assert.equal(catalog.resolve('acme.demo.old_thing')?.fqcn, 'acme.demo.thing');
  });
});
