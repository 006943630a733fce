// Connection wiring only: LSP handlers → the language service, the diagnostics scheduler and the
// catalog. Run as `node server/dist/server.js --stdio` (or --node-ipc).

import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  ErrorCodes,
  MarkupContent,
  ResponseError,
  type Hover,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerAiFeatures, type AiFeatures } from './lsp/aiFeatures';
import { BackgroundProgress } from './lsp/backgroundProgress';
import { defaultCacheDir } from './cacheDir';
import { AnsibleCatalog } from './catalog/ansibleCatalog';
import type { ModuleCatalog } from './catalog/types';
import { readWorkspaceYaml } from './corpus/workspaceScan';
import { DocumentCache } from './document/cache';
import { parseAnsibleDocument } from './document/parse';
import { explainDocument, explanationMarkdown } from './explain/explain';
import { selectedLines, selectLines } from './explain/selection';
import { registerGenerationRequests } from './lsp/generationRequests';
import { DiagnosticScheduler } from './lsp/diagnosticScheduler';
import { ExternalLinter } from './lint/linter';
import {
  ClearLearningRequest,
  ExplainRequest,
  RebuildCatalogRequest,
  StatusNotification,
  type ExplainParams,
  type ExplainResult,
  SuggestRequest,
  type SuggestParams,
  type RebuildCatalogResult,
  type ScribeInitializationOptions,
  type StatusParams,
} from './protocol';
import { LanguageService } from './service/languageService';
import { SettingsStore } from './lsp/settingsStore';
import { SuggestionHost } from './engine/suggestionHost';

const connection = createConnection(ProposedFeatures.all);
// Every content change also moves the provenance records of AI-written ranges (aiFeatures.ts).
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update: (doc, changes, version) => {
    ai?.changed(doc.uri, changes);
    return TextDocument.update(doc, changes, version);
  },
});
let ai: AiFeatures | undefined;
const cache = new DocumentCache();
const log = (line: string) => connection.console.log(line);

let initOptions: ScribeInitializationOptions = {};
let workspaceRoots: string[] = [];
let catalog: ModuleCatalog | undefined;
let catalogAnsiblePath: string | undefined;
const status: StatusParams = {
  catalog: { state: 'starting', modules: 0 },
  lint: { state: 'starting' },
  yamllint: { state: 'disabled' },
  settings: [],
};

const settings = new SettingsStore(connection, (problems) => {
  status.settings = problems;
  sendStatus();
});
const service = new LanguageService(() => currentCatalog());
const linter = new ExternalLinter({
  onStatus: (tool, s) => {
    if (tool === 'ansible-lint') status.lint = s;
    else status.yamllint = s;
    if (s.message) log(`${tool}: ${s.message}`);
    sendStatus();
  },
});
const diagnostics = new DiagnosticScheduler({
  service,
  linter,
  settings,
  cache,
  documents,
  workspaceRoots: () => workspaceRoots,
  publish: (uri, diags, version) => void connection.sendDiagnostics({ uri, diagnostics: diags, version }),
  log,
});

let progressSupported = false;
const corpusProgress = new BackgroundProgress(connection, 'Ansible Scribe: training corpus', () => progressSupported);
const suggestions = new SuggestionHost({
  workerPath: join(__dirname, 'suggestWorker.js'),
  init: () => ({
    cacheDir: cacheDir(),
    ansiblePath: settings.global().ansible.path,
    workspaceUri: workspaceRoots[0] ? pathToFileURL(workspaceRoots[0]).href : 'untitled:',
  }),
  log,
  onStatus: (s) => {
    status.model = s;
    sendStatus();
    if (s.state === 'ready' || s.state === 'error') corpusProgress.done();
    if (s.state === 'ready') void indexWorkspace();
  },
  onProgress: (line, done, total) => corpusProgress.report(line, done, total),
});

