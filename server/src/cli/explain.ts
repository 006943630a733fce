// `scribe explain FILE`: the grounded explanation of a playbook, task file or handler file, as
// Markdown or JSON; `--ledger` marks the parts a provenance ledger records as AI-written; `--lines`
// narrows it to a selection; `--endpoint` adds a remote model's narrative summary (Markdown only).

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../document/parse';
import { explainDocument, explanationMarkdown } from '../explain/explain';
import { narrativeSummary, withNarrative, withoutNarrative } from '../explain/narrative';
import { selectLines, type LineSpan } from '../explain/selection';
import { ProvenanceLedger } from '../provenance/ledger';
import { LEDGER_FORMAT } from '../provenance/store';
import { RemoteModel } from '../remote/openaiModel';
import type { ProvenanceRecord } from '../provenance/types';
import { parseCommand } from './args';
import { endpointSettings, modelOptions } from './modelOptions';
import { readYamlInput, UsageError } from './usage';

/** `--lines 12-30` (or `--lines 12`): 1-based, inclusive. */
function lineSpan(text: string): LineSpan {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  const span: LineSpan | undefined = m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
  if (!span || span[0] < 1 || span[1] < span[0])
    throw new UsageError(`explain: --lines must be FIRST-LAST (1-based, e.g. 12-30), not '${text}'`);
  return span;
}

/** A regular, non-binary file's bytes; a UsageError naming `what` otherwise. */
async function readInput(what: string, file: string): Promise<Buffer> {
  return Buffer.from((await readYamlInput('explain', file, `${what} ${file}`)).text, 'utf8');
}

/**
 * The ledger's records for `uri`. The ledger reader moves a file it cannot read aside, which a
 * read-only command must not cause, so the file is checked to be a ledger first.
 */
async function ledgerRecords(file: string, uri: string): Promise<ProvenanceRecord[]> {
  const path = resolve(file);
  const text = (await readInput('ledger', file)).toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`explain: ledger ${file}: not JSON`);
  }
  const d = data as { format?: unknown; records?: unknown };
  if (typeof d !== 'object' || d === null || d.format !== LEDGER_FORMAT || !Array.isArray(d.records))
    throw new UsageError(`explain: ledger ${file}: not a provenance ledger`);
  const problems: string[] = [];
  const ledger = await ProvenanceLedger.open(path, { warn: (line) => problems.push(line) });
  if (problems.length) throw new UsageError(`explain: ${problems[0]}`);
  return ledger.forDocument(uri);
}

export const explainUsage = `explain FILE [--format md|json] [--ledger FILE] [--lines FIRST-LAST] [ENDPOINT]
      What a playbook or task file (or those lines of it) does, in plain words grounded in the
      module documentation, with its AI-written parts and their licences (from a provenance
      ledger); with ENDPOINT, the model's narrative summary on top.`;

export async function runExplain(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const args = parseCommand(
    argv,
    {
      name: 'explain',
      usage: explainUsage,
      positionals: true,
      options: {
        format: { type: 'string', default: 'md' },
        ledger: { type: 'string' },
        lines: { type: 'string' },
        ...modelOptions,
      },
    },
    out,
  );
  if (!args) return 0;
  const { values, positionals, cacheDir } = args;
  const format = values.format;
  if (format !== 'md' && format !== 'json') throw new UsageError(`explain: unknown format '${format}' (md or json)`);
  if (!positionals.length)
    throw new UsageError('explain: no file given (usage: scribe explain FILE [--format md|json])');
  if (positionals.length > 1) throw new UsageError('explain: one file at a time');
  const span = values.lines !== undefined ? lineSpan(values.lines) : undefined;
  const endpoint = endpointSettings('explain', values);
  if (endpoint && format === 'json')
    throw new UsageError('explain: --endpoint adds a Markdown summary: use --format md');

  const path = resolve(positionals[0]);
  const text = (await readInput('file', positionals[0])).toString('utf8');
  const uri = pathToFileURL(path).href;
  const provenance = values.ledger !== undefined ? await ledgerRecords(values.ledger, uri) : [];

  const catalog = new AnsibleCatalog({ cacheDir, ansiblePath: values['ansible-path'], prefetch: false });
  try {
    await catalog.ready();
    const cs = catalog.status();
    if (cs.state !== 'ready')
      process.stderr.write(`scribe: module documentation unavailable: ${cs.message ?? cs.state}\n`);
    let explanation = await explainDocument(parseAnsibleDocument(uri, text), catalog, provenance);
    if (span) explanation = selectLines(explanation, span);
    if (format === 'json') {
      out.write(JSON.stringify(explanation, null, 2) + '\n');
      return 0;
    }
    const grounded = explanationMarkdown(explanation);
    if (!endpoint) {
      out.write(grounded);
      return 0;
    }
    const selected = span
      ? text
          .split('\n')
          .slice(span[0] - 1, span[1])
          .join('\n')
      : text;
    try {
      const summary = await narrativeSummary(
        { fileText: selected, grounded },
        { model: new RemoteModel({ settings: endpoint }) },
      );
      out.write(withNarrative(grounded, summary, `${endpoint.name} at ${endpoint.endpoint}`));
      return 0;
    } catch (e) {
      // The grounded explanation stands on its own: printed, with the reason the summary is missing.
      const reason = e instanceof Error ? e.message : String(e);
      process.stderr.write(`scribe: explain: no summary: ${reason}\n`);
      out.write(withoutNarrative(grounded, reason));
      return 1;
    }
  } finally {
    catalog.dispose();
  }
}
