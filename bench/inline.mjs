// Inline task completion latency, server side: the built server answers textDocument/inlineCompletion
// for many different task names (no cache hits), with the embedded model and through `scribe serve`
// (an OpenAI-compatible endpoint on 127.0.0.1). The model is prepared first (corpus from the cache
// folder, built when missing), so the figures are per suggestion. Memory: the server's RSS and peak
// (VmHWM) after startup, with the model loaded, idle after opening a playbook and after the
// suggestions; `tree` adds its child processes (ansible-doc of the docs prefetch), sampled.
//
// Start → first inline suggestion: a new server process is started and asked, as soon as it has
// initialised, for a suggestion in a just-opened playbook (asked again while it answers empty);
// the time from spawning the process to the first non-empty answer, cold (an empty cache folder:
// catalog, corpus, index and model all built) and warm (the cache folder of the runs above), with
// the progress and status notifications a user saw meanwhile.
//
//   node bench/inline.mjs [--cache-dir DIR] [--n 60] [--first cold,warm|none] [--latency yes|no]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lsp-session.mjs';
import { MemorySampler } from './process-memory.mjs';

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const cacheDir = arg('cache-dir', join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ansible-scribe'));
const n = Number(arg('n', '60'));
const firstRows = arg('first', 'cold,warm').split(',');
const latency = arg('latency', 'yes') !== 'no';
const root = join(import.meta.dirname, '..');
const names = [
  'Install nginx',
  'Start and enable nginx',
  'Create the application directory /srv/app',
  'Copy nginx.conf to /etc/nginx/nginx.conf',
  'Add the deploy user',
  'Template the site configuration',
  'Clone the application repository',
  'Download the release tarball',
  'Open port 443 in the firewall',
  'Restart sshd',
  'Set the timezone to UTC',
  'Install python3-pip',
  'Create a cron job for backups',
  'Ensure /var/log/app exists',
  'Add a line to /etc/hosts',
  'Unarchive the release',
  'Wait for port 8080',
  'Print the build number',
  'Install the postgresql packages',
  'Enable the ufw firewall',
  'Mount the data volume',
  'Set vm.swappiness',
  'Reload systemd',
  'Remove the old release',
  'Add the docker apt key',
  'Install docker',
  'Start docker',
  'Create the database',
  'Check the health endpoint',
  'Register the version output',
];

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(label, settings) {
  const ws = mkdtempSync(join(tmpdir(), 'scribe-inline-bench-'));
  const statuses = [];
  const session = new LspSession({
    command: process.execPath,
    args: [join(root, 'server/dist/server.js'), '--stdio'],
    cwd: ws,
    configuration: (section) => (section === 'scribe' ? settings : null),
  });
  session.connection.onNotification('scribe/status', (s) => statuses.push(s));
  const sampler = new MemorySampler(session.pid, 100);
  const stages = [];
  const stage = (name) => {
    sampler.sample();
    const m = memory(session.pid);
    stages.push(`${name} ${m.rss}/${m.peak}/${Math.round((sampler.treePeakKiB ?? 0) / 1024)}`);
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  try {
    const rootUri = pathToFileURL(ws).href;
    await session.request(
      'initialize',
      {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        initializationOptions: { cacheDir, storagePath: join(ws, '.storage') },
        capabilities: { workspace: { configuration: true } },
      },
      30_000,
    );
    session.notify('initialized', {});
    stage('started');
    const started = Date.now();
    while (!statuses.some((s) => s.model?.state === 'ready')) {
      if (Date.now() - started > 600_000) throw new Error('model not ready after 10 minutes');
      await new Promise((r) => setTimeout(r, 200));
    }
    const readyMs = Date.now() - started;
    stage('model ready');
    {
      const text = `---\n- name: Bench\n  hosts: all\n  tasks:\n    - name: Install nginx\n      apt:\n        name: nginx\n`;
      const uri = `${rootUri}/site.yml`;
      writeFileSync(join(ws, 'site.yml'), text);
      session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'ansible', version: 1, text } });
      await sleep(2000);
      stage('playbook open, idle');
    }
    const times = [];
    let answered = 0;
    for (let i = 0; i < n; i++) {
      const name = `${names[i % names.length]}${i >= names.length ? ` (${Math.floor(i / names.length)})` : ''}`;
      const text = `---\n- name: Bench\n  hosts: all\n  tasks:\n    - name: ${name}\n      \n`;
      const uri = `${rootUri}/play${i}.yml`;
      writeFileSync(join(ws, `play${i}.yml`), text);
      session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'ansible', version: 1, text } });
      const t0 = performance.now();
      const r = await session.request(
        'textDocument/inlineCompletion',
        { textDocument: { uri }, position: { line: 5, character: 6 }, context: { triggerKind: 1 } },
        30_000,
      );
      times.push(performance.now() - t0);
      if (r?.items?.length) answered++;
    }
    const f = (x) => `${x.toFixed(1)} ms`;
    const mem = memory(session.pid);
    stage(`after ${n} suggestions`);
    console.log(
      `${label.padEnd(28)} n=${n} answered=${answered}  p50 ${f(percentile(times, 50))}  p95 ${f(percentile(times, 95))}  max ${f(Math.max(...times))}  server RSS ${mem.rss} MiB (peak ${mem.peak} MiB, ready in ${readyMs} ms)`,
    );
    console.log(`${''.padEnd(28)} memory MiB, RSS/peak/tree peak: ${stages.join(' · ')}`);
  } finally {
    sampler.stop();
    await session.dispose();
    rmSync(ws, { recursive: true, force: true });
  }
}

