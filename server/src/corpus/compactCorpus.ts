// The stored corpus in memory: columns over one file instead of one JS object graph per task.
//
// Measured with a heap snapshot of the suggestion worker (24,124 installed tasks): as objects the
// corpus held 39 MiB of heap (the args objects alone had 12,171 distinct key sets, so V8 kept
// ~9 MiB of hidden classes for them; `variables` were 3.8 MB of JSON), and loading it parsed 21 MB
// of JSON text, held as a two-byte string (42 MB) because 27 rows are not ASCII: the worker's peak.
// Here the small fields are typed-array columns and the strings UTF-8 bytes, decoded when read:
// ids and names (1.3 MB, read for every task when the index and the model load) stay in memory;
// text, args and keywords (13 MB, read for a suggestion's few examples and matches) stay in the
// file and are read from it when asked for (a positioned read of the open file; the corpus folder
// is replaced by renaming, so the open file never changes under us). Tasks are `StoredTask`s, two
// fields each, behind the usual CorpusTask interface; args and keywords are parsed on demand and
// the last few hundred kept (an LRU), so a suggestion reading an example's args several times
// parses them once.
//
// File layout (little-endian):
//   "SCRIBECO" | u32 header bytes | header JSON | pad to 4 | u32 columns… | u8 columns…
//   | hot strings (id, name) | cold strings (text, args, keywords)

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { CorpusTask, Provenance, TaskOrigin } from './types';

const MAGIC = 'SCRIBECO';
const FORMAT = 'ansible-scribe-corpus';

/** The string fields of a task: ids and names in the hot area, the rest in the cold one. */
const enum Field {
  Id = 0,
  Name = 1,
  Text = 2,
  Args = 3,
  Keywords = 4,
}
const HOT = 2;
const COLD = 3;

type Section = CorpusTask['context']['section'];
type Group = [Provenance['source'], string, string, string, string]; // source, collection, version, repoUrl, license

interface Header {
  format: string;
  schema: number;
  count: number;
  groups: Group[];
  paths: string[];
  /** Module names (as written and FQCN), previous modules. */
  names: string[];
  /** Distinct variable lists (tasks of one file or role share theirs). */
  lists: string[][];
  origins: TaskOrigin[];
  sections: Section[];
  /** Element counts of the u32 columns, then of the u8 columns, then the two string areas' bytes. */
  sizes: number[];
}

const U32_COLUMNS = [
  'hot', // HOT·n + 1 offsets into the hot strings (id, name)
  'cold', // COLD·n + 1 offsets into the cold strings (text, args, keywords)
  'module', // names index
  'fqcn', // names index
  'variables', // lists index
  'previousStart', // n + 1 offsets into `previous`
  'previous', // names indexes
  'sourceStart', // n + 1 offsets into `sources` (in triples)
  'sources', // group, path, line
] as const;
const U8_COLUMNS = ['origin', 'section', 'split'] as const;

type Columns = { [K in (typeof U32_COLUMNS)[number]]: Uint32Array } & {
  [K in (typeof U8_COLUMNS)[number]]: Uint8Array;
};

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

/** Growable u32 list (the column builders). */
class U32List {
  private a = new Uint32Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = x;
  }
  get array(): Uint32Array {
    return this.a.subarray(0, this.length);
  }
}

const emptyJson = (v: Record<string, unknown>) => (Object.keys(v).length === 0 ? '' : JSON.stringify(v));

