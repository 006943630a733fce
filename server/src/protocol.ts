// Requests, notifications and initialization options shared by the client and the server.
// A leaf module: it imports nothing of ours, and nothing from 'vscode'.

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
}

/** The client command behind the hover's thumbs up/down links; its argument is RateSuggestionParams. */
export const RATE_SUGGESTION_COMMAND = 'scribe.rateSuggestion';

export type ComponentState = 'starting' | 'loading' | 'ready' | 'degraded' | 'unavailable' | 'disabled' | 'error';

export interface ComponentStatus {
  state: ComponentState;
  /** One line a user can act on, e.g. "ansible-lint not found at 'ansible-lint': install it or set scribe.lint.path". */
  message?: string;
}

/** server → client: the state of the server's parts, shown in the status bar. */
export const StatusNotification = 'scribe/status';
export interface StatusParams {
  catalog: ComponentStatus & { modules?: number; ansibleVersion?: string };
  lint: ComponentStatus;
  yamllint: ComponentStatus;
  /** The embedded model and its training corpus (absent until the suggestion worker starts). */
  model?: ComponentStatus;
  /** Problems with the user's settings, one line each. */
  settings: string[];
}

/** client → server: drop the module catalog cache and rebuild it from the installed Ansible. */
export const RebuildCatalogRequest = 'scribe/rebuildCatalog';
export interface RebuildCatalogResult {
  modules: number;
  ansibleVersion?: string;
  millis: number;
}

/**
 * client → server: the suggested task(s) for the description at a line (a `- name:` line or a
 * `# a & b` comment), with the training examples they came from and their licences; the same
 * pipeline as `scribe suggest`. Result: the suggestion as JSON (see server/src/suggest/json.ts), or
 * `{reason}` when the line is not a place for a suggestion.
 */
export const SuggestRequest = 'scribe/suggest';
export interface SuggestParams {
  textDocument: { uri: string };
  /** 0-based line of the description. */
  line: number;
}

// Inline suggestions, their attribution and provenance (DESIGN.md "Public contracts").

/** A position in a document, as in LSP. */
export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export const AcceptSuggestionRequest = 'scribe/accept';
export const RejectSuggestionRequest = 'scribe/reject';
export const AttributionRequest = 'scribe/attribution';
export const ProvenanceRequest = 'scribe/provenance';
export const ProvenanceReportRequest = 'scribe/provenanceReport';

export interface AcceptSuggestionParams {
  suggestionId: string;
  textDocument: { uri: string };
  /** Where the accepted text now stands in the document. */
  range: Range;
}

export interface RejectSuggestionParams {
  suggestionId: string;
  textDocument: { uri: string };
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
export const RateSuggestionRequest = 'scribe/rate';
export interface RateSuggestionParams {
  suggestionId: string;
  /** The document it was shown or accepted in (learning is a per-workspace setting). */
  textDocument: { uri: string };
  rating: 'up' | 'down';
}

export interface AttributionMatch {
  collection: string;
  version: string;
  path: string;
  line?: number;
  repoUrl: string;
  license: string;
  score: number;
  snippet: string;
}

export interface SuggestionAttribution {
  suggestionId: string;
  model: string;
  matches: AttributionMatch[];
  policy: { action: 'allow' | 'warn' | 'block'; reason?: string };
}

export interface ProvenanceRecord {
  id: string;
  suggestionId: string;
  uri: string;
  range: Range;
  model: string;
  createdAt: string;
  matches: AttributionMatch[];
  licenses: string[];
  policy?: { action: string; reason?: string };
  state?: 'ai' | 'modified';
}

export interface ProvenanceReportParams {
  format: 'markdown' | 'json';
}

export interface ProvenanceReport {
  text: string;
}

/** client → server: a plain-words explanation of a playbook or task file, grounded in module docs. */
export const ExplainRequest = 'scribe/explain';
export interface ExplainParams {
  textDocument: { uri: string };
  /** Explain only the plays and tasks these lines touch (a selection); default: the whole file. */
  range?: Range;
}
export interface ExplainResult {
  markdown: string;
  /** With a remote model: who wrote the narrative summary on top, or why there is none. */
  summary?: { model: string; error?: string };
}

/** client → server: an editable outline (one step per line) for a goal. */
export const OutlineRequest = 'scribe/outline';
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
export const GenerateRequest = 'scribe/generate';
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
   * Every generated task with its training matches and their licences. `text` is the task as
   * placed in the output; `suggestionId` (set by the language server) is what `scribe/keepGenerated`
   * records once the user keeps the content.
   */
  tasks: { step: string; fqcn: string; matches: AttributionMatch[]; text: string; suggestionId?: string }[];
}

/**
 * client → server: the user kept generated content (saved the generated playbook, wrote the role):
 * each generated task still found as written in one of the documents becomes a provenance record,
 * in the same ledger as accepted inline suggestions. Documents not open are read from disk.
 */
export const KeepGeneratedRequest = 'scribe/keepGenerated';
export interface KeepGeneratedParams {
  textDocuments: { uri: string }[];
  suggestionIds: string[];
}
export interface KeepGeneratedResult {
  /** Tasks now recorded as AI-written. */
  recorded: number;
  /** Tasks not found as generated (edited or deleted before they were kept): not recorded. */
  notFound: number;
}

/** client → server: forget what the embedded model learned from this workspace's feedback. */
export const ClearLearningRequest = 'scribe/clearLearning';
