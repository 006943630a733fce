// What the language server knows about its client session, owned in one place: the initialize
// parameters (options, workspace folders, capabilities), the status shown in the client's status
// bar (coalesced), and the module catalog for the current `scribe.ansible.path`.

import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import { defaultCacheDir } from '../cacheDir';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import type { ModuleCatalog } from '../catalog/types';
import { uriToPath } from '../document/uri';
import {
  StatusNotification,
  type ComponentStatus,
  type ScribeInitializationOptions,
  type StatusParams,
} from '../protocol';

export class Session {
  options: ScribeInitializationOptions = {};
  workspaceRoots: string[] = [];
  progressSupported = false;
  readonly status: StatusParams = {
    catalog: { state: 'starting', modules: 0 },
    lint: { state: 'starting' },
    yamllint: { state: 'disabled' },
    settings: [],
  };
  private statusTimer: NodeJS.Timeout | undefined;
  private catalogInUse: { catalog: AnsibleCatalog; ansiblePath: string } | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly ansiblePath: () => string,
    /** A new catalog finished loading (diagnostics computed meanwhile could not judge modules). */
    private readonly onCatalogReady: () => void,
  ) {}

  initialize(params: InitializeParams): void {
    this.options = (params.initializationOptions as ScribeInitializationOptions | undefined) ?? {};
    const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders.push(params.rootUri);
    this.workspaceRoots = folders.map(uriToPath).filter((p): p is string => !!p);
    this.progressSupported = !!params.capabilities.window?.workDoneProgress;
  }

  cacheDir(): string {
    return this.options.cacheDir ?? defaultCacheDir();
  }

  /** The workspace folder holding a file path, if any. */
  rootOf(path: string): string | undefined {
    return this.workspaceRoots.find((r) => path.startsWith(r + '/'));
  }

  setStatus<K extends keyof StatusParams>(part: K, value: StatusParams[K]): void {
    this.status[part] = value;
    this.sendStatus();
  }

  setModelStatus(s: ComponentStatus): void {
    this.setStatus('model', s);
  }

  /** Coalesced: the catalog's background fill reports once per collection (~100 times). */
  sendStatus(): void {
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      void this.connection.sendNotification(StatusNotification, this.status);
    }, 100);
  }

  /** The catalog for the current `scribe.ansible.path`; a new path gives a new catalog. */
  catalog(): ModuleCatalog {
    const ansiblePath = this.ansiblePath();
    if (this.catalogInUse?.ansiblePath === ansiblePath) return this.catalogInUse.catalog;
    this.catalogInUse?.catalog.dispose();
    const catalog = new AnsibleCatalog({
      cacheDir: this.cacheDir(),
      ansiblePath,
      log: (line) => this.connection.console.log(line),
      // Filling every collection's docs in the background is what makes later hovers instant; tests
      // and constrained machines can turn it off.
      prefetch: process.env.SCRIBE_CATALOG_PREFETCH !== '0',
      onStatus: (s) =>
        this.setStatus('catalog', {
          state: s.state,
          message: s.message,
          modules: s.modules,
          ansibleVersion: s.ansibleVersion,
        }),
    });
    this.catalogInUse = { catalog, ansiblePath };
    void catalog.ready().then(() => {
      if (this.catalogInUse?.catalog === catalog) this.onCatalogReady();
    });
    return catalog;
  }

  /** The current catalog once loaded. */
  async loadedCatalog(): Promise<ModuleCatalog> {
    const catalog = this.catalog();
    await catalog.ready();
    return catalog;
  }

  dispose(): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.catalogInUse?.catalog.dispose();
  }
}
