// The protocol between the client and the server, typed once for both: every custom request and
// notification (`scribe/…`) with its params and result, the wire types they carry, and the ids of
// the client commands the server's items and hovers run. A leaf module: it imports only the LSP
// protocol package (its message types and its Range/Position), nothing of ours and nothing from
// 'vscode'. The method names are a public contract: change them only deliberately.

import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { Position, Range, TextDocumentIdentifier } from 'vscode-languageserver-protocol';

/** The LSP Position and Range (0-based line and UTF-16 character), the only ones on the wire. */
export type { Position, Range, TextDocumentIdentifier };

/** Sent by the client in `initializationOptions`. */
export interface ScribeInitializationOptions {
  /** Folder where the server may keep caches (module catalog, corpus). Defaults to the user's cache dir. */
  cacheDir?: string;
  /** Folder for per-workspace state (e.g. the provenance ledger). */
  storagePath?: string;
  /**
   * The client runs `command:` links to RATE_SUGGESTION_COMMAND in hovers (VS Code does when told
   * the command is trusted); other editors would show them as dead links, so they are off by default.
   */
  ratingLinks?: boolean;
  /**
   * The user trusts the workspace (VS Code: `workspace.isTrusted`). Only then do ansible-lint and
   * yamllint run and do Ansible's tools read the workspace's configuration (its ansible.cfg, whose
   * plugin paths hold Python). Anything but `true`, e.g. a client that says nothing, is untrusted;
   * WorkspaceTrustNotification tells the server when this changes.
   */
  trusted?: boolean;
  /**
   * The client runs ACCEPT_COMMAND itself (the VS Code extension does: it tracks what is shown and
   * answers with `scribe/accept`). Otherwise inline items carry SERVER_COMMANDS.accept, which any
   * LSP client runs through `workspace/executeCommand`.
   */
  clientAcceptCommand?: boolean;
}

// ---- client commands ----

/**
 * The client command each inline completion item runs once the user accepts it (Tab); its one
 * argument is AcceptSuggestionArgs. The client answers it with `scribe/accept`.
 */
export const ACCEPT_COMMAND = 'scribe.acceptSuggestion';

/** The client command behind the hover's thumbs up/down links; its argument is RateSuggestionParams. */
export const RATE_SUGGESTION_COMMAND = 'scribe.rateSuggestion';

/**
 * The commands the server itself executes (`workspace/executeCommand`, listed in its
 * executeCommandProvider), so an editor without the VS Code extension (Neovim, Emacs, Helix…)
 * records acceptance, rejection and ratings: accept takes AcceptSuggestionArgs (the server computes
 * where the text landed), reject RejectSuggestionParams, rate RateSuggestionParams.
 */
export const SERVER_COMMANDS = {
  accept: 'scribe.server.acceptSuggestion',
  reject: 'scribe.server.rejectSuggestion',
  rate: 'scribe.server.rateSuggestion',
} as const;

/** The one argument of ACCEPT_COMMAND and SERVER_COMMANDS.accept. */
export interface AcceptSuggestionArgs {
  suggestionId: string;
  uri: string;
  /** The range the item replaced (before acceptance). */
  range: Range;
  /** The text the item inserted at `range.start`; the client computes the inserted range from it. */
  insertText: string;
}

/** Where `insertText` ends up once inserted at `start` (the range `scribe/accept` reports). */
export function insertedRange(start: Position, insertText: string): Range {
  const lines = insertText.split('\n');
  const last = lines[lines.length - 1];
  const end =
    lines.length === 1
      ? { line: start.line, character: start.character + last.length }
      : { line: start.line + lines.length - 1, character: last.length };
  return { start, end };
}

// ---- status ----

export type ComponentState = 'starting' | 'loading' | 'ready' | 'degraded' | 'unavailable' | 'disabled' | 'error';

export interface ComponentStatus {
  state: ComponentState;
  /** One line a user can act on, e.g. "ansible-lint not found at 'ansible-lint': install it or set scribe.lint.path". */
  message?: string;
}

/** server → client: the state of the server's parts, shown in the status bar. */
export const StatusNotification = new NotificationType<StatusParams>('scribe/status');
export interface StatusParams {
  catalog: ComponentStatus & { modules?: number; ansibleVersion?: string };
  lint: ComponentStatus;
  yamllint: ComponentStatus;
  /**
   * The model that writes suggestions (absent until the suggestion worker starts). Its message
   * names the model when ready (e.g. "embedded model, 24613 training tasks", "granite at
   * http://…/v1") and says what is wrong otherwise.
   */
  model?: ComponentStatus;
  /** Problems with the user's settings, one line each. */
  settings: string[];
}

/** client → server: the user's trust in the workspace changed (VS Code: trust was granted). */
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('scribe/workspaceTrust');
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** client → server: drop the module catalog cache and rebuild it from the installed Ansible. */
export const RebuildCatalogRequest = new RequestType0<RebuildCatalogResult, void>('scribe/rebuildCatalog');
export interface RebuildCatalogResult {
  modules: number;
  ansibleVersion?: string;
  millis: number;
}

