// What the bench does to one server, start to end: initialize, then for each playbook open it,
// wait for its diagnostics, type the probe edit, ask for completions and hover, close it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession, TIMEOUT, withTimeout } from './lsp-session.mjs';
import { MemorySampler } from './process-memory.mjs';
import { probeVersion } from './playbooks.mjs';

export const LIMITS = {
  initializeMs: 30_000,
  /** The first request may wait for a lazily built module catalog. */
  firstRequestMs: 60_000,
  requestMs: 10_000,
  /** Both first diagnostics and ansible-lint diagnostics, counted from didOpen. */
  diagnosticsMs: 60_000,
  /** The embedded model's load before a model run (a corpus missing from the cache is built first). */
  modelMs: 900_000,
  repeats: 20,
};

const elapsed = (since) => performance.now() - since;
const round = (ms) => Math.round(ms * 10) / 10;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile: of 20 repeats, p95 is the 19th fastest. */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function completionItems(result) {
  if (!result || result === TIMEOUT || result.error) return null;
  return Array.isArray(result) ? result : (result.items ?? []);
}

function labelOf(item) {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** A short word for the table; the full message stays in the JSON. */
function failureOf(session, message) {
  if (message.startsWith('exited')) return message;
  if (session.exited) return 'exited';
  if (/Unhandled method/i.test(message)) return 'no handler';
  return 'error';
}

/** One timed request: {ms, result} or {ms: 'timeout'} or {ms: null, error}. */
async function timed(session, method, params, timeoutMs) {
  const start = performance.now();
  const result = await session.request(method, params, timeoutMs);
  if (result === TIMEOUT) return { ms: TIMEOUT };
  if (result?.error) return { ms: failureOf(session, result.error), error: result.error };
  return { ms: round(elapsed(start)), result };
}

/**
 * A request measured once, then `repeats` more times for a median. `read` turns an answer into the
 * things it holds (items, locations, symbols) and whether the one a useful answer holds is there
 * (an answer that found nothing is no valid timing).
 */
async function measureRequest(session, sampler, method, params, read) {
  const first = await timed(session, method, params, LIMITS.firstRequestMs);
  const found = first.result === undefined ? null : read(first.result);
  const summary = {
    firstMs: first.ms,
    items: found?.items.length ?? null,
    // The size of the answer matters for latency as much as the work behind it.
    kib: found ? Math.round(JSON.stringify(first.result).length / 1024) : null,
    isIncomplete: first.result && !Array.isArray(first.result) ? !!first.result.isIncomplete : false,
    hasExpected: found?.hasExpected ?? false,
    expected: found?.expected,
    sample: found ? found.items.slice(0, 5).map(labelOf) : [],
    ...(first.error ? { error: first.error } : {}),
  };
  if (typeof first.ms !== 'number') return { ...summary, medianMs: first.ms };
  const times = [];
  sampler.pause();
  try {
    for (let i = 0; i < LIMITS.repeats; i++) {
      const again = await timed(session, method, params, LIMITS.requestMs);
      if (typeof again.ms !== 'number') return { ...summary, medianMs: again.ms, repeatsDone: i };
      times.push(again.ms);
    }
  } finally {
    sampler.resume();
  }
  return {
    ...summary,
    medianMs: round(median(times)),
    p95Ms: round(percentile(times, 95)),
    repeatsDone: times.length,
  };
}

/** A completion whose useful answer offers `expect` (or a name ending in `.expect`). */
function measureCompletion(session, sampler, uri, position, expect) {
  const params = { textDocument: { uri }, position, context: { triggerKind: 1 } };
  return measureRequest(session, sampler, 'textDocument/completion', params, (result) => {
    const items = completionItems(result) ?? [];
    const hasExpected = items.some((i) => labelOf(i) === expect || labelOf(i).endsWith(`.${expect}`));
    return { items, hasExpected, expected: `"${expect}"` };
  });
}

/** Go to definition, useful when it answers a location (a module's source or docs page). */
function measureDefinition(session, sampler, uri, position) {
  return measureRequest(session, sampler, 'textDocument/definition', { textDocument: { uri }, position }, (result) => {
    const items = (Array.isArray(result) ? result : result ? [result] : []).map((l) => ({
      label: l.targetUri ?? l.uri ?? '',
    }));
    return { items, hasExpected: items.length > 0, expected: 'location' };
  });
}

/** Document symbols (the outline), useful when it names the probed play. */
function measureSymbols(session, sampler, uri, playName) {
  return measureRequest(session, sampler, 'textDocument/documentSymbol', { textDocument: { uri } }, (result) => {
    const items = Array.isArray(result) ? result.map((s) => ({ label: s.name ?? '' })) : [];
    return { items, hasExpected: items.some((s) => s.label.startsWith(playName)), expected: playName };
  });
}

async function measureHover(session, uri, position) {
  const hover = await timed(session, 'textDocument/hover', { textDocument: { uri }, position }, LIMITS.firstRequestMs);
  const contents = hover.result?.contents;
  const text =
    typeof contents === 'string'
      ? contents
      : Array.isArray(contents)
        ? contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')
        : (contents?.value ?? '');
  return {
    ms: hover.ms,
    chars: hover.result === undefined ? null : text.length,
    mentionsCopy: /copy/i.test(text),
    ...(hover.error ? { error: hover.error } : {}),
  };
}

/**
 * Opens `text`, waits for diagnostics, then edits it to the probe version and queries it.
 * `navigationOnly` (`--rows navigation`): only definition, document symbols and variable completion.
 */
async function measureDocument(session, sampler, workspace, fileName, text, navigationOnly = false) {
  const uri = pathToFileURL(join(workspace, fileName)).href;
  const peak = peakFromNow(session.pid);
  const tree = sampler.window();
  const opened = performance.now();
  const diagnostics = session.watchDiagnostics(uri, opened, LIMITS.diagnosticsMs);
  await session.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'ansible', version: 1, text },
  });
  const [first, lint] = await Promise.all([diagnostics.first, diagnostics.lint]);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
  const idleRssMiB = rssOf(session.pid);
  // The server's and the tree's peaks while this document was open, linters and all.
  const memory = () => ({ serverPeakMiB: peak(), idleRssMiB, ...tree.stop() });
  const round1 = (d) => (d === TIMEOUT ? { ms: TIMEOUT } : d.error ? { ms: d.error } : { ...d, ms: round(d.ms) });

  const probe = probeVersion(text);
  await session.notify('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: probe.text }],
  });
  const lines = text.split('\n').length - 1;
  const diagnosticsFirst = round1(first);
  const diagnosticsLint = round1(lint);
  if (navigationOnly) {
    const navigation = await measureNavigation(session, sampler, uri, probe, 3);
    const closing = memory();
    await session.notify('textDocument/didClose', { textDocument: { uri } });
    return { lines, diagnosticsFirst, diagnosticsLint, ...navigation, memory: closing };
  }
  const moduleCompletion = await measureCompletion(session, sampler, uri, probe.moduleKey, 'copy');
  // The copy task already sets content/dest/owner/group/mode, which a server may rightly leave
  // out; `backup` is an option it does not set yet.
  const optionCompletion = await measureCompletion(session, sampler, uri, probe.option, 'backup');
  const hover = await measureHover(session, uri, probe.hover);
  const { definition, symbols, variableCompletion } = await measureNavigation(session, sampler, uri, probe, 3);
  await session.notify('textDocument/didChange', {
    textDocument: { uri, version: 4 },
    contentChanges: [{ text: probe.prefixText }],
  });
  const prefixCompletion = await measureCompletion(session, sampler, uri, probe.prefix, 'copy');
  // An edit (the typed prefix removed again) and the built-in diagnostics that follow it; ansible-lint
  // runs on open and save only, so this is the first publication after the change.
  // The previous version's own publication (after its typing pause) is let through first.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const edited = performance.now();
  const afterEdit = session.watchDiagnostics(uri, edited, LIMITS.requestMs, { version: 5 });
  await session.notify('textDocument/didChange', {
    textDocument: { uri, version: 5 },
    contentChanges: [{ text: probe.text }],
  });
  const diagnosticsAfterEdit = round1(await afterEdit.first);
  const closing = memory();
  await session.notify('textDocument/didClose', { textDocument: { uri } });
  return {
    memory: closing,
    diagnosticsAfterEdit,
    lines,
    diagnosticsFirst,
    diagnosticsLint,
    moduleCompletion,
    optionCompletion,
    hover,
    prefixCompletion,
    definition,
    symbols,
    variableCompletion,
  };
}

