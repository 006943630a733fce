// Modules that live beside the content rather than in an installed collection, found where
// Ansible looks: `library/` next to the playbook, in the role, or in the project folders above it,
// and `collections/ansible_collections/<ns>/<coll>/plugins/modules/` there. Their documentation is
// read statically from the DOCUMENTATION string (never by running the module).

import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { convertModuleDoc } from '../catalog/docConvert';
import type { ModuleDoc } from '../catalog/types';

/** How many folders above a file are searched for library/ and collections/. */
const LEVELS = 4;
const MAX_MODULE_BYTES = 1024 * 1024;

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The folders Ansible searches from a playbook, task or role file: its own, the role's, and up. */
export function moduleSearchFolders(path: string): string[] {
  const out = [dirname(path)];
  for (let i = 0; i < LEVELS && dirname(out[out.length - 1]) !== out[out.length - 1]; i++)
    out.push(dirname(out[out.length - 1]));
  return out;
}

/** The file of a module named `name` (short or ns.coll.name) beside the content at `fromPath`. */
export function findLocalModule(name: string, fromPath: string): string | undefined {
  const parts = name.split('.');
  for (const folder of moduleSearchFolders(fromPath)) {
    const candidates =
      parts.length === 1
        ? ['.py', '.ps1', ''].map((ext) => join(folder, 'library', name + ext))
        : parts.length === 3
          ? ['.py', '.ps1'].map((ext) =>
              join(
                folder,
                'collections',
                'ansible_collections',
                parts[0],
                parts[1],
                'plugins',
                'modules',
                parts[2] + ext,
              ),
            )
          : [];
    const found = candidates.find(isFile);
    if (found) return found;
  }
  return undefined;
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
  if (!converted) return undefined;
  const fragments = (doc as { extends_documentation_fragment?: unknown } | null)?.extends_documentation_fragment;
  return {
    ...converted,
    fqcn: name,
    collection: name.includes('.') ? converted.collection : 'library/',
    localSource: shownPath(file),
    ...(fragments ? { incompleteOptions: true } : {}),
  };
}

/** `…/library/x.py` → `library/x.py`; `…/ansible_collections/ns/coll/plugins/modules/x.py` → from `collections/`. */
function shownPath(file: string): string {
  const i = file.lastIndexOf('/collections/ansible_collections/');
  return i >= 0 ? file.slice(i + 1) : file.split('/').slice(-2).join('/');
}
