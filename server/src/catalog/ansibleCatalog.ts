// The module catalog of the installed Ansible. Lazy: nothing happens until ready() (or loadDoc).
// Warm start: locator + file-system fingerprint → index.json, no process spawned. Cold start:
// `ansible-doc --version` + `ansible-galaxy collection list` + `ansible-doc -l -j` and the
// runtime.yml files → index.json; then, unless disabled, every collection's docs in the background.
// In a workspace that is not trusted, Ansible's tools run away from its ansible.cfg (launch.ts).

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AnsibleDoc } from './ansibleDoc';
import { CatalogIndex, isIndexData, type CatalogIndexData } from './catalogIndex';
import {
  CACHE_SCHEMA,
  CatalogDiskCache,
  installationKey,
  locatorKey,
  readJson,
  statLine,
  writeFileAtomic,
} from './diskCache';
import { DocStore } from './docStore';
import { discoverInstallation, findAnsibleDoc, type Installation } from './installation';
import { ansibleLaunch, type AnsibleLaunch } from './launch';
import { ProcessRunner } from './processes';
import { readRoutingTable } from './routing';
import type { CatalogStatus, ModuleCatalog, ModuleDoc, ModuleSummary, ResolvedModule } from './types';

export interface AnsibleCatalogOptions {
  /** The catalog keeps its files in `<cacheDir>/catalog/`. */
  cacheDir: string;
  /** `scribe.ansible.path`: '' = PATH; else a folder holding ansible-doc, or a path to it. */
  ansiblePath?: string;
  log?: (line: string) => void;
  onStatus?: (status: CatalogStatus) => void;
  /** Environment for Ansible's tools (ANSIBLE_COLLECTIONS_PATH, ANSIBLE_CONFIG…); default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Whether the workspace is trusted (default true: the CLI trusts the folder it is given). When
   * false, ansible-doc and ansible-galaxy run in `<cacheDir>/untrusted/` with ANSIBLE_CONFIG naming
   * an empty file there, so the workspace's ansible.cfg (and the plugin code it names) is never
   * read; a relative `ansiblePath` (relative to the workspace) is ignored for PATH.
   */
  trusted?: boolean;
  /** Fetch every collection's docs in the background after the list is known (default true). */
  prefetch?: boolean;
  /**
   * How long the background fill waits after the list is known (default 0): at a server's start,
   * its Python processes would compete with the first suggestion on a small machine.
   */
  prefetchDelayMs?: number;
  /** Modules per ansible-doc run (default 150). */
  batchSize?: number;
  /** Per ansible-doc batch (default 60 s); a batch that times out is split and retried. */
  batchTimeoutMs?: number;
  /** JSON bytes of non-builtin doc shards kept in memory (default 16 MB). */
  memoryBudgetBytes?: number;
}

/** At most this many Ansible processes (ansible-doc, ansible-galaxy) run at once. */
const MAX_PROCESSES = 2;

interface Loaded {
  key: string;
  index: CatalogIndex;
  docs: DocStore;
  ansibleDoc: AnsibleDoc;
  /** Where ansible-core and the collections live (for modules' source files). */
  installation?: Pick<Installation, 'corePath' | 'collectionRoots'>;
}

export class AnsibleCatalog implements ModuleCatalog {
  private readonly log: (line: string) => void;
  private readonly env: NodeJS.ProcessEnv;
  private readonly cache: CatalogDiskCache;
  private readonly runner: ProcessRunner;
  private current: CatalogStatus = { state: 'loading', message: 'Module catalog not loaded yet', modules: 0 };
  private loading: Promise<void> | undefined;
  private loaded: Loaded | undefined;
  private prefetching: Promise<void> | undefined;
  /** Bumped by rebuild/dispose: work started for an older generation is discarded. */
  private generation = 0;
  private indexDirty = false;
  private indexTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Modules beside the content, documented by ansible-doc (trusted workspaces): see documentBeside. */
  private readonly besideDocs = new Map<
    string,
    { stamp: string; doc?: ModuleDoc; done: Promise<ModuleDoc | undefined> }
  >();

