// File-system helpers for the corpus sources: recursive listing and tolerant reading.

import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/** Folders never worth indexing. */
const skipDirs = new Set(['node_modules', '__pycache__', '.git', '.tox', '.venv', 'venv']);

/** Paths (relative, forward slashes, sorted) of the files under `dir` that `want` accepts. */
export function listFiles(dir: string, want: (relPath: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !skipDirs.has(e.name)) walk(join(abs, e.name), r);
      } else if ((e.isFile() || e.isSymbolicLink()) && want(r)) out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export const isYaml = (p: string) => /\.ya?ml$/i.test(p);

/** The licence files a tree may have at its top, in the order they are consulted. */
export const licenceFileNames = [
  'LICENSE',
  'LICENSE.md',
  'LICENSE.txt',
  'COPYING',
  'COPYING.md',
  'COPYING.txt',
  'LICENCE',
];
