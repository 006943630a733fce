// Connection wiring only: LSP handlers → the language service (completion, hover, code actions),
// the diagnostics scheduler, and the AI features in lsp/ (inline completion, provenance, learning,
// generation, explanation), which talk to the suggestion worker (engine/). What the server knows
// about its session lives in one Session object. Run as `node server/dist/server.js --stdio`.
// Whether the workspace is trusted (initializationOptions.trusted, scribe/workspaceTrust) reaches
// the diagnostics (linters run only then), the catalog and the worker (how Ansible's tools start).

// First: starts the suggestion worker's thread while the rest of the server loads.
import './engine/prestart';
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { JinjaPluginCatalogs } from './catalog/jinjaPlugins';
import { DocumentCache } from './document/cache';
import type { AnsibleDocument } from './document/model';
import { parseAnsibleDocument } from './document/parse';
import { uriToPath } from './document/uri';
import { IdleCollector } from './engine/garbage';
import { SuggestionHost } from './engine/suggestionHost';
import { releaseWorker } from './engine/workerThread';
import { ExternalLinter } from './lint/linter';
import { BackgroundProgress } from './lsp/backgroundProgress';
import { DiagnosticScheduler } from './lsp/diagnosticScheduler';
import { registerExplainRequest } from './lsp/explainRequest';
import { registerGenerationRequests } from './lsp/generationRequests';
import { joinHovers } from './lsp/hover';
import { registerServerCommands } from './lsp/commands';
import { registerInlineCompletion } from './lsp/inlineCompletion';
import { LearningFeature } from './lsp/learningRequests';
import { NAVIGATION_CAPABILITIES, registerNavigation, type Navigation } from './lsp/navigation';
import { SEMANTIC_TOKENS_CAPABILITIES, registerSemanticTokens } from './lsp/semanticTokens';
import { ProvenanceFeature } from './lsp/provenanceRequests';
import { Session } from './lsp/session';
import { SettingsStore } from './lsp/settingsStore';
import {
  ACCEPT_COMMAND,
  RebuildCatalogRequest,
  SERVER_COMMANDS,
  WorkspaceTrustNotification,
  type RebuildCatalogResult,
} from './protocol';
import { LanguageService } from './service/languageService';
import { loadKeywordDescriptions } from './service/keywordDocs';
import { jinjaPluginCompletion, jinjaPluginHover, resolveJinjaPluginItem } from './service/project/jinjaPlugins';

/**
 * How long the session must be quiet (no edit, no diagnostics published) before the server's heap is
 * collected: longer than a pause between keystrokes and than the typing pause before diagnostics.
 */
const QUIET_COLLECTION_MS = 2000;

const connection = createConnection(ProposedFeatures.all);
/** Memory the last burst of work left (parses, linters' output) is returned once the session is quiet. */
const quiet = new IdleCollector(QUIET_COLLECTION_MS);
// Every content change also moves the provenance records of AI-written ranges.
const documents = new TextDocuments<TextDocument>({
  create: TextDocument.create,
  update: (doc, changes, version) => {
    quiet.activity();
    ai?.provenance.changed(doc.uri, changes);
    return TextDocument.update(doc, changes, version);
  },
});
const cache = new DocumentCache();
const log = (line: string) => connection.console.log(line);

const settings = new SettingsStore(connection, (problems) => session.setStatus('settings', problems));
const session = new Session(
  connection,
  () => settings.global().ansible.path,
  () => diagnostics.revalidateAll(),
);
const service = new LanguageService(() => session.catalog());
// Jinja filters and tests of the installed Ansible: loaded on first use inside an expression, for
// the current `scribe.ansible.path` and trust (untrusted: ansible-doc away from the workspace).
const jinjaCatalogs = new JinjaPluginCatalogs({ log });
const jinjaPlugins = () =>
  jinjaCatalogs.current({ cacheDir: session.cacheDir(), ansiblePath: session.ansiblePath(), trusted: session.trusted });
const linter = new ExternalLinter({
  onStatus: (tool, s) => {
    if (s.message) log(`${tool}: ${s.message}`);
    session.setStatus(tool === 'ansible-lint' ? 'lint' : 'yamllint', s);
  },
});
const diagnostics = new DiagnosticScheduler({
  service,
  linter,
  settings,
  cache,
  documents,
  workspaceRoots: () => session.workspaceRoots,
  trusted: () => session.trusted,
  linterStatus: (tool, s) => session.setStatus(tool, s),
  publish: (uri, diags, version) => {
    quiet.activity();
    void connection.sendDiagnostics({ uri, diagnostics: diags, version });
  },
  log,
});

