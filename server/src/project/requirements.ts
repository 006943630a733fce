// The collections a project says it needs: `collections:` of a requirements.yml (Galaxy's format:
// names, or mappings with `name:`) next to the content, in a collections/ folder there, or in the
// folders above, as ansible-galaxy and ansible-lint look for them. Read as text.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { moduleSearchFolders } from './localModules';

const FILES = [
  'requirements.yml',
  'requirements.yaml',
  'collections/requirements.yml',
  'collections/requirements.yaml',
];
const MAX_BYTES = 256 * 1024;

function namesIn(path: string): string[] {
  try {
    if (statSync(path).size > MAX_BYTES) return [];
    const doc = parse(readFileSync(path, 'utf8'), { strict: false, uniqueKeys: false }) as { collections?: unknown };
    const list = Array.isArray(doc?.collections) ? doc.collections : [];
    return list
      .map((c) => (typeof c === 'string' ? c : (c as { name?: unknown } | null)?.name))
      .filter((n): n is string => typeof n === 'string' && /^\w+\.\w+$/.test(n));
  } catch {
    return [];
  }
}

/** Collection name → the requirements file that lists it (the nearest first), seen from the file at `path`. */
export function requiredCollections(path: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const folder of moduleSearchFolders(path))
    for (const f of FILES)
      for (const name of namesIn(join(folder, f))) if (!found.has(name)) found.set(name, join(folder, f));
  return found;
}

/**
 * The hint for a collection that is not installed but listed in a requirements file: the command
 * that installs it, the file named relative to the document at `path`.
 */
export function installHint(collection: string, path: string | undefined): string {
  const file = path && requiredCollections(path).get(collection);
  if (!file) return '';
  const shown = relative(dirname(path), file);
  return ` ${shown} lists it: \`ansible-galaxy collection install -r ${shown}\` installs it.`;
}
