// Corpus source: the installed collections and ansible-core — every module's EXAMPLES tasks, and
// the roles and playbooks shipped inside collections.

import { basename, join } from 'node:path';
import { parseAnsibleDocument } from '../document/parse';
import { pathToFileURL } from 'node:url';
import type { CollectionInfo } from './collections';
import { contentFiles, moduleFiles } from './collections';
import { examplesTasks } from './examples';
import { extractTasks } from './extract';
import { listFiles, readText } from './files';
import { licenceFromHeader, NOASSERTION } from './licence';
import type { SourcedTask } from './merge';
import type { ModuleNames } from './moduleNames';
import { roleVariablesOnDisk } from './roleVariables';
import { splitUnit } from './split';
import { roleOf } from './treeSource';
import type { TaskOrigin } from './types';

/** ansible-core's own modules, indexed as collection `ansible.builtin`. */
export interface CoreModules {
  /** ansible-core's package folder (…/site-packages/ansible). */
  path: string;
  version: string;
}

export const coreRepoUrl = 'https://github.com/ansible/ansible';

/** What went wrong or was skipped, for the build's report. */
export interface InstalledCounts {
  moduleFiles: number;
  withExamples: number;
  unsupportedExamples: number;
  brokenExampleDocuments: number;
  unreadable: number;
  roleFiles: number;
  playbookFiles: number;
}

export function emptyInstalledCounts(): InstalledCounts {
  return {
    moduleFiles: 0,
    withExamples: 0,
    unsupportedExamples: 0,
    brokenExampleDocuments: 0,
    unreadable: 0,
    roleFiles: 0,
    playbookFiles: 0,
  };
}

/** Registers every installed module name, so short names in EXAMPLES and roles resolve. */
export function registerModules(names: ModuleNames, collections: CollectionInfo[], core?: CoreModules): void {
  if (core) for (const f of coreModuleFiles(core)) names.add(`ansible.builtin.${basename(f, '.py')}`);
  for (const c of collections) for (const f of moduleFiles(c)) names.add(`${c.name}.${basename(f, '.py')}`);
}

function coreModuleFiles(core: CoreModules): string[] {
  return listFiles(join(core.path, 'modules'), (p) => p.endsWith('.py') && !p.includes('/') && p !== '__init__.py');
}

/** EXAMPLES tasks of ansible-core's modules. Paths are those of the ansible/ansible repository. */
export function* coreTasks(core: CoreModules, names: ModuleNames, counts: InstalledCounts): Generator<SourcedTask> {
  const resolve = names.resolverFor('ansible.builtin');
  for (const f of coreModuleFiles(core)) {
    const source = readText(join(core.path, 'modules', f));
    counts.moduleFiles++;
    if (source === undefined) {
      counts.unreadable++;
      continue;
    }
    const path = `lib/ansible/modules/${f}`;
    const license = licenceFromHeader(source) ?? NOASSERTION;
    yield* moduleTasks(source, resolve, counts, (task) => ({
      task,
      origin: 'module-examples',
      provenance: {
        source: 'collection',
        collection: 'ansible.builtin',
        version: core.version,
        path,
        line: task.line,
        repoUrl: coreRepoUrl,
        license,
      },
      unit: `ansible.builtin/${path}`,
    }));
  }
}

export function* collectionTasks(
  c: CollectionInfo,
  names: ModuleNames,
  counts: InstalledCounts,
): Generator<SourcedTask> {
  const resolve = names.resolverFor(c.name);
  const provenance = (path: string, line: number, license: string) =>
    ({
      source: 'collection',
      collection: c.name,
      version: c.version,
      path,
      line,
      repoUrl: c.repoUrl,
      license,
    }) as const;
  for (const path of moduleFiles(c)) {
    counts.moduleFiles++;
    const source = readText(join(c.dir, path));
    if (source === undefined) {
      counts.unreadable++;
      continue;
    }
    const license = licenceFromHeader(source) ?? c.licence ?? NOASSERTION;
    yield* moduleTasks(source, resolve, counts, (task) => ({
      task,
      origin: 'module-examples',
      provenance: provenance(path, task.line, license),
      unit: `${c.name}/${path}`,
    }));
  }
  const { roles, playbooks } = contentFiles(c);
  const roleVars = new Map<string, string[]>();
  const files: [string, TaskOrigin][] = [
    ...roles.map((p): [string, TaskOrigin] => [p, 'role']),
    ...playbooks.map((p): [string, TaskOrigin] => [p, 'playbook']),
  ];
  for (const [path, origin] of files) {
    const text = readText(join(c.dir, path));
    if (text === undefined) {
      counts.unreadable++;
      continue;
    }
    if (origin === 'role') counts.roleFiles++;
    else counts.playbookFiles++;
    let inherited: string[] = [];
    if (origin === 'role') {
      const roleDir = roleOf(path)!;
      if (!roleVars.has(roleDir)) roleVars.set(roleDir, roleVariablesOnDisk(join(c.dir, roleDir)));
      inherited = roleVars.get(roleDir)!;
    }
    const doc = parseAnsibleDocument(pathToFileURL(join(c.dir, path)).href, text);
    const license = licenceFromHeader(text) ?? c.licence ?? NOASSERTION;
    for (const task of extractTasks(doc, resolve, inherited))
      yield { task, origin, provenance: provenance(path, task.line, license), unit: splitUnit(c.name, path) };
  }
}

function* moduleTasks(
  source: string,
  resolve: (written: string) => string,
  counts: InstalledCounts,
  wrap: (task: ReturnType<typeof examplesTasks>['tasks'][number]) => SourcedTask,
): Generator<SourcedTask> {
  const outcome = examplesTasks(source, resolve);
  if (outcome.examples === 'found') counts.withExamples++;
  if (outcome.examples === 'unsupported') counts.unsupportedExamples++;
  counts.brokenExampleDocuments += outcome.brokenDocuments;
  for (const t of outcome.tasks) yield wrap(t);
}
