// Builds the training corpus from its sources: installed collections and ansible-core (EXAMPLES,
// roles, playbooks), ftdata JSONL files and trees of playbooks/roles. Identical tasks are merged
// with all their sources; each record gets its seeded split.

import { readFileSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { findCollections, type CollectionInfo } from './collections';
import { CorpusInputError } from './inputError';
import { emptyFtdataCounts, ftdataTasks, type FtdataCounts } from './ftdata';
import {
  collectionTasks,
  coreTasks,
  emptyInstalledCounts,
  registerModules,
  type CoreModules,
  type InstalledCounts,
} from './installedSource';
import { CorpusCollector, type SourcedTask } from './merge';
import { ModuleNames } from './moduleNames';
import { corpusStats } from './stats';
import { checkTree, readTree } from './tree';
import { fileUri, treeTasks } from './treeSource';
import type { CorpusStats, CorpusTask } from './types';

export { CorpusInputError };

export interface BuildOptions {
  /** `ansible_collections` folders, in search order. */
  collectionRoots?: readonly string[];
  /** ansible-core's modules (collection ansible.builtin). */
  core?: CoreModules;
  /** ansible-content-parser ftdata JSONL files. */
  ftdata?: readonly string[];
  /** Trees of playbooks and roles. */
  dirs?: readonly string[];
  /** SPDX id for `dirs` files without a header (else their LICENSE/COPYING, else NOASSERTION). */
  license?: string;
  /** The catalog's resolution of module names (routing, redirects), consulted after installed modules. */
  resolveModule?: (written: string) => string | undefined;
  /** Progress lines (per source, with a running total). */
  progress?: (line: string, done: number, total: number) => void;
  /** Stops the build (it rejects with the signal's reason) at its next pause. */
  signal?: AbortSignal;
  /** Split seed (tests); default splitOf's. */
  seed?: string;
}

/** What was read, skipped or broken, beyond the stats. */
export interface BuildReport {
  collections: number;
  installed: InstalledCounts;
  ftdata: FtdataCounts;
  dirFiles: number;
  /** Source records before de-duplication, and how many of them duplicated an earlier one. */
  found: number;
  /** Source records (named or not) per origin, before de-duplication. */
  foundByOrigin: Record<string, number>;
  duplicates: number;
  named: number;
}

export interface BuiltCorpus {
  tasks: CorpusTask[];
  stats: CorpusStats;
  report: BuildReport;
}

export async function buildCorpus(options: BuildOptions): Promise<BuiltCorpus> {
  const started = Date.now();
  const progress = options.progress ?? (() => undefined);
  const collector = new CorpusCollector(options.seed);
  const names = new ModuleNames(options.resolveModule);
  const report: BuildReport = {
    collections: 0,
    installed: emptyInstalledCounts(),
    ftdata: emptyFtdataCounts(),
    dirFiles: 0,
    found: 0,
    foundByOrigin: {},
    duplicates: 0,
    named: 0,
  };
  // Work in slices of ~50 ms, so a language server hosting the build keeps answering.
  let sliceStart = Date.now();
  const pause = async () => {
    options.signal?.throwIfAborted();
    if (Date.now() - sliceStart < 50) return;
    await new Promise((r) => setImmediate(r));
    options.signal?.throwIfAborted();
    sliceStart = Date.now();
  };
  const take = async (source: Iterable<SourcedTask>): Promise<number> => {
    let n = 0;
    for (const s of source) {
      await pause();
      collector.add(s);
      report.foundByOrigin[s.origin] = (report.foundByOrigin[s.origin] ?? 0) + 1;
      n++;
    }
    report.found += n;
    return n;
  };
  const ftdataTexts = (options.ftdata ?? []).map(readFtdata);
  const trees = (options.dirs ?? []).map((d) => readTree(d, options.license));

  const collections: CollectionInfo[] = options.collectionRoots ? findCollections(options.collectionRoots) : [];
  report.collections = collections.length;
  registerModules(names, collections, options.core);
  // Progress counts sources: ansible-core, each collection, each ftdata file, each tree.
  const total = (options.core ? 1 : 0) + collections.length + ftdataTexts.length + trees.length;
  let done = 0;
  if (options.core) {
    const n = await take(coreTasks(options.core, names, report.installed));
    progress(`ansible.builtin ${options.core.version}: ${n} tasks (${collector.size} in corpus)`, ++done, total);
  }
  for (const c of collections) {
    const n = await take(collectionTasks(c, names, report.installed));
    progress(`${c.name} ${c.version}: ${n} tasks (${collector.size} in corpus)`, ++done, total);
  }
  for (const [i, f] of ftdataTexts.entries()) {
    const before = report.ftdata.lines;
    const malformedBefore = report.ftdata.malformed;
    const n = await take(ftdataTasks(f.text, names.resolverFor(''), report.ftdata));
    const malformed = report.ftdata.malformed - malformedBefore;
    progress(
      `ftdata ${options.ftdata![i]}: ${n} tasks from ${report.ftdata.lines - before} lines${malformed ? `, ${malformed} malformed` : ''} (${collector.size} in corpus)`,
      ++done,
      total,
    );
    if (n === 0)
      throw new CorpusInputError(`${options.ftdata![i]}: no usable ftdata records (${malformed} malformed lines)`);
  }
  for (const t of trees) {
    report.dirFiles += t.files.length;
    const n = await take(treeTasks(t.info, t.files, names.resolverFor(''), t.readRoleFile, fileUri(t.root)));
    progress(`${t.root}: ${n} tasks from ${t.files.length} files (${collector.size} in corpus)`, ++done, total);
  }
  const tasks = collector.tasks();
  report.duplicates = collector.duplicates;
  report.named = tasks.filter((t) => t.name).length;
  return { tasks, stats: corpusStats(tasks, Date.now() - started), report };
}

/** Throws a CorpusInputError for a missing ftdata file or an unreadable folder, before any work. */
export function checkSources(options: Pick<BuildOptions, 'ftdata' | 'dirs'>): void {
  for (const f of options.ftdata ?? []) checkFtdata(f);
  for (const d of options.dirs ?? []) checkTree(d);
}

function checkFtdata(file: string): string {
  const path = resolvePath(file);
  let info;
  try {
    info = statSync(path);
  } catch {
    throw new CorpusInputError(`${file}: no such ftdata file`);
  }
  if (!info.isFile()) throw new CorpusInputError(`${file}: not a file`);
  return path;
}

function readFtdata(file: string): { text: string } {
  const path = checkFtdata(file);
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new CorpusInputError(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}
