// Inline task completion latency, server side: the built server answers textDocument/inlineCompletion
// for many different task names (no cache hits), with the embedded model and through `scribe serve`
// (an OpenAI-compatible endpoint on 127.0.0.1). The model is prepared first (corpus from the cache
// folder, built when missing), so the figures are per suggestion. Memory: the server's RSS and peak
// (VmHWM) after startup, with the model loaded, idle after opening a playbook and after the
// suggestions; `tree` adds its child processes (ansible-doc of the docs prefetch), sampled.
//
//   node bench/inline.mjs [--cache-dir DIR] [--n 60]
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

const base = { lint: { enabled: false }, inline: { debounceMs: 0 } };
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
