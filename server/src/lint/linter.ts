// Owns the external linter runs of all documents: at most one run per document in flight (a newer
// request aborts the older, whose promise then resolves with `aborted: true`), at most a few linter
// processes at once across all documents (lint/queue.ts: one process-wide queue sized to the
// cores; a newer request takes a waiting one's place in it), one status per tool for the status
// bar (reported only when it changes, so a missing ansible-lint is said once, not once per file),
// and every child process killed on dispose.

import { existsSync } from 'node:fs';
import { dirname, relative, isAbsolute } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../document/model';
import { parseAnsibleDocument } from '../document/parse';
import type { ComponentStatus } from '../protocol';
import type { ScribeSettings } from '../settings';
import { runAnsibleLint } from './ansibleLint';
import type { LintFinding, LintTool, ToolRun } from './finding';
import { ProcessRegistry } from './process';
import { RunQueue, sharedRunQueue, type RunSlot } from './queue';
import { findingRange } from './ranges';
import { runYamllint } from './yamllint';

export interface LintStatus {
  lint: ComponentStatus;
  yamllint: ComponentStatus;
}

export interface LintOutcome {
  diagnostics: Diagnostic[];
  status: LintStatus;
  /** A newer request for the same document, or dispose(), stopped this one: ignore its diagnostics. */
  aborted: boolean;
  /** Wall-clock time of each tool's run, when it ran. */
  millis: { ansibleLint?: number; yamllint?: number };
}

export interface ExternalLinterOptions {
  /** Called when a tool's status changes (state or message). */
  onStatus?: (tool: LintTool, status: ComponentStatus) => void;
  /**
   * At most this many linter processes of this linter at once. Default: the process-wide queue
   * shared by every ExternalLinter, sized to the number of cores.
   */
  maxConcurrent?: number;
}

let instances = 0;

/** A run that never got a slot: superseded in the queue, or aborted while waiting. */
const dropped: ToolRun = { findings: [], status: { state: 'ready' }, aborted: true, millis: 0 };

/** Runs `start` once a slot of the queue is free, and frees it when the run has ended. */
async function whenFree(slot: Promise<RunSlot | undefined>, start: () => Promise<ToolRun>): Promise<ToolRun> {
  const granted = await slot;
  if (!granted) return dropped;
  try {
    return await start();
  } finally {
    granted.release();
  }
}

export class ExternalLinter {
  readonly processes = new ProcessRegistry();
  /** Where runs wait for a free slot (shared by all linters unless `maxConcurrent` was given). */
  readonly queue: RunQueue;
  /** Keeps this linter's queue keys apart from another's in the shared queue. */
  private readonly id = ++instances;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly statuses: LintStatus = { lint: { state: 'starting' }, yamllint: { state: 'starting' } };
  private disposed = false;

  constructor(private readonly options: ExternalLinterOptions = {}) {
    this.queue = options.maxConcurrent !== undefined ? new RunQueue(options.maxConcurrent) : sharedRunQueue();
  }

  get status(): LintStatus {
    return { lint: { ...this.statuses.lint }, yamllint: { ...this.statuses.yamllint } };
  }

