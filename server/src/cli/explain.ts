// `scribe explain FILE`: the grounded explanation of a playbook, task file or handler file, as
// Markdown or JSON; `--ledger` marks the parts a provenance ledger records as AI-written.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultCacheDir } from '../cacheDir';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../document/parse';
import { explainDocument, explanationMarkdown } from '../explain/explain';
import { ProvenanceLedger } from '../provenance/ledger';
import { LEDGER_FORMAT } from '../provenance/store';
import type { ProvenanceRecord } from '../provenance/types';
import { readYamlInput, UsageError } from './usage';

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

export async function runExplain(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'md' },
        ledger: { type: 'string' },
        'cache-dir': { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  const format = values.format;
  if (format !== 'md' && format !== 'json') throw new UsageError(`explain: unknown format '${format}' (md or json)`);
  if (!positionals.length)
    throw new UsageError('explain: no file given (usage: scribe explain FILE [--format md|json])');
  if (positionals.length > 1) throw new UsageError('explain: one file at a time');

  const path = resolve(positionals[0]);
  const text = (await readInput('file', positionals[0])).toString('utf8');
  const uri = pathToFileURL(path).href;
  const provenance = values.ledger !== undefined ? await ledgerRecords(values.ledger, uri) : [];

  const catalog = new AnsibleCatalog({ cacheDir: values['cache-dir'] ?? defaultCacheDir(), prefetch: false });
  try {
    await catalog.ready();
    const cs = catalog.status();
    if (cs.state !== 'ready')
      process.stderr.write(`scribe: module documentation unavailable: ${cs.message ?? cs.state}\n`);
    const explanation = await explainDocument(parseAnsibleDocument(uri, text), catalog, provenance);
    out.write(format === 'json' ? JSON.stringify(explanation, null, 2) + '\n' : explanationMarkdown(explanation));
    return 0;
  } finally {
    catalog.dispose();
  }
}
