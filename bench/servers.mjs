// The two servers under comparison: how to start each, what settings each is given, and the
// peer's installation into bench/peer/ (pinned in bench/peer/package.json).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEER_DIR = join(ROOT, 'bench', 'peer');
const PEER_PACKAGE = '@ansible/ansible-language-server';

/** SCRIBE_SERVER=path/to/server.js measures another build of our server (e.g. a branch's). */
export const SCRIBE_ENTRY = process.env.SCRIBE_SERVER || join(ROOT, 'server', 'dist', 'server.js');

/**
 * Ours. `model`: as a user runs it, every default, the embedded model prepared at startup; the run
 * waits until it is loaded before it opens a document, so that memory is measured with it.
 */
export function scribeServer(cacheDir, label, { model = false } = {}) {
  return {
    name: label,
    command: process.execPath,
    args: [SCRIBE_ENTRY, '--stdio'],
    // A trusted folder, as the peer assumes: ansible-lint runs (an untrusted one runs no linter).
    initializationOptions: { cacheDir, trusted: true },
    // Built-in diagnostics wait for a pause in typing (setting validation.delayMs, 200 ms by default)
    // before they run; the report shows didChange → diagnostics less this pause, and the raw time.
    typingPauseMs: 200,
    // Our server pulls the `scribe` section: every default (built-in checks and ansible-lint on), but
    // the embedded AI model is not prepared: the peer has no model, so this compares the language
    // features alike. bench/inline.mjs measures the model (latency and memory).
    configuration: (section) =>
      section === 'scribe' || section === undefined ? (model ? {} : { model: { prepareOnStartup: false } }) : null,
    awaitModel: model,
  };
}

/**
 * The peer's `ansible` section with its documented defaults, except that nothing may reach for
 * a container engine or the network: execution environments off, image pulls never.
 */
const PEER_SETTINGS = {
  ansible: { path: 'ansible', useFullyQualifiedCollectionNames: true },
  python: { interpreterPath: '', activationScript: '' },
  executionEnvironment: {
    enabled: false,
    containerEngine: 'auto',
    image: 'ghcr.io/ansible/community-ansible-dev-tools:latest',
    pull: { policy: 'never', arguments: '' },
    volumeMounts: [],
    containerOptions: '',
  },
  completion: { provideRedirectModules: true, provideModuleOptionAliases: true },
  validation: {
    enabled: true,
    lint: { enabled: true, path: 'ansible-lint', arguments: '', autoFixOnSave: false },
  },
};

function peerPackageJson() {
  return join(PEER_DIR, 'node_modules', ...PEER_PACKAGE.split('/'), 'package.json');
}

/** Installs the pinned peer when it is missing; returns {version, entry, engines}. */
export function ensurePeer(log) {
  const wanted = JSON.parse(readFileSync(join(PEER_DIR, 'package.json'), 'utf8')).dependencies[PEER_PACKAGE];
  let installed = existsSync(peerPackageJson()) ? JSON.parse(readFileSync(peerPackageJson(), 'utf8')) : null;
  if (installed?.version !== wanted) {
    log(`installing ${PEER_PACKAGE}@${wanted} into bench/peer …`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = existsSync(join(PEER_DIR, 'package-lock.json')) ? ['ci'] : ['install'];
    execFileSync(npm, [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: PEER_DIR,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 300_000,
    });
    installed = JSON.parse(readFileSync(peerPackageJson(), 'utf8'));
  }
  const bin = typeof installed.bin === 'string' ? installed.bin : Object.values(installed.bin)[0];
  return {
    version: installed.version,
    engines: installed.engines?.node ?? null,
    entry: join(PEER_DIR, 'node_modules', ...PEER_PACKAGE.split('/'), bin),
  };
}

export function peerServer(peer) {
  return {
    name: 'peer',
    command: process.execPath,
    args: [peer.entry, '--stdio'],
    initializationOptions: {},
    configuration: (section) => (section === 'ansible' || section === undefined ? PEER_SETTINGS : null),
  };
}