/** The stored form of `tasks` (what `decodeCorpus` reads back). */
export function encodeCorpus(tasks: readonly CorpusTask[], schema: number): Buffer {
  const n = tasks.length;
  const groups = new Interner<Group>((g) => g.join('\0'));
  const paths = new Interner<string>((p) => p);
  const names = new Interner<string>((x) => x);
  const lists = new Interner<string[]>((l) => l.join('\0'));
  const origins = new Interner<TaskOrigin>((o) => o);
  const sections = new Interner<Section>((s) => s);
  const hot = new Uint32Array(HOT * n + 1);
  const cold = new Uint32Array(COLD * n + 1);
  const hotChunks: Buffer[] = [];
  const coldChunks: Buffer[] = [];
  let hotBytes = 0;
  let coldBytes = 0;
  const module = new Uint32Array(n);
  const fqcn = new Uint32Array(n);
  const variables = new Uint32Array(n);
  const previousStart = new Uint32Array(n + 1);
  const previous = new U32List();
  const sourceStart = new Uint32Array(n + 1);
  const sources = new U32List();
  const origin = new Uint8Array(n);
  const section = new Uint8Array(n);
  const split = new Uint8Array(n);
  tasks.forEach((t, i) => {
    [t.id, t.name].forEach((s, f) => {
      const b = Buffer.from(s, 'utf8');
      hotChunks.push(b);
      hot[i * HOT + f] = hotBytes;
      hotBytes += b.length;
    });
    [t.text, emptyJson(t.args), emptyJson(t.keywords)].forEach((s, f) => {
      const b = Buffer.from(s, 'utf8');
      coldChunks.push(b);
      cold[i * COLD + f] = coldBytes;
      coldBytes += b.length;
    });
    module[i] = names.add(t.module);
    fqcn[i] = names.add(t.fqcn);
    variables[i] = lists.add(t.context.variables);
    for (const m of t.context.previousModules) previous.push(names.add(m));
    previousStart[i + 1] = previous.length;
    for (const s of t.sources) {
      sources.push(groups.add([s.source, s.collection, s.version, s.repoUrl, s.license]));
      sources.push(paths.add(s.path));
      sources.push(s.line);
    }
    sourceStart[i + 1] = sources.length / 3;
    origin[i] = origins.add(t.origin);
    section[i] = sections.add(t.context.section);
    split[i] = t.split === 'test' ? 1 : 0;
  });
  hot[HOT * n] = hotBytes;
  cold[COLD * n] = coldBytes;
  if (origins.items.length > 255 || sections.items.length > 255) throw new Error('corpus: too many kinds');
  const u32 = [hot, cold, module, fqcn, variables, previousStart, previous.array, sourceStart, sources.array];
  const u8 = [origin, section, split];
  const header: Header = {
    format: FORMAT,
    schema,
    count: n,
    groups: groups.items,
    paths: paths.items,
    names: names.items,
    lists: lists.items,
    origins: origins.items,
    sections: sections.items,
    sizes: [...u32.map((a) => a.length), ...u8.map((a) => a.length), hotBytes, coldBytes],
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align4(MAGIC.length + 4 + json.length);
  const head = Buffer.alloc(start);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, MAGIC.length);
  json.copy(head, MAGIC.length + 4);
  const view = (a: Uint32Array | Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([head, ...u32.map(view), ...u8.map(view), ...hotChunks, ...coldChunks]);
}

/** Reads and checks the header; where the cold strings start. */
function layout(
  data: Buffer,
  fileSize: number,
  schema: number,
): { header: Header; jsonLength: number; coldStart: number } {
  if (data.length < MAGIC.length + 4 || data.toString('latin1', 0, MAGIC.length) !== MAGIC)
    throw new Error('not a stored corpus');
  const jsonLength = data.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + jsonLength > data.length) throw new Error('stored corpus: truncated header');
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength)) as Header;
  } catch {
    throw new Error('stored corpus: unreadable header');
  }
  if (header.format !== FORMAT || header.schema !== schema)
    throw new Error(`stored corpus has schema ${header.schema}, not ${schema}`);
  const widths = [...U32_COLUMNS.map(() => 4), ...U8_COLUMNS.map(() => 1), 1, 1];
  if (!Array.isArray(header.sizes) || header.sizes.length !== widths.length)
    throw new Error('stored corpus: inconsistent file');
  let at = align4(MAGIC.length + 4 + jsonLength);
  let coldStart = 0;
  header.sizes.forEach((size, k) => {
    if (!Number.isInteger(size) || size < 0) throw new Error('stored corpus: inconsistent file');
    if (k === widths.length - 1) coldStart = at;
    at += size * widths[k];
  });
  if (at > fileSize) throw new Error('stored corpus: truncated file');
  if (at < fileSize) throw new Error('stored corpus: inconsistent file');
  return { header, jsonLength, coldStart };
}

function align4(x: number): number {
  return Math.ceil(x / 4) * 4;
}

/** Parsed args and keywords kept for the tasks read last (a suggestion reads its examples' args repeatedly). */
const PARSED_CACHE = 512;

/** Reads `length` bytes at `position` of the cold string area. */
type ColdReader = (position: number, length: number) => string;

/** Open files of corpora no longer reachable are closed when collected. */
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
});

/** The stored corpus, columns over one file. Throws with a one-line reason on a foreign or damaged file. */
export class CompactCorpus {
  readonly tasks: readonly CorpusTask[];
  private readonly header: Header;
  private readonly c: Columns;
  private readonly hotText: Buffer;
  private readonly readCold: ColdReader;
  private readonly parsed = new Map<number, Record<string, unknown>>();
  private idTable: Int32Array | undefined;

