// The corpus on disk: `manifest.json` (CorpusManifest) and `tasks.jsonl.gz`, whose first line holds
// the shared tables (provenance groups, paths, module names) and each further line one task as a
// positional array. Written to temporary names and renamed, the manifest last, so a reader never
// sees half a corpus. Loading re-creates shared strings and provenance objects once (interned).

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CorpusManifest, CorpusTask, Provenance } from './types';

/** Bump when the stored form or what is extracted changes: older caches are rebuilt. */
export const corpusSchema = 1;

const tasksFile = 'tasks.jsonl.gz';
const manifestFile = 'manifest.json';

type Group = [Provenance['source'], string, string, string, string]; // source, collection, version, repoUrl, license
type Row = [
  string, // id
  string, // name
  number, // module (table index)
  number, // fqcn (table index)
  string, // text
  Record<string, unknown>, // args
  Record<string, unknown>, // keywords
  CorpusTask['origin'],
  number[], // previousModules (table indexes)
  CorpusTask['context']['section'],
  string[], // variables
  [number, number, number][], // sources: group, path, line
  0 | 1, // split: 1 = test
];

interface Tables {
  schema: number;
  groups: Group[];
  paths: string[];
  names: string[];
}

class Interner<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (t: T) => string) {}
  add(t: T): number {
    const k = this.keyOf(t);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(t);
      this.index.set(k, i);
    }
    return i;
  }
}

export function saveCorpus(dir: string, tasks: readonly CorpusTask[], manifest: CorpusManifest): void {
  mkdirSync(dir, { recursive: true });
  const groups = new Interner<Group>((g) => g.join('\0'));
  const paths = new Interner<string>((p) => p);
  const names = new Interner<string>((n) => n);
  const rows: string[] = [];
  for (const t of tasks) {
    const row: Row = [
      t.id,
      t.name,
      names.add(t.module),
      names.add(t.fqcn),
      t.text,
      t.args,
      t.keywords,
      t.origin,
      t.context.previousModules.map((m) => names.add(m)),
      t.context.section,
      t.context.variables,
      t.sources.map((s) => [
        groups.add([s.source, s.collection, s.version, s.repoUrl, s.license]),
        paths.add(s.path),
        s.line,
      ]),
      t.split === 'test' ? 1 : 0,
    ];
    rows.push(JSON.stringify(row));
  }
  const tables: Tables = { schema: corpusSchema, groups: groups.items, paths: paths.items, names: names.items };
  const body = gzipSync(`${JSON.stringify(tables)}\n${rows.join('\n')}\n`, { level: 6 });
  writeAtomic(join(dir, tasksFile), body);
  writeAtomic(join(dir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
}

function writeAtomic(path: string, data: string | Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** The manifest of a stored corpus, or undefined when there is none (or of another schema). */
export function readManifest(dir: string): CorpusManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, manifestFile), 'utf8')) as CorpusManifest;
    return m.schema === corpusSchema ? m : undefined;
  } catch {
    return undefined;
  }
}

export interface LoadedCorpus {
  manifest: CorpusManifest;
  tasks: CorpusTask[];
}

/** Reads a stored corpus; throws with a one-line reason when it is missing or unreadable. */
export function loadCorpus(dir: string): LoadedCorpus {
  const manifest = readManifest(dir);
  if (!manifest) throw new Error(`no corpus (schema ${corpusSchema}) in ${dir}`);
  const text = gunzipSync(readFileSync(join(dir, tasksFile))).toString('utf8');
  let at = text.indexOf('\n');
  const tables = JSON.parse(text.slice(0, at)) as Tables;
  if (tables.schema !== corpusSchema)
    throw new Error(`corpus in ${dir} has schema ${tables.schema}, not ${corpusSchema}`);
  const provenance = new Map<string, Provenance>();
  const sourceOf = ([g, p, line]: [number, number, number]): Provenance => {
    const k = `${g}:${p}:${line}`;
    let found = provenance.get(k);
    if (!found) {
      const [source, collection, version, repoUrl, license] = tables.groups[g];
      found = { source, collection, version, path: tables.paths[p], line, repoUrl, license };
      provenance.set(k, found);
    }
    return found;
  };
  // Tasks of one file or role share their variable lists: keep one array per distinct list.
  const variableLists = new Map<string, string[]>();
  const internList = (names: string[]) => {
    const k = names.join('\0');
    let v = variableLists.get(k);
    if (v === undefined) variableLists.set(k, (v = names));
    return v;
  };
  const tasks: CorpusTask[] = [];
  while (at < text.length - 1) {
    const next = text.indexOf('\n', at + 1);
    const end = next < 0 ? text.length : next;
    const r = JSON.parse(text.slice(at + 1, end)) as Row;
    at = end;
    tasks.push({
      id: r[0],
      name: r[1],
      module: tables.names[r[2]],
      fqcn: tables.names[r[3]],
      text: r[4],
      args: r[5],
      keywords: r[6],
      origin: r[7],
      context: { previousModules: r[8].map((i) => tables.names[i]), section: r[9], variables: internList(r[10]) },
      sources: r[11].map(sourceOf),
      split: r[12] === 1 ? 'test' : 'train',
    });
  }
  return { manifest, tasks };
}
