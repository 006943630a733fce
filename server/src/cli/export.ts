// `scribe export training-data --allow-licences LIST --out DIR`: the corpus (the sources of
// `scribe index build`, or a stored corpus) as fine-tuning data a team may use: JSONL records in
// the prompt/completion shape (the prompt: the task's context as comments and its `- name:` line,
// as Scribe's completions prompt ends; the completion: the task body), drawn only from allowed
// licences, de-duplicated, secrets redacted (remote/redact.ts, as for anything sent to a model),
// plus MANIFEST.json and NOTICE (sharedIndex/trainingData.ts).

import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CorpusTask } from '../corpus/types';
import { loadCorpus } from '../corpus/store';
import { toSpdx } from '../corpus/spdx';
import { yamlScalar } from '../remote/prompt';
import { redact } from '../remote/redact';
import {
  licenceAllowed,
  noticeText,
  selectTrainingData,
  type TrainingManifest,
  type TrainingRecord,
} from '../sharedIndex/trainingData';
import { parseCommand, synopsis } from './args';
import { corpusFor, progressLine, sourceOptions } from './index';
import { UsageError } from './usage';

export const exportUsage = `export training-data --allow-licences LIST --out DIR [--include-noassertion] [--train-split-only] [--corpus DIR | --from-installed | --ftdata FILE... | --dir DIR...] [--license SPDX] [--json] [--quiet]
      Writes fine-tuning data from the corpus: DIR/train.jsonl ({"prompt", "completion"} per line:
      the task's context and '- name:' line → the task body), only from content whose licence is
      in LIST (comma-separated SPDX ids, e.g. MIT,Apache-2.0; expressions are judged per SPDX),
      de-duplicated, secrets redacted; DIR/MANIFEST.json (every source with version, licence and
      count; what was left out) and DIR/NOTICE (the attributions). Content of unknown licence
      (NOASSERTION) is left out unless --include-noassertion.`;

const DATA_FILE = 'train.jsonl';

// An SPDX idstring (SPDX 2.3 Annex D: letters, digits, '.', '-'), optionally with '+';
// LicenseRef-… included.
const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*\+?$/;

/** The allow list, checked: SPDX ids only, canonical case where known. */
export function parseAllowList(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new UsageError('export training-data: --allow-licences is empty (e.g. MIT,Apache-2.0)');
  return items.map((item) => {
    if (item.toUpperCase() === 'NOASSERTION')
      throw new UsageError(
        'export training-data: NOASSERTION is not a licence: use --include-noassertion to include content of unknown licence',
      );
    const spdx = toSpdx(item);
    if (!SPDX_ID.test(item) || spdx === 'NOASSERTION')
      throw new UsageError(`export training-data: '${item}' is not an SPDX licence id (e.g. MIT, Apache-2.0)`);
    return spdx;
  });
}

/** The task's text without its top-level `name:` (and that value's continuation lines). */
function bodyOf(text: string): string[] {
  const lines = text.replace(/\n+$/, '').split('\n');
  const out: string[] = [];
  let inName = false;
  for (const line of lines) {
    if (/^name\s*:/.test(line)) {
      inName = true;
      continue;
    }
    if (inName && (/^\s/.test(line) || line === '')) continue;
    inName = false;
    out.push(line);
  }
  return out;
}

/**
 * A task as a prompt (its context as comments, then `- name: …`, as Scribe's completions prompt
 * ends) and a completion (the body, indented under the list item, the module under its FQCN);
 * both redacted.
 */
export function trainingRecord(task: CorpusTask): { record: TrainingRecord; redactions: number } | undefined {
  // The module under its FQCN, as Scribe asks a served model to write it (remote/prompt.ts).
  const written = `${task.module}:`;
  const body = bodyOf(task.text)
    .filter((l) => l.trim() !== '')
    .map((l) =>
      task.fqcn && task.module !== task.fqcn && l.startsWith(written) ? `${task.fqcn}:${l.slice(written.length)}` : l,
    );
  if (!body.length) return undefined;
  const context: string[] = [];
  if (task.context.section !== 'tasks') context.push(`# section: ${task.context.section}`);
  const earlier = task.context.previousModules.slice(-5);
  if (earlier.length) context.push(`# earlier tasks use: ${earlier.join(', ')}`);
  const vars = task.context.variables.slice(0, 12);
  if (vars.length) context.push(`# variables in scope: ${vars.join(', ')}`);
  const name = task.name.replace(/\s*\n\s*/g, ' ').trim();
  const prompt = redact(`${context.map((l) => `${l}\n`).join('')}- name: ${yamlScalar(name)}\n`);
  const completion = redact(`${body.map((l) => `  ${l}`).join('\n')}\n`);
  return {
    record: { prompt: prompt.text, completion: completion.text },
    redactions: prompt.count + completion.count,
  };
}