  constructor(private readonly options: AnsibleCatalogOptions) {
    this.log = options.log ?? (() => undefined);
    this.env = options.env ?? process.env;
    this.cache = new CatalogDiskCache(options.cacheDir);
    this.runner = new ProcessRunner(MAX_PROCESSES, this.log);
  }

  /** Processes spawned so far (a warm start spawns none). */
  get spawnCount(): number {
    return this.runner.spawnCount;
  }

  status(): CatalogStatus {
    return { ...this.current };
  }

  ready(): Promise<void> {
    if (!this.loading) {
      const generation = this.generation;
      this.loading = this.load(generation).catch((e: unknown) => {
        if (generation === this.generation) this.setStatus({ state: 'unavailable', message: String(e), modules: 0 });
      });
    }
    return this.loading;
  }

  /** Resolves when the background fill of every collection's docs has finished (or at once if none runs). */
  async prefetched(): Promise<void> {
    await this.ready();
    await this.prefetching;
  }

  list(): readonly ModuleSummary[] {
    return this.loaded?.index.list() ?? [];
  }

  resolve(name: string): ResolvedModule | undefined {
    return this.loaded?.index.resolve(name);
  }

  getDoc(fqcn: string): ModuleDoc | undefined {
    const target = this.resolve(fqcn);
    if (!target || target.removed) return undefined;
    return this.loaded?.docs.get(target.fqcn);
  }

  /**
   * The Python file of an installed module (after routing: `copy` → ansible-core's
   * modules/copy.py), found in ansible-core's package or the collection folders, in search order;
   * undefined when it is not there (an action plugin alone).
   */
  sourceFile(name: string): string | undefined {
    const target = this.resolve(name);
    const inst = this.loaded?.installation;
    if (!target || target.removed || !inst) return undefined;
    const [namespace, collection, ...rest] = target.fqcn.split('.');
    const dirs =
      namespace === 'ansible' && collection === 'builtin'
        ? [join(inst.corePath, 'modules')]
        : inst.collectionRoots.map((root) => join(root, namespace, collection, 'plugins', 'modules'));
    // A dotted name lives in a sub-folder (cisco.nxos.storage.x); Windows modules are PowerShell.
    const candidates = dirs.flatMap((d) => ['.py', '.ps1'].map((ext) => join(d, rest.join('/') + ext)));
    return candidates.find((path) => existsSync(path));
  }

  /** The installed `ansible_collections` folders in search order; none until the catalog has loaded. */
  collectionRoots(): readonly string[] {
    return this.loaded?.installation?.collectionRoots ?? [];
  }

  /**
   * A module beside the content documented by ansible-doc itself, so that the doc fragments it
   * extends are read: only in a trusted workspace (ansible-doc imports the fragments' Python).
   * Cached per file stamp; `doc` is there once ansible-doc has answered.
   */
  documentBeside(
    name: string,
    file: string,
    where: { library: string } | { collections: string },
  ): { doc?: ModuleDoc; done: Promise<ModuleDoc | undefined> } | undefined {
    const loaded = this.loaded;
    if (this.options.trusted === false || !loaded) return undefined;
    const key = `${name}\0${file}`;
    const stamp = statLine(file);
    let entry = this.besideDocs.get(key);
    if (entry?.stamp !== stamp) {
      const done = loaded.ansibleDoc.documentAt(name, where, 30_000);
      const fresh: { stamp: string; doc?: ModuleDoc; done: Promise<ModuleDoc | undefined> } = { stamp, done };
      void done.then((doc) => (fresh.doc = doc));
      this.besideDocs.set(key, (entry = fresh));
    }
    return entry;
  }

  async loadDoc(fqcn: string): Promise<ModuleDoc | undefined> {
    try {
      await this.ready();
      const target = this.resolve(fqcn);
      if (!target || target.removed || !this.loaded) return undefined;
      return await this.loaded.docs.load(target.fqcn);
    } catch (e) {
      this.log(`[catalog] loading the doc of ${fqcn} failed: ${String(e)}`);
      return undefined;
    }
  }

