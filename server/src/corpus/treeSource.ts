// Corpus sources for trees of playbooks and roles: `--dir DIR` and the open workspace. Task files
// are playbooks and files under tasks/ or handlers/; a role's defaults and vars are in scope for
// its tasks.

import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAnsibleDocument } from '../document/parse';
import { extractTasks, type ModuleResolver } from './extract';
import { licenceFileNames, readText } from './files';
import { licenceFromHeader, licenceFromLicenceText, NOASSERTION } from './licence';
import type { SourcedTask } from './merge';
import { roleVariables } from './roleVariables';
import { splitUnit } from './split';
import type { Provenance } from './types';

/** What a tree's records share: everything in Provenance but the file, line and licence. */
export interface TreeInfo {
  source: 'dir' | 'workspace';
  collection: string;
  version: string;
  repoUrl: string;
  /** Licence of files without a header. */
  licence: string;
}

export interface TreeFile {
  /** Relative to the tree, forward slashes. */
  path: string;
  text: string;
}

/** The licence of a tree from its top-level LICENSE / COPYING file, else NOASSERTION. */
export function treeLicence(
  root: string,
  readTop: (name: string) => string | undefined = (n) => readText(join(root, n)),
): string {
  for (const name of licenceFileNames) {
    const text = readTop(name);
    if (text !== undefined) return licenceFromLicenceText(text) ?? NOASSERTION;
  }
  return NOASSERTION;
}

/** The (innermost) role folder a role file belongs to: `roles/web` for `roles/web/tasks/main.yml`. */
export function roleOf(path: string): string | undefined {
  return /^(.*(?:^|\/)roles\/[^/]+)\/(?:tasks|handlers|defaults|vars|meta|files|templates)\//.exec(path)?.[1];
}

/**
 * Tasks of the task files among `files`. `readRoleFile(roleDir, rel)` reads a role's vars files
 * (from the same list or from disk).
 */
export function* treeTasks(
  info: TreeInfo,
  files: readonly TreeFile[],
  resolve: ModuleResolver,
  readRoleFile: (roleDir: string, rel: string) => string | undefined,
  uriOf: (path: string) => string,
): Generator<SourcedTask> {
  const roleVars = new Map<string, string[]>();
  for (const f of files) {
    const doc = parseAnsibleDocument(uriOf(f.path), f.text);
    const role = roleOf(f.path);
    const isTaskFile = /(^|\/)(tasks|handlers)\//.test(f.path);
    if (doc.kind !== 'playbook' && !(isTaskFile && (doc.kind === 'tasks' || doc.kind === 'handlers'))) continue;
    let inherited: string[] = [];
    if (role && isTaskFile) {
      if (!roleVars.has(role))
        roleVars.set(
          role,
          roleVariables((rel) => readRoleFile(role, rel)),
        );
      inherited = roleVars.get(role)!;
    }
    const license = licenceFromHeader(f.text) ?? info.licence;
    for (const task of extractTasks(doc, resolve, inherited)) {
      const provenance: Provenance = {
        source: info.source,
        collection: info.collection,
        version: info.version,
        path: f.path,
        line: task.line,
        repoUrl: info.repoUrl,
        license,
      };
      yield {
        task,
        origin: role && isTaskFile ? 'role' : 'playbook',
        provenance,
        unit: splitUnit(info.collection, f.path),
      };
    }
  }
}

/** Name for a tree without a remote: its folder name. */
export function treeName(root: string, repoUrl: string): string {
  return (repoUrl ? repoUrl.split('/').pop() : '') || basename(root);
}

export const fileUri = (root: string) => (path: string) => pathToFileURL(join(root, path)).href;