// ---- attribution and the licence policy ----

/** A training example a suggestion (or a generated task) resembles, with where it came from. */
export interface AttributionMatch {
  collection: string;
  version: string;
  /** The file inside the collection (or repository). */
  path: string;
  /** 1-based line of the task in `path`; 0 when unknown. */
  line: number;
  repoUrl: string;
  /** SPDX expression ('NOASSERTION' when unknown). */
  license: string;
  /** Similarity in [0, 1]. */
  score: number;
  /** The matched task's text. */
  snippet: string;
}

export type PolicyAction = 'allow' | 'warn' | 'block';

/** The licence policy's decision on training matches (scribe.attribution.* settings). */
export interface PolicyDecision {
  action: PolicyAction;
  /** Why it warns or blocks, one line. */
  reason?: string;
}

/** client → server: a suggestion's model, training matches and policy decision (null: unknown id). */
export const AttributionRequest = new RequestType<AttributionParams, SuggestionAttribution | null, void>(
  'scribe/attribution',
);
export interface AttributionParams {
  suggestionId: string;
}
export interface SuggestionAttribution {
  suggestionId: string;
  model: string;
  matches: AttributionMatch[];
  policy: PolicyDecision;
  /**
   * With a shared attribution index configured: which index the matches came from ("shared index
   * at postgres://user@host/db", "local index (shared index unreachable: …)"); absent otherwise.
   */
  attributedBy?: string;
  /** What the output policy removed from the model's task(s), one line each (absent: nothing). */
  notes?: string[];
}

// ---- suggestions ----

/**
 * client → server: the suggested task(s) for the description at a line (a `- name:` line or a
 * `# a & b` comment), with the training examples they came from and their licences; the same
 * pipeline as `scribe suggest --json`. `{reason}` when the line is not a place for a suggestion.
 */
export const SuggestRequest = new RequestType<SuggestParams, SuggestResult | NoSuggestion, void>('scribe/suggest');
export interface SuggestParams {
  textDocument: TextDocumentIdentifier;
  /** 0-based line of the description. */
  line: number;
}
export interface NoSuggestion {
  reason: string;
}
export interface SuggestResult {
  /** One task below a `- name:` line, or several below a `# a & b` comment. */
  kind: 'single' | 'multi';
  /** All tasks' text, to insert below the description line. */
  insertText: string;
  tasks: SuggestedTaskResult[];
  /** Descriptions (of a multi-task comment) the model had no answer for. */
  unanswered: string[];
  /** The training matches the suggestion carries (at most three per task, closest first). */
  matches: AttributionMatch[];
  policy: PolicyDecision;
  millis: { request: number; model: number; attribution: number; total: number };
  /** The model that wrote it, as named in provenance records. */
  model: string;
}
export interface SuggestedTaskResult {
  description: string;
  fqcn: string;
  confidence: number;
  /** The module's arguments as the model wrote them. */
  args: Record<string, unknown>;
  /** What goes into the file for this task. */
  text: string;
  /** The model's task body at indent 0 (without name). */
  body: string;
  /** The training examples the model drew on. */
  drewOn: SuggestionMatch[];
  /** The corpus tasks closest to the output. */
  similar: SuggestionMatch[];
  millis: { model: number; attribution: number };
}
/** A training match in a `scribe/suggest` answer, naming the corpus task. */
export interface SuggestionMatch extends AttributionMatch {
  /** The corpus task's `name:` ('' for an unnamed task). */
  name: string;
  taskId: string;
  /** How many other places hold the same task. */
  otherSources: number;
}

/**
 * client → server: the user accepted a suggestion, which now stands at `range`. Result: the new
 * provenance record (null when the suggestion is unknown or its text is not there).
 */
export const AcceptSuggestionRequest = new RequestType<AcceptSuggestionParams, ProvenanceRecord | null, void>(
  'scribe/accept',
);
export interface AcceptSuggestionParams {
  suggestionId: string;
  textDocument: TextDocumentIdentifier;
  /** Where the accepted text now stands in the document. */
  range: Range;
}

/** client → server: a suggestion was not taken. Result: whether the server still knew it. */
export const RejectSuggestionRequest = new RequestType<RejectSuggestionParams, boolean, void>('scribe/reject');
export interface RejectSuggestionParams {
  suggestionId: string;
  textDocument: TextDocumentIdentifier;
  /**
   * Why the client thinks the suggestion was not taken. 'replaced' (another suggestion took its
   * place) and 'closed' (the document closed while it was shown) are recorded as ignored: the user
   * may just have kept typing. 'dismissed' (an explicit rejection) is recorded as rejected.
   */
  reason: 'replaced' | 'closed' | 'dismissed';
}

/**
 * client → server: an explicit thumbs up or down on a suggestion (shown or accepted), for the
 * embedded model's local learning (never sent anywhere). Result: whether it was recorded.
 */
