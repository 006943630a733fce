// A role's argument specification, as Ansible validates a role's variables with it: the
// `argument_specs` of meta/argument_specs.yml (or .yaml), else of meta/main.yml. One spec per entry
// point (`main`, or the name of a tasks_from file), with options shaped as a module's
// (description, type, required, default, choices, elements, aliases, options), so they are read
// with the module docs' converter and shown with the same completion items and hovers.
// Read statically, cached by file stamp.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { convertModuleDoc } from '../catalog/docConvert';
import type { ModuleDoc } from '../catalog/types';

/** Entry point name → its spec as a module doc (fqcn: `<role>:<entry point>`). */
export type ArgumentSpecs = ReadonlyMap<string, ModuleDoc>;

const MAX_BYTES = 512 * 1024;
const cache = new Map<string, { stamp: string; specs: ArgumentSpecs | undefined }>();

function stampOf(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() && st.size <= MAX_BYTES ? `${st.mtimeMs}:${st.size}` : undefined;
  } catch {
    return undefined;
  }
}

function readSpecs(path: string, role: string): ArgumentSpecs | undefined {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'), { strict: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  const specs = (raw as { argument_specs?: unknown } | null)?.argument_specs;
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs)) return undefined;
  const out = new Map<string, ModuleDoc>();
  for (const [entry, spec] of Object.entries(specs)) {
    const doc = convertModuleDoc(`${role}:${entry}`, { doc: spec ?? {} });
    if (doc) out.set(entry, doc);
  }
  return out;
}

/**
 * The argument specs of the role in `roleDir` (named `role` in what is shown), or undefined when
 * it has none. meta/argument_specs.yml wins over an `argument_specs` key in meta/main.yml, as in
 * Ansible.
 */
export function argumentSpecsOf(roleDir: string, role: string): ArgumentSpecs | undefined {
  const files = ['argument_specs.yml', 'argument_specs.yaml', 'main.yml', 'main.yaml'].map((f) =>
    join(roleDir, 'meta', f),
  );
  for (const file of files) {
    const stamp = stampOf(file);
    if (!stamp) continue;
    const key = `${file}\0${role}`;
    let hit = cache.get(key);
    if (hit?.stamp !== stamp) cache.set(key, (hit = { stamp, specs: readSpecs(file, role) }));
    if (hit.specs) return hit.specs;
  }
  return undefined;
}
