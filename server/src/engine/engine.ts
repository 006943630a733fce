// Everything a suggestion needs, prepared once: the module catalog, the stored corpus (built in the
// background when missing or stale), its attribution index and the trained model, plus the
// workspace's own tasks added to the index as files change. Runs inside the suggestion worker
// (suggest/worker.ts), off the language server's thread: loading and training take seconds.

import { AnsibleCatalog } from '../catalog/ansibleCatalog';
import { discoverInstalledAnsible, ensureCorpus, indexWorkspaceFiles } from '../corpus/index';
import { parseAnsibleDocument } from '../document/parse';
import { FeedbackModel } from '../feedback/reranker';
import { FeedbackStore, workspaceFeedbackFile, type FeedbackInput } from '../feedback/store';
import { narrativeSummary, withNarrative, withoutNarrative } from '../explain/narrative';
import { outlineFor } from '../generate/outline';
import { remoteOutline } from '../generate/remoteOutline';
import { generatePlaybook } from '../generate/playbook';
import { generateRole } from '../generate/role';
import { suggestionSources } from '../provenance/sources';
import { RemoteModel } from '../remote/openaiModel';
import type {
  ComponentStatus,
  ExplainResult,
  GenerateParams as GenerateRequest,
  GenerateResult,
  OutlineResult,
} from '../protocol';
import type { ScribeSettings } from '../settings';
import { embeddedTrainer } from './embedded';
import { endpointModel, openEnvironment, type SuggestEnvironment } from './environment';
import type { EmbeddedModel } from '../model/index';
import { suggestionJson } from '../suggest/json';
import { suggestAt } from '../suggest/pipeline';

export interface EngineOptions {
  cacheDir: string;
  ansiblePath: string;
  /** Whose feedback the model learns from (one feedback file per workspace, kept locally). */
  workspaceUri: string;
  log: (line: string) => void;
  status: (s: ComponentStatus) => void;
  /** Corpus build progress: a line, and done/total sources when known. */
  progress: (line: string, done?: number, total?: number) => void;
}

export type SuggestionJson = ReturnType<typeof suggestionJson> & { model: string };

export type { GenerateParams as GenerateRequest, GenerateResult } from '../protocol';

/** How a suggestion's model is named in attribution and provenance records. */
export function modelName(settings: ScribeSettings['model']): string {
  return settings.provider === 'openai' ? `${settings.name} at ${settings.endpoint}` : 'scribe-embedded';
}

export class SuggestionEngine {
  private readonly catalog: AnsibleCatalog;
  private env: SuggestEnvironment<EmbeddedModel> | undefined;
  private preparing: Promise<void> | undefined;
  private readonly workspaceIds = new Map<string, string[]>();
  private readonly feedback: FeedbackStore;

  constructor(private readonly o: EngineOptions) {
    this.catalog = new AnsibleCatalog({
      cacheDir: o.cacheDir,
      ansiblePath: o.ansiblePath,
      prefetch: false,
      log: o.log,
    });
    this.feedback = new FeedbackStore({ file: workspaceFeedbackFile(o.cacheDir, o.workspaceUri), log: o.log });
  }

