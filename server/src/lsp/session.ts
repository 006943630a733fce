// What the language server knows about its client session, owned in one place: the initialize
// parameters (options, workspace folders, capabilities), whether the user trusts the workspace, the
// status shown in the client's status bar (coalesced), the module catalog for the current
// `scribe.ansible.path` and trust, and ansible-inventory's runs (trusted only).

import { isAbsolute, resolve } from 'node:path';
import type { Connection, InitializeParams } from 'vscode-languageserver/node';
import { defaultCacheDir } from '../cacheDir';
import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { uriToPath } from '../document/uri';
import { InventoryCommand } from '../service/project/inventoryCommand';
import {
  StatusNotification,
  type ComponentStatus,
  type ScribeInitializationOptions,
  type StatusParams,
} from '../protocol';

/** How long the catalog's background docs fill waits after a server's start (AnsibleCatalog). */
const PREFETCH_DELAY_MS = 5000;

/** What the status says of a linter that did not run because the workspace is not trusted. */
export const NOT_TRUSTED: ComponentStatus = { state: 'disabled', message: 'not run: the workspace is not trusted' };

export class Session {
  options: ScribeInitializationOptions = {};
  workspaceRoots: string[] = [];
  progressSupported = false;
  /**
   * Whether the user trusts the workspace: only `initializationOptions.trusted === true` (and later
   * scribe/workspaceTrust) says so; a client that says nothing gets the safe default, untrusted.
   */
  trusted = false;
  readonly status: StatusParams = {
    catalog: { state: 'starting', modules: 0 },
    lint: { state: 'starting' },
    yamllint: { state: 'disabled' },
    settings: [],
  };
  private statusTimer: NodeJS.Timeout | undefined;
  private ignoredAnsiblePath: string | undefined;
  private catalogInUse: { catalog: AnsibleCatalog; ansiblePath: string; trusted: boolean } | undefined;
  /** Where attribution comes from, when a shared index is configured ('' otherwise). */
  private attributionLine = '';
  /** ansible-inventory per workspace folder: runs only while trusted, stopped when trust goes. */
  readonly inventory = new InventoryCommand({
    trusted: () => this.trusted,
    ansiblePath: () => this.ansiblePath(),
    log: (line) => this.connection.console.log(line),
  });

  constructor(
    private readonly connection: Connection,
    /** The `scribe.ansible.path` setting. */
    private readonly configuredAnsiblePath: () => string,
    /** A new catalog finished loading (diagnostics computed meanwhile could not judge modules). */
    private readonly onCatalogReady: () => void,
  ) {}

  initialize(params: InitializeParams): void {
    this.options = (params.initializationOptions as ScribeInitializationOptions | undefined) ?? {};
    const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!folders.length && params.rootUri) folders.push(params.rootUri);
    this.workspaceRoots = folders.map(uriToPath).filter((p): p is string => !!p);
    this.progressSupported = !!params.capabilities.window?.workDoneProgress;
    this.trusted = this.options.trusted === true;
    if (!this.trusted) {
      this.status.lint = { ...NOT_TRUSTED };
      this.status.yamllint = { ...NOT_TRUSTED };
    }
  }

  /**
   * Records a change of trust; true when it changed (the catalog is then replaced on next use;
   * ansible-inventory stops, or starts for the folders already asked about).
   */
  setTrusted(trusted: boolean): boolean {
    if (trusted === this.trusted) return false;
    this.trusted = trusted;
    this.inventory.trustChanged();
    return true;
  }

  /**
   * `scribe.ansible.path` as used. In an untrusted workspace a path inside it (or relative, which
   * Ansible's tools would resolve there) would run the workspace's program: PATH is used instead.
   */
  ansiblePath(): string {
    const path = this.configuredAnsiblePath();
    if (this.trusted || !path) return path;
    const absolute = resolve(path);
    if (isAbsolute(path) && !this.workspaceRoots.some((r) => absolute === r || absolute.startsWith(r + '/')))
      return path;
    if (this.ignoredAnsiblePath !== path)
      this.connection.console.log(`the workspace is not trusted: ignoring scribe.ansible.path ${path}, using PATH`);
    this.ignoredAnsiblePath = path;
    return '';
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

  /**
   * The model's status. With a shared attribution index configured, the worker's statuses carry
   * `attribution` ("attribution: shared index (…)" / "attribution: local — shared index
   * unreachable: …"), kept and appended to every model message until it changes: information,
   * never an error state or a popup.
   */
  setModelStatus(s: ComponentStatus & { attribution?: string }): void {
    if (s.attribution !== undefined) this.attributionLine = s.attribution;
    const line = this.attributionLine;
    const message = line ? (s.message ? `${s.message}; ${line}` : line) : s.message;
    this.setStatus('model', { state: s.state, ...(message === undefined ? {} : { message }) });
  }

  /** Coalesced: the catalog's background fill reports once per collection (~100 times). */
  sendStatus(): void {
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      void this.connection.sendNotification(StatusNotification, this.status);
    }, 100);
  }

  /**
   * The catalog for the current `scribe.ansible.path` and trust; a new path or a change of trust
   * gives a new catalog (untrusted: Ansible's tools run away from the workspace's ansible.cfg).
   */
  catalog(): AnsibleCatalog {
    const ansiblePath = this.ansiblePath();
    const trusted = this.trusted;
    const inUse = this.catalogInUse;
    if (inUse?.ansiblePath === ansiblePath && inUse.trusted === trusted) return inUse.catalog;
    inUse?.catalog.dispose();
    const catalog = new AnsibleCatalog({
      cacheDir: this.cacheDir(),
      ansiblePath,
      trusted,
      log: (line) => this.connection.console.log(line),
      // Filling every collection's docs in the background is what makes later hovers instant; tests
      // and constrained machines can turn it off.
      prefetch: process.env.SCRIBE_CATALOG_PREFETCH !== '0',
      // …after startup: the first suggestion (about half a second on a warm cache) goes first.
      prefetchDelayMs: PREFETCH_DELAY_MS,
      onStatus: (s) =>
        this.setStatus('catalog', {
          state: s.state,
          message: s.message,
          modules: s.modules,
          ansibleVersion: s.ansibleVersion,
        }),
    });
    this.catalogInUse = { catalog, ansiblePath, trusted };
    void catalog.ready().then(() => {
      if (this.catalogInUse?.catalog === catalog) this.onCatalogReady();
    });
    return catalog;
  }

  /** The current catalog once loaded. */
  async loadedCatalog(): Promise<AnsibleCatalog> {
    const catalog = this.catalog();
    await catalog.ready();
    return catalog;
  }

  dispose(): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.catalogInUse?.catalog.dispose();
    this.inventory.dispose();
  }
}
