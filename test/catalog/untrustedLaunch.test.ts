// How the catalog starts Ansible's tools for a workspace the user has not trusted: away from the
// workspace's ansible.cfg (run from a folder in the cache, ANSIBLE_CONFIG = an empty file there),
// so its `library`, `doc_fragment_plugins` and `collections_path` are never read. Real ansible-doc
// and ansible-galaxy, in a copy of test/security/fixtures/untrusted (whose Python leaves a marker
// file when imported); this process's working folder is the workspace, as the server's is in VS Code.
// A library module is listed as ansible.legacy.<name>; the background prefetch documents that
// collection third (after ansible.builtin and amazon.aws), which imports its doc fragment.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { discoverInstalledAnsible } from '../../server/src/corpus/installed';

const fixture = join(__dirname, '..', 'security', 'fixtures', 'untrusted');
const startDir = process.cwd();
const LIBRARY_MODULE = 'ansible.legacy.marker_module';
const temps: string[] = [];

function temp(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

/** A fresh copy of the hostile workspace, made the working folder. */
function hostileWorkspace(): string {
  const root = temp('scribe-untrusted-ws-');
  cpSync(fixture, root, { recursive: true });
  process.chdir(root);
  return root;
}

const markers = (root: string) => (existsSync(join(root, 'markers')) ? readdirSync(join(root, 'markers')).sort() : []);

/** Resolves once `pred` holds (polled), or rejects after `ms`. */
async function until(what: string, pred: () => boolean, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many collections' docs the catalog has cached, from its status. */
const cachedCollections = (catalog: AnsibleCatalog) =>
  Number(/docs cached for (\d+)/.exec(catalog.status().message ?? '')?.[1] ?? 0);

describe('catalog in an untrusted workspace', () => {
  const catalogs: AnsibleCatalog[] = [];
  afterEach(() => {
    for (const c of catalogs.splice(0)) c.dispose();
    process.chdir(startDir);
  });
  after(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('untrusted: ansible-doc runs, but nothing of the workspace ansible.cfg is read or imported', async () => {
    const ws = hostileWorkspace();
    const cacheDir = temp('scribe-untrusted-cache-');
    const catalog = new AnsibleCatalog({ cacheDir, trusted: false, batchSize: 500 });
    catalogs.push(catalog);
    await catalog.ready();
    assert.equal(catalog.status().state, 'ready', catalog.status().message);
    assert.ok(catalog.spawnCount >= 2, 'a cold cache: ansible-doc really ran');
    assert.ok(catalog.resolve('ansible.builtin.copy'), 'the installed modules are there');
    const listed = catalog.list().map((m) => m.fqcn);
    assert.ok(!listed.includes(LIBRARY_MODULE), "the workspace's library is not read");
    assert.ok(await catalog.loadDoc('ansible.builtin.copy'), 'docs load (from the neutral folder)');
    // As far into the prefetch as the trusted run below gets when it imports the fragment.
    await until('three collections documented', () => cachedCollections(catalog) >= 3);

    const neutral = join(cacheDir, 'untrusted', 'ansible.cfg');
    assert.deepEqual(
      readFileSync(neutral, 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !l.startsWith('#')),
      [],
      'the neutral configuration is empty',
    );

    const installed = await discoverInstalledAnsible('', process.env, undefined, { trusted: false, cacheDir });
    assert.ok(!installed.collectionRoots.some((r) => r.startsWith(ws)), installed.collectionRoots.join(', '));
    assert.deepEqual(markers(ws), [], 'no Python of the workspace was imported');
  });

  it('untrusted: a relative scribe.ansible.path (a program in the workspace) is not run', async () => {
    const ws = hostileWorkspace();
    const catalog = new AnsibleCatalog({
      cacheDir: temp('scribe-untrusted-cache-'),
      ansiblePath: 'library/marker_module.py',
      trusted: false,
      prefetch: false,
    });
    catalogs.push(catalog);
    await catalog.ready();
    assert.equal(catalog.status().state, 'ready', 'ansible-doc from PATH instead');
    assert.deepEqual(markers(ws), []);
  });

  it('trusted (as the CLI is): the same ansible.cfg is honoured', async () => {
    // The check that the first test can fail: the same assertions see the workspace's configuration.
    const ws = hostileWorkspace();
    const catalog = new AnsibleCatalog({ cacheDir: temp('scribe-trusted-cache-'), batchSize: 500 });
    catalogs.push(catalog);
    await catalog.ready();
    assert.ok(
      catalog.list().some((m) => m.fqcn === LIBRARY_MODULE),
      "the workspace's library is read",
    );
    await until("the doc fragment's marker", () => markers(ws).length > 0);
    assert.deepEqual(markers(ws), ['ansible-doc-doc-fragment'], "its doc fragment's Python ran");
    const installed = await discoverInstalledAnsible();
    const roots = installed.collectionRoots;
    assert.ok(roots.includes(join(ws, 'collections', 'ansible_collections')), roots.join(', '));
  });
});
