// Schema Correct (Ansible Wisdom paper): the output parses as one task whose module exists and
// whose options fit the module's argument spec. The argspec checks are the editor's own
// (service/validation/options.ts): no unknown option, required options present, literal values
// of the right type and within `choices`.

import type { ModuleCatalog } from '../catalog/types';
import { checkOptions } from '../service/validation/options';
import { parseTaskText } from './action';

export type SchemaVerdict = { ok: true } | { ok: false; why: string };

/**
 * `projectModules`: modules the project's own tasks use that the catalog does not know (a role's
 * `library/`): as the editor's validator does, their options are not checked.
 */
export async function schemaCorrect(
  yaml: string,
  catalog: Pick<ModuleCatalog, 'resolve' | 'getDoc' | 'loadDoc'>,
  projectModules: ReadonlySet<string> = new Set(),
): Promise<SchemaVerdict> {
  const { task, broken, lines } = parseTaskText(yaml);
  if (!task || broken) return { ok: false, why: 'not one task in valid YAML' };
  const call = task.module;
  if (!call) return { ok: false, why: 'no module' };
  if (task.unknownKeys.length) return { ok: false, why: `unknown key '${task.unknownKeys[0].key}'` };
  const resolved = catalog.resolve(call.name);
  if (!resolved && projectModules.has(call.name)) return { ok: true };
  if (!resolved) return { ok: false, why: `unknown module '${call.name}'` };
  if (resolved.removed) return { ok: false, why: `removed module '${call.name}'` };
  const doc = catalog.getDoc(resolved.fqcn) ?? (await catalog.loadDoc(resolved.fqcn));
  if (!doc) return { ok: false, why: `no documentation for '${resolved.fqcn}'` };
  const problems = checkOptions(call, doc, { lines, hasModuleDefaults: false });
  if (!problems.length) return { ok: true };
  const m = problems[0].message;
  return { ok: false, why: typeof m === 'string' ? m : m.value };
}
