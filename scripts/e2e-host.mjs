#!/usr/bin/env node
// Makes a machine ready to run the extension in real VS Code (code-server + Debian's chromium):
// the e2e tests (`npm run test:e2e`) and `npm start` call ensureE2eHost() first. Idempotent, and
// quick (no network) when everything is already there. The why of every step is in
// /work/shared/notes/vscode-e2e.md.
//   node scripts/e2e-host.mjs      (install what is missing, then exit)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..');
export const hostDir = path.join(repoRoot, 'e2e-host');
// chromium drives the VS Code web UI; libkrb5-dev has the gssapi headers code-server's `kerberos`
// module compiles against; Debian's rg stands in for the ripgrep download (seeded below).
const systemPackages = ['chromium', 'libkrb5-dev', 'ripgrep'];
// Written after a successful `npm ci`: the hash of the lockfile it installed.
const stamp = path.join(hostDir, 'node_modules/.scribe-e2e-host');

/** Installs what is missing; returns quickly when nothing is. Throws with a one-line reason. */
export function ensureE2eHost({ log = (line) => console.log(`e2e-host: ${line}`) } = {}) {
  const major = Number(process.versions.node.split('.')[0]);
  // code-server 4.100.3's postinstall exits on any other major version (4.103+ wants Node 22).
  if (major !== 20) throw new Error(`code-server 4.100.3 needs Node 20, this is Node ${process.versions.node}`);
  ensureDebianPackages(systemPackages, log);
  if (hostIsCurrent()) return;
  seedRipgrepCache(log);
  log('npm ci in e2e-host/ (code-server, playwright-core; about a minute on a fresh machine)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: hostDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      // node-pty's postinstall runs `npx node-gyp`, which asks before fetching unless yes=true.
      npm_config_yes: 'true',
      // As root, code-server's postinstall.sh stops without it.
      npm_config_unsafe_perm: 'true',
      // Native modules build against the installed Node's headers instead of downloading them.
      npm_config_nodedir: process.env.npm_config_nodedir || nodeDir(),
    },
  });
  if (r.status !== 0) throw new Error(`npm ci in e2e-host/ failed (exit ${r.status ?? r.signal})`);
  writeFileSync(stamp, lockHash());
}

/** Installs Debian packages that are not installed (apt-get update first, only then). */
export function ensureDebianPackages(packages, log) {
  const missing = packages.filter((pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  log(`installing Debian packages: ${missing.join(' ')}`);
  const run = (args) => {
    const command = [...sudo, ...args];
    const r = spawnSync(command[0], command.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) throw new Error(`${command.join(' ')} failed (exit ${r.status ?? r.signal})`);
  };
  run(['apt-get', 'update', '-q']);
  run(['apt-get', 'install', '-y', '-q', ...missing]);
}

function hostIsCurrent() {
  const entry = path.join(hostDir, 'node_modules/code-server/out/node/entry.js');
  // The postinstall's own `npm install` in lib/vscode is the slow part; its node_modules proves it ran.
  const vscodeModules = path.join(hostDir, 'node_modules/code-server/lib/vscode/node_modules');
  return (
    existsSync(entry) && existsSync(vscodeModules) && existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash()
  );
}

function lockHash() {
  return createHash('sha256')
    .update(readFileSync(path.join(hostDir, 'package-lock.json')))
    .digest('hex');
}

/**
 * code-server's postinstall installs @vscode/ripgrep, which downloads rg from GitHub unless the
 * asset is in its cache folder under os.tmpdir(); offline that fails after ~30 s of retries.
 * The version and asset name come from code-server 4.100.3's lib/vscode/npm-shrinkwrap.json and
 * ripgrep's lib/postinstall.js; Debian's rg 13.0.0 is the same release.
 */
function seedRipgrepCache(log) {
  const cache = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const asset = path.join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(asset)) return;
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) throw new Error(`${rg} is missing (Debian package ripgrep)`);
  mkdirSync(cache, { recursive: true });
  // rg must sit at the top level of the tarball: the postinstall extracts it into its bin/.
  execFileSync('tar', ['czf', asset, '-C', path.dirname(rg), 'rg']);
  log(`seeded ${asset} from ${rg}`);
}

/** A prefix holding include/node (node-gyp's nodedir): the running Node's own install prefix. */
function nodeDir() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include/node/node.h')) ? prefix : '/usr';
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  try {
    ensureE2eHost();
    console.log('e2e-host: ready');
  } catch (error) {
    console.error(`e2e-host: ${error.message}`);
    process.exit(1);
  }
}