/**
 * Go to definition on `ansible.builtin.copy` and the document symbols on the probe text (open at
 * this point), then variable completion inside `{{ app_root }}` on the probe text less its header
 * comment (see probeVersion), sent as `version`. That edit's diagnostics are let through first
 * (5 s at most, for a server that publishes none after a change), so that the repeats do not run
 * beside a validation of the whole document.
 */
async function measureNavigation(session, sampler, uri, probe, version) {
  const definition = await measureDefinition(session, sampler, uri, probe.hover);
  const symbols = await measureSymbols(session, sampler, uri, probe.playName);
  const settled = session.watchDiagnostics(uri, performance.now(), 5000, { version });
  await session.notify('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ text: probe.variableText }],
  });
  await settled.first;
  const variableCompletion = await measureCompletion(session, sampler, uri, probe.variable, probe.variableName);
  return { definition, symbols, variableCompletion };
}

/** How long the server is left alone after a document's diagnostics before its RSS is read as idle. */
const IDLE_SETTLE_MS = 5000;

/** A memory field of /proc/<pid>/status (VmRSS, VmHWM) in MiB, or null once the process is gone. */
function statusMiB(pid, field) {
  try {
    const kib = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : null;
  } catch {
    return null;
  }
}

const rssOf = (pid) => statusMiB(pid, 'VmRSS');