export async function runExport(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const [what, ...rest] = argv;
  if (what !== 'training-data' && what !== '--help' && what !== '-h')
    throw new UsageError(what ? `export: unknown export '${what}' (${synopsis(exportUsage)})` : synopsis(exportUsage));
  const args = parseCommand(
    what === 'training-data' ? rest : [what],
    {
      name: 'export training-data',
      usage: exportUsage,
      options: {
        ...sourceOptions,
        'allow-licences': { type: 'string' },
        out: { type: 'string' },
        'include-noassertion': { type: 'boolean', default: false },
        'train-split-only': { type: 'boolean', default: false },
        corpus: { type: 'string' },
      },
    },
    out,
  );
  if (!args) return 0;
  const { values: v, cacheDir } = args;
  if (v['allow-licences'] === undefined)
    throw new UsageError('export training-data: --allow-licences LIST is required (e.g. MIT,Apache-2.0)');
  const allow = parseAllowList(v['allow-licences']);
  if (!v.out) throw new UsageError('export training-data: --out DIR is required');
  const outDir = resolve(v.out);
  const progress = progressLine('export', v.quiet);

  let tasks: readonly CorpusTask[];
  if (v.corpus !== undefined) {
    if (v.ftdata?.length || v.dir?.length || v['from-installed'])
      throw new UsageError(
        'export training-data: give --corpus or corpus sources (--from-installed, --ftdata, --dir), not both',
      );
    try {
      tasks = loadCorpus(resolve(v.corpus)).tasks;
    } catch (e) {
      throw new UsageError(`export training-data: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    const corpus = await corpusFor('export training-data', v, cacheDir, progressLine('index', v.quiet));
    tasks = loadCorpus(corpus.dir).tasks;
  }

  const set = selectTrainingData(tasks, {
    allow,
    includeNoassertion: v['include-noassertion'],
    trainSplitOnly: v['train-split-only'],
    toRecord: trainingRecord,
  });
  const data = set.records.map((r) => JSON.stringify(r)).join('\n') + (set.records.length ? '\n' : '');
  const manifest: TrainingManifest = {
    ...set.manifest,
    createdAt: new Date().toISOString(),
    data: DATA_FILE,
    sha256: createHash('sha256').update(data).digest('hex'),
  };
  try {
    mkdirSync(outDir, { recursive: true });
    writeAtomic(join(outDir, DATA_FILE), data);
    writeAtomic(join(outDir, 'NOTICE'), noticeText(manifest));
    writeAtomic(join(outDir, 'MANIFEST.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (e) {
    throw new UsageError(
      `export training-data: cannot write ${outDir} (${(e as { code?: string }).code ?? String(e)})`,
    );
  }

  const unknown = manifest.excluded.byLicence.NOASSERTION;
  if (unknown && !manifest.includeNoassertion)
    progress(`${unknown} tasks of unknown licence (NOASSERTION) left out; --include-noassertion includes them`);
  const present = [...new Set(tasks.flatMap((t) => t.sources.map((s) => s.license)))];
  for (const id of allow)
    if (!present.some((l) => licenceAllowed(l, [id], false))) progress(`no content under ${id} in the corpus`);
  if (v.json) {
    out.write(`${JSON.stringify({ out: outDir, ...manifest }, null, 2)}\n`);
    return 0;
  }
  const counts = (r: Record<string, number>) =>
    Object.entries(r)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  out.write(
    [
      `exported ${manifest.records} records to ${join(outDir, DATA_FILE)} (with MANIFEST.json and NOTICE)`,
      `licences: ${counts(manifest.licences)}`,
      `sources: ${manifest.sources.length}`,
      `left out: ${counts(manifest.excluded.byLicence)} (licence); ${manifest.excluded.duplicates} duplicates; ${manifest.excluded.unnamed} unnamed${manifest.trainSplitOnly ? `; ${manifest.excluded.heldOut} held out` : ''}`,
      `secrets redacted: ${manifest.secretsRedacted}`,
    ].join('\n') + '\n',
  );
  return 0;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
