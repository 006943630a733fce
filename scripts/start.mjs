#!/usr/bin/env node
// `npm start`: opens the extension under development in real VS Code (code-server bound to
// 127.0.0.1) on the examples/ workspace and prints the URL to open in a browser. On a fresh clone it
// first installs what is missing (npm packages, Debian's ansible tools, code-server and chromium),
// then builds. No network is needed at run time and there is no account (--auth none, localhost only).
// Ctrl+C or SIGTERM stops code-server with everything it started and removes its temp folder.
//   PORT=8080 npm start     (default: a free port)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages, ensureE2eHost, repoRoot } from './e2e-host.mjs';
import { startCodeServer } from '../test/e2e/codeServer.mjs';

const log = (line) => console.log(`start: ${line}`);

function run(command, args) {
  const r = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

try {
  if (!existsSync(path.join(repoRoot, 'node_modules/.package-lock.json'))) {
    log('npm ci (first run)');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  // The module catalog comes from ansible-doc; lint diagnostics from ansible-lint and yamllint.
  ensureDebianPackages(['ansible', 'ansible-lint', 'yamllint'], log);
  ensureE2eHost({ log });
  log('building');
  run('npm', ['run', '--silent', 'build']);
} catch (error) {
  console.error(`start: ${error.message}`);
  process.exit(1);
}

const port = process.env.PORT ? Number(process.env.PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  console.error(`start: PORT must be a port number, not ${process.env.PORT}`);
  process.exit(1);
}
const codeServer = await startCodeServer({ port }).catch((error) => {
  console.error(`start: ${error.message}`);
  process.exit(1);
});
let stopping = false;
async function stop(code, why) {
  if (stopping) return;
  stopping = true;
  log(`${why}: stopping code-server`);
  await codeServer.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0, 'Ctrl+C'));
process.on('SIGTERM', () => void stop(0, 'SIGTERM'));
process.on('SIGHUP', () => void stop(0, 'SIGHUP'));
// `npm start` runs us through `sh -c`, which does not pass on a SIGTERM sent to npm: when our parent
// goes away, stop too rather than leave code-server running.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(0, 'parent process gone'), 1000).unref();
void codeServer.exited.then((code) => {
  if (stopping) return;
  console.error(codeServer.serverLog.join(''));
  void stop(1, `code-server exited on its own (${code})`);
});

const examples = path.join(repoRoot, 'examples');
// Payload values must be vscode-remote:// URIs (plain paths do not load the extension).
const url = codeServer.url(examples, [
  ['extensionDevelopmentPath', codeServer.remote(repoRoot)],
  ['openFile', codeServer.remote(path.join(examples, 'site.yml'))],
]);
console.log(`
Ansible Scribe is running in VS Code 1.100.3 (code-server 4.100.3) on the examples/ workspace.
Open this URL in a browser on this machine (for a remote machine, forward port ${codeServer.port} first):

  ${url}

The extension is loaded from ${repoRoot}; after changing its code, run \`npm run build\` and reload the window.
Settings and logs: ${codeServer.root} (removed on exit). Press Ctrl+C to stop.
`);