const corpusProgress = new BackgroundProgress(
  connection,
  'Ansible Scribe: training corpus',
  () => session.progressSupported,
);
const suggestions = new SuggestionHost({
  workerPath: join(__dirname, 'suggestWorker.js'),
  init: () => ({
    cacheDir: session.cacheDir(),
    ansiblePath: session.ansiblePath(),
    trusted: session.trusted,
    workspaceUri: session.workspaceRoots[0] ? pathToFileURL(session.workspaceRoots[0]).href : 'untitled:',
    workspaceRoots: session.workspaceRoots,
  }),
  log,
  onStatus: (s) => {
    session.setModelStatus(s);
    if (s.state === 'ready' || s.state === 'error') corpusProgress.done();
  },
  onProgress: (line, done, total) => corpusProgress.report(line, done, total),
});

// Created at initialize, once the session's options and folders are known.
let navigation: Navigation | undefined;
let ai: { provenance: ProvenanceFeature; learning: LearningFeature } | undefined;

/** A document as parsed: the open one (from the cache), else the file on disk. */
async function parsedAnywhere(uri: string): Promise<AnsibleDocument | undefined> {
  const open = documents.get(uri);
  if (open) return cache.get(open);
  const path = uriToPath(uri);
  const text = path && (await readFile(path, 'utf8').catch(() => undefined));
  return text ? parseAnsibleDocument(uri, text) : undefined;
}

connection.onInitialize((params): InitializeResult => {
  session.initialize(params);
  settings.setCapabilities(params.capabilities);
  const settingsFor = (uri: string) => settings.forDocument(uri);
  const parsed = (doc: TextDocument) => cache.get(doc);
  const provenance = new ProvenanceFeature({
    connection,
    documents,
    storage: {
      storagePath: session.options.storagePath,
      cacheDir: session.cacheDir(),
      workspaceRoots: session.workspaceRoots,
    },
    ratingLinks: session.options.ratingLinks === true,
    onAccepted: (suggestionId, uri) => void ai?.learning.learnFrom('accept', suggestionId, uri),
    log,
  });
  const ledger = () => provenance.ledger();
  const inline = registerInlineCompletion({
    connection,
    documents,
    suggestions,
    parsed,
    catalog: () => session.loadedCatalog(),
    settingsFor,
    ledger,
    setModelStatus: (s) => session.setModelStatus(s),
    acceptCommand: session.options.clientAcceptCommand === true ? ACCEPT_COMMAND : SERVER_COMMANDS.accept,
    log,
  });
  const learning = new LearningFeature({
    connection,
    suggestions,
    inline,
    ledger,
    settingsFor,
    parsed: parsedAnywhere,
    resolveModule: (name) => session.catalog().resolve(name)?.fqcn,
    log,
  });
  navigation = registerNavigation(
    {
      connection,
      documents,
      parsed,
      workspaceRoots: () => session.workspaceRoots,
      moduleSource: async (name) => (await session.loadedCatalog()).sourceFile(name),
      collectionRoots: () => session.catalog().collectionRoots(),
      inventory: session.inventory,
    },
    params,
  );
  registerSemanticTokens({ connection, documents, parsed });
  registerGenerationRequests({ connection, documents, suggestions, settings: () => settings.latestGlobal(), ledger });
  registerExplainRequest({
    connection,
    documents,
    parsed,
    catalog: () => session.catalog(),
    provenance: (uri) => provenance.records(uri),
    settingsFor,
    suggestions,
  });
  connection.onDidChangeConfiguration(() => {
    inline.clearCache();
    void settings.clear().then(() => diagnostics.revalidateAll());
  });
  connection.onShutdown(async () => {
    inline.dispose();
    await provenance.dispose();
    disposeAll();
  });
  ai = { provenance, learning };
  registerServerCommands(connection, ai);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: ['.', ':', ' '], resolveProvider: true },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      inlineCompletionProvider: true,
      executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
      ...NAVIGATION_CAPABILITIES,
      ...SEMANTIC_TOKENS_CAPABILITIES,
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
  navigation?.initialized();
  // Start loading the catalog as soon as its settings are known, in the background: requests are
  // answered meanwhile.
  void settings.registerForChanges().then(() => {
    session.catalog();
    session.sendStatus();
    // The corpus and model load in a worker thread; requests are answered meanwhile.
    if (settings.global().model.prepareOnStartup) suggestions.start();
    else releaseWorker();
    // ansible-core's keyword descriptions (a YAML file, ~8 ms): read now, not by the first completion.
    setImmediate(loadKeywordDescriptions);
  });
});

