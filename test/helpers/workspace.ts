// Temporary workspaces and a module-catalog cache shared by the tests of one run, so that the
// installed Ansible is asked for its modules once.

import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const sharedCatalogCache = join(tmpdir(), 'scribe-test-catalog-cache');

/**
 * A new, empty cache folder holding only the module catalog other tests built (when they built
 * one; else the server builds it there: slower). For tests that need a corpus-less cache.
 */
export function cacheWithSharedCatalog(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const catalog = join(sharedCatalogCache, 'catalog');
  if (existsSync(catalog)) cpSync(catalog, join(dir, 'catalog'), { recursive: true });
  return dir;
}

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