  /**
   * Lints one document: ansible-lint on the saved file at `filePath` (skipped without one, e.g. an
   * untitled document), yamllint on `text`. `doc` is the parsed `text`, if the caller has it.
   * Never rejects.
   */
  async lint(
    uri: string,
    filePath: string | undefined,
    text: string,
    settings: ScribeSettings,
    workspaceRoot?: string,
    doc?: AnsibleDocument,
  ): Promise<LintOutcome> {
    if (this.disposed) return { diagnostics: [], status: this.status, aborted: true, millis: {} };
    const older = this.inFlight.get(uri);
    const controller = new AbortController();
    this.inFlight.set(uri, controller);
    const signal = controller.signal;
    const cwd = workingDirectory(filePath, workspaceRoot);

    // Queue first, then abort the older run: if it is still waiting, this run takes its place in
    // the queue instead of going to the back.
    const key = (tool: LintTool) => `${this.id}\0${uri}\0${tool}`;
    const ansibleLint: Promise<ToolRun | undefined> =
      settings.lint.enabled && filePath
        ? whenFree(this.queue.acquire(key('ansible-lint'), signal), () =>
            runAnsibleLint({ filePath, cwd, settings: settings.lint, signal, registry: this.processes }),
          )
        : Promise.resolve(undefined);
    const yamllint: Promise<ToolRun | undefined> = settings.yamllint.enabled
      ? whenFree(this.queue.acquire(key('yamllint'), signal), () =>
          runYamllint({
            text,
            cwd,
            settings: settings.yamllint,
            timeoutMs: settings.lint.timeoutMs,
            signal,
            registry: this.processes,
          }),
        )
      : Promise.resolve(undefined);
    older?.abort();
    const [al, yl] = await Promise.all([ansibleLint, yamllint]);
    if (this.inFlight.get(uri) === controller) this.inFlight.delete(uri);

    const millis = { ansibleLint: al?.millis, yamllint: yl?.millis };
    if (signal.aborted || al?.aborted || yl?.aborted) {
      return { diagnostics: [], status: this.status, aborted: true, millis };
    }
    this.setStatus('lint', settings.lint.enabled ? (al?.status ?? this.statuses.lint) : { state: 'disabled' });
    this.setStatus(
      'yamllint',
      settings.yamllint.enabled ? (yl?.status ?? this.statuses.yamllint) : { state: 'disabled' },
    );

    const parsed = doc ?? parseAnsibleDocument(uri, text);
    const findings = [...(yl?.findings ?? []), ...(al?.findings ?? [])];
    const diagnostics = findings.map((f) => toDiagnostic(f, parsed));
    return { diagnostics, status: this.status, aborted: false, millis };
  }

  /** Stops the run of one document (e.g. when it is closed); a waiting one leaves the queue. */
  cancel(uri: string): void {
    this.inFlight.get(uri)?.abort();
    this.inFlight.delete(uri);
  }

  /** Number of documents with a run in flight (running or waiting in the queue). */
  get running(): number {
    return this.inFlight.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
    this.processes.killAll();
  }

  private setStatus(tool: 'lint' | 'yamllint', next: ComponentStatus): void {
    const prev = this.statuses[tool];
    if (prev.state === next.state && prev.message === next.message) return;
    this.statuses[tool] = { ...next };
    this.options.onStatus?.(tool === 'lint' ? 'ansible-lint' : 'yamllint', { ...next });
  }
}

/**
 * The workspace root, so that `.ansible-lint` / `.yamllint` and ansible-lint's project detection
 * work; the file's own folder when the file lies outside it or there is no root.
 */
export function workingDirectory(filePath: string | undefined, workspaceRoot: string | undefined): string {
  const inside =
    workspaceRoot !== undefined &&
    existsSync(workspaceRoot) &&
    (filePath === undefined || isInside(filePath, workspaceRoot));
  if (inside && workspaceRoot !== undefined) return workspaceRoot;
  if (filePath && existsSync(dirname(filePath))) return dirname(filePath);
  return process.cwd();
}

function isInside(file: string, root: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

const SEVERITY: Record<LintFinding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: LintFinding, doc: AnsibleDocument): Diagnostic {
  // ansible-lint's details repeat the task ("Task/Handler: shell echo hi") or say how to fix it.
  const extra = f.details && !f.details.startsWith('Task/Handler:') && f.ruleId !== 'load-failure' ? f.details : '';
  const d: Diagnostic = {
    range: findingRange(f, doc),
    severity: SEVERITY[f.severity],
    source: f.tool,
    code: f.ruleId,
    message: extra ? `${f.message}\n${extra}` : f.message,
  };
  if (f.url) d.codeDescription = { href: f.url };
  return d;
}
