// `scribe index build`: builds the training corpus (module EXAMPLES, collection roles and
// playbooks, ftdata files, trees of playbooks) with provenance and licences, into a versioned cache.
// `scribe index push --db URL`: the same corpus, loaded into the shared PostgreSQL index
// (sharedIndex/): migrated, batched, resumable, progress on stderr, the password never printed.

import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import {
  checkSources,
  CorpusInputError,
  discoverInstalledAnsible,
  ensureCorpus,
  type BuildOptions,
  type BuildReport,
  type CorpusStats,
} from '../corpus/index';
import { loadCorpus } from '../corpus/store';
import { toSpdx } from '../corpus/spdx';
import {
  createPool,
  databaseUrlFrom,
  isUnreachable,
  maskDatabaseUrl,
  ping,
  SharedIndexConfigError,
  unreachable,
} from '../sharedIndex/connection';
import { migrate } from '../sharedIndex/migrations';
import { pushTasks } from '../sharedIndex/push';
import { parseCommand, synopsis } from './args';
import { UsageError } from './usage';

export const indexUsage = `index build [--from-installed] [--ftdata FILE]... [--dir DIR]... [--license SPDX] [--out DIR] [--force] [--json] [--quiet]
      Builds the training corpus (tasks with provenance and licences) into a versioned cache: EXAMPLES
      of every installed module, roles and playbooks shipped in collections (--from-installed, the
      default when no --ftdata/--dir is given), ansible-content-parser ftdata JSONL files, and trees
      of playbooks/roles. Prints stats; says "up to date" when nothing changed.
  index push (--db URL | --db-env VAR) [--from-installed] [--ftdata FILE]... [--dir DIR]... [--license SPDX] [--batch N] [--json] [--quiet]
      Loads the same corpus into the shared attribution index in PostgreSQL (postgres://user@host:port/db;
      --db-env names an environment variable holding the URL, so no password is typed or printed):
      tasks with source, licence, normalised form and LSH band keys. Migrates the schema first;
      re-running skips unchanged tasks (content hash), so an interrupted push resumes. Progress on stderr.`;

export const sourceOptions = {
  'from-installed': { type: 'boolean' as const, default: false },
  ftdata: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  dir: { type: 'string' as const, multiple: true as const, default: [] as string[] },
  license: { type: 'string' as const },
  json: { type: 'boolean' as const, default: false },
  quiet: { type: 'boolean' as const, default: false },
};

export type Progress = (line: string, done?: number, total?: number) => void;

export async function runIndex(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'push') return runPush(rest, out);
  if (sub !== 'build' && sub !== '--help' && sub !== '-h') {
    throw new UsageError(sub ? `index: unknown subcommand '${sub}' (${synopsis(indexUsage)})` : synopsis(indexUsage));
  }
  const args = parseCommand(
    sub === 'build' ? rest : [sub],
    {
      name: 'index build',
      usage: indexUsage,
      options: {
        ...sourceOptions,
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    },
    out,
  );
  if (!args) return 0;
  const { values: v, cacheDir } = args;
  const progress = progressLine('index', v.quiet);
  const result = await corpusFor('index build', v, cacheDir, progress, { out: v.out, force: v.force });
  print(out, v.json, result.stats, {
    dir: result.dir,
    key: result.key,
    upToDate: result.upToDate,
    report: result.report,
  });
  return 0;
}

export function progressLine(tag: string, quiet: boolean): Progress {
  return quiet
    ? () => undefined
    : (line, done, total) => process.stderr.write(`[${tag}${done !== undefined ? ` ${done}/${total}` : ''}] ${line}\n`);
}

/** The stored corpus for the source options (built when needed), as `index build` makes it. */
export async function corpusFor(
  command: string,
  v: { 'from-installed': boolean; ftdata?: string[]; dir?: string[]; license?: string; 'ansible-path': string },
  cacheDir: string,
  progress: Progress,
  target: { out?: string; force?: boolean } = {},
) {
  const ftdata = v.ftdata ?? [];
  const dirs = v.dir ?? [];
  const fromInstalled = v['from-installed'] || (!ftdata.length && !dirs.length);
  if (v.license !== undefined && toSpdx(v.license) === 'NOASSERTION')
    throw new UsageError(`${command}: --license '${v.license}' is not an SPDX licence id (e.g. MIT, Apache-2.0)`);
  asUsage(command, () => checkSources({ ftdata, dirs }));
  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: v['ansible-path'], prefetch: false });
  try {
    const build: BuildOptions = { ftdata, dirs, license: v.license, progress };
    if (fromInstalled) {
      progress('finding the installed Ansible');
      const installed = await discoverInstalledAnsible(v['ansible-path'], process.env).catch(toUsage(command));
      build.core = installed.core;
      build.collectionRoots = installed.collectionRoots;
    }
    const result = await ensureCorpus({ build, cacheDir, ...target, catalog, progress }).catch(toUsage(command));
    for (const problem of result.report ? problems(result.report) : []) progress(problem);
    return result;
  } finally {
    catalog.dispose();
  }
}

