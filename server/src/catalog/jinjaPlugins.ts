// The Jinja filters and tests a template can use: Jinja2's own (a static list: ansible-doc does not
// list them) and the filter and test plugins of the installed Ansible and collections
// (`ansible-doc -t filter|test --list --json`, ansible-core 2.14+). Lazy like the module catalog:
// nothing runs until ready() or loadDoc. The lists are cached on disk under a key of the
// installation (the module catalog's fingerprint plus the filter/ and test/ plugin folders), so a
// warm start spawns nothing; docs (`ansible-doc -t filter --json NAME…`) are fetched per
// collection on first use and cached beside them. Processes run through the catalog's
// ProcessRunner, started as launch.ts says (away from an untrusted workspace's ansible.cfg).

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  CatalogDiskCache,
  installationKey,
  locatorKey,
  readJson,
  statLine,
  subdirs,
  writeFileAtomic,
} from './diskCache';
import { discoverInstallation, findAnsibleDoc, type Installation } from './installation';
import { ansibleLaunch, type AnsibleLaunch } from './launch';
import { paragraphs } from './markup';
import { failureOf, ProcessRunner } from './processes';
import { JINJA2_BUILTIN_FILTERS, JINJA2_BUILTIN_TESTS } from './jinjaBuiltins';
import { readPluginRoutes } from './pluginRouting';

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

/**
 * The plugin cache's key: the module catalog's fingerprint of the installation (ansible-core, every
 * collection's MANIFEST/galaxy/runtime) plus the folders that hold filter and test plugins, whose
 * mtime changes when a plugin file is added or removed.
 */
export function pluginKey(inst: Installation, env: NodeJS.ProcessEnv, cwd?: string): string {
  const parts = [`jinja-schema=${JINJA_CACHE_SCHEMA}`, installationKey(inst, env, cwd)];
  for (const type of TYPES) parts.push(statLine(join(inst.corePath, 'plugins', type)));
  for (const root of inst.collectionRoots)
    for (const ns of subdirs(root))
      for (const name of subdirs(join(root, ns)))
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
    if (r.error || r.timedOut || r.code !== 0)
      return { error: `ansible-doc -t ${type} --list failed (${failureOf(r)})` };
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
        this.log(`[jinja] no documentation for ${type} ${names[0]}: ansible-doc ${failureOf(r)}`);
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