  /** Opens a stored corpus file: its columns and hot strings are read, the cold strings stay in the file. */
  static open(path: string, schema: number): CompactCorpus {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const readPrefix = (length: number) => {
        const b = Buffer.alloc(Math.min(length, size));
        readSync(fd, b, 0, b.length, 0);
        return b;
      };
      const start = readPrefix(MAGIC.length + 4);
      const jsonLength = start.length === MAGIC.length + 4 ? start.readUInt32LE(MAGIC.length) : 0;
      const { coldStart } = layout(readPrefix(MAGIC.length + 4 + jsonLength), size, schema);
      // One aligned read of everything before the cold strings.
      const head = Buffer.alloc(coldStart);
      if (readSync(fd, head, 0, coldStart, 0) !== coldStart) throw new Error('stored corpus: truncated file');
      let scratch = Buffer.alloc(64 * 1024);
      const corpus = new CompactCorpus(head, schema, size, (position, length) => {
        if (length > scratch.length) scratch = Buffer.alloc(Math.max(length, scratch.length * 2));
        const got = readSync(fd, scratch, 0, length, coldStart + position);
        if (got !== length) throw new Error(`stored corpus ${path}: truncated file`);
        return scratch.toString('utf8', 0, length);
      });
      openFiles.register(corpus, fd);
      return corpus;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /**
   * A corpus over `data`: the whole file, or (`open`) the part before the cold strings, with
   * `fileSize` and a reader for the rest.
   */
  constructor(data: Buffer, schema: number, fileSize = data.length, readCold?: ColdReader) {
    const { header, jsonLength, coldStart } = layout(data, fileSize, schema);
    this.header = header;
    // Typed arrays are views of `data` when it is 4-byte aligned (a file read whole is); else one copy.
    const buf = data.byteOffset % 4 === 0 ? data : Buffer.from(data);
    let at = align4(MAGIC.length + 4 + jsonLength);
    const columns: Record<string, Uint32Array | Uint8Array> = {};
    const take = (name: string, size: number, width: 1 | 4) => {
      columns[name] =
        width === 4 ? new Uint32Array(buf.buffer, buf.byteOffset + at, size) : buf.subarray(at, at + size);
      at += size * width;
    };
    U32_COLUMNS.forEach((name, k) => take(name, header.sizes[k], 4));
    U8_COLUMNS.forEach((name, k) => take(name, header.sizes[U32_COLUMNS.length + k], 1));
    const hotBytes = header.sizes[U32_COLUMNS.length + U8_COLUMNS.length];
    this.hotText = buf.subarray(at, at + hotBytes);
    if (readCold) this.readCold = readCold;
    else {
      const coldText = buf.subarray(coldStart);
      this.readCold = (position, length) => coldText.toString('utf8', position, position + length);
    }
    this.c = columns as Columns;
    const n = header.count;
    if (
      this.c.hot.length !== HOT * n + 1 ||
      this.c.cold.length !== COLD * n + 1 ||
      this.c.module.length !== n ||
      this.c.sourceStart.length !== n + 1 ||
      this.c.hot[HOT * n] !== hotBytes ||
      this.c.cold[COLD * n] !== header.sizes[U32_COLUMNS.length + U8_COLUMNS.length + 1]
    )
      throw new Error('stored corpus: inconsistent file');
    this.tasks = Array.from({ length: n }, (_, i) => new StoredTask(this, i));
  }

  /** The task with this id, or undefined. */
  byId(id: string): CorpusTask | undefined {
    const table = (this.idTable ??= this.buildIdTable());
    const mask = table.length - 1;
    for (let h = hashId(id) & mask; table[h] >= 0; h = (h + 1) & mask)
      if (this.string(table[h], Field.Id) === id) return this.tasks[table[h]];
    return undefined;
  }

  /** An open-addressing table of task indexes by id hash (4 bytes a slot, half full at most). */
  private buildIdTable(): Int32Array {
    const n = this.header.count;
    let size = 1024;
    while (size < n * 2) size *= 2;
    const table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let i = 0; i < n; i++) {
      let h = hashId(this.string(i, Field.Id)) & mask;
      while (table[h] >= 0) h = (h + 1) & mask;
      table[h] = i;
    }
    return table;
  }

