// The suggestion worker has a module catalog of its own (engine/resources.ts): it too must start
// Ansible's tools away from an untrusted workspace's ansible.cfg, and follow when trust changes
// (WorkerInit.trusted, then the 'trust' message → setTrusted). Real ansible-doc, in a copy of
// test/security/fixtures/untrusted as the working folder (the server's, as VS Code starts it);
// only the catalog is loaded, not the corpus and model.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { SuggestionResources } from '../../server/src/engine/resources';

const fixture = join(__dirname, 'fixtures', 'untrusted');
const LIBRARY_MODULE = 'ansible.legacy.marker_module';

describe("the suggestion worker's catalog in an untrusted workspace", () => {
  const startDir = process.cwd();
  const ws = realpathSync(mkdtempSync(join(tmpdir(), 'scribe-untrusted-ws-')));
  const cacheDir = realpathSync(mkdtempSync(join(tmpdir(), 'scribe-untrusted-cache-')));
  cpSync(fixture, ws, { recursive: true });
  after(() => {
    process.chdir(startDir);
    rmSync(ws, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('reads no workspace configuration until trusted, then does', async () => {
    process.chdir(ws);
    const resources = new SuggestionResources({
      cacheDir,
      ansiblePath: '',
      workspaceUri: pathToFileURL(ws).href,
      trusted: false,
      log: () => undefined,
      status: () => undefined,
      progress: () => undefined,
    });
    try {
      const untrusted = resources.catalog;
      await untrusted.ready();
      assert.equal(untrusted.status().state, 'ready', untrusted.status().message);
      assert.ok(!untrusted.list().some((m) => m.fqcn === LIBRARY_MODULE), "the workspace's library is not read");
      assert.ok(existsSync(join(cacheDir, 'untrusted', 'ansible.cfg')), 'the neutral configuration is written');

      resources.setTrusted(true);
      assert.notEqual(resources.catalog, untrusted, 'a new catalog for the new trust');
      await resources.catalog.ready();
      assert.ok(
        resources.catalog.list().some((m) => m.fqcn === LIBRARY_MODULE),
        'trusted: as before',
      );
    } finally {
      resources.dispose();
    }
    // Only listing ran: nothing imported either way.
    assert.ok(!existsSync(join(ws, 'markers')) || readdirSync(join(ws, 'markers')).length === 0);
  });
});
