// An unknown module name, with the closest known modules. A name from a collection that is not
// installed is only a warning: Ansible may still find it next to the playbook (collections/); when
// the project's requirements.yml lists the collection, the warning gives the command that installs it.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { ModuleCatalog } from '../../catalog/types';
import type { LineIndex, ModuleCall } from '../../document/model';
import { installHint } from '../../project/requirements';
import { closest } from '../../catalog/didYouMean';

/** `path`: the document's file, whose requirements file may list a missing collection. */
export function unknownModule(call: ModuleCall, catalog: ModuleCatalog, lines: LineIndex, path?: string): Diagnostic {
  const modules = catalog.list();
  const name = call.name;
  const parts = name.split('.');
  const collection = parts.length >= 3 ? parts.slice(0, 2).join('.') : undefined;
  const collectionInstalled = !collection || modules.some((m) => m.fqcn.startsWith(collection + '.'));
  let suggestions: string[];
  if (collection) {
    suggestions = closest(
      name,
      modules.map((m) => m.fqcn),
    );
  } else {
    // A short name: compare with the last part of every module, builtin ones first.
    const byShort = new Map<string, string>();
    for (const m of modules) {
      const short = m.fqcn.slice(m.fqcn.lastIndexOf('.') + 1);
      const known = byShort.get(short);
      if (!known || (m.fqcn.startsWith('ansible.builtin.') && !known.startsWith('ansible.builtin.')))
        byShort.set(short, m.fqcn);
    }
    suggestions = closest(name, byShort.keys()).map((s) => byShort.get(s)!);
  }
  const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
  return {
    range: lines.range(call.nameSpan),
    severity: collectionInstalled ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'scribe',
    code: 'unknown-module',
    message: collectionInstalled
      ? `Unknown module '${name}'.${hint}`
      : `Unknown module '${name}': collection ${collection} is not installed.${installHint(collection!, path)}${hint}`,
    data: { suggestions },
  };
}
