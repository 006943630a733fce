// Attack: a repository that runs its own Python as soon as a playbook is opened. Its `.ansible-lint`
// has `rulesdir: [./rules]` (ansible-lint imports every Python file there) and its `ansible.cfg`
// points `library`, `doc_fragment_plugins`, `module_utils`, action/lookup/filter plugins and
// `collections_paths` at folders of its own; every Python file leaves a marker in `markers/` when
// imported (test/security/fixtures/untrusted). The real built server (`npm run build` first),
// started in the workspace root as VS Code starts it, with the real ansible-doc and ansible-lint.
//
// Untrusted (the client says nothing, or says false): no marker, and the status says why the
// linters did not run. Trusted: the rulesdir's marker appears (the test can fail). Trust granted
// later: the linters run.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { StatusParams } from '../../server/src/protocol';
import { LspTestClient } from '../helpers/lspClient';

const fixture = join(__dirname, 'fixtures', 'untrusted');
const temps: string[] = [];

function temp(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

/** A fresh copy of the hostile workspace and its playbook. */
function hostileWorkspace(): { root: string; uri: string; text: string } {
  const root = temp('scribe-untrusted-ws-');
  cpSync(fixture, root, { recursive: true });
  const path = join(root, 'site.yml');
  return { root, uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') };
}

const markers = (root: string) => (existsSync(join(root, 'markers')) ? readdirSync(join(root, 'markers')).sort() : []);
const statuses = (client: LspTestClient) => client.statuses as StatusParams[];
const lastStatus = (client: LspTestClient) => statuses(client).at(-1);
const fromLint = (ds: Diagnostic[]) => ds.filter((d) => d.source === 'ansible-lint');

/** The server as VS Code starts it: in the workspace root, with yamllint on too. */
function startServer(root: string, trusted: boolean | null, prefetch: boolean): Promise<LspTestClient> {
  return LspTestClient.start({
    workspace: root,
    cwd: root,
    cacheDir: temp('scribe-untrusted-cache-'),
    trusted,
    settings: { yamllint: { enabled: true } },
    // The catalog's background fill of every collection's docs is the default; it is what would
    // document the workspace's library module (and import its doc fragment).
    env: { SCRIBE_CATALOG_PREFETCH: prefetch ? '1' : '0' },
  });
}

/** Waits for the status to say that neither linter ran because the workspace is not trusted. */
async function notTrustedStatus(client: LspTestClient): Promise<StatusParams> {
  return client.until('a status saying the linters did not run', () => {
    const s = lastStatus(client);
    return s && /not trusted/.test(s.lint.message ?? '') && /not trusted/.test(s.yamllint.message ?? '')
      ? s
      : undefined;
  });
}

describe('an untrusted workspace runs none of its code', () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });
  after(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('a client that says nothing about trust: no linter, ansible-doc away from ansible.cfg, no marker', async () => {
    const ws = hostileWorkspace();
    client = await startServer(ws.root, null, true);
    await client.open(ws.uri, ws.text);
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: ws.uri } });

    const ds = await client.waitForDiagnostics(ws.uri, (d) => d.some((x) => x.source === 'scribe'), 120_000);
    const status = await notTrustedStatus(client);
    assert.equal(status.lint.state, 'disabled');
    assert.match(status.lint.message ?? '', /not run: the workspace is not trusted/);
    // The catalog: built by the real ansible-doc, and as far into the docs prefetch as a trusted
    // catalog gets when it documents the workspace's library module (the third collection).
    await client.until(
      'the catalog with three collections documented',
      () => Number(/docs cached for (\d+)/.exec(lastStatus(client!)?.catalog.message ?? '')?.[1] ?? 0) >= 3,
      180_000,
    );
    assert.ok(
      client.logs.some((l) => /ran ansible-doc -t module -l -j: exit 0/.test(l)),
      'ansible-doc really ran',
    );
    assert.equal(fromLint(ds).length, 0);
    assert.deepEqual(markers(ws.root), [], 'no Python of the workspace was imported');
  });

  it('trusted: the same workspace runs its rulesdir in ansible-lint (the check above can fail)', async () => {
    const ws = hostileWorkspace();
    client = await startServer(ws.root, true, false);
    await client.open(ws.uri, ws.text);
    const ds = await client.waitForDiagnostics(ws.uri, (d) => fromLint(d).length > 0, 120_000);
    assert.ok(fromLint(ds).some((d) => d.code === 'no-changed-when'));
    assert.ok(markers(ws.root).includes('ansible-lint-rulesdir'), `markers: ${markers(ws.root).join(', ')}`);
    assert.doesNotMatch(lastStatus(client)?.lint.message ?? '', /not trusted/);
  });

  it('trust granted later (scribe/workspaceTrust): the linters start on the open playbook', async () => {
    const ws = hostileWorkspace();
    client = await startServer(ws.root, false, false);
    await client.open(ws.uri, ws.text);
    await client.waitForDiagnostics(ws.uri, (d) => d.some((x) => x.source === 'scribe'), 120_000);
    await notTrustedStatus(client);
    await client.until('the catalog', () => lastStatus(client!)?.catalog.state === 'ready', 120_000);
    assert.deepEqual(markers(ws.root), []);

    await client.setTrusted(true);
    const ds = await client.waitForDiagnostics(ws.uri, (d) => fromLint(d).length > 0, 120_000);
    assert.ok(fromLint(ds).some((d) => d.code === 'no-changed-when'));
    assert.ok(markers(ws.root).includes('ansible-lint-rulesdir'));
    await client.until('a lint status without "not trusted"', () => {
      const s = lastStatus(client!);
      return s && !/not trusted/.test(s.lint.message ?? '') && !/not trusted/.test(s.yamllint.message ?? '');
    });
  });
});
