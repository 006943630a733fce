// The suggestion pipeline behind `scribe suggest`, generation and the editor's inline completion,
// minus the editor's own stages (debounce, cancellation, LSP items): trigger rules → request(s)
// (`suggestAt`; the editor builds them on its own thread from the cached parse) → model →
// output policy (outputPolicy.ts: keywords the description does not justify removed, with notes) →
// placement at the user's indentation → attribution → licence policy (`suggestFor`). No LSP or
// vscode imports.
//
// Attribution of each suggested task is two lists: `drewOn`, the training examples the model built
// it from (exact: the model says which), and `similar`, the attribution index's top-3 corpus tasks
// by similarity to the output (what a remote model's output would be attributed by, and what the
// licence policy judges).

import { performance } from 'node:perf_hooks';
import { corpusMatch } from '../attribution/attributionIndex';
import type { ModuleCatalog } from '../catalog/types';
import type { AnsibleDocument } from '../document/model';
import type { LicencePolicySettings, PolicyDecision } from '../policy/licencePolicy';
import type { AttributionMatch } from '../provenance/types';
import type { ReadText } from './context';
import { matchJson } from './json';
import { licenceStage } from './licence';
import { applyOutputPolicy } from './outputPolicy';
import { placeBody, placeTask } from './placement';
import { buildTaskRequests, type TaskRequests } from './request';
import type { CorpusMatch, CorpusLookup, TaskModel, TaskRequest, TaskSimilarityIndex } from './types';

export interface SuggestDeps {
  model: TaskModel;
  catalog: ModuleCatalog;
  /** Similarity search over the corpus (local, or the shared index); without it, `similar` stays empty. */
  index?: TaskSimilarityIndex;
  /**
   * The signal a shared `index` was made with: when it aborts, a pending attribution rejects and so
   * does the pipeline (instead of attributing with no matches).
   */
  signal?: AbortSignal;
  /** Corpus tasks by id, for the model's exact attribution. */
  lookup?: CorpusLookup;
  readText?: ReadText;
  /** The licence policy the suggestion is judged by; default: allow everything. */
  policy?: LicencePolicySettings;
}

/** A training example the model drew on, as an attribution entry. */
export type DrewOnExample = CorpusMatch;

export interface SuggestedTask {
  request: TaskRequest;
  fqcn: string;
  confidence: number;
  /** The module's arguments as the model wrote them (what local learning keeps). */
  args: Record<string, unknown>;
  /** The model's task body at indent 0 (without name). */
  body: string;
  /** What goes into the file: the body under the name (single) or a whole `- name:` task (multi). */
  text: string;
  drewOn: DrewOnExample[];
  similar: CorpusMatch[];
  /** What the output policy removed from the model's task (outputPolicy.ts), one line each. */
  notes: string[];
  millis: { model: number; attribution: number };
}

export interface Suggestion {
  kind: 'single' | 'multi';
  /** 0-based line of the description. */
  line: number;
  /** All tasks' text, to insert below the description line. */
  insertText: string;
  tasks: SuggestedTask[];
  /** Descriptions (of a multi-task comment) the model had no answer for. */
  unanswered: string[];
  /** The training matches it carries (at most three per task, closest first), as the policy judged them. */
  matches: AttributionMatch[];
  policy: PolicyDecision;
  /** Which index the matches came from when a shared index is configured (TaskSimilarityIndex.answeredBy). */
  attributedBy?: string;
  /** Every task's output-policy notes (a multi-task suggestion's prefixed with the task's description). */
  notes: string[];
  millis: { request: number; model: number; attribution: number; total: number };
}

export const ATTRIBUTION_MATCHES = 3;

/** The suggestion for the description at `line` (0-based) of `doc`, or why there is none. */
export async function suggestAt(
  doc: AnsibleDocument,
  line: number,
  deps: SuggestDeps,
): Promise<Suggestion | { reason: string }> {
  const started = performance.now();
  const set = buildTaskRequests(doc, line, deps.catalog, { readText: deps.readText });
  const requestMs = performance.now() - started;
  if ('reason' in set) return set;
  const result = await suggestFor(set, deps);
  if ('reason' in result) return result;
  result.millis.request = requestMs;
  result.millis.total += requestMs;
  return result;
}