/**
 * The server's own peak RSS from now on: VmHWM is reset (`5` to /proc/<pid>/clear_refs, Linux
 * 4.0+), so what `read` returns is the peak while one document was open, not the run's.
 */
function peakFromNow(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    return () => null;
  }
  return () => statusMiB(pid, 'VmHWM');
}

/**
 * A hostile document: opened, its first diagnostics awaited (count), then, when `probe` gives
 * positions, a completion and a hover (after the probe's edit when it has one); the server's peak
 * RSS while the document was open. No ansible-lint wait: the point is what the server itself does.
 */
async function measureHostile(session, workspace, doc) {
  writeFileSync(join(workspace, doc.fileName), doc.text);
  const uri = pathToFileURL(join(workspace, doc.fileName)).href;
  const peak = peakFromNow(session.pid);
  const opened = performance.now();
  const diagnostics = session.watchDiagnostics(uri, opened, LIMITS.diagnosticsMs);
  await session.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'ansible', version: 1, text: doc.text },
  });
  const first = await diagnostics.first;
  const out = {
    bytes: Buffer.byteLength(doc.text),
    lines: doc.text.split('\n').length - 1,
    diagnosticsFirst:
      first === TIMEOUT ? { ms: TIMEOUT } : first.error ? { ms: first.error } : { ...first, ms: round(first.ms) },
  };
  const probe = doc.probe?.();
  if (probe) {
    if (probe.text) {
      await session.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: probe.text }],
      });
    }
    const params = { textDocument: { uri }, position: probe.completion, context: { triggerKind: 1 } };
    const completion = await timed(session, 'textDocument/completion', params, LIMITS.firstRequestMs);
    const items = completionItems(completion.result);
    out.completion = {
      firstMs: completion.ms,
      items: items?.length ?? null,
      ...(completion.error ? { error: completion.error } : {}),
    };
    out.hover = await measureHover(session, uri, probe.hover);
  }
  out.peakRssMiB = peak();
  await session.notify('textDocument/didClose', { textDocument: { uri } });
  return out;
}

