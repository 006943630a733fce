// Which modules a task can reach besides the installed catalog, as Ansible resolves them:
//   - short names through the collections in reach: the collection a file lives in (its own roles
//     call its modules by short name), a play's `collections:` keyword, a role's meta/main.yml
//     `collections:`;
//   - modules next to the content: `library/` beside the playbook, in the role, or in the project
//     folders above it, and collections in a `collections/ansible_collections` folder there.
// Read from the disk only (a stat per candidate), never by running anything.

import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { isSeq, parseDocument } from 'yaml';
import type { ModuleCatalog, ResolvedModule } from '../../catalog/types';
import type { AnsibleDocument, Task } from '../../document/model';
import { uriToPath } from '../../document/uri';
import { localModulesFrom } from '../../project/localModules';

export interface ModuleReach {
  /** The module a name resolves to for this task, through the collections in reach. */
  resolve(name: string, task: Task): ResolvedModule | undefined;
  /** Whether a module of this name sits beside the content (library/, a local collection). */
  isLocal(name: string): boolean;
}

export function moduleReach(doc: AnsibleDocument, catalog: ModuleCatalog): ModuleReach {
  const path = uriToPath(doc.uri);
  const own = path ? ownCollection(path) : undefined;
  const roleDir = path ? roleOf(path) : undefined;
  const roleCollections = roleDir ? metaCollections(join(roleDir, 'meta')) : [];
  const byTask = new Map<Task, string[]>();
  for (const play of doc.plays) {
    const listed = play.entries.find((e) => e.key === 'collections')?.value;
    if (!Array.isArray(listed)) continue;
    const names = listed.filter((c): c is string => typeof c === 'string');
    const walk = (tasks: Task[]) => {
      for (const t of tasks) {
        byTask.set(t, names);
        walk([...(t.block ?? []), ...(t.rescue ?? []), ...(t.always ?? [])]);
      }
    };
    walk([...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers]);
  }
  let local: ReadonlyMap<string, unknown> | undefined;
  return {
    resolve(name, task) {
      const direct = catalog.resolve(name) ?? catalog.resolve(deprecatedListing(name));
      if (direct || name.includes('.')) return direct;
      for (const c of [...(byTask.get(task) ?? []), ...roleCollections, ...(own ? [own] : [])]) {
        const r = catalog.resolve(`${c}.${name}`);
        if (r) return r;
      }
      return undefined;
    },
    isLocal(name) {
      local ??= path ? localModulesFrom(path) : new Map();
      return local.has(name);
    },
  };
}

/**
 * ansible-doc lists a deprecated module with a leading underscore (`ansible.builtin._include`)
 * while playbooks use it without (`include`).
 */
function deprecatedListing(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? `ansible.builtin._${name}` : `${name.slice(0, i + 1)}_${name.slice(i + 1)}`;
}

/** `…/ansible_collections/<ns>/<coll>/…` → `ns.coll`. */
function ownCollection(path: string): string | undefined {
  const parts = path.split(sep);
  const i = parts.lastIndexOf('ansible_collections');
  return i >= 0 && parts.length > i + 3 ? `${parts[i + 1]}.${parts[i + 2]}` : undefined;
}

function roleOf(path: string): string | undefined {
  const m = /^(.*\/roles\/[^/]+)\/(tasks|handlers)\//.exec(path);
  return m?.[1];
}

/** A role's meta/main.yml `collections:` list. */
function metaCollections(metaDir: string): string[] {
  for (const f of ['main.yml', 'main.yaml']) {
    let text: string;
    try {
      text = readFileSync(join(metaDir, f), 'utf8');
    } catch {
      continue;
    }
    const list = parseDocument(text, { strict: false }).get('collections');
    return isSeq(list) ? list.items.map((i) => String((i as { value?: unknown }).value ?? '')).filter(Boolean) : [];
  }
  return [];
}