/** The workspace's own playbooks and roles join the attribution index (saved files are re-indexed). */
async function indexWorkspace(): Promise<void> {
  for (const root of workspaceRoots) {
    const files = readWorkspaceYaml(root);
    const tasks = await suggestions.index(root, files).catch(() => 0);
    log(`workspace ${root}: ${tasks} tasks from ${files.length} YAML files indexed for attribution`);
  }
}

function cacheDir(): string {
  return initOptions.cacheDir ?? defaultCacheDir();
}

let statusTimer: NodeJS.Timeout | undefined;
/** Coalesced: the catalog's background fill reports once per collection (~100 times). */
function sendStatus(): void {
  statusTimer ??= setTimeout(() => {
    statusTimer = undefined;
    void connection.sendNotification(StatusNotification, status);
  }, 100);
}

/** The catalog for the current `scribe.ansible.path`; a new path gives a new catalog. */
function currentCatalog(): ModuleCatalog {
  const ansiblePath = settings.global().ansible.path;
  if (catalog && catalogAnsiblePath === ansiblePath) return catalog;
  catalog?.dispose();
  catalogAnsiblePath = ansiblePath;
  const created = new AnsibleCatalog({
    cacheDir: cacheDir(),
    ansiblePath,
    log,
    // Filling every collection's docs in the background is what makes later hovers instant; tests
    // and constrained machines can turn it off.
    prefetch: process.env.SCRIBE_CATALOG_PREFETCH !== '0',
    onStatus: (s) => {
      status.catalog = {
        state: s.state === 'ready' ? 'ready' : s.state,
        message: s.message,
        modules: s.modules,
        ansibleVersion: s.ansibleVersion,
      };
      sendStatus();
    },
  });
  catalog = created;
  void created.ready().then(() => {
    // Diagnostics computed while the catalog was loading could not judge modules: redo them.
    if (catalog === created) diagnostics.revalidateAll();
  });
  return created;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  initOptions = (params.initializationOptions as ScribeInitializationOptions | undefined) ?? {};
  workspaceRoots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
  if (!workspaceRoots.length && params.rootUri) {
    const root = uriToPath(params.rootUri);
    if (root) workspaceRoots = [root];
  }
  settings.setCapabilities(params.capabilities);
  progressSupported = !!params.capabilities.window?.workDoneProgress;
  ai = registerAiFeatures({
    connection,
    documents,
    suggestions,
    settingsFor: (uri) => settings.forDocument(uri),
    storage: () => ({ storagePath: initOptions.storagePath, cacheDir: cacheDir(), workspaceRoots }),
    ratingLinks: initOptions.ratingLinks === true,
    parsed: async (uri) => {
      const open = documents.get(uri);
      if (open) return cache.get(open);
      const path = uriToPath(uri);
      const text = path && (await readFile(path, 'utf8').catch(() => undefined));
      return text === undefined || text === '' ? undefined : parseAnsibleDocument(uri, text);
    },
    resolveModule: (name) => currentCatalog().resolve(name)?.fqcn,
    setModelStatus: (s) => {
      status.model = s;
      sendStatus();
    },
    log,
  });
  const features = ai;
  registerGenerationRequests({
    connection,
    documents,
    suggestions,
    settings: () => settings.latestGlobal(),
    ledger: () => features.ledger(),
    signalOf: abortSignalOf,
  });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: ['.', ':', ' '], resolveProvider: true },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      inlineCompletionProvider: true,
      workspace: {
        fileOperations: {
          didRename: { filters: [{ pattern: { glob: '**/*' } }] },
          didDelete: { filters: [{ pattern: { glob: '**/*' } }] },
        },
      },
    },
    serverInfo: { name: 'ansible-scribe', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Start loading the catalog as soon as its settings are known, in the background: requests are
  // answered meanwhile.
  void settings.registerForChanges().then(() => {
    currentCatalog();
    sendStatus();
    // The corpus and model load in a worker thread; requests are answered meanwhile.
    if (settings.global().model.prepareOnStartup) suggestions.start();
  });
});

