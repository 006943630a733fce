// The open workspace's playbooks and roles as corpus tasks (source 'workspace'), for the server to
// index incrementally as files change. They are attributed to "this workspace" (DESIGN.md: never
// NOASSERTION): licence per-file header, else the workspace's LICENSE, else WORKSPACE_LICENCE,
// an SPDX LicenseRef (SPDX 2.3 §10.1) that says "the user's own content", so a policy that warns
// about unknown licences does not hold back what the user wrote.

import { join } from 'node:path';
import type { ModuleResolver } from './extract';
import { readText } from './files';
import { readGitInfo } from './gitInfo';
import { CorpusCollector } from './merge';
import { NOASSERTION } from './licence';
import { treeLicence, treeTasks, fileUri, type TreeFile, type TreeInfo } from './treeSource';
import type { CorpusTask } from './types';

/** What attributions name as the collection of the workspace's own tasks. */
export const WORKSPACE_COLLECTION = 'this workspace';
/** The licence of workspace files that name none and whose workspace has no LICENSE file. */
export const WORKSPACE_LICENCE = 'LicenseRef-this-workspace';

export interface WorkspaceIndexOptions {
  /** Module name → FQCN (e.g. the catalog's); without it only FQCNs as written are kept. */
  resolveModule?: ModuleResolver;
  /** Licence of files without a header; default: the workspace's LICENSE/COPYING, else WORKSPACE_LICENCE. */
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
    collection: WORKSPACE_COLLECTION,
    version: git.commit,
    repoUrl: git.repoUrl,
    licence: options.licence ?? ownLicence(treeLicence(root, (n) => byPath.get(n) ?? readText(join(root, n)))),
  };
  const resolve: ModuleResolver = options.resolveModule ?? ((w) => (w.split('.').length >= 3 ? w : ''));
  const readRoleFile = (roleDir: string, r: string) =>
    byPath.get(`${roleDir}/${r}`) ?? readText(join(root, roleDir, r));
  const collector = new CorpusCollector();
  for (const s of treeTasks(info, tree, resolve, readRoleFile, fileUri(root)))
    collector.add({ ...s, origin: 'workspace' });
  return collector.tasks();
}

function ownLicence(licence: string): string {
  return licence === NOASSERTION ? WORKSPACE_LICENCE : licence;
}
