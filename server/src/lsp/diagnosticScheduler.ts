// When diagnostics are computed, and how the two kinds meet: built-in ones as the user types
// (debounced per document), external linters (ansible-lint, yamllint) on open and on save. Each
// publication merges the latest of both without duplicates. External linters run only in a trusted
// workspace: ansible-lint imports the Python of `.ansible-lint`'s rulesdir and reads ansible.cfg.

import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentCache } from '../document/cache';
import type { ExternalLinter } from '../lint/linter';
import { mergeDiagnostics } from '../lint/merge';
import type { ComponentStatus } from '../protocol';
import type { LanguageService } from '../service/languageService';
import { NOT_TRUSTED } from './session';
import type { SettingsStore } from './settingsStore';
import { uriToPath } from '../document/uri';

interface DocumentSource {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

export interface DiagnosticSchedulerDeps {
  service: LanguageService;
  linter: ExternalLinter;
  settings: SettingsStore;
  cache: DocumentCache;
  documents: DocumentSource;
  workspaceRoots: () => string[];
  /** Whether the user trusts the workspace: external linters run only then. */
  trusted: () => boolean;
  /** Sets a linter's status (to say it did not run because the workspace is not trusted). */
  linterStatus: (tool: 'lint' | 'yamllint', status: ComponentStatus) => void;
  publish: (uri: string, diagnostics: Diagnostic[], version: number) => void;
  log: (line: string) => void;
}

interface DocumentDiagnostics {
  timer?: NodeJS.Timeout;
  builtin: Diagnostic[];
  /** External findings with the text of their line when the linter ran. */
  external: { diagnostic: Diagnostic; lineText: string }[];
}

export class DiagnosticScheduler {
  private readonly state = new Map<string, DocumentDiagnostics>();

  constructor(private readonly deps: DiagnosticSchedulerDeps) {}

  opened(doc: TextDocument): void {
    this.schedule(doc.uri, 0);
    void this.runExternal(doc.uri);
  }

  changed(doc: TextDocument): void {
    void this.deps.settings.forDocument(doc.uri).then((s) => this.schedule(doc.uri, s.validation.delayMs));
  }

  saved(doc: TextDocument): void {
    void this.runExternal(doc.uri);
  }

  closed(uri: string): void {
    const st = this.state.get(uri);
    if (st?.timer) clearTimeout(st.timer);
    this.state.delete(uri);
    this.deps.linter.cancel(uri);
    this.deps.publish(uri, [], 0);
  }

  /** The latest built-in diagnostics of a document (for fix-all code actions). */
  builtin(uri: string): Diagnostic[] | undefined {
    return this.state.get(uri)?.builtin;
  }

  revalidateAll(): void {
    for (const doc of this.deps.documents.all()) this.schedule(doc.uri, 0);
  }

  /**
   * The workspace's trust changed: external linters run on every open document now (trusted), or
   * their runs stop and their findings go (no longer trusted).
   */
  trustChanged(): void {
    for (const doc of this.deps.documents.all()) {
      if (!this.deps.trusted()) this.deps.linter.cancel(doc.uri);
      void this.runExternal(doc.uri);
    }
  }

  dispose(): void {
    for (const st of this.state.values()) if (st.timer) clearTimeout(st.timer);
    this.state.clear();
  }

  private entry(uri: string): DocumentDiagnostics {
    let st = this.state.get(uri);
    if (!st) {
      st = { builtin: [], external: [] };
      this.state.set(uri, st);
    }
    return st;
  }

  private schedule(uri: string, delayMs: number): void {
    const st = this.entry(uri);
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      void this.runBuiltin(uri);
    }, delayMs);
  }

  private async runBuiltin(uri: string): Promise<void> {
    const text = this.deps.documents.get(uri);
    if (!text) return;
    try {
      const settings = await this.deps.settings.forDocument(uri);
      const doc = this.deps.cache.get(text);
      const diagnostics = await this.deps.service.validate(doc, settings);
      // A newer version has been scheduled meanwhile: its own run will publish.
      if (this.deps.documents.get(uri)?.version !== doc.version || !this.state.has(uri)) return;
      this.entry(uri).builtin = diagnostics;
      this.publish(uri, doc.version);
    } catch (e) {
      this.deps.log(
        `Built-in diagnostics failed for ${uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
    }
  }

  private async runExternal(uri: string): Promise<void> {
    const text = this.deps.documents.get(uri);
    if (!text) return;
    const settings = await this.deps.settings.forDocument(uri);
    if (!settings.lint.enabled && !settings.yamllint.enabled) {
      this.entry(uri).external = [];
      return;
    }
    if (!this.deps.trusted()) {
      if (settings.lint.enabled) this.deps.linterStatus('lint', { ...NOT_TRUSTED });
      if (settings.yamllint.enabled) this.deps.linterStatus('yamllint', { ...NOT_TRUSTED });
      if (!this.state.has(uri)) return;
      const hadFindings = this.entry(uri).external.length > 0;
      this.entry(uri).external = [];
      if (hadFindings) this.publish(uri, text.version);
      return;
    }
    const filePath = uriToPath(uri);
    const root = filePath ? this.deps.workspaceRoots().find((r) => filePath.startsWith(r + '/')) : undefined;
    const doc = this.deps.cache.get(text);
    const outcome = await this.deps.linter.lint(uri, filePath, doc.text, settings, root, doc);
    if (outcome.aborted || !this.state.has(uri)) return;
    this.entry(uri).external = outcome.diagnostics.map((d) => ({
      diagnostic: d,
      lineText: doc.lines.lineText(d.range.start.line),
    }));
    this.publish(uri, this.deps.documents.get(uri)?.version ?? doc.version);
  }

  /**
   * External linters run on save; until the next save, a finding is shown only while the line it
   * was found on still reads the same (an edited or moved line would show it in the wrong place, or
   * show a problem the user has just fixed).
   */
  private publish(uri: string, version: number): void {
    const st = this.state.get(uri);
    const text = this.deps.documents.get(uri);
    if (!st || !text) return;
    const lines = this.deps.cache.get(text).lines;
    const external = st.external
      .filter((e) => lines.lineText(e.diagnostic.range.start.line) === e.lineText)
      .map((e) => e.diagnostic);
    this.deps.publish(uri, mergeDiagnostics(st.builtin, external), version);
  }
}