connection.onDidChangeConfiguration(() => {
  ai?.settingsChanged();
  void settings.clear().then(() => diagnostics.revalidateAll());
});

documents.onDidOpen((e) => {
  diagnostics.opened(e.document);
  ai?.opened(e.document.uri, e.document.getText());
});
documents.onDidChangeContent((e) => diagnostics.changed(e.document));
documents.onDidSave((e) => {
  diagnostics.saved(e.document);
  ai?.saved(e.document.uri);
  const path = uriToPath(e.document.uri);
  const root = path && workspaceRoots.find((r) => path.startsWith(r + '/'));
  if (path && root && status.model?.state === 'ready')
    void suggestions.index(root, [{ path, text: e.document.getText() }]).catch(() => 0);
});
documents.onDidClose((e) => {
  diagnostics.closed(e.document.uri);
  cache.delete(e.document.uri);
  settings.forget(e.document.uri);
});

connection.onCompletion(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? service.complete(cache.get(doc), params.position) : null;
});
connection.onCompletionResolve((item) => service.resolveCompletion(item));
connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const parsed = cache.get(doc);
  // Over accepted AI text: where it came from; on a module key too: the module's documentation.
  const [provenance, docs] = [ai?.hover(parsed, params.position) ?? null, await service.hover(parsed, params.position)];
  if (!provenance || !docs) return provenance ?? docs;
  const text = (h: Hover) => (MarkupContent.is(h.contents) ? h.contents.value : String(h.contents));
  return { contents: { kind: 'markdown', value: `${text(provenance)}\n\n---\n\n${text(docs)}` }, range: docs.range };
});
connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc
    ? service.codeActions(cache.get(doc), params.range, params.context.diagnostics, diagnostics.builtin(doc.uri))
    : [];
});

connection.onRequest(SuggestRequest, async (params: SuggestParams, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { reason: `${params.textDocument.uri} is not open` };
  const s = await settings.forDocument(doc.uri);
  return suggestions.suggest(doc.uri, doc.getText(), params.line, s, abortSignalOf(token));
});

/** An LSP cancellation token as an AbortSignal, for the stages that take one. */
function abortSignalOf(token: CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

// Grounded in module docs and the ledger; with an endpoint configured, its narrative summary on top.
connection.onRequest(ExplainRequest, async (params: ExplainParams, token): Promise<ExplainResult> => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, `${params.textDocument.uri} is not open`);
  const provenance = (await ai?.provenance(doc.uri)) ?? [];
  let explanation = await explainDocument(cache.get(doc), currentCatalog(), provenance);
  const r = params.range;
  if (r) explanation = selectLines(explanation, selectedLines(r));
  const grounded = explanationMarkdown(explanation);
  const { model } = await settings.forDocument(doc.uri);
  if (model.provider !== 'openai') return { markdown: grounded };
  const text = r ? doc.getText(r) : doc.getText();
  return suggestions.narrate(grounded, text, model, abortSignalOf(token));
});

connection.onRequest(ClearLearningRequest, () => suggestions.clearFeedback());

connection.onRequest(RebuildCatalogRequest, async (): Promise<RebuildCatalogResult> => {
  const started = Date.now();
  const s = await currentCatalog().rebuild();
  diagnostics.revalidateAll();
  return { modules: s.modules, ansibleVersion: s.ansibleVersion, millis: Date.now() - started };
});

/** Stops timers and kills every child process (linters run in their own process groups). */
function disposeAll(): void {
  suggestions.dispose();
  diagnostics.dispose();
  linter.dispose();
  catalog?.dispose();
}
connection.onShutdown(async () => {
  await ai?.dispose();
  disposeAll();
});
// Without an LSP shutdown (the editor killed, its parent process gone) the children must still go.
process.on('exit', disposeAll);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => process.exit(0));

function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : undefined;
}

documents.listen(connection);
connection.listen();
