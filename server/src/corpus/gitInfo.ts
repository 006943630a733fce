// A checkout's repository URL and commit, read from .git without running git: the "origin"
// remote of .git/config, and .git/HEAD → ref → commit (loose ref or packed-refs).

import { join } from 'node:path';
import { normaliseRepoUrl } from './collections';
import { readText } from './files';

export interface GitInfo {
  repoUrl: string;
  commit: string;
}

export function readGitInfo(dir: string): GitInfo {
  let gitDir = join(dir, '.git');
  // A worktree or submodule has a `.git` file: "gitdir: <path>".
  const pointer = readText(gitDir);
  if (pointer !== undefined) {
    const m = /^gitdir:\s*(.+)$/m.exec(pointer);
    if (m) gitDir = join(dir, m[1].trim());
  }
  return { repoUrl: originUrl(readText(join(gitDir, 'config')) ?? ''), commit: headCommit(gitDir) };
}

/** The `url` of `[remote "origin"]`, normalised to https. */
export function originUrl(config: string): string {
  let inOrigin = false;
  for (const raw of config.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) inOrigin = /^\[remote\s+"origin"\]$/.test(line);
    else if (inOrigin) {
      const m = /^url\s*=\s*(.+)$/.exec(line);
      if (m) return normaliseRepoUrl(m[1]);
    }
  }
  return '';
}

function headCommit(gitDir: string): string {
  const head = readText(join(gitDir, 'HEAD'))?.trim() ?? '';
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return '';
  const loose = readText(join(gitDir, ref))?.trim();
  if (loose && /^[0-9a-f]{40}$/.test(loose)) return loose;
  for (const line of (readText(join(gitDir, 'packed-refs')) ?? '').split('\n')) {
    const m = /^([0-9a-f]{40}) (\S+)$/.exec(line.trim());
    if (m && m[2] === ref) return m[1];
  }
  return '';
}