async function runPush(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'index push',
      usage: indexUsage.slice(indexUsage.indexOf('index push')),
      options: {
        ...sourceOptions,
        db: { type: 'string' },
        'db-env': { type: 'string' },
        batch: { type: 'string', default: '2000' },
      },
    },
    out,
  );
  if (!args) return 0;
  const { values: v, cacheDir } = args;
  let url: string;
  try {
    url = databaseUrlFrom({ url: v.db, env: v['db-env'] });
  } catch (e) {
    throw e instanceof SharedIndexConfigError ? new UsageError(`index push: ${e.message}`) : e;
  }
  const batchSize = Number(v.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
    throw new UsageError(`index push: --batch '${v.batch}' is not a number of tasks from 1 to 50000`);
  const shown = maskDatabaseUrl(url);
  const progress = progressLine('push', v.quiet);
  const pool = createPool(url, { max: 2, applicationName: 'scribe index push' });
  try {
    // Before the corpus is built: an unreachable database fails in a second, not after minutes.
    await ping(pool, url).catch((e: unknown) => {
      throw new UsageError(`index push: ${e instanceof Error ? e.message : String(e)}`);
    });
    const corpus = await corpusFor('index push', v, cacheDir, progressLine('index', v.quiet));
    const { tasks } = loadCorpus(corpus.dir);
    const applied = await migrate(pool).catch(dbFailure(url));
    if (applied.length) progress(`schema migrated to version ${applied.join(', ')}`);
    const started = Date.now();
    const result = await pushTasks(pool, tasks, {
      batchSize,
      sources: describeSources(v),
      progress: (p) => {
        const secs = (Date.now() - started) / 1000;
        progress(
          `${p.inserted} new, ${p.updated} changed, ${p.unchanged} unchanged (${Math.round(p.done / Math.max(secs, 0.001))} tasks/s)`,
          p.done,
          p.total,
        );
      },
    }).catch(dbFailure(url));
    if (v.json) out.write(`${JSON.stringify({ database: shown, corpus: corpus.dir, ...result }, null, 2)}\n`);
    else
      out.write(
        `pushed ${result.total} tasks to ${shown}: ${result.inserted} new, ${result.updated} changed, ${result.unchanged} unchanged; ` +
          `${result.size} tasks in the shared index (${(result.millis / 1000).toFixed(1)} s)\n`,
      );
    return 0;
  } finally {
    await pool.end();
  }
}

/** The database going away mid-push is one line (rerun to resume); anything else stays as it is. */
function dbFailure(url: string) {
  return (e: unknown): never => {
    if (isUnreachable(e)) throw new UsageError(`index push: ${unreachable(url, e).message} (run it again to resume)`);
    throw e;
  };
}

function describeSources(v: { 'from-installed': boolean; ftdata?: string[]; dir?: string[] }): string {
  const parts = [
    ...(v['from-installed'] || (!v.ftdata?.length && !v.dir?.length) ? ['installed collections'] : []),
    ...(v.ftdata ?? []).map((f) => `ftdata ${f}`),
    ...(v.dir ?? []).map((d) => `dir ${d}`),
  ];
  return parts.join(', ');
}

/** Bad corpus input becomes a usage error (one line, exit 2); anything else stays as it is. */
function toUsage(command: string) {
  return (e: unknown): never => {
    throw e instanceof CorpusInputError ? new UsageError(`${command}: ${e.message}`) : e;
  };
}

function asUsage<T>(command: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    return toUsage(command)(e);
  }
}

function problems(r: BuildReport): string[] {
  const out: string[] = [];
  const i = r.installed;
  if (i.unsupportedExamples)
    out.push(`${i.unsupportedExamples} modules with EXAMPLES that are not a plain string literal (skipped)`);
  if (i.brokenExampleDocuments)
    out.push(`${i.brokenExampleDocuments} EXAMPLES YAML documents that do not parse (skipped)`);
  if (i.unreadable) out.push(`${i.unreadable} unreadable files (skipped)`);
  const f = r.ftdata;
  if (f.malformed)
    out.push(`${f.malformed} malformed ftdata lines (skipped; first at line ${f.malformedLines.join(', ')})`);
  if (f.noTask) out.push(`${f.noTask} ftdata records without a recognisable task (skipped)`);
  return out;
}

function print(
  out: NodeJS.WritableStream,
  json: boolean,
  stats: CorpusStats,
  extra: { dir: string; key: string; upToDate: boolean; report?: BuildReport },
): void {
  if (json) {
    out.write(`${JSON.stringify({ ...stats, ...extra }, null, 2)}\n`);
    return;
  }
  const counts = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const lines = [
    extra.upToDate ? `corpus up to date: ${extra.dir}` : `corpus written to ${extra.dir}`,
    `tasks: ${stats.tasks}${extra.report ? ` (${extra.report.named} named; ${extra.report.duplicates} duplicates merged)` : ''}`,
    `modules: ${stats.modules}`,
    `collections: ${stats.collections}`,
    `origins: ${counts(stats.origins)}`,
    `licences: ${counts(stats.licences)}`,
    `time: ${(stats.millis / 1000).toFixed(1)} s${extra.upToDate ? ' (when built)' : ''}`,
  ];
  out.write(`${lines.join('\n')}\n`);
}
