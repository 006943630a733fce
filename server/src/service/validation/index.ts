// Built-in diagnostics, computed as the user types: YAML syntax, modules (unknown, short name,
// redirected, deprecated, removed), options (see options.ts) and unknown keywords. Everything
// here is quiet by design: a check that cannot be sure (catalog still loading, templated names,
// module_defaults in play) says nothing.

import { isRefusal } from '../../document/admission';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import type { ModuleCatalog, ModuleDoc, ResolvedModule } from '../../catalog/types';
import { blockKeywords, handlerKeywords, isLoopKeyword, playKeywords, taskKeywords } from '../../document/keywords';
import {
  allTasks,
  type AnsibleDocument,
  type Entry,
  type LineIndex,
  type ModuleCall,
  type Task,
} from '../../document/model';
import { moduleFromEntry } from '../../document/parse';
import { uriToPath } from '../../document/uri';
import type { ScribeSettings } from '../../settings';
import { closest } from '../../catalog/didYouMean';
import { checkOptions, PACKAGE_MANAGERS, passesThrough } from './options';
import { moduleReach, type ModuleReach } from './reach';
import { unknownModule } from './unknownModule';

export async function validate(
  doc: AnsibleDocument,
  catalog: ModuleCatalog,
  settings: ScribeSettings['validation'],
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = doc.syntaxErrors.map((e) => ({
    range: doc.lines.range(e.span),
    severity: e.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    source: 'scribe',
    code: isRefusal(e.code) ? 'not-analysed' : 'yaml-syntax',
    message: e.message,
  }));
  // While the catalog loads or rebuilds, modules cannot be judged: say nothing rather than guess.
  const catalogReady = catalog.status().state === 'ready' && catalog.list().length > 0;
  for (const play of doc.plays) {
    if (!play.importPlaybook) out.push(...unknownKeys(doc, play.entries, playKeywords, 'play'));
  }
  const hasModuleDefaults = doc.text.includes('module_defaults');
  const reach = moduleReach(doc, catalog);
  for (const task of allTasks(doc)) {
    if (task.kind === 'block') {
      out.push(...unknownKeys(doc, task.unknownKeys, blockKeywords, 'block'));
      continue;
    }
    if (!catalogReady || !task.module) continue;
    const { call, resolved, extraKeys } = effectiveModule(task, reach, doc.lines);
    // A module beside the content (library/, a local collection) is one Ansible finds: its keys are its own.
    if (!resolved && reach.isLocal(call.name)) continue;
    out.push(...unknownKeys(doc, extraKeys, taskKeywordsFor(task), 'task'));
    if (/\{\{|\{%/.test(call.name)) continue;
    if (!resolved) {
      out.push(unknownModule(call, catalog, doc.lines, uriToPath(doc.uri)));
      continue;
    }
    // A short name found through the collections in reach (the file's own collection, a play's or
    // role's `collections:`) is how Ansible resolves it: no redirect to report.
    if (catalog.resolve(call.name)) out.push(...checkModuleName(doc, call, resolved, settings));
    if (resolved.removed) continue;
    const moduleDoc = catalog.getDoc(resolved.fqcn) ?? (await catalog.loadDoc(resolved.fqcn));
    if (!moduleDoc) continue;
    if (moduleDoc.deprecated && !resolved.deprecation) out.push(deprecated(doc, call, moduleDoc));
    const passThroughOptions = passesThrough(moduleDoc.fqcn) ? await packageManagerOptions(catalog) : undefined;
    out.push(...checkOptions(call, moduleDoc, { lines: doc.lines, hasModuleDefaults, passThroughOptions }));
  }
  return out;
}

const managerOptions = new WeakMap<ModuleCatalog, Promise<ReadonlySet<string>>>();

/** Every option name and alias of the package managers `package` hands over to (once per catalog). */
function packageManagerOptions(catalog: ModuleCatalog): Promise<ReadonlySet<string>> {
  let found = managerOptions.get(catalog);
  if (!found) {
    found = Promise.all(PACKAGE_MANAGERS.map((m) => catalog.getDoc(m) ?? catalog.loadDoc(m))).then(
      (docs) => new Set(docs.flatMap((d) => Object.values(d?.options ?? {}).flatMap((o) => [o.name, ...o.aliases]))),
    );
    managerOptions.set(catalog, found);
  }
  return found;
}

/**
 * The parser picks the first module-looking key; when that is not a module but another key is
 * (a misspelt keyword written before the module), the known module is the task's module and the
 * first key is the stray one.
 */
function effectiveModule(
  task: Task,
  reach: ModuleReach,
  lines: LineIndex,
): { call: ModuleCall; resolved?: ResolvedModule; extraKeys: Entry[] } {
  const call = task.module!;
  const resolved = reach.resolve(call.name, task);
  if (resolved || call.form !== 'key' || reach.isLocal(call.name))
    return { call, resolved, extraKeys: task.unknownKeys };
  for (const e of task.unknownKeys) {
    const r = reach.resolve(e.key, task);
    if (!r) continue;
    const stray = task.entries.find((x) => x.key === call.name);
    const extraKeys = task.unknownKeys.filter((x) => x !== e);
    if (stray) extraKeys.unshift(stray);
    return { call: moduleFromEntry(e, task.keywords.get('args'), lines), resolved: r, extraKeys };
  }
  return { call, extraKeys: task.unknownKeys };
}

function taskKeywordsFor(task: Task): ReadonlySet<string> {
  return task.section === 'handlers' ? handlerKeywords : taskKeywords;
}

function checkModuleName(
  doc: AnsibleDocument,
  call: ModuleCall,
  r: ResolvedModule,
  settings: ScribeSettings['validation'],
): Diagnostic[] {
  const range = doc.lines.range(call.nameSpan);
  const out: Diagnostic[] = [];
  if (r.removed) {
    out.push({
      range,
      severity: DiagnosticSeverity.Error,
      source: 'scribe',
      code: 'removed-module',
      message: `${call.name} was removed${r.removed.removalVersion ? ` in ${r.removed.removalVersion}` : ''}: ${r.removed.message}`,
      tags: [DiagnosticTag.Deprecated],
    });
    return out;
  }
  if (r.deprecation) {
    out.push({
      range,
      severity: DiagnosticSeverity.Warning,
      source: 'scribe',
      code: 'deprecated-module',
      message: `${call.name} is deprecated${r.deprecation.removedIn ? ` and will be removed in ${r.deprecation.removedIn}` : ''}: ${r.deprecation.message}`,
      tags: [DiagnosticTag.Deprecated],
    });
  }
  const short = !call.name.includes('.');
  if (short && r.fqcn.startsWith('ansible.builtin.') && !r.redirectedFrom) {
    if (settings.fqcn) {
      out.push({
        range,
        severity: DiagnosticSeverity.Hint,
        source: 'scribe',
        code: 'fqcn',
        message: `Use the fully qualified name ${r.fqcn} for ${call.name}`,
        data: { fqcn: r.fqcn },
      });
    }
  } else if (r.fqcn !== call.name && !call.name.startsWith('ansible.legacy.')) {
    out.push({
      range,
      severity: DiagnosticSeverity.Information,
      source: 'scribe',
      code: 'redirected-module',
      message: `${call.name} is redirected to ${r.fqcn}; write ${r.fqcn}`,
      data: { fqcn: r.fqcn },
    });
  }
  return out;
}

function deprecated(doc: AnsibleDocument, call: ModuleCall, m: ModuleDoc): Diagnostic {
  const d = m.deprecated!;
  return {
    range: doc.lines.range(call.nameSpan),
    severity: DiagnosticSeverity.Warning,
    source: 'scribe',
    code: 'deprecated-module',
    message: `${m.fqcn} is deprecated${d.removedIn ? ` and will be removed in ${d.removedIn}` : ''}: ${d.message}`,
    tags: [DiagnosticTag.Deprecated],
  };
}

function unknownKeys(
  doc: AnsibleDocument,
  entries: Entry[],
  valid: ReadonlySet<string>,
  where: 'play' | 'block' | 'task',
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of entries) {
    if (valid.has(e.key) || isLoopKeyword(e.key)) continue;
    if (where === 'play' && /(^|\.)import_playbook$/.test(e.key)) continue;
    const suggestions = closest(e.key, valid);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
    const what = where === 'task' ? 'a task keyword or a module' : `a ${where} keyword`;
    out.push({
      range: doc.lines.range(e.keySpan),
      severity: DiagnosticSeverity.Error,
      source: 'scribe',
      code: 'unknown-keyword',
      message: `'${e.key}' is not ${what}.${hint}`,
      data: { suggestions },
    });
  }
  return out;
}