documents.onDidOpen((e) => {
  quiet.activity();
  diagnostics.opened(e.document);
  ai?.provenance.documentOpened(e.document.uri, e.document.getText());
});
documents.onDidChangeContent((e) => diagnostics.changed(e.document));
documents.onDidSave((e) => {
  diagnostics.saved(e.document);
  void ai?.learning.saved(e.document.uri);
  const path = uriToPath(e.document.uri);
  const root = path && session.rootOf(path);
  // A worker reads the workspace folders when it starts; one already running re-indexes a saved file.
  if (path && root && suggestions.running)
    void suggestions.index(root, [{ path, text: e.document.getText() }]).catch(() => 0);
});
documents.onDidClose((e) => {
  diagnostics.closed(e.document.uri);
  cache.delete(e.document.uri);
  settings.forget(e.document.uri);
});

connection.onCompletion(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const parsed = cache.at(doc, doc.offsetAt(params.position));
  // After `|` or `is ` inside Jinja: filters or tests; elsewhere inside `{{ }}` or a bare expression
  // (`when:`): the project's variables; elsewhere the language service.
  return (
    (await jinjaPluginCompletion(parsed, parsed.lines.offsetAt(params.position), jinjaPlugins())) ??
    navigation?.complete(parsed, params.position) ??
    service.complete(parsed, params.position)
  );
});
connection.onCompletionResolve(
  async (item) => (await resolveJinjaPluginItem(item, jinjaPlugins())) ?? service.resolveCompletion(item),
);
connection.onHover(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const parsed = cache.at(doc, doc.offsetAt(params.position));
  // Over accepted AI text: where it came from; on a module key too: the module's documentation.
  // On a filter or test inside Jinja: its documentation. On a variable: where it is defined.
  return joinHovers(
    ai?.provenance.hover(parsed, params.position) ?? null,
    (await jinjaPluginHover(parsed, parsed.lines.offsetAt(params.position), jinjaPlugins())) ??
      (await service.hover(parsed, params.position)) ??
      navigation?.hover(parsed, params.position) ??
      null,
  );
});
connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc
    ? service.codeActions(cache.get(doc), params.range, params.context.diagnostics, diagnostics.builtin(doc.uri))
    : [];
});

// VS Code grants trust later (onDidGrantWorkspaceTrust); a generic client may also withdraw it.
connection.onNotification(WorkspaceTrustNotification, (params) => {
  if (!session.setTrusted(params.trusted === true)) return;
  log(`the workspace is ${session.trusted ? 'trusted: linters run' : 'not trusted: linters stop'}`);
  if (session.trusted) {
    // The linters' own last status (they report only changes) until their next runs say more;
    // yamllint is 'disabled' until its first run, as at start.
    const { lint, yamllint } = linter.status;
    session.setStatus('lint', lint);
    session.setStatus('yamllint', yamllint.state === 'starting' ? { state: 'disabled' } : yamllint);
  }
  suggestions.setTrusted(session.trusted);
  session.catalog(); // a new catalog, started as the new trust says; diagnostics revalidate when ready
  diagnostics.trustChanged();
});

connection.onRequest(RebuildCatalogRequest, async (): Promise<RebuildCatalogResult> => {
  const started = Date.now();
  const [s] = await Promise.all([session.catalog().rebuild(), jinjaPlugins().rebuild()]);
  diagnostics.revalidateAll();
  return { modules: s.modules, ansibleVersion: s.ansibleVersion, millis: Date.now() - started };
});

/** Stops timers and kills every child process (linters run in their own process groups). */
function disposeAll(): void {
  quiet.dispose();
  suggestions.dispose();
  diagnostics.dispose();
  linter.dispose();
  session.dispose();
  jinjaCatalogs.dispose();
}
// Without an LSP shutdown (the editor killed, its parent process gone) the children must still go.
process.on('exit', disposeAll);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => process.exit(0));

documents.listen(connection);
connection.listen();