export const RateSuggestionRequest = new RequestType<RateSuggestionParams, boolean, void>('scribe/rate');
export interface RateSuggestionParams {
  suggestionId: string;
  /** The document it was shown or accepted in (learning is a per-workspace setting). */
  textDocument: TextDocumentIdentifier;
  rating: 'up' | 'down';
}

/** client → server: forget what the embedded model learned from this workspace's feedback. Result: done. */
export const ClearLearningRequest = new RequestType0<boolean, void>('scribe/clearLearning');

// ---- provenance ----

/** One accepted AI-written range of a document, as the provenance ledger keeps it. */
export interface ProvenanceRecord {
  id: string;
  suggestionId: string;
  uri: string;
  /** Follows later edits of the document. */
  range: Range;
  model: string;
  /** ISO 8601. */
  createdAt: string;
  matches: AttributionMatch[];
  /** Distinct licences of the matches, in match order. */
  licenses: string[];
  policy: PolicyDecision;
  /** Which index the matches came from, when a shared index was configured (SuggestionAttribution.attributedBy). */
  attributedBy?: string;
  /** 'modified' once the user has edited inside the range. */
  state: 'ai' | 'modified';
  /** The document text in `range` as the ledger last knew it (edits inside are applied to it). */
  text: string;
}

/** client → server: the accepted AI-written ranges of a document. */
export const ProvenanceRequest = new RequestType<ProvenanceParams, ProvenanceRecord[], void>('scribe/provenance');
export interface ProvenanceParams {
  textDocument: TextDocumentIdentifier;
}

/** client → server: the workspace's provenance report. */
export const ProvenanceReportRequest = new RequestType<ProvenanceReportParams, ProvenanceReport, void>(
  'scribe/provenanceReport',
);
export interface ProvenanceReportParams {
  format: 'markdown' | 'json';
}
export interface ProvenanceReport {
  text: string;
}

// ---- explanation and generation ----

/** client → server: a plain-words explanation of a playbook or task file, grounded in module docs. */
export const ExplainRequest = new RequestType<ExplainParams, ExplainResult, void>('scribe/explain');
export interface ExplainParams {
  textDocument: TextDocumentIdentifier;
  /** Explain only the plays and tasks these lines touch (a selection); default: the whole file. */
  range?: Range;
}
export interface ExplainResult {
  markdown: string;
  /** With a remote model: who wrote the narrative summary on top, or why there is none. */
  summary?: { model: string; error?: string };
}

/** client → server: an editable outline (one step per line) for a goal. */
export const OutlineRequest = new RequestType<OutlineParams, OutlineResult, void>('scribe/outline');
export interface OutlineParams {
  goal: string;
}
export interface OutlineResult {
  steps: string[];
  /** The corpus roles/playbooks the steps came from (empty when the goal was split instead). */
  sources: { collection: string; version: string; path: string; license: string; repoUrl: string; score: number }[];
  /** The remote model that wrote the steps (absent: they came from the corpus). */
  model?: string;
  /** One line when the outline is not what was asked for (e.g. the model gave no usable steps). */
  note?: string;
}

/** client → server: a playbook, or a role's files, for a goal and its edited outline. */
export const GenerateRequest = new RequestType<GenerateParams, GenerateResult, void>('scribe/generate');
export type GenerateParams =
  | { kind: 'playbook'; goal: string; outline: string[] }
  | { kind: 'role'; name: string; goal: string; outline: string[] };
export interface GenerateResult {
  /** The playbook (kind 'playbook'). */
  yaml?: string;
  /** A role's files by path inside the role (kind 'role'). */
  files?: Record<string, string>;
  problems: string[];
  /** The model that wrote the tasks, as named in provenance records. */
  model: string;
  /**
   * Every generated task with its training matches, their licences and the licence policy's
   * decision on them. `text` is the task as placed in the output; `suggestionId` (set by the
   * language server) is what `scribe/keepGenerated` records once the user keeps the content.
   */
  tasks: {
    step: string;
    fqcn: string;
    matches: AttributionMatch[];
    policy: PolicyDecision;
    /** What the output policy removed from the model's task. */
    notes?: string[];
    /** Which index the matches came from (SuggestionAttribution.attributedBy). */
    attributedBy?: string;
    text: string;
    suggestionId?: string;
  }[];
}

/**
 * client → server: the user kept generated content (saved the generated playbook, wrote the role):
 * each generated task still found as written in one of the documents becomes a provenance record,
 * in the same ledger as accepted inline suggestions. Documents not open are read from disk.
 */
export const KeepGeneratedRequest = new RequestType<KeepGeneratedParams, KeepGeneratedResult, void>(
  'scribe/keepGenerated',
);
export interface KeepGeneratedParams {
  textDocuments: TextDocumentIdentifier[];
  suggestionIds: string[];
}
export interface KeepGeneratedResult {
  /** Tasks now recorded as AI-written. */
  recorded: number;
  /** Tasks not found as generated (edited or deleted before they were kept): not recorded. */
  notFound: number;
}
