// `npm run bench`: our language server side by side with Red Hat's ansible-language-server,
// in one run, on the same documents, talking LSP over stdio as an editor would.
//
//   node bench/run.mjs [--only scribe|peer] [--no-large] [--repeats N] [--rows navigation] [--no-first]
//   SCRIBE_SERVER=other/server.js node bench/run.mjs   (measure another build of ours)
//
// Then (not with --only peer, --rows navigation or --no-first) start → first inline suggestion,
// cold and warm, from bench/inline.mjs (the peer has no inline suggestions to compare).
//
// Order: peer, then scribe with an empty cacheDir (cold), then scribe again on that now-warm
// cacheDir (warm, the figure we target), then scribe as a user runs it, with the embedded model
// loaded before the first document (model; its corpus is built into that cacheDir by a session
// before it). Writes bench/results/<timestamp>.json.
// `--rows navigation`: only the realistic and the 5,000-line playbook, opened and their diagnostics
// awaited as always, then only go to definition, document symbols and variable completion.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAllSessions } from './lsp-session.mjs';
import {
  binaryText,
  largePlaybook,
  latin1Playbook,
  probeVersion,
  realisticPlaybook,
  singleLinePlaybook,
} from './playbooks.mjs';
import { buildTable, formatTable } from './report.mjs';
import { LIMITS, measureServer } from './scenario.mjs';
import { SCRIBE_ENTRY, ensurePeer, peerServer, scribeServer } from './servers.mjs';

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

function parseArgs(argv) {
  const opts = { only: null, large: true, navigationOnly: false, first: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') opts.only = argv[++i];
    else if (arg === '--no-large') opts.large = false;
    else if (arg === '--no-first') opts.first = false;
    else if (arg === '--repeats') LIMITS.repeats = Number(argv[++i]);
    else if (arg === '--rows') {
      if (argv[++i] !== 'navigation') throw new Error('--rows takes navigation');
      opts.navigationOnly = true;
    } else
      throw new Error(
        `unknown argument ${arg}; usage: node bench/run.mjs [--only scribe|peer] [--no-large] [--repeats N] [--rows navigation] [--no-first]`,
      );
  }
  if (opts.only && !['scribe', 'peer'].includes(opts.only)) throw new Error('--only takes scribe or peer');
  if (opts.navigationOnly && !opts.large) throw new Error('--rows navigation needs the 5,000-line playbook');
  return opts;
}

