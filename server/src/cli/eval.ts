// `scribe eval [--data FILE] [--json] [--corpus DIR] [--limit N] [--predictions FILE] [--confusion]
// [ENDPOINT]`: quality of the embedded model next to two baselines (or of an OpenAI-compatible
// endpoint next to the embedded model), on the corpus's held-out split (default) or on external
// JSONL records of `{context, name, task}`. Metrics as in the Ansible Wisdom paper
// (eval/metrics.ts), plus the foreign-variable and command-where-module rates (eval/study.ts).

import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { MostFrequentModule, NearestByName } from '../eval/baselines';
import { EndpointError, evaluate, formatReport, type EvalSystem } from '../eval/run';
import { dataSamples, heldOutSamples, type EvalSample } from '../eval/samples';
import { formatConfusion } from '../eval/study';
import { corpusOption, parseCommand } from './args';
import { modelFor, openCliEnvironment } from './environment';
import { endpointSettings, modelOptions } from './modelOptions';
import { UsageError } from './usage';

export const evalUsage = `eval [--data FILE] [--json] [--corpus DIR] [--limit N] [--quiet] [--predictions FILE] [--confusion]
     [--by FIELD] [--workspace-by FIELD] [ENDPOINT] [--concurrency N] [--timeout MS]
      Quality metrics (Exact Match, BLEU, Schema Correct, Ansible Aware, foreign variables, command
      where a module exists, p50/p95 latency) per group, of the embedded model and two baselines, on
      the corpus's held-out split or on JSONL records {context, name, task[, path, id]}.
      --predictions FILE: one JSON line per record and system (description, reference, suggestion,
      scores, groups, latency). --confusion: reference module -> what was suggested, most wrong first.
      --by FIELD: also a group per value of that field of the records (e.g. --by repo).
      --workspace-by FIELD: records with the same value of FIELD (e.g. repo) and a path are one
      workspace: each request also sees the named tasks of its workspace's other files and, in a
      role, the variables its other files use, as in the editor (each file as far as its last
      record goes).
      With --endpoint the endpoint is scored next to the embedded model, N requests at a time
      (default 4), each given MS milliseconds (default 30000).`;

/** Error text when the endpoint's first request failed: what failed and, when it did not answer, what to check. */
function endpointMessage(e: EndpointError): string {
  const hint = /unreachable|timed out/.test(e.message)
    ? ' (no request answered; is the server running and --endpoint right?)'
    : ' (the first request failed; nothing was scored)';
  return `eval: ${e.message}${hint}`;
}

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
        predictions: { type: 'string' },
        confusion: { type: 'boolean', default: false },
        by: { type: 'string' },
        'workspace-by': { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        ...corpusOption,
        ...modelOptions,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values: v, cacheDir } = args;
  const limit = v.limit === undefined ? Infinity : Number(v.limit);
  if (v.limit !== undefined && (!/^\d+$/.test(v.limit) || limit < 1))
    throw new UsageError(`eval: --limit must be a positive number, not '${v.limit}'`);
  const positive = (flag: string, value: string | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new UsageError(`eval: --${flag} must be a positive number, not '${value}'`);
    return Number(value);
  };
  const endpoint = endpointSettings('eval', v);
  if (!endpoint && (v.concurrency !== undefined || v.timeout !== undefined))
    throw new UsageError('eval: --concurrency and --timeout need --endpoint URL');
  const concurrency = positive('concurrency', v.concurrency, 4);
  const timeoutMs = positive('timeout', v.timeout, endpoint?.timeoutMs ?? 30_000);
  if (v.predictions === '') throw new UsageError('eval: --predictions needs a file name');
  for (const flag of ['by', 'workspace-by'] as const) {
    const field = v[flag];
    if (field !== undefined && !/^[A-Za-z_][\w.-]*$/.test(field))
      throw new UsageError(`eval: --${flag} takes a record field's name (e.g. repo), not '${field}'`);
    if (field !== undefined && v.data === undefined)
      throw new UsageError(`eval: --${flag} needs --data FILE (a field of its records)`);
  }
  const progress = v.quiet ? () => undefined : (line: string) => process.stderr.write(`[eval] ${line}\n`);
  let data: string | undefined;
  if (v.data !== undefined) {
    data = await readFile(resolve(v.data), 'utf8').catch(() => undefined);
    if (data === undefined) throw new UsageError(`eval: ${v.data}: no such file`);
  }

  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: v['ansible-path'], prefetch: false });
  let predictions: WriteStream | undefined;
  try {
    await catalog.ready();
    progress('loading the corpus, attribution index and model');
    // The embedded model learns from the training split only (split === 'train').
    const env = openCliEnvironment('eval', catalog, { corpus: v.corpus, cacheDir, log: progress });
    const corpusDir = env.corpusDir;

    let samples: EvalSample[];
    let source: string;
    if (data !== undefined) {
      const loaded = dataSamples(data, catalog, { workspaceBy: v['workspace-by'] });
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
    const systems: EvalSystem[] = endpoint
      ? [
          {
            name: `endpoint ${endpoint.name}`,
            model: modelFor(env, { ...endpoint, timeoutMs }),
            remote: { concurrency },
          },
          { name: 'model', model: env.model },
        ]
      : [
          { name: 'model', model: env.model },
          { name: 'most-frequent', model: MostFrequentModule.train(tasks) },
          { name: 'nearest-name', model: NearestByName.train(tasks) },
        ];
    if (v.predictions !== undefined) predictions = await openPredictions(v.predictions);
    const lines = predictions;
    progress(`scoring ${samples.length} tasks from the ${source}`);
    const report = await evaluate(samples, systems, catalog, {
      progress: (done, total) => progress(`${done}/${total}`),
      confusion: v.confusion,
      ...(v.by ? { by: v.by } : {}),
      ...(lines ? { onPrediction: (p) => lines.write(`${JSON.stringify(p)}\n`) } : {}),
    }).catch((e: unknown) => {
      if (e instanceof EndpointError) throw new UsageError(endpointMessage(e));
      throw e;
    });
    if (lines) await closeStream(lines);
    predictions = undefined;
    if (v.json) {
      out.write(`${JSON.stringify({ source, corpus: corpusDir, ...report }, null, 2)}\n`);
    } else {
      out.write(`${samples.length} tasks from the ${source}\n\n${formatReport(report)}`);
      if (v.confusion)
        for (const s of report.systems) if (s.confusion) out.write(`\n${formatConfusion(s.name, s.confusion)}`);
    }
    if (v.predictions !== undefined) progress(`predictions written to ${v.predictions}`);
    return 0;
  } finally {
    if (predictions) await closeStream(predictions);
    catalog.dispose();
  }
}

/** The --predictions file, opened (and truncated) before scoring so a bad path fails early. */
async function openPredictions(path: string): Promise<WriteStream> {
  const stream = createWriteStream(resolve(path));
  await new Promise<void>((ok, fail) => {
    stream.once('open', () => ok());
    stream.once('error', (e) =>
      fail(new UsageError(`eval: --predictions ${path}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)),
    );
  });
  return stream;
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((ok, fail) => stream.end((e?: Error | null) => (e ? fail(e) : ok())));
}