  /** Loads (and when needed builds) the corpus, index and model. Never rejects: failures become status. */
  prepare(): Promise<void> {
    this.preparing ??= this.load().catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.o.log(`suggestions unavailable: ${message}`);
      this.o.status({ state: 'error', message: `suggestions unavailable: ${message}` });
    });
    return this.preparing;
  }

  private async load(): Promise<void> {
    this.o.status({ state: 'loading', message: 'loading the module catalog' });
    await this.catalog.ready();
    const installed = await discoverInstalledAnsible(this.o.ansiblePath, process.env);
    this.o.status({ state: 'loading', message: 'checking the training corpus' });
    const corpus = await ensureCorpus({
      build: { core: installed.core, collectionRoots: installed.collectionRoots, progress: this.o.progress },
      cacheDir: this.o.cacheDir,
      catalog: this.catalog,
      progress: this.o.progress,
    });
    if (!corpus.upToDate) this.o.log(`training corpus built: ${corpus.stats.tasks} tasks in ${corpus.dir}`);
    this.o.status({ state: 'loading', message: `loading ${corpus.stats.tasks} training tasks and the model` });
    this.env = openEnvironment({
      corpusDir: corpus.dir,
      trainer: embeddedTrainer(this.catalog.list()),
      resolve: (n) => this.catalog.resolve(n)?.fqcn,
      log: this.o.log,
    });
    const { millis, cached } = this.env;
    this.o.log(
      `model ready: corpus ${Math.round(millis.corpus)} ms, index ${Math.round(millis.index)} ms${cached.index ? ' (cached)' : ''}, model ${Math.round(millis.model)} ms${cached.model ? ' (cached)' : ''}`,
    );
    this.o.status({ state: 'ready', message: `embedded model, ${corpus.stats.tasks} training tasks` });
  }

  /** The suggestion for the description at a 0-based line, or the reason there is none. */
  /**
   * With `provider: 'openai'` the endpoint writes the task (prompt redacted, few-shot examples
   * retrieved from the corpus) and the corpus attributes it by similarity; otherwise the embedded
   * model does both. Endpoint failures reject with one line; a cancel aborts the HTTP call.
   */
  async suggest(
    uri: string,
    text: string,
    line: number,
    settings: ScribeSettings['model'],
    signal?: AbortSignal,
    learning = true,
  ): Promise<SuggestionJson | { reason: string }> {
    await this.prepare();
    if (signal?.aborted) return { reason: 'cancelled' };
    const env = this.env;
    if (!env) return { reason: 'suggestions are unavailable (see the Ansible Scribe output)' };
    const result = await suggestAt(parseAnsibleDocument(uri, text), line, this.deps(env, settings, signal, learning));
    if (signal?.aborted) return { reason: 'cancelled' };
    return 'reason' in result ? result : { ...suggestionJson(result), model: modelName(settings) };
  }

  /**
   * The pipeline's dependencies with the configured model: the endpoint (prompt redacted, few-shot
   * examples retrieved from the corpus, output attributed by similarity), or the embedded model
   * re-ranked by this workspace's feedback.
   */
  private deps(
    env: SuggestEnvironment<EmbeddedModel>,
    settings: ScribeSettings['model'],
    signal?: AbortSignal,
    learning = true,
  ) {
    const model =
      settings.provider === 'openai'
        ? endpointModel(env, settings, signal)
        : new FeedbackModel(env.model, this.feedback, { enabled: () => learning });
    return { model, catalog: this.catalog, index: env.index, lookup: env.lookup };
  }

  private async ready(): Promise<SuggestEnvironment<EmbeddedModel>> {
    await this.prepare();
    if (!this.env) throw new Error('suggestions are unavailable (see the Ansible Scribe output)');
    return this.env;
  }

  /** Accepted, rejected or ignored suggestions: the embedded model re-ranks with them (never sent). */
  recordFeedback(events: FeedbackInput[]): number {
    for (const e of events) this.feedback.record(e);
    return events.length;
  }

  clearFeedback(): boolean {
    this.feedback.clear();
    return true;
  }

  /**
   * An editable outline for a goal: from the most similar real roles and playbooks in the corpus,
   * or written by the endpoint (with those as examples) and attributed by similarity.
   */
  async outline(goal: string, settings: ScribeSettings['model'], signal?: AbortSignal): Promise<OutlineResult> {
    const env = await this.ready();
    if (settings.provider !== 'openai') return outlineFor(goal, { index: env.index });
    return remoteOutline(goal, { model: new RemoteModel({ settings, signal }), index: env.index, signal });
  }

  /** A playbook or a role's files for a goal and its (edited) outline, every task attributed. */
  async generate(
    request: GenerateRequest,
    settings: ScribeSettings['model'],
    signal?: AbortSignal,
  ): Promise<GenerateResult> {
    const deps = this.deps(await this.ready(), settings, signal);
    const generated =
      request.kind === 'role'
        ? await generateRole(request.name, request.goal, request.outline, deps)
        : await generatePlaybook(request.goal, request.outline, deps);
    return {
      yaml: 'yaml' in generated ? generated.yaml : undefined,
      files: 'files' in generated ? generated.files : undefined,
      problems: generated.problems.map((p) => p.message),
      model: modelName(settings),
      tasks: generated.tasks.map((t) => ({
        step: t.step,
        fqcn: t.fqcn,
        matches: suggestionSources([t]),
        text: t.text,
      })),
    };
  }

  /**
   * The endpoint's narrative summary on top of a grounded explanation (the file is redacted before
   * it is sent); without an endpoint, or when it fails, the grounded explanation alone with a note.
   */
  async narrate(
    grounded: string,
    fileText: string,
    settings: ScribeSettings['model'],
    signal?: AbortSignal,
  ): Promise<ExplainResult> {
    if (settings.provider !== 'openai') return { markdown: grounded };
    const model = modelName(settings);
    try {
      const summary = await narrativeSummary(
        { fileText, grounded },
        { model: new RemoteModel({ settings, signal }), signal },
      );
      return { markdown: withNarrative(grounded, summary, model), summary: { model } };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      return { markdown: withoutNarrative(grounded, error), summary: { model, error } };
    }
  }

  /**
   * (Re-)indexes workspace files for attribution: a file's earlier tasks are replaced by its
   * current ones. The model itself is trained on the stored corpus only.
   */
  async indexWorkspace(root: string, files: { path: string; text: string }[]): Promise<number> {
    await this.prepare();
    const index = this.env?.index;
    if (!index) return 0;
    const old = files.flatMap((f) => this.workspaceIds.get(f.path) ?? []);
    if (old.length) index.remove(old);
    const tasks = indexWorkspaceFiles(files, root, { resolveModule: (n) => this.catalog.resolve(n)?.fqcn ?? '' });
    index.add(tasks);
    for (const f of files) this.workspaceIds.delete(f.path);
    for (const t of tasks) {
      const path = files.find((f) => f.path.endsWith(t.sources[0].path))?.path;
      if (!path) continue;
      const ids = this.workspaceIds.get(path) ?? [];
      ids.push(t.id);
      this.workspaceIds.set(path, ids);
    }
    return tasks.length;
  }

  dispose(): void {
    this.catalog.dispose();
  }
}
