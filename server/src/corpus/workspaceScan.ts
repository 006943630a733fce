// The workspace's own YAML files (or others: `match`), for attribution and navigation: a bounded
// walk that skips hidden folders, dependencies and large files.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const skipDirs = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.tox', 'collections']);

export function readWorkspaceYaml(
  root: string,
  options: { maxFiles?: number; maxBytes?: number; match?: RegExp } = {},
): { path: string; text: string }[] {
  const maxFiles = options.maxFiles ?? 2000;
  const maxBytes = options.maxBytes ?? 512 * 1024;
  const match = options.match ?? /\.ya?ml$/;
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= maxFiles) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !skipDirs.has(e.name)) walk(p);
      } else if (e.isFile() && match.test(e.name)) {
        try {
          if (statSync(p).size > maxBytes) continue;
          const text = readFileSync(p, 'utf8');
          if (!text.includes('\0')) out.push({ path: p, text });
        } catch {
          // unreadable: skip
        }
      }
    }
  };
  walk(root);
  return out;
}

/** What marks a project's top folder (the folder an editor would open). */
const projectMarkers = ['ansible.cfg', '.git', 'galaxy.yml'];

/**
 * The project a file belongs to, for a command given only the file: the nearest folder above it
 * with `ansible.cfg`, `.git` or `galaxy.yml`; else, for a file in `roles/NAME/`, the folder that
 * holds `roles/`; else the file's own folder.
 */
export function projectRootOf(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (projectMarkers.some((m) => existsSync(join(dir, m)))) return dir;
    if (dirname(dir) === dir) break;
  }
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir))
    if (basename(dirname(dir)) === 'roles') return dirname(dirname(dir));
  return dirname(file);
}
