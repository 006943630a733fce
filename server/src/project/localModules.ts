// Modules that live beside the content rather than in an installed collection, found where
// Ansible looks: `library/` next to the playbook, in the role, or in the project folders above it,
// `collections/ansible_collections/<ns>/<coll>/plugins/modules/` there, and the folders inside the
// project an ansible.cfg there names with `library` and `collections_path(s)`. Their documentation is
// read statically from the DOCUMENTATION string (never by running the module).

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { parse } from 'yaml';
import { convertModuleDoc } from '../catalog/docConvert';
import type { ModuleDoc } from '../catalog/types';
import { configuredPaths } from './ansibleConfig';

/** How many folders above a file are searched for library/ and collections/. */
const LEVELS = 4;
const MAX_MODULE_BYTES = 1024 * 1024;

/** The folders Ansible searches from a playbook, task or role file: its own, the role's, and up. */
export function moduleSearchFolders(path: string): string[] {
  const out = [dirname(path)];
  for (let i = 0; i < LEVELS && dirname(out[out.length - 1]) !== out[out.length - 1]; i++)
    out.push(dirname(out[out.length - 1]));
  return out;
}

/** A module beside the content: its name as written in tasks, and its file. */
export interface LocalModule {
  name: string;
  file: string;
}

/** The names of the folders (or files) in `dir`; none when it cannot be read. */
function entries(dir: string, files = false): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => (files ? !e.isDirectory() : e.isDirectory() || e.isSymbolicLink()))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** A module's file: Python, PowerShell, or (in library/) an executable of any kind without an extension. */
const MODULE_FILE = /^([A-Za-z_]\w*)(\.py|\.ps1)?$/;

/** The modules reachable from the file at `path`, nearest folder first (the first of a name wins). */
export function localModulesFrom(path: string): Map<string, LocalModule> {
  const found = new Map<string, LocalModule>();
  const add = (name: string, file: string) => {
    if (!found.has(name)) found.set(name, { name, file });
  };
  for (const folder of moduleSearchFolders(path)) {
    // library/ and collections/ beside the content, and the folders inside the project an
    // ansible.cfg there names (those outside it, ~/.ansible/collections …, are installed ones).
    const inside = (keys: string[]) => configuredPaths(folder, keys).filter((p) => p.startsWith(folder + sep));
    const libraries = [join(folder, 'library'), ...inside(['library'])];
    for (const library of libraries)
      for (const f of entries(library, true)) {
        const m = MODULE_FILE.exec(f);
        if (m && !m[1].startsWith('__')) add(m[1], join(library, f));
      }
    const roots = [join(folder, 'collections'), ...inside(['collections_path', 'collections_paths'])];
    for (const root of roots)
      addCollections(root.endsWith('ansible_collections') ? root : join(root, 'ansible_collections'));
  }
  return found;

  function addCollections(collections: string) {
    for (const ns of entries(collections))
      for (const coll of entries(join(collections, ns))) {
        const modules = join(collections, ns, coll, 'plugins', 'modules');
        for (const f of entries(modules, true)) {
          const m = MODULE_FILE.exec(f);
          if (m && !m[1].startsWith('__')) add(`${ns}.${coll}.${m[1]}`, join(modules, f));
        }
      }
  }
}

/** The file of a module named `name` (short or ns.coll.name) beside the content at `fromPath`. */
export function findLocalModule(name: string, fromPath: string): string | undefined {
  return localModulesFrom(fromPath).get(name)?.file;
}

/** The module's DOCUMENTATION (a Python raw or plain triple-quoted string, or a PowerShell sidecar .py). */
export function localModuleDoc(name: string, file: string): ModuleDoc | undefined {
  const py = file.endsWith('.ps1') ? file.replace(/\.ps1$/, '.py') : file;
  let source: string;
  try {
    if (statSync(py).size > MAX_MODULE_BYTES) return undefined;
    source = readFileSync(py, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^DOCUMENTATION\s*=\s*[rRuU]?('''|""")([\s\S]*?)\1/m.exec(source);
  if (!m) return undefined;
  let doc: unknown;
  try {
    doc = parse(m[2]);
  } catch {
    return undefined;
  }
  const fqcn = name.includes('.') ? name : `local.library.${name}`;
  const converted = convertModuleDoc(fqcn, { doc });
  const fragments = (doc as { extends_documentation_fragment?: unknown } | null)?.extends_documentation_fragment;
  return converted && asLocal({ ...converted, ...(fragments ? { incompleteOptions: true } : {}) }, name, file);
}

/** A module's doc as one beside the content: named as written, its file shown. */
export function asLocal(doc: ModuleDoc, name: string, file: string): ModuleDoc {
  return {
    ...doc,
    fqcn: name,
    collection: name.includes('.') ? name.split('.').slice(0, 2).join('.') : 'library/',
    localSource: shownPath(file),
  };
}

/** `…/library/x.py` → `library/x.py`; `…/<folder>/ansible_collections/ns/coll/plugins/modules/x.py` → from `<folder>/`. */
function shownPath(file: string): string {
  const i = file.lastIndexOf('/ansible_collections/');
  return i >= 0 ? file.slice(file.lastIndexOf('/', i - 1) + 1) : file.split('/').slice(-2).join('/');
}

/** Where ansible-doc finds a module beside the content: its library folder, or the folder of its collections. */
export function searchPathOf(name: string, file: string): { library: string } | { collections: string } {
  const i = file.lastIndexOf('/ansible_collections/');
  return name.includes('.') && i >= 0 ? { collections: file.slice(0, i) } : { library: dirname(file) };
}