  async rebuild(): Promise<CatalogStatus> {
    if (this.disposed) return this.status();
    const old = this.loaded;
    this.stopWork();
    this.runner.reset();
    this.loaded = undefined;
    this.prefetching = undefined;
    this.indexDirty = false;
    this.setStatus({ state: 'loading', message: 'Rebuilding the module catalog', modules: 0 });
    if (old) await this.cache.remove(old.key).catch((e: unknown) => this.log(`[catalog] ${String(e)}`));
    const generation = this.generation;
    this.loading = this.load(generation, true).catch((e: unknown) => {
      if (generation === this.generation) this.setStatus({ state: 'unavailable', message: String(e), modules: 0 });
    });
    await this.loading;
    return this.status();
  }

  dispose(): void {
    if (this.disposed) return;
    this.flushIndexSync();
    this.disposed = true;
    this.stopWork();
    this.runner.dispose();
  }

  private stopWork(): void {
    this.generation++;
    this.loaded?.docs.cancel();
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = undefined;
  }

  private setStatus(status: CatalogStatus): void {
    this.current = status;
    this.options.onStatus?.(this.status());
  }

  private unavailable(message: string): void {
    this.log(`[catalog] ${message}`);
    this.setStatus({ state: 'unavailable', message, modules: 0 });
  }

  /** `fresh`: ignore and replace the disk cache (rebuild). */
  private async load(generation: number, fresh = false): Promise<void> {
    if (this.disposed) return;
    const started = Date.now();
    const trusted = this.options.trusted !== false;
    let launch: AnsibleLaunch;
    try {
      launch = ansibleLaunch({ trusted, cacheDir: this.options.cacheDir, env: this.env });
    } catch (e) {
      return this.unavailable(`cannot prepare a neutral Ansible configuration: ${String(e)}`);
    }
    let ansiblePath = this.options.ansiblePath ?? '';
    if (!trusted && ansiblePath && !isAbsolute(ansiblePath)) {
      this.log(`[catalog] the workspace is not trusted: ignoring the relative ansible path ${ansiblePath}`);
      ansiblePath = '';
    }
    const exe = findAnsibleDoc(ansiblePath, launch.env);
    if (!exe) {
      const where = ansiblePath ? `in ${ansiblePath}` : 'on PATH';
      this.unavailable(`ansible-doc not found ${where}: install Ansible or set scribe.ansible.path`);
      return;
    }
    this.setStatus({ state: 'loading', message: 'Loading the module list', modules: 0 });
    const ansibleDoc = new AnsibleDoc(exe, {
      runner: this.runner,
      env: launch.env,
      cwd: launch.cwd,
      log: this.log,
      batchTimeoutMs: this.options.batchTimeoutMs ?? 60_000,
      listTimeoutMs: 120_000,
    });
    const locatorPath = this.cache.locatorPath(locatorKey(exe, launch.env, launch.cwd));

    // Warm: the locator says where Ansible's files are; their fingerprint names the index.
    // (`key` in the locator is the cache it last built, removed once a new one replaces it.)
    let inst = await readJson<Installation & { key?: string }>(locatorPath);
    const previousKey = inst?.key;
    let data: CatalogIndexData | undefined;
    let key = '';
    if (!fresh && inst?.ansibleDoc === exe && Array.isArray(inst.collectionRoots)) {
      key = installationKey(inst, launch.env, launch.cwd);
      const raw = await readJson<unknown>(this.cache.indexPath(key));
      if (isIndexData(raw, key)) data = raw;
    }
    if (generation !== this.generation) return;

    if (!data) {
      const found = await discoverInstallation(exe, this.runner, launch, this.log);
      if (generation !== this.generation) return;
      if ('error' in found) return this.unavailable(found.error);
      inst = found;
      key = installationKey(inst, launch.env, launch.cwd);
      if (fresh) await this.cache.remove(key);
      await this.cache.ensureDirs(key);
      await writeFileAtomic(locatorPath, JSON.stringify({ ...inst, key }));
      // Every key includes its locator's, so the old folder belongs to this locator alone.
      if (previousKey && previousKey !== key) await this.cache.remove(previousKey);
      const raw = await readJson<unknown>(this.cache.indexPath(key));
      data = isIndexData(raw, key) ? raw : await this.buildIndex(ansibleDoc, inst, key);
      if (generation !== this.generation) return;
      if (!data) return;
    } else {
      await this.cache.ensureDirs(key);
    }

    const index = new CatalogIndex(data);
    const docs = new DocStore({
      cache: this.cache,
      key,
      index,
      ansibleDoc,
      log: this.log,
      batchSize: this.options.batchSize ?? 150,
      memoryBudgetBytes: this.options.memoryBudgetBytes ?? 16 * 1024 * 1024,
      onShardWritten: (collection, shardDocs) => this.shardWritten(generation, collection, shardDocs),
    });
    await docs.init();
    if (generation !== this.generation) return;
    this.loaded = { key, index, docs, ansibleDoc, installation: inst };
    this.log(`[catalog] ${index.size} modules ready in ${Date.now() - started} ms (cache ${key})`);
    this.setReady();
    if (this.options.prefetch !== false) this.prefetching = this.prefetch(generation);
  }

