// Paths an ansible.cfg names (`roles_path`, `collections_path(s)`, `library`), read as text: a
// configuration is data, so reading it is safe in any workspace; only running Ansible with it is not.

import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The paths of the first of `keys` set in the ansible.cfg in `dir` (colon-separated, `~`
 * expanded, relative ones resolved against `dir`); [] without the file or the key.
 */
export function configuredPaths(dir: string, keys: readonly string[]): string[] {
  let text: string;
  try {
    text = readFileSync(join(dir, 'ansible.cfg'), 'utf8');
  } catch {
    return [];
  }
  for (const key of keys) {
    const m = new RegExp(`^\\s*${key}\\s*[=:]\\s*(.+)$`, 'm').exec(text);
    if (!m) continue;
    return m[1]
      .split(':')
      .map((p) => p.trim().replace(/^~(?=\/|$)/, process.env.HOME ?? '~'))
      .filter(Boolean)
      .map((p) => (isAbsolute(p) ? p : resolve(dir, p)));
  }
  return [];
}
