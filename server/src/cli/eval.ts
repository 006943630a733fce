// `scribe eval [--data FILE] [--json] [--corpus DIR] [--limit N]`: quality of the embedded model
// next to two baselines, on the corpus's held-out split (default) or on external JSONL records of
// `{context, name, task}`. Metrics as in the Ansible Wisdom paper (eval/metrics.ts).

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { MostFrequentModule, NearestByName } from '../eval/baselines';
import { evaluate, formatReport, type EvalSystem } from '../eval/run';
import { dataSamples, heldOutSamples, type EvalSample } from '../eval/samples';
import { corpusOption, parseCommand } from './args';
import { openCliEnvironment } from './environment';
import { UsageError } from './usage';

export const evalUsage = `eval [--data FILE] [--json] [--corpus DIR] [--limit N] [--quiet]
      Quality metrics (Exact Match, BLEU, Schema Correct, Ansible Aware, latency) of the embedded model
      and two baselines, on the corpus's held-out split or on JSONL records {context, name, task}.`;

export async function runEval(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'eval',
      usage: evalUsage,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        ...corpusOption,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values: v, cacheDir } = args;
  const limit = v.limit === undefined ? Infinity : Number(v.limit);
  if (v.limit !== undefined && (!/^\d+$/.test(v.limit) || limit < 1))
    throw new UsageError(`eval: --limit must be a positive number, not '${v.limit}'`);
  const progress = v.quiet ? () => undefined : (line: string) => process.stderr.write(`[eval] ${line}\n`);
  let data: string | undefined;
  if (v.data !== undefined) {
    data = await readFile(resolve(v.data), 'utf8').catch(() => undefined);
    if (data === undefined) throw new UsageError(`eval: ${v.data}: no such file`);
  }

  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: v['ansible-path'], prefetch: false });
  try {
    await catalog.ready();
    progress('loading the corpus, attribution index and model');
    // The embedded model learns from the training split only (split === 'train').
    const env = openCliEnvironment('eval', catalog, { corpus: v.corpus, cacheDir, log: progress });
    const corpusDir = env.corpusDir;

    let samples: EvalSample[];
    let source: string;
    if (data !== undefined) {
      const loaded = dataSamples(data, catalog);
      for (const s of loaded.skipped.slice(0, 5)) progress(`record ${s.record} skipped: ${s.reason}`);
      if (loaded.skipped.length > 5) progress(`${loaded.skipped.length - 5} more records skipped`);
      samples = loaded.samples;
      source = v.data!;
    } else {
      samples = heldOutSamples(env.corpus.tasks);
      source = `held-out split of ${corpusDir}`;
    }
    samples = samples.slice(0, limit);
    if (!samples.length) throw new UsageError(`eval: no samples in the ${source}`);

    const tasks = env.corpus.tasks;
    const systems: EvalSystem[] = [
      { name: 'model', model: env.model },
      { name: 'most-frequent', model: MostFrequentModule.train(tasks) },
      { name: 'nearest-name', model: NearestByName.train(tasks) },
    ];
    progress(`scoring ${samples.length} tasks from the ${source}`);
    const report = await evaluate(samples, systems, catalog, (done, total) => progress(`${done}/${total}`));
    if (v.json) {
      out.write(`${JSON.stringify({ source, corpus: corpusDir, ...report }, null, 2)}\n`);
    } else {
      out.write(`${samples.length} tasks from the ${source}\n\n${formatReport(report)}`);
    }
    return 0;
  } finally {
    catalog.dispose();
  }
}