/** Spawn → initialize → open a playbook → inline requests until one answers with an item. */
async function firstSuggestion(label, cache, settings) {
  const ws = mkdtempSync(join(tmpdir(), 'scribe-first-bench-'));
  const started = performance.now();
  const notes = { progress: 0, statuses: new Set() };
  const session = new LspSession({
    command: process.execPath,
    args: [join(root, 'server/dist/server.js'), '--stdio'],
    cwd: ws,
    configuration: (section) => (section === 'scribe' ? settings : null),
  });
  session.connection.onNotification('scribe/status', (st) => {
    if (st.model?.message) notes.statuses.add(st.model.message);
  });
  session.connection.onNotification('$/progress', () => notes.progress++);
  session.connection.onNotification('scribe/progress', () => notes.progress++);
  const sampler = new MemorySampler(session.pid, 100, (pid) => session.noteDescendant(pid));
  try {
    const rootUri = pathToFileURL(ws).href;
    await session.request(
      'initialize',
      {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        initializationOptions: { cacheDir: cache, storagePath: join(ws, '.storage') },
        capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true } },
      },
      30_000,
    );
    session.notify('initialized', {});
    const initialisedMs = performance.now() - started;
    const text = `---\n- name: Bench\n  hosts: all\n  tasks:\n    - name: Install nginx\n      \n`;
    const uri = `${rootUri}/site.yml`;
    writeFileSync(join(ws, 'site.yml'), text);
    session.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'ansible', version: 1, text } });
    let asked = 0;
    let item;
    while (!item) {
      if (performance.now() - started > 900_000) throw new Error('no suggestion after 15 minutes');
      asked++;
      const r = await session.request(
        'textDocument/inlineCompletion',
        { textDocument: { uri }, position: { line: 5, character: 6 }, context: { triggerKind: 1 } },
        900_000,
      );
      item = r?.items?.[0];
      if (!item) await new Promise((r) => setTimeout(r, 100));
    }
    const ms = performance.now() - started;
    const mem = sampler.stop();
    const first =
      String(item.insertText?.value ?? item.insertText ?? '')
        .split('\n')
        .find((l) => l.trim()) ?? '';
    console.log(
      `${label.padEnd(28)} start → first inline suggestion ${Math.round(ms)} ms (initialize ${Math.round(initialisedMs)} ms, ${asked} request(s)); server peak ${Math.round(mem.serverPeakMiB)} MiB, tree peak ${Math.round(mem.treePeakMiB)} MiB; first line: ${first.trim()}`,
    );
    console.log(
      `${''.padEnd(28)} ${notes.progress} progress notification(s); model status seen: ${[...notes.statuses].join(' · ') || 'none'}`,
    );
    for (const line of session.logMessages)
      if (/model ready|ran ansible|training corpus built/.test(line)) console.log(`${''.padEnd(28)} log: ${line}`);
    const children = new Set(session.childCommands.map((c) => c.split(' ').slice(0, 3).join(' ')));
    if (children.size) console.log(`${''.padEnd(28)} child processes: ${[...children].join(' · ')}`);
  } finally {
    sampler.stop();
    await session.dispose();
    rmSync(ws, { recursive: true, force: true });
  }
}

const base = { lint: { enabled: false }, inline: { debounceMs: 0 } };
if (firstRows.includes('cold')) {
  const coldCache = mkdtempSync(join(tmpdir(), 'scribe-cold-cache-'));
  try {
    await firstSuggestion('cold (empty cache folder)', coldCache, base);
  } finally {
    rmSync(coldCache, { recursive: true, force: true });
  }
}
if (firstRows.includes('warm')) {
  // Once to make sure the cache folder is complete (a first run may build it), then measured.
  await firstSuggestion('warm (preparing the cache)', cacheDir, base);
  await firstSuggestion('warm', cacheDir, base);
}
if (!latency) process.exit(0);
await measure('embedded model', base);
const serve = spawn(
  process.execPath,
  [join(root, 'server/dist/cli.js'), 'serve', '--port', '0', '--cache-dir', cacheDir],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (b) => {
      out += b;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m) resolve(m[1]);
    });
    serve.once('exit', (code) => reject(new Error(`scribe serve exited ${code}: ${out}`)));
  });
  await measure('through scribe serve (HTTP)', {
    ...base,
    model: { provider: 'openai', endpoint: url, name: 'scribe-embedded' },
  });
} finally {
  serve.kill('SIGTERM');
}