/** The suggestion for requests already built (`buildTaskRequests`), or why there is none. */
export async function suggestFor(set: TaskRequests, deps: SuggestDeps): Promise<Suggestion | { reason: string }> {
  const started = performance.now();
  const tasks: SuggestedTask[] = [];
  const unanswered: string[] = [];
  for (const request of set.requests) {
    const t0 = performance.now();
    const written = await deps.model.suggest(request, deps.catalog);
    // Every model's task passes the output policy before anything else sees it.
    const policed = written && applyOutputPolicy(written, request);
    const t1 = performance.now();
    if (!policed || 'reason' in policed) {
      unanswered.push(request.description);
      continue;
    }
    const out = policed.suggestion;
    const drewOn = out.drewOn.flatMap((d) => {
      const task = deps.lookup?.(d.taskId);
      return task ? [corpusMatch(task, d.score)] : [];
    });
    // The local index answers synchronously: no await (no extra tick) on that path.
    const found = deps.index ? similarTo(deps.index, request.description, out.yaml, deps.signal) : [];
    const similar = Array.isArray(found) ? found : await found;
    const t2 = performance.now();
    tasks.push({
      request,
      fqcn: out.fqcn,
      confidence: out.confidence,
      args: out.args,
      body: out.yaml,
      text:
        set.kind === 'single'
          ? placeBody(out.yaml, set.indent, set.indentUnit)
          : placeTask(request.description, out.yaml, set.listIndent, set.indent, set.indentUnit),
      drewOn,
      similar,
      notes: policed.notes,
      millis: { model: t1 - t0, attribution: t2 - t1 },
    });
  }
  if (!tasks.length)
    return {
      reason: `no suggestion for ${unanswered.map((d) => JSON.stringify(d)).join(', ')}: nothing in the corpus fits`,
    };
  const sum = (f: (t: SuggestedTask) => number) => tasks.reduce((a, t) => a + f(t), 0);
  const { matches, policy } = licenceStage(
    tasks.map((t) => ({ drewOn: t.drewOn.map(matchJson), similar: t.similar.map(matchJson) })),
    deps.policy,
  );
  return {
    unanswered,
    kind: set.kind,
    line: set.line,
    insertText: tasks.map((t) => t.text).join(''),
    tasks,
    matches,
    policy,
    ...withAttributedBy(deps.index),
    notes: tasks.flatMap((t) =>
      set.kind === 'multi' ? t.notes.map((n) => `${t.request.description}: ${n}`) : t.notes,
    ),
    millis: {
      request: 0,
      model: sum((t) => t.millis.model),
      attribution: sum((t) => t.millis.attribution),
      total: performance.now() - started,
    },
  };
}

function withAttributedBy(index: TaskSimilarityIndex | undefined): { attributedBy?: string } {
  const by = index?.answeredBy?.();
  return by ? { attributedBy: by } : {};
}

/**
 * The index's closest corpus tasks to a suggested task (its name and body): an array from the local
 * index, a promise from a shared one (rejecting only when `signal` aborts).
 */
export function similarTo(
  index: TaskSimilarityIndex,
  description: string,
  body: string,
  signal?: AbortSignal,
): CorpusMatch[] | Promise<CorpusMatch[]> {
  const yaml = `name: ${JSON.stringify(description)}\n${body}`;
  // Output that is not one task (cannot happen for validated model output) has no match.
  const none = (e: unknown): CorpusMatch[] => {
    if (signal?.aborted) throw e;
    return [];
  };
  try {
    const found = index.search({ yaml }, ATTRIBUTION_MATCHES);
    return Array.isArray(found) ? found : found.catch(none);
  } catch (e) {
    return none(e);
  }
}
