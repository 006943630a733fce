// The Jinja filters and tests a template can use: Jinja2's own (a static list: ansible-doc does not
// list them) and the filter and test plugins of the installed Ansible and collections
// (`ansible-doc -t filter|test --list --json`, ansible-core 2.14+). Lazy like the module catalog:
// nothing runs until ready() or loadDoc. The lists are cached on disk under a key of the
// installation (the module catalog's fingerprint plus the filter/ and test/ plugin folders), so a
// warm start spawns nothing; docs (`ansible-doc -t filter --json NAME…`) are fetched per
// collection on first use and cached beside them. Processes run through the catalog's
// ProcessRunner, started as launch.ts says (away from an untrusted workspace's ansible.cfg).

import { createHash } from 'node:crypto';
import { promises as fs, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { CatalogDiskCache, installationKey, locatorKey, readJson, writeFileAtomic } from './diskCache';
import { discoverInstallation, findAnsibleDoc, type Installation } from './installation';
import { ansibleLaunch, type AnsibleLaunch } from './launch';
import { paragraphs } from './markup';
import { ProcessRunner, type RunResult } from './processes';

export type JinjaPluginType = 'filter' | 'test';

export interface JinjaPlugin {
  type: JinjaPluginType;
  /** ansible.builtin.to_json, community.general.json_query; Jinja2's own: its bare name (`default`). */
  fqcn: string;
  /** The name without its collection (`to_json`). */
  name: string;
  /** Jinja2's own filters and tests, or a plugin of ansible-core or a collection. */
  origin: 'jinja2' | 'ansible';
  shortDescription: string;
  /** ansible-doc has documentation for it (the list says `UNDOCUMENTED` for a plugin without). */
  documented: boolean;
}

export interface JinjaPluginOption {
  name: string;
  description: string;
  type?: string;
  required: boolean;
  default?: unknown;
  choices?: unknown[];
}

export interface JinjaPluginDoc {
  fqcn: string;
  type: JinjaPluginType;
  shortDescription: string;
  /** Plain text paragraphs (markup converted). */
  description: string[];
  /** Positional arguments after the piped value, in order (`positional:` without `_input`). */
  positional: string[];
  /** Every option but `_input` (the value before the `|` or `is`). */
  options: JinjaPluginOption[];
  aliases: string[];
  examples?: string;
  /** What it returns (`return._value.description`). */
  returns?: string;
  notes: string[];
  requirements: string[];
}

/**
 * Jinja2's builtin filters (Jinja 3.1, `jinja2.defaults.DEFAULT_FILTERS`), which Ansible keeps
 * under their bare names; a plugin of ansible.builtin with the same name (random, unique…) replaces
 * the Jinja one. One line each, from Jinja's own docstrings.
 */
export const JINJA2_BUILTIN_FILTERS: Readonly<Record<string, string>> = {
  abs: 'Return the absolute value of the argument.',
  attr: 'Get an attribute of an object: foo|attr("bar") works like foo.bar.',
  batch: 'Batch items into lists of a given size.',
  capitalize: 'Capitalize a value: first character uppercase, all others lowercase.',
  center: 'Center the value in a field of a given width.',
  count: 'Return the number of items in a container (alias of length).',
  d: 'Return the default value if the value is undefined (alias of default).',
  default: 'Return the default value if the value is undefined (or false, with boolean=true).',
  dictsort: 'Sort a dict and yield (key, value) pairs.',
  e: 'Escape &, <, >, \' and " for HTML (alias of escape).',
  escape: 'Escape &, <, >, \' and " for HTML.',
  filesizeformat: 'Format a number of bytes as a human-readable file size (13 kB, 4.1 MB…).',
  first: 'Return the first item of a sequence.',
  float: 'Convert the value into a floating point number.',
  forceescape: 'Enforce HTML escaping (may double-escape).',
  format: 'Apply values to a printf-style format string.',
  groupby: 'Group a sequence of objects by an attribute.',
  indent: 'Indent each line of a string (4 spaces by default).',
  int: 'Convert the value into an integer.',
  items: 'Return the (key, value) items of a mapping.',
  join: 'Concatenate the strings of a sequence, with a separator.',
  last: 'Return the last item of a sequence.',
  length: 'Return the number of items in a container.',
  list: 'Convert the value into a list.',
  lower: 'Convert a value to lowercase.',
  map: 'Apply a filter to each item of a sequence, or look up an attribute of each.',
  max: 'Return the largest item of a sequence.',
  min: 'Return the smallest item of a sequence.',
  pprint: 'Pretty print a variable (for debugging).',
  random: 'Return a random item of a sequence.',
  reject: 'Drop the items for which a test succeeds.',
  rejectattr: 'Drop the items whose attribute passes a test.',
  replace: 'Replace every occurrence of a substring with another.',
  reverse: 'Reverse a sequence or string.',
  round: 'Round a number to a given precision.',
  safe: 'Mark the value as safe (no automatic escaping).',
  select: 'Keep the items for which a test succeeds.',
  selectattr: 'Keep the items whose attribute passes a test.',
  slice: 'Slice an iterator into a number of lists.',
  sort: 'Sort an iterable (optionally by an attribute).',
  string: 'Convert an object to a string.',
  striptags: 'Strip SGML/XML tags and collapse whitespace.',
  sum: 'Return the sum of a sequence of numbers (optionally of an attribute).',
  title: 'Return a titlecased version of the value.',
  tojson: 'Serialize an object to JSON (marked safe for HTML).',
  trim: 'Strip leading and trailing characters (whitespace by default).',
  truncate: 'Truncate a string to a given length.',
  unique: 'Return the unique items of an iterable.',
  upper: 'Convert a value to uppercase.',
  urlencode: 'Quote data for a URL path or query (UTF-8).',
  urlize: 'Convert URLs in text into clickable links.',
  wordcount: 'Count the words in a string.',
  wordwrap: 'Wrap a string to a given width.',
  xmlattr: 'Build an SGML/XML attribute string from a dict.',
};

/** Jinja2's builtin tests (Jinja 3.1, `jinja2.defaults.DEFAULT_TESTS`, the word-named ones). */
export const JINJA2_BUILTIN_TESTS: Readonly<Record<string, string>> = {
  boolean: 'Whether the value is a boolean.',
  callable: 'Whether the value is callable.',
  defined: 'Whether the variable is defined.',
  divisibleby: 'Whether a number is divisible by another.',
  eq: 'Same as a == b.',
  equalto: 'Same as a == b.',
  escaped: 'Whether the value is escaped.',
  even: 'Whether the number is even.',
  false: 'Whether the value is False.',
  filter: 'Whether a filter of that name exists.',
  float: 'Whether the value is a float.',
  ge: 'Same as a >= b.',
  greaterthan: 'Same as a > b.',
  gt: 'Same as a > b.',
  in: 'Whether the value is in a sequence.',
  integer: 'Whether the value is an integer.',
  iterable: 'Whether the value can be iterated over.',
  le: 'Same as a <= b.',
  lessthan: 'Same as a < b.',
  lower: 'Whether the string is lowercase.',
  lt: 'Same as a < b.',
  mapping: 'Whether the value is a mapping (dict…).',
  ne: 'Same as a != b.',
  none: 'Whether the value is none.',
  number: 'Whether the value is a number.',
  odd: 'Whether the number is odd.',
  sameas: 'Whether two values are the same object.',
  sequence: 'Whether the value is a sequence (list, string…).',
  string: 'Whether the value is a string.',
  test: 'Whether a test of that name exists.',
  true: 'Whether the value is True.',
  undefined: 'Whether the variable is undefined.',
  upper: 'Whether the string is uppercase.',
};

const TYPES: readonly JinjaPluginType[] = ['filter', 'test'];

/** Bump when the shape of plugins.json or a docs file changes. */
const JINJA_CACHE_SCHEMA = 2;

/** What ansible-doc's list says of a plugin that has no documentation. */
const UNDOCUMENTED = 'UNDOCUMENTED';

interface ListData {
  schema: number;
  key: string;
  filter: Record<string, string>;
  test: Record<string, string>;
  /** Names Ansible redirects (`json_query` → community.general.json_query), by type, to a listed FQCN. */
  routes: Record<JinjaPluginType, Record<string, string>>;
}

function isListData(v: unknown, key: string): v is ListData {
  const d = v as Partial<ListData> | undefined;
  return (
    !!d &&
    d.schema === JINJA_CACHE_SCHEMA &&
    d.key === key &&
    typeof d.filter === 'object' &&
    typeof d.test === 'object' &&
    typeof d.routes?.filter === 'object' &&
    typeof d.routes.test === 'object'
  );
}

function builtins(type: JinjaPluginType): JinjaPlugin[] {
  const table = type === 'filter' ? JINJA2_BUILTIN_FILTERS : JINJA2_BUILTIN_TESTS;
  return Object.entries(table).map(([name, shortDescription]) => ({
    type,
    fqcn: name,
    name,
    origin: 'jinja2' as const,
    shortDescription,
    documented: false,
  }));
}

const collectionOf = (fqcn: string) => fqcn.split('.').slice(0, 2).join('.');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const oneLine = (v: unknown) =>
  paragraphs(v)
    .join(' ')
    .replace(/\s*\n+\s*/g, ' ');

/** One entry of `ansible-doc -t filter|test --json NAME…` → JinjaPluginDoc; undefined without `doc`. */
export function convertPluginDoc(type: JinjaPluginType, fqcn: string, entry: unknown): JinjaPluginDoc | undefined {
  if (!isRecord(entry) || !isRecord(entry.doc)) return undefined;
  const doc = entry.doc;
  const rawOptions = isRecord(doc.options) ? doc.options : {};
  const positional =
    typeof doc.positional === 'string'
      ? doc.positional
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s && s !== '_input')
      : [];
  const options: JinjaPluginOption[] = [];
  for (const [name, raw] of Object.entries(rawOptions)) {
    if (name === '_input') continue;
    const o = isRecord(raw) ? raw : {};
    const option: JinjaPluginOption = {
      name,
      description: paragraphs(o.description).join('\n\n'),
      required: o.required === true,
    };
    if (typeof o.type === 'string') option.type = o.type;
    if (o.default !== undefined && o.default !== null) option.default = o.default;
    if (Array.isArray(o.choices)) option.choices = o.choices;
    options.push(option);
  }
  // Positional arguments in their call order, then the keyword options.
  options.sort((a, b) => {
    const pa = positional.indexOf(a.name);
    const pb = positional.indexOf(b.name);
    return (pa < 0 ? 1e6 : pa) - (pb < 0 ? 1e6 : pb);
  });
  const ret = isRecord(entry.return) && isRecord(entry.return._value) ? entry.return._value.description : undefined;
  const examples = typeof entry.examples === 'string' ? entry.examples.replace(/^\s*\n/, '').trimEnd() : '';
  const result: JinjaPluginDoc = {
    fqcn,
    type,
    shortDescription: oneLine(doc.short_description),
    description: paragraphs(doc.description),
    positional,
    options,
    aliases: Array.isArray(doc.aliases) ? doc.aliases.map(String) : [],
    notes: paragraphs(doc.notes),
    requirements: paragraphs(doc.requirements),
  };
  if (examples) result.examples = examples;
  const returns = ret === undefined ? '' : oneLine(ret);
  if (returns) result.returns = returns;
  return result;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The `plugin_routing.<type>` mapping of a runtime.yml's text. ansible-core's file is ~10,000 lines
 * of module routing (~250 ms to parse whole, on the server's thread) around filter and test
 * sections of a few dozen lines: a block-style file (ansible-core's and collections' are) is cut by
 * indentation and only that section parsed; anything else is parsed whole.
 */
function routingSection(text: string, type: JinjaPluginType): unknown {
  const lines = text.split('\n');
  const top = lines.findIndex((l) => /^plugin_routing:\s*(#.*)?$/.test(l));
  if (top < 0) {
    if (!text.includes('plugin_routing')) return undefined;
    const whole = parse(text) as unknown;
    return isRecord(whole) && isRecord(whole.plugin_routing) ? whole.plugin_routing[type] : undefined;
  }
  let indent = -1;
  for (let i = top + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (indentOf(line) === 0) return undefined;
    if (indent < 0) indent = indentOf(line);
    const key = /^\s*([\w-]+):\s*(#.*)?$/.exec(line);
    if (indentOf(line) !== indent || key?.[1] !== type) continue;
    let end = i + 1;
    while (end < lines.length && (!lines[end].trim() || indentOf(lines[end]) > indent)) end++;
    const section = parse(lines.slice(i, end).join('\n')) as unknown;
    return isRecord(section) ? section[type] : undefined;
  }
  return undefined;
}

/** `plugin_routing.filter|test` redirects of a runtime.yml's text: name → redirect target. */
function redirects(text: string | undefined, type: JinjaPluginType): Record<string, string> {
  const out: Record<string, string> = {};
  let routing: unknown;
  try {
    routing = text === undefined ? undefined : routingSection(text, type);
  } catch {
    routing = undefined;
  }
  if (!isRecord(routing)) return out;
  for (const [name, raw] of Object.entries(routing))
    if (isRecord(raw) && typeof raw.redirect === 'string' && raw.redirect) out[name] = raw.redirect;
  return out;
}

async function readRuntime(path: string): Promise<string | undefined> {
  return fs.readFile(path, 'utf8').catch(() => undefined);
}

/**
 * The names Ansible redirects to a listed plugin: ansible-core's builtin runtime routes short names
 * that moved to collections (`json_query`, `ipaddr`), and a collection's meta/runtime.yml moves its
 * own names on (ansible.netcommon.ipaddr → ansible.utils.ipaddr). Followed up to 5 hops; a name whose
 * chain ends at no listed plugin is left out. (Module routing: routing.ts; this is the same rule
 * for the `filter` and `test` sections.)
 */
export async function readPluginRoutes(
  inst: Pick<Installation, 'corePath' | 'collectionRoots'>,
  /** The listed plugins; may still be coming (the runtime files are read meanwhile). */
  listing: Promise<Record<JinjaPluginType, Record<string, string>> | undefined>,
): Promise<Record<JinjaPluginType, Record<string, string>> | undefined> {
  const runtimes = new Map<string, Promise<string | undefined>>();
  const runtimeOf = (collection: string) => {
    let found = runtimes.get(collection);
    if (!found) {
      const [ns, name] = collection.split('.');
      found = (async () => {
        for (const root of name ? inst.collectionRoots : []) {
          const runtime = await readRuntime(join(root, ns, name, 'meta', 'runtime.yml'));
          if (runtime !== undefined) return runtime;
        }
        return undefined;
      })();
      runtimes.set(collection, found);
    }
    return found;
  };
  // Read while ansible-doc lists: ansible-core's runtime (~250 ms to parse) and those of the
  // collections that have filter or test plugins.
  const core = readRuntime(join(inst.corePath, 'config', 'ansible_builtin_runtime.yml'));
  for (const root of inst.collectionRoots)
    for (const ns of dirNames(root))
      for (const name of dirNames(join(root, ns)))
        if (TYPES.some((t) => dirNames(join(root, ns, name, 'plugins')).includes(t))) void runtimeOf(`${ns}.${name}`);
  const listed = await listing;
  if (!listed) return undefined;
  const out = { filter: {} as Record<string, string>, test: {} as Record<string, string> };
  for (const type of TYPES) {
    // Where a chain may start: a short name in ansible-core's runtime, or an FQCN in the runtime of a
    // collection that has plugins of this type.
    const starts = redirects(await core, type);
    for (const collection of new Set(Object.keys(listed[type]).map(collectionOf)))
      for (const [name, target] of Object.entries(redirects(await runtimeOf(collection), type)))
        starts[`${collection}.${name}`] = target;
    for (const [name, first] of Object.entries(starts)) {
      let target = first;
      for (let hop = 0; hop < 5 && !(target in listed[type]); hop++) {
        const next = redirects(await runtimeOf(collectionOf(target)), type)[target.split('.').slice(2).join('.')];
        if (!next) break;
        out[type][target] = next;
        target = next;
      }
      if (target in listed[type]) out[type][name] = target;
    }
    // Intermediate names keep only the ones that end at a listed plugin.
    for (const [name, target] of Object.entries(out[type])) {
      let end = target;
      for (let hop = 0; hop < 5 && out[type][end]; hop++) end = out[type][end];
      if (end in listed[type]) out[type][name] = end;
      else delete out[type][name];
    }
  }
  return out;
}

function statLine(path: string): string {
  try {
    const s = statSync(path);
    return `${path}:${s.size}:${Math.round(s.mtimeMs)}`;
  } catch {
    return `${path}:-`;
  }
}

function dirNames(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/**
 * The plugin cache's key: the module catalog's fingerprint of the installation (ansible-core, every
 * collection's MANIFEST/galaxy/runtime) plus the folders that hold filter and test plugins, whose
 * mtime changes when a plugin file is added or removed.
 */
export function pluginKey(inst: Installation, env: NodeJS.ProcessEnv, cwd?: string): string {
  const parts = [`jinja-schema=${JINJA_CACHE_SCHEMA}`, installationKey(inst, env, cwd)];
  for (const type of TYPES) parts.push(statLine(join(inst.corePath, 'plugins', type)));
  for (const root of inst.collectionRoots)
    for (const ns of dirNames(root))
      for (const name of dirNames(join(root, ns)))
        for (const type of TYPES) parts.push(statLine(join(root, ns, name, 'plugins', type)));
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

export interface JinjaPluginCatalogOptions {
  /** Files go to `<cacheDir>/catalog/jinja/`; the module catalog's locators are read from `<cacheDir>/catalog/`. */
  cacheDir: string;
  /** `scribe.ansible.path` as the module catalog takes it. */
  ansiblePath?: string;
  /** Whether the workspace is trusted (default true); see AnsibleCatalogOptions.trusted. */
  trusted?: boolean;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Per ansible-doc run (default 60 s for docs, 120 s for a list). */
  batchTimeoutMs?: number;
}

interface Loaded {
  dir: string;
  launch: AnsibleLaunch;
  exe: string;
  /** type → FQCN → plugin (Ansible's), and short name → plugin for Jinja's and ansible.builtin's. */
  byName: Record<JinjaPluginType, Map<string, JinjaPlugin>>;
  list: Record<JinjaPluginType, JinjaPlugin[]>;
}

export type JinjaPluginState = 'idle' | 'loading' | 'ready' | 'unavailable';

function failure(r: RunResult): string {
  if (r.timedOut) return 'timed out';
  if (r.error) return r.error;
  const last = r.stderr.trim().split('\n').filter(Boolean).pop();
  return last ? `exit ${r.code}: ${last}` : `exit ${r.code}`;
}

/** At most this many ansible-doc processes of this catalog at once (the two lists run together). */
const MAX_PROCESSES = 2;

export class JinjaPluginCatalog {
  private readonly log: (line: string) => void;
  private readonly env: NodeJS.ProcessEnv;
  private readonly runner: ProcessRunner;
  private loading: Promise<void> | undefined;
  private loaded: Loaded | undefined;
  private stateNow: JinjaPluginState = 'idle';
  private message = '';
  /** `type:fqcn` → doc (null: ansible-doc has none). */
  private readonly docs = new Map<string, JinjaPluginDoc | null>();
  /** `type:collection` → the run fetching that collection's docs. */
  private readonly fetching = new Map<string, Promise<void>>();
  private generation = 0;
  private disposed = false;

  constructor(private readonly options: JinjaPluginCatalogOptions) {
    this.log = options.log ?? (() => undefined);
    this.env = options.env ?? process.env;
    this.runner = new ProcessRunner(MAX_PROCESSES, this.log);
  }

  /** Processes spawned so far (a warm start spawns none). */
  get spawnCount(): number {
    return this.runner.spawnCount;
  }

  get state(): JinjaPluginState {
    return this.stateNow;
  }

  /** Why the installed plugins are unavailable, when they are. */
  get problem(): string {
    return this.message;
  }

  /** Starts loading the installed plugins' lists (once); resolves when done. Never rejects. */
  ready(): Promise<void> {
    if (!this.loading) {
      const generation = this.generation;
      this.stateNow = 'loading';
      this.loading = this.load(generation).catch((e: unknown) => {
        if (generation === this.generation) this.unavailable(String(e));
      });
    }
    return this.loading;
  }

  /**
   * Every filter or test: Jinja2's own (always, even before the installed ones are loaded) and the
   * installed plugins once loaded. An ansible.builtin plugin replaces Jinja's of the same name.
   */
  list(type: JinjaPluginType): readonly JinjaPlugin[] {
    return this.loaded?.list[type] ?? builtins(type);
  }

  /** A name as written after `|` or `is`: `to_json`, `ansible.builtin.to_json`, `community.general.json_query`. */
  find(type: JinjaPluginType, name: string): JinjaPlugin | undefined {
    const key = name.startsWith('ansible.legacy.') ? name.slice('ansible.legacy.'.length) : name;
    if (this.loaded) return this.loaded.byName[type].get(key);
    return builtins(type).find((p) => p.name === key);
  }

  /** Documentation already in memory. */
  getDoc(type: JinjaPluginType, name: string): JinjaPluginDoc | undefined {
    const plugin = this.find(type, name);
    return (plugin && this.docs.get(`${type}:${plugin.fqcn}`)) ?? undefined;
  }

  /**
   * Documentation: memory → disk → ansible-doc (the plugin's whole collection in one run, cached).
   * Undefined for Jinja2's own, for plugins ansible-doc cannot document, and unknown names. Never rejects.
   */
  async loadDoc(type: JinjaPluginType, name: string): Promise<JinjaPluginDoc | undefined> {
    try {
      await this.ready();
      const plugin = this.find(type, name);
      if (!plugin || plugin.origin !== 'ansible' || !plugin.documented) return undefined;
      const id = `${type}:${plugin.fqcn}`;
      if (!this.docs.has(id)) await this.fetchCollection(type, collectionOf(plugin.fqcn));
      return this.docs.get(id) ?? undefined;
    } catch (e) {
      this.log(`[jinja] loading the doc of ${type} ${name} failed: ${String(e)}`);
      return undefined;
    }
  }

  /** Drops the disk cache of this installation and loads again. */
  async rebuild(): Promise<void> {
    if (this.disposed) return;
    const dir = this.loaded?.dir;
    this.generation++;
    this.runner.reset();
    this.loaded = undefined;
    this.loading = undefined;
    this.docs.clear();
    this.fetching.clear();
    if (dir) await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    await this.ready();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    this.runner.dispose();
  }

  private unavailable(message: string): void {
    this.log(`[jinja] ${message}`);
    this.message = message;
    this.stateNow = 'unavailable';
  }

  private root(): string {
    return join(this.options.cacheDir, 'catalog', 'jinja');
  }

  private async load(generation: number): Promise<void> {
    if (this.disposed) return;
    const started = Date.now();
    const trusted = this.options.trusted !== false;
    const launch = ansibleLaunch({ trusted, cacheDir: this.options.cacheDir, env: this.env });
    let ansiblePath = this.options.ansiblePath ?? '';
    if (!trusted && ansiblePath && !isAbsolute(ansiblePath)) ansiblePath = '';
    const exe = findAnsibleDoc(ansiblePath, launch.env);
    if (!exe) return this.unavailable(`ansible-doc not found ${ansiblePath ? `in ${ansiblePath}` : 'on PATH'}`);

    // Where Ansible's files are: the module catalog's locator (it re-reads the installation when its
    // own cache goes stale), else ours, else asked of Ansible (two processes, ~0.7 s).
    const locator = locatorKey(exe, launch.env, launch.cwd);
    const valid = (i: Installation | undefined): i is Installation =>
      i?.ansibleDoc === exe && Array.isArray(i.collectionRoots) && typeof i.corePath === 'string';
    let inst = await readJson<Installation>(new CatalogDiskCache(this.options.cacheDir).locatorPath(locator));
    if (!valid(inst)) inst = await readJson<Installation>(this.locatorPath(locator));
    if (!valid(inst)) {
      const found = await discoverInstallation(exe, this.runner, launch, this.log);
      if ('error' in found) return this.unavailable(found.error);
      inst = found;
    }
    if (generation !== this.generation) return;
    const key = pluginKey(inst, launch.env, launch.cwd);
    const dir = join(this.root(), key);
    const listPath = join(dir, 'plugins.json');
    let data = await readJson<unknown>(listPath);
    let spawned = false;
    if (!isListData(data, key)) {
      const lists = Promise.all(TYPES.map((t) => this.listPlugins(exe, launch, t)));
      const [[filter, test], routes] = await Promise.all([
        lists,
        readPluginRoutes(
          inst,
          lists.then(([f, t]) => ('error' in f || 'error' in t ? undefined : { filter: f, test: t })),
        ),
      ]);
      if (generation !== this.generation) return;
      if ('error' in filter) return this.unavailable(filter.error);
      if ('error' in test) return this.unavailable(test.error);
      data = {
        schema: JINJA_CACHE_SCHEMA,
        key,
        filter,
        test,
        routes: routes ?? { filter: {}, test: {} },
      } satisfies ListData;
      await fs.mkdir(join(dir, 'docs'), { recursive: true });
      await writeFileAtomic(listPath, JSON.stringify(data));
      await this.forgetPreviousKey(locator, key, inst);
      spawned = true;
    }
    if (generation !== this.generation) return;
    const list = data as ListData;
    const byName = { filter: new Map<string, JinjaPlugin>(), test: new Map<string, JinjaPlugin>() };
    const all = { filter: [] as JinjaPlugin[], test: [] as JinjaPlugin[] };
    for (const type of TYPES) {
      for (const p of builtins(type)) byName[type].set(p.name, p);
      for (const [fqcn, desc] of Object.entries(list[type])) {
        const documented = desc !== UNDOCUMENTED;
        const plugin: JinjaPlugin = {
          type,
          fqcn,
          name: fqcn.split('.').slice(2).join('.'),
          origin: 'ansible',
          shortDescription: documented ? desc : '',
          documented,
        };
        byName[type].set(fqcn, plugin);
        // Ansible finds ansible.builtin's by their short name, before Jinja's own (random, unique…).
        if (collectionOf(fqcn) === 'ansible.builtin') byName[type].set(plugin.name, plugin);
      }
      all[type] = [...new Set(byName[type].values())];
      // Redirected names (found, not offered: their plugin is offered by its own name).
      for (const [name, target] of Object.entries(list.routes[type])) {
        const plugin = byName[type].get(target);
        if (plugin && !byName[type].has(name)) byName[type].set(name, plugin);
      }
    }
    this.loaded = { dir, launch, exe, byName, list: all };
    this.stateNow = 'ready';
    const counts = TYPES.map((t) => `${Object.keys(list[t]).length} ${t}s`).join(', ');
    this.log(`[jinja] ${counts} ready in ${Date.now() - started} ms (${spawned ? 'from ansible-doc' : 'cached'})`);
  }

  private locatorPath(locator: string): string {
    return join(this.root(), 'locators', `${locator}.json`);
  }

  /** Remembers the installation and key of this ansible-doc and environment, and removes the key before. */
  private async forgetPreviousKey(locator: string, key: string, inst: Installation): Promise<void> {
    const path = this.locatorPath(locator);
    const previous = (await readJson<{ key?: string }>(path))?.key;
    await fs.mkdir(join(this.root(), 'locators'), { recursive: true });
    await writeFileAtomic(path, JSON.stringify({ ...inst, key }));
    if (previous && previous !== key && /^[0-9a-f]+$/.test(previous))
      await fs.rm(join(this.root(), previous), { recursive: true, force: true });
  }

  /** `ansible-doc -t TYPE --list --json`: FQCN → short description (or UNDOCUMENTED). */
  private async listPlugins(
    exe: string,
    launch: AnsibleLaunch,
    type: JinjaPluginType,
  ): Promise<Record<string, string> | { error: string }> {
    const r = await this.runner.run(exe, ['-t', type, '--list', '--json'], {
      timeoutMs: 2 * (this.options.batchTimeoutMs ?? 60_000),
      env: launch.env,
      cwd: launch.cwd,
      urgent: () => true,
    });
    if (r.error || r.timedOut || r.code !== 0) return { error: `ansible-doc -t ${type} --list failed (${failure(r)})` };
    try {
      const parsed: unknown = JSON.parse(r.stdout);
      if (!isRecord(parsed)) return { error: `ansible-doc -t ${type} --list printed no list` };
      const out: Record<string, string> = {};
      for (const [name, desc] of Object.entries(parsed)) if (name.split('.').length >= 3) out[name] = oneLine(desc);
      return out;
    } catch (e) {
      return { error: `cannot parse ansible-doc -t ${type} --list output: ${String(e)}` };
    }
  }

  /** Reads (or fetches and writes) the docs of every documented plugin of `type` in `collection`. */
  private fetchCollection(type: JinjaPluginType, collection: string): Promise<void> {
    const id = `${type}:${collection}`;
    let running = this.fetching.get(id);
    if (!running) {
      running = this.readOrFetch(type, collection, this.generation).finally(() => this.fetching.delete(id));
      this.fetching.set(id, running);
    }
    return running;
  }

  private async readOrFetch(type: JinjaPluginType, collection: string, generation: number): Promise<void> {
    const loaded = this.loaded;
    if (!loaded) return;
    const path = join(loaded.dir, 'docs', `${type}.${collection}.json`);
    let stored = await readJson<Record<string, JinjaPluginDoc | null>>(path);
    if (!isRecord(stored)) {
      const names = loaded.list[type]
        .filter((p) => p.origin === 'ansible' && p.documented && collectionOf(p.fqcn) === collection)
        .map((p) => p.fqcn);
      const fetched = await this.fetchDocs(loaded, type, names);
      if (generation !== this.generation || fetched.cancelled) return;
      stored = Object.fromEntries(names.map((n) => [n, fetched.docs.get(n) ?? null]));
      await fs.mkdir(join(loaded.dir, 'docs'), { recursive: true });
      await writeFileAtomic(path, JSON.stringify(stored)).catch((e: unknown) =>
        this.log(`[jinja] cannot write ${path}: ${String(e)}`),
      );
    }
    if (generation !== this.generation) return;
    for (const [fqcn, doc] of Object.entries(stored)) this.docs.set(`${type}:${fqcn}`, doc);
  }

  /**
   * `ansible-doc -t TYPE --json NAME…`. One plugin whose documentation cannot be read makes the
   * whole run exit 1 with no output (as for modules, see ansibleDoc.ts): the batch is split in
   * halves and retried, down to single plugins, which are then given up.
   */
  private async fetchDocs(
    loaded: Loaded,
    type: JinjaPluginType,
    names: readonly string[],
  ): Promise<{ docs: Map<string, JinjaPluginDoc>; cancelled: boolean }> {
    const docs = new Map<string, JinjaPluginDoc>();
    if (!names.length) return { docs, cancelled: false };
    const r = await this.runner.run(loaded.exe, ['-t', type, '--json', ...names], {
      timeoutMs: this.options.batchTimeoutMs ?? 60_000,
      env: loaded.launch.env,
      cwd: loaded.launch.cwd,
      urgent: () => true,
    });
    if (r.error === 'disposed') return { docs, cancelled: true };
    let output: unknown;
    if (!r.timedOut && !r.error && r.code === 0) {
      try {
        output = JSON.parse(r.stdout || '{}');
      } catch {
        output = undefined;
      }
    }
    if (output === undefined) {
      if (names.length === 1) {
        this.log(`[jinja] no documentation for ${type} ${names[0]}: ansible-doc ${failure(r)}`);
        return { docs, cancelled: false };
      }
      const half = Math.ceil(names.length / 2);
      const parts = await Promise.all([
        this.fetchDocs(loaded, type, names.slice(0, half)),
        this.fetchDocs(loaded, type, names.slice(half)),
      ]);
      return {
        docs: new Map([...parts[0].docs, ...parts[1].docs]),
        cancelled: parts[0].cancelled || parts[1].cancelled,
      };
    }
    if (isRecord(output))
      for (const [name, entry] of Object.entries(output)) {
        const doc = convertPluginDoc(type, name, entry);
        if (doc) docs.set(name, doc);
      }
    return { docs, cancelled: false };
  }
}

/**
 * The plugin catalog for the current `scribe.ansible.path` and trust: a new path or a change of
 * trust gives a new catalog (the old one's processes are killed), as the module catalog does.
 */
export class JinjaPluginCatalogs {
  private inUse: { catalog: JinjaPluginCatalog; ansiblePath: string; trusted: boolean } | undefined;

  constructor(private readonly options: Omit<JinjaPluginCatalogOptions, 'ansiblePath' | 'trusted' | 'cacheDir'>) {}

  current(o: { cacheDir: string; ansiblePath: string; trusted: boolean }): JinjaPluginCatalog {
    const inUse = this.inUse;
    if (inUse?.ansiblePath === o.ansiblePath && inUse.trusted === o.trusted) return inUse.catalog;
    inUse?.catalog.dispose();
    const catalog = new JinjaPluginCatalog({ ...this.options, ...o });
    this.inUse = { catalog, ansiblePath: o.ansiblePath, trusted: o.trusted };
    return catalog;
  }

  dispose(): void {
    this.inUse?.catalog.dispose();
    this.inUse = undefined;
  }
}