  /** @internal */
  string(i: number, f: Field): string {
    if (f < HOT) {
      const k = i * HOT + f;
      return this.hotText.toString('utf8', this.c.hot[k], this.c.hot[k + 1]);
    }
    const k = i * COLD + f - HOT;
    const start = this.c.cold[k];
    const length = this.c.cold[k + 1] - start;
    return length === 0 ? '' : this.readCold(start, length);
  }

  /** @internal Args (f = Args) or keywords (f = Keywords), parsed; the same object while it stays cached. */
  json(i: number, f: Field.Args | Field.Keywords): Record<string, unknown> {
    const key = i * 2 + (f === Field.Args ? 0 : 1);
    let v = this.parsed.get(key);
    if (v) {
      this.parsed.delete(key);
    } else {
      const s = this.string(i, f);
      v = s ? (JSON.parse(s) as Record<string, unknown>) : {};
      if (this.parsed.size >= PARSED_CACHE) this.parsed.delete(this.parsed.keys().next().value as number);
    }
    this.parsed.set(key, v);
    return v;
  }

  /** @internal */
  module(i: number): string {
    return this.header.names[this.c.module[i]];
  }

  /** @internal */
  fqcn(i: number): string {
    return this.header.names[this.c.fqcn[i]];
  }

  /** @internal */
  origin(i: number): TaskOrigin {
    return this.header.origins[this.c.origin[i]];
  }

  /** @internal */
  split(i: number): CorpusTask['split'] {
    return this.c.split[i] === 1 ? 'test' : 'train';
  }

  /** @internal */
  context(i: number): CorpusTask['context'] {
    const previous: string[] = [];
    for (let k = this.c.previousStart[i]; k < this.c.previousStart[i + 1]; k++)
      previous.push(this.header.names[this.c.previous[k]]);
    return {
      previousModules: previous,
      section: this.header.sections[this.c.section[i]],
      variables: this.header.lists[this.c.variables[i]],
    };
  }

  /** @internal */
  sources(i: number): Provenance[] {
    const out: Provenance[] = [];
    const s = this.c.sources;
    for (let k = this.c.sourceStart[i] * 3; k < this.c.sourceStart[i + 1] * 3; k += 3) {
      const [source, collection, version, repoUrl, license] = this.header.groups[s[k]];
      out.push({ source, collection, version, path: this.header.paths[s[k + 1]], line: s[k + 2], repoUrl, license });
    }
    return out;
  }
}

/** FNV-1a over the id's UTF-16 code units. */
function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * One task of a CompactCorpus. Fields are read from the columns on each access (strings decoded,
 * `context` and `sources` built anew; args and keywords through the corpus's small cache), so
 * holding all tasks costs two fields each. Not structured-cloneable (postMessage): send plainTask(t).
 */
class StoredTask implements CorpusTask {
  readonly #corpus: CompactCorpus;
  readonly #i: number;

  constructor(corpus: CompactCorpus, i: number) {
    this.#corpus = corpus;
    this.#i = i;
  }
  get id(): string {
    return this.#corpus.string(this.#i, Field.Id);
  }
  get name(): string {
    return this.#corpus.string(this.#i, Field.Name);
  }
  get module(): string {
    return this.#corpus.module(this.#i);
  }
  get fqcn(): string {
    return this.#corpus.fqcn(this.#i);
  }
  get text(): string {
    return this.#corpus.string(this.#i, Field.Text);
  }
  get args(): Record<string, unknown> {
    return this.#corpus.json(this.#i, Field.Args);
  }
  get keywords(): Record<string, unknown> {
    return this.#corpus.json(this.#i, Field.Keywords);
  }
  get origin(): TaskOrigin {
    return this.#corpus.origin(this.#i);
  }
  get context(): CorpusTask['context'] {
    return this.#corpus.context(this.#i);
  }
  get sources(): Provenance[] {
    return this.#corpus.sources(this.#i);
  }
  get split(): CorpusTask['split'] {
    return this.#corpus.split(this.#i);
  }
  toJSON(): CorpusTask {
    return plainTask(this);
  }
}

/** A corpus task as a plain object (what JSON.stringify and structured clone need). */
export function plainTask(t: CorpusTask): CorpusTask {
  return {
    id: t.id,
    name: t.name,
    module: t.module,
    fqcn: t.fqcn,
    text: t.text,
    args: t.args,
    keywords: t.keywords,
    origin: t.origin,
    context: t.context,
    sources: t.sources,
    split: t.split,
  };
}