  private async buildIndex(
    ansibleDoc: AnsibleDoc,
    inst: Installation,
    key: string,
  ): Promise<CatalogIndexData | undefined> {
    const [modules, routing] = await Promise.all([
      ansibleDoc.listModules(),
      readRoutingTable(inst.corePath, inst.collectionRoots, this.log),
    ]);
    if ('error' in modules) {
      this.unavailable(modules.error as string);
      return undefined;
    }
    const data: CatalogIndexData = {
      schema: CACHE_SCHEMA,
      key,
      ansibleVersion: inst.coreVersion,
      builtAt: new Date().toISOString(),
      modules: modules as Record<string, string>,
      routing,
      deprecated: {},
    };
    await writeFileAtomic(this.cache.indexPath(key), JSON.stringify(data));
    return data;
  }

  private setReady(): void {
    const loaded = this.loaded;
    if (!loaded) return;
    const total = loaded.index.collections().size;
    const cached = loaded.docs.cachedCollections;
    this.setStatus({
      state: 'ready',
      message: `${loaded.index.size} modules; docs cached for ${Math.min(cached, total)} of ${total} collections`,
      ansibleVersion: loaded.index.data.ansibleVersion,
      modules: loaded.index.size,
    });
  }

  private async prefetch(generation: number): Promise<void> {
    const delay = this.options.prefetchDelayMs ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay).unref());
    const loaded = this.loaded;
    if (!loaded || generation !== this.generation) return;
    const started = Date.now();
    await loaded.docs.prefetchAll();
    if (generation !== this.generation) return;
    this.log(`[catalog] docs of all collections cached in ${Date.now() - started} ms`);
    await this.flushIndex(generation);
  }

  private shardWritten(generation: number, collection: string, docs: Map<string, ModuleDoc>): void {
    const loaded = this.loaded;
    if (generation !== this.generation || !loaded) return;
    const deps = [...docs].map(([fqcn, doc]): [string, ModuleDoc['deprecated']] => [fqcn, doc.deprecated]);
    if (loaded.index.noteDeprecations(deps)) {
      this.indexDirty = true;
      this.indexTimer ??= setTimeout(() => {
        this.indexTimer = undefined;
        void this.flushIndex(generation);
      }, 2_000);
      this.indexTimer.unref();
    }
    this.log(`[catalog] cached docs of ${collection} (${docs.size} modules)`);
    this.setReady();
  }

  private async flushIndex(generation: number): Promise<void> {
    const loaded = this.loaded;
    if (!this.indexDirty || !loaded || generation !== this.generation) return;
    this.indexDirty = false;
    try {
      await writeFileAtomic(this.cache.indexPath(loaded.key), JSON.stringify(loaded.index.data));
    } catch (e) {
      this.log(`[catalog] cannot write the index: ${String(e)}`);
    }
  }

  private flushIndexSync(): void {
    const loaded = this.loaded;
    if (!this.indexDirty || !loaded) return;
    this.indexDirty = false;
    const path = this.cache.indexPath(loaded.key);
    try {
      writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(loaded.index.data));
      renameSync(`${path}.${process.pid}.tmp`, path);
    } catch (e) {
      this.log(`[catalog] cannot write the index: ${String(e)}`);
    }
  }
}