function toolVersion(cmd, args) {
  try {
    const out = execFileSync(cmd, args, {
      encoding: 'utf8',
      timeout: 30_000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    // ansible-lint colours its version line even without a terminal: drop the escape codes.
    return out
      .split(String.fromCharCode(27))
      .join('')
      .replace(/\[[0-9;]*m/g, '')
      .split('\n')[0]
      .trim();
  } catch {
    return 'not found';
  }
}

/** What a server left in its cacheDir: relative path → bytes (so a warm run can be explained). */
function listFiles(dir) {
  const files = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? entry.path, entry.name);
    files[relative(dir, path)] = statSync(path).size;
  }
  return files;
}

const newFolder = (name) => mkdtempSync(join(tmpdir(), `scribe-bench-${name}-`));

async function runServer(server, documents, workspace, options) {
  log(`${server.name}: starting`);
  const started = performance.now();
  const result = await measureServer(server, documents, workspace, options);
  log(
    `${server.name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s${result.error ? ` (error: ${result.error.split('\n')[0]})` : ''}`,
  );
  return result;
}

/**
 * Files no one should have to open, opened anyway: a 50,000-line playbook (completion and hover
 * after the probe edit), a 5 MB playbook on one line (minified JSON), 64 KiB of binary, and a
 * playbook saved in Latin-1. Each: first diagnostics, and the server's peak RSS while it is open.
 */
function hostileDocuments() {
  const huge = largePlaybook(50_000);
  const oneLine = singleLinePlaybook();
  const inCopy = { line: 0, character: oneLine.copyOffset + 2 };
  // The small ones first: V8 keeps the pages a large document needed, so a peak taken after one
  // would be that document's.
  return [
    { key: 'binary', label: 'binary 64 KiB', fileName: 'blob.yml', text: binaryText(), hostile: true },
    { key: 'latin1', label: 'Latin-1 playbook', fileName: 'latin1.yml', text: latin1Playbook(), hostile: true },
    {
      key: 'huge',
      fileName: 'site-huge.yml',
      text: huge,
      hostile: true,
      probe: () => {
        const p = probeVersion(huge);
        return { text: p.text, completion: p.moduleKey, hover: p.hover };
      },
    },
    {
      key: 'oneLine',
      label: `one line ${(oneLine.text.length / 1e6).toFixed(1)} MB`,
      fileName: 'one-line.yml',
      text: oneLine.text,
      hostile: true,
      probe: () => ({ completion: inCopy, hover: inCopy }),
    },
  ];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const realistic = realisticPlaybook();
  const documents = [{ key: 'realistic', fileName: 'site.yml', text: realistic }];
  if (opts.large) {
    documents.push({ key: 'large', fileName: 'site-large.yml', text: largePlaybook(5000) });
    if (!opts.navigationOnly) documents.push(...hostileDocuments());
  }
  const docLabels = Object.fromEntries(
    documents.map((d) => [d.key, d.label ?? `${d.key} ${d.text.split('\n').length - 1}L`]),
  );

  const environment = {
    node: process.version,
    ansible: toolVersion('ansible', ['--version']),
    ansibleLint: toolVersion('ansible-lint', ['--version']),
    cpus: cpus().length,
    // Other work on a 2-core machine skews every figure: the load at the start is recorded.
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
  const runs = { peer: null, scribeCold: null, scribeWarm: null, scribeModel: null };
  let peerInfo = null;

  if (opts.only !== 'scribe') {
    try {
      peerInfo = ensurePeer(log);
      log(
        `peer: @ansible/ansible-language-server ${peerInfo.version} (engines node ${peerInfo.engines}) on node ${process.version}`,
      );
      const workspace = newFolder('peer');
      try {
        runs.peer = await runServer(peerServer(peerInfo), documents, workspace, opts);
      } finally {
        rmSync(workspace, { recursive: true, force: true });
      }
    } catch (error) {
      runs.peer = `install failed: ${String(error.message).split('\n')[0]}`;
    }
  }

  if (opts.only !== 'peer') {
    if (!existsSync(SCRIBE_ENTRY)) {
      log('scribe: server/dist/server.js not built; skipping');
      runs.scribeCold = runs.scribeWarm = runs.scribeModel = 'not built';
    } else {
      // Warm = the user reopens the same project: same cacheDir, same workspace folder (which is
      // also the server's working directory, as vscode-languageclient sets it).
      const cacheDir = newFolder('cache');
      const workspace = newFolder('scribe');
      try {
        runs.scribeCold = await runServer(scribeServer(cacheDir, 'scribe-cold'), documents, workspace, opts);
        runs.scribeCold.cacheDirAfter = listFiles(cacheDir);
        runs.scribeWarm = await runServer(scribeServer(cacheDir, 'scribe-warm'), documents, workspace, opts);
        runs.scribeWarm.cacheDirAfter = listFiles(cacheDir);
        // As a user runs it (the model prepared at startup), warm: a first session builds the
        // training corpus and model into the cache folder, the measured one loads them.
        const withModel = (label) => scribeServer(cacheDir, label, { model: true });
        await runServer(withModel('scribe-model (preparing the cache)'), [], workspace, opts);
        runs.scribeModel = await runServer(withModel('scribe-model'), documents, workspace, opts);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
        rmSync(workspace, { recursive: true, force: true });
      }
    }
  }

  const table = buildTable(
    runs,
    documents.filter((d) => !d.hostile).map((d) => d.key),
    docLabels,
    documents.filter((d) => d.hostile).map((d) => d.key),
  );
  const peerLine = peerInfo
    ? `peer: @ansible/ansible-language-server ${peerInfo.version} (declares node ${peerInfo.engines}; run on ${process.version})`
    : 'peer: not run';
  console.log(
    `\n${peerLine}\n${environment.ansible}, ${environment.ansibleLint}, ${environment.cpus} CPUs, load ${environment.loadAverage.join(' ')}\n`,
  );
  console.log(formatTable(table));
  for (const [name, run] of Object.entries(runs)) {
    if (run && typeof run === 'object' && run.leftBehind?.length) {
      console.log(`WARNING: ${name} left processes behind: ${run.leftBehind.join(' ')}`);
    }
  }

  const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), argv: process.argv.slice(2), environment, peer: peerInfo, limits: LIMITS, documents: docLabels, table, runs }, null, 2)}\n`,
  );
  console.log(`\nresults: ${file}`);
  if (opts.first && opts.only !== 'peer' && !opts.navigationOnly) {
    console.log('\nStart → first inline suggestion (ours; bench/inline.mjs):');
    execFileSync(
      process.execPath,
      [fileURLToPath(new URL('./inline.mjs', import.meta.url)), '--first', 'cold,warm', '--latency', 'no'],
      { stdio: 'inherit', timeout: 20 * 60_000 },
    );
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAllSessions();
    process.exit(130);
  });
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error?.stack ?? error);
    killAllSessions();
    process.exit(1);
  });
