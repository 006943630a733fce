// The open workspace's playbooks and roles as corpus tasks (source 'workspace'), for the server to
// index incrementally as files change. Licence: per-file header, else the workspace's LICENSE.

import { join } from 'node:path';
import type { ModuleResolver } from './extract';
import { readText } from './files';
import { readGitInfo } from './gitInfo';
import { CorpusCollector } from './merge';
import { treeLicence, treeName, treeTasks, fileUri, type TreeFile, type TreeInfo } from './treeSource';
import type { CorpusTask } from './types';

export interface WorkspaceIndexOptions {
  /** Module name → FQCN (e.g. the catalog's); without it only FQCNs as written are kept. */
  resolveModule?: ModuleResolver;
  /** Licence of files without a header; default: the workspace's LICENSE/COPYING, else NOASSERTION. */
  licence?: string;
}

/**
 * Corpus tasks of workspace files (`path` relative to `root` or absolute under it). Role vars
 * files are looked up among `files` first, then on disk.
 */
export function indexWorkspaceFiles(
  files: readonly { path: string; text: string }[],
  root: string,
  options: WorkspaceIndexOptions = {},
): CorpusTask[] {
  const rel = (p: string) => {
    const s = p.replace(/\\/g, '/');
    const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
    return s.startsWith(`${r}/`) ? s.slice(r.length + 1) : s;
  };
  const tree: TreeFile[] = files.map((f) => ({ path: rel(f.path), text: f.text }));
  const byPath = new Map(tree.map((f) => [f.path, f.text]));
  const git = readGitInfo(root);
  const info: TreeInfo = {
    source: 'workspace',
    collection: treeName(root, git.repoUrl),
    version: git.commit,
    repoUrl: git.repoUrl,
    licence: options.licence ?? treeLicence(root, (n) => byPath.get(n) ?? readText(join(root, n))),
  };
  const resolve: ModuleResolver = options.resolveModule ?? ((w) => (w.split('.').length >= 3 ? w : ''));
  const readRoleFile = (roleDir: string, r: string) =>
    byPath.get(`${roleDir}/${r}`) ?? readText(join(root, roleDir, r));
  const collector = new CorpusCollector();
  for (const s of treeTasks(info, tree, resolve, readRoleFile, fileUri(root)))
    collector.add({ ...s, origin: 'workspace' });
  return collector.tasks();
}