function clientCapabilities() {
  return {
    workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
    textDocument: {
      synchronization: { didSave: true, dynamicRegistration: true },
      completion: {
        completionItem: {
          snippetSupport: true,
          documentationFormat: ['markdown', 'plaintext'],
          resolveSupport: { properties: ['documentation', 'detail'] },
        },
        contextSupport: true,
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
      inlineCompletion: {},
    },
    window: { workDoneProgress: true },
  };
}

/** Resolves when our server's status says the model is ready (a number) or failed (its message). */
function modelLoaded(session) {
  let listener;
  const status = new Promise((resolve) => {
    listener = (method, s) => {
      if (method !== 'scribe/status') return;
      if (s.model?.state === 'ready') resolve(0);
      else if (s.model?.state === 'error') resolve(s.model.message ?? 'error');
    };
    session.notificationListeners.add(listener);
  });
  return withTimeout(status, LIMITS.modelMs)
    .then((r) => (r === TIMEOUT ? 'timeout' : r))
    .finally(() => session.notificationListeners.delete(listener));
}

/**
 * Runs the whole scenario against one server. `server` = {name, command, args, env?,
 * initializationOptions, configuration(section)}; `documents` = [{key, fileName, text, hostile?}],
 * written afresh into `workspace` (the server's root folder and working directory).
 */
export async function measureServer(server, documents, workspace, { navigationOnly = false } = {}) {
  // The playbooks are in the folder from the start, as a project's files are; a hostile document is
  // written only when it is opened (an earlier run's copy removed), so that reading the folder at
  // startup (ours indexes it) does not weigh on the playbooks' figures.
  for (const doc of documents) {
    const path = join(workspace, doc.fileName);
    if (doc.hostile) rmSync(path, { force: true });
    else writeFileSync(path, doc.text);
  }
  const rootUri = pathToFileURL(workspace).href;

  const spawned = performance.now();
  const session = new LspSession({
    command: server.command,
    args: server.args,
    cwd: workspace,
    env: server.env,
    configuration: server.configuration,
  });
  const sampler = new MemorySampler(session.pid, 100, (pid) => session.noteDescendant(pid));
  const result = { workspace, typingPauseMs: server.typingPauseMs ?? 0 };
  try {
    const init = await timed(
      session,
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'scribe-bench', version: '1' },
        rootUri,
        rootPath: workspace,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: clientCapabilities(),
        initializationOptions: server.initializationOptions,
      },
      LIMITS.initializeMs,
    );
    result.initializeMs = typeof init.ms === 'number' ? round(elapsed(spawned)) : init.ms;
    result.serverInfo = init.result?.serverInfo ?? null;
    result.capabilities = Object.keys(init.result?.capabilities ?? {});
    if (typeof init.ms !== 'number') {
      result.error = init.error ?? 'initialize timed out';
      result.failure = init.error ? init.error : 'timeout';
      return result;
    }
    await session.notify('initialized', {});
    if (server.awaitModel) {
      const model = await modelLoaded(session);
      result.modelReadyMs = typeof model === 'number' ? round(elapsed(spawned)) : model;
      if (typeof model !== 'number') throw new Error(`model not loaded: ${model}`);
    }
    result.documents = {};
    for (const doc of documents) {
      result.documents[doc.key] = doc.hostile
        ? await measureHostile(session, workspace, doc)
        : await measureDocument(session, sampler, workspace, doc.fileName, doc.text, navigationOnly);
    }
  } catch (error) {
    result.error = String(error?.stack ?? error);
  } finally {
    result.memory = sampler.stop();
    result.exitedEarly = session.exited;
    result.serverRequests = session.serverRequests;
    await session.dispose();
    result.leftBehind = await session.survivors();
    result.notifications = session.otherNotifications;
    result.childCommands = session.childCommands;
    result.stderrTail = session.stderr.slice(-2000);
  }
  return result;
}
