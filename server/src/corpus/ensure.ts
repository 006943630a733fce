// The stored corpus for a set of sources: reused when its key matches what is installed now,
// built and saved otherwise. Shared by `scribe index build` and the server's background build.

import { join, resolve } from 'node:path';
import type { ModuleCatalog } from '../catalog/types';
import { buildCorpus, type BuildOptions, type BuildReport } from './build';
import { corpusKey } from './corpusKey';
import { CorpusInputError } from './inputError';
import { corpusSchema, readManifest, saveCorpus } from './store';
import type { CorpusStats } from './types';

export interface EnsureOptions {
  build: BuildOptions;
  /** The corpus goes to `<cacheDir>/corpus/<key>/` unless `out` is given. */
  cacheDir: string;
  out?: string;
  force?: boolean;
  /** Resolves short and redirected module names; loaded only when a build is needed. */
  catalog?: ModuleCatalog;
  progress?: (line: string) => void;
}

export interface EnsureResult {
  dir: string;
  key: string;
  upToDate: boolean;
  stats: CorpusStats;
  report?: BuildReport;
}

export async function ensureCorpus(o: EnsureOptions): Promise<EnsureResult> {
  const options = buildOptions(o);
  let t = target(o, options);
  if (!t.stored && o.catalog) {
    // An up-to-date check stays fast: the catalog is only loaded when a build is needed.
    await o.catalog.ready();
    if (o.catalog.status().state !== 'ready') {
      o.progress?.(
        `module catalog unavailable (${o.catalog.status().message ?? ''}): short module names stay unresolved`,
      );
      delete options.resolveModule;
      t = target(o, options);
    }
  }
  if (t.stored) return t.stored;
  const built = await buildCorpus(options);
  if (!built.tasks.length) throw new CorpusInputError('no tasks found in the given sources');
  saveCorpus(t.dir, built.tasks, {
    schema: corpusSchema,
    key: t.key,
    createdAt: new Date().toISOString(),
    stats: built.stats,
  });
  return { dir: t.dir, key: t.key, upToDate: false, stats: built.stats, report: built.report };
}

/**
 * The stored corpus ensureCorpus would return without building, or undefined when it would build
 * one. Never loads the catalog: use it once the catalog's state is known.
 */
export function storedCorpus(o: EnsureOptions): EnsureResult | undefined {
  const options = buildOptions(o);
  if (o.catalog && o.catalog.status().state !== 'ready') delete options.resolveModule;
  return target(o, options).stored;
}

function buildOptions(o: EnsureOptions): BuildOptions {
  const options: BuildOptions = { ...o.build };
  const catalog = o.catalog;
  if (catalog) options.resolveModule = (name) => catalog.resolve(name)?.fqcn;
  return options;
}

function target(o: EnsureOptions, options: BuildOptions) {
  const key = corpusKey(options);
  const dir = o.out ? resolve(o.out) : join(o.cacheDir, 'corpus', key);
  const existing = o.force ? undefined : readManifest(dir);
  const stored: EnsureResult | undefined =
    existing?.key === key ? { dir, key, upToDate: true, stats: existing.stats } : undefined;
  return { key, dir, stored };
}
