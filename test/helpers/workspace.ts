// Temporary workspaces and a module-catalog cache shared by the tests of one run, so that the
// installed Ansible is asked for its modules once.

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const sharedCatalogCache = join(tmpdir(), 'scribe-test-catalog-cache');

export class TempWorkspace {
  readonly root = mkdtempSync(join(tmpdir(), 'scribe-ws-'));

  write(rel: string, text: string): { path: string; uri: string } {
    const path = join(this.root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return { path, uri: pathToFileURL(path).href };
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
