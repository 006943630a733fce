// `scribe index build`: builds the training corpus (module EXAMPLES, collection roles and
// playbooks, ftdata files, trees of playbooks) with provenance and licences, into a versioned cache.

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
import { toSpdx } from '../corpus/spdx';
import { parseCommand, synopsis } from './args';
import { UsageError } from './usage';

export const indexUsage = `index build [--from-installed] [--ftdata FILE]... [--dir DIR]... [--license SPDX] [--out DIR] [--force] [--json] [--quiet]
      Builds the training corpus (tasks with provenance and licences) into a versioned cache: EXAMPLES
      of every installed module, roles and playbooks shipped in collections (--from-installed, the
      default when no --ftdata/--dir is given), ansible-content-parser ftdata JSONL files, and trees
      of playbooks/roles. Prints stats; says "up to date" when nothing changed.`;

export async function runIndex(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'build' && sub !== '--help' && sub !== '-h') {
    throw new UsageError(sub ? `index: unknown subcommand '${sub}' (${synopsis(indexUsage)})` : synopsis(indexUsage));
  }
  const args = parseCommand(
    sub === 'build' ? rest : [sub],
    {
      name: 'index build',
      usage: indexUsage,
      options: {
        'from-installed': { type: 'boolean', default: false },
        ftdata: { type: 'string', multiple: true, default: [] },
        dir: { type: 'string', multiple: true, default: [] },
        license: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
    },
    out,
  );
  if (!args) return 0;
  const { values: v, cacheDir } = args;
  const ftdata = v.ftdata ?? [];
  const dirs = v.dir ?? [];
  const fromInstalled = v['from-installed'] || (!ftdata.length && !dirs.length);
  const progress = v.quiet
    ? () => undefined
    : (line: string, done?: number, total?: number) =>
        process.stderr.write(`[index${done !== undefined ? ` ${done}/${total}` : ''}] ${line}\n`);

  if (v.license !== undefined && toSpdx(v.license) === 'NOASSERTION')
    throw new UsageError(`index build: --license '${v.license}' is not an SPDX licence id (e.g. MIT, Apache-2.0)`);
  asUsage(() => checkSources({ ftdata, dirs }));
  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: v['ansible-path'], prefetch: false });
  try {
    const build: BuildOptions = { ftdata, dirs, license: v.license, progress };
    if (fromInstalled) {
      progress('finding the installed Ansible');
      const installed = await discoverInstalledAnsible(v['ansible-path'], process.env).catch(toUsage);
      build.core = installed.core;
      build.collectionRoots = installed.collectionRoots;
    }
    const result = await ensureCorpus({ build, cacheDir, out: v.out, force: v.force, catalog, progress }).catch(
      toUsage,
    );
    for (const problem of result.report ? problems(result.report) : []) progress(problem);
    print(out, v.json, result.stats, {
      dir: result.dir,
      key: result.key,
      upToDate: result.upToDate,
      report: result.report,
    });
    return 0;
  } finally {
    catalog.dispose();
  }
}

/** Bad corpus input becomes a usage error (one line, exit 2); anything else stays as it is. */
function toUsage(e: unknown): never {
  throw e instanceof CorpusInputError ? new UsageError(`index build: ${e.message}`) : e;
}

function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    return toUsage(e);
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
