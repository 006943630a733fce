#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end tier. Packages the extension (`npm run package`), installs the
// .vsix into a fresh extensions folder and runs the mocha suite in test/e2e/suite inside real
// VS Code through @vscode/test-electron's runTests(), with code-server + chromium standing in for
// the VS Code executable (test/e2e/vscodeShim.mjs). The workspace is a temporary copy of examples/.
//
// Env: SCRIBE_E2E_DEV=1     test the development folder (--extensionDevelopmentPath) instead of the .vsix
//      SCRIBE_E2E_GREP=re   run only the tests whose title matches
//      SCRIBE_E2E_TIMEOUT_S whole run's limit inside VS Code (default 600)
// Screenshots: test-results/e2e/*.png.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ensureE2eHost } from '../../scripts/e2e-host.mjs';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const dev = process.env.SCRIBE_E2E_DEV === '1';
const screenshots = path.join(repoRoot, 'test-results/e2e');
const started = Date.now();
const step = (what) => console.log(`e2e: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

function run(command, args) {
  const r = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

ensureE2eHost();
// code-server's module lives in e2e-host/, which only exists after ensureE2eHost().
const { installExtension } = await import('./codeServer.mjs');

let vsix;
if (dev) {
  step('building (development folder under test)');
  run('npm', ['run', '--silent', 'build']);
} else {
  step('packaging the .vsix');
  run('npm', ['run', '--silent', 'package']);
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  vsix = path.join(repoRoot, `${name}-${version}.vsix`);
}
step('compiling the suite');
run(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'test/e2e/suite']);

// Everything the run writes lives here (and in the shim's own root), removed at the end.
const root = mkdtempSync(path.join(os.tmpdir(), 'scribe-e2e-run-'));
const workspace = path.join(root, 'workspace');
const extensionsDir = path.join(root, 'extensions');
const userDataDir = path.join(root, 'user-data');
const probeDir = path.join(root, 'probes');
// Tests edit files; examples/ itself is never touched.
cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
// The project-awareness suite (suite/project.test.ts) works on a whole project: roles, library/, inventory.
cpSync(path.join(repoRoot, 'test/fixtures/project'), path.join(workspace, 'project'), { recursive: true });
for (const dir of [extensionsDir, userDataDir, probeDir]) mkdirSync(dir, { recursive: true });
// These tests do not ask for suggestions: preparing the model (a corpus build from every installed
// collection and a training run) would only load the 2-core CI machine.
mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
writeFileSync(
  path.join(workspace, '.vscode/settings.json'),
  JSON.stringify({ 'scribe.model.prepareOnStartup': false }, null, 2),
);
mkdirSync(screenshots, { recursive: true });
for (const f of readdirSync(screenshots)) if (f.endsWith('.png')) rmSync(path.join(screenshots, f));

let exitCode = 1;
// runTests() forwards Ctrl-C to the shim as SIGINT; wait for it to clean up, then remove our root.
process.on('SIGINT', () => {});
// A SIGTERM (say, a CI timeout), or our parent going away (`npm run` does not pass SIGTERM through
// its `sh -c`), ends the run the same way.
const interrupt = () => process.emit('SIGINT', 'SIGINT');
process.on('SIGTERM', interrupt);
const parent = process.ppid;
setInterval(() => process.ppid !== parent && interrupt(), 1000).unref();
try {
  if (vsix) {
    step(`installing ${path.basename(vsix)}`);
    console.log(installExtension(vsix, extensionsDir));
  }
  step('running the suite in VS Code');
  exitCode = await runTests({
    vscodeExecutablePath: path.join(import.meta.dirname, 'vscodeShim.mjs'),
    // VS Code runs extension tests only in extension development mode: when testing the .vsix, an
    // empty harness extension is the development one (without any, the tests never start).
    extensionDevelopmentPath: dev ? repoRoot : path.join(import.meta.dirname, 'harness'),
    extensionTestsPath: path.join(repoRoot, 'test/e2e/suite/out/index.js'),
    launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${extensionsDir}`],
    extensionTestsEnv: {
      // The tests check that the extension under test is the one installed from the .vsix.
      SCRIBE_E2E_EXTENSIONS_DIR: dev ? '' : extensionsDir,
      SCRIBE_E2E_PROBE_DIR: probeDir,
      SCRIBE_E2E_SCREENSHOTS: screenshots,
      SCRIBE_E2E_TIMEOUT_S: process.env.SCRIBE_E2E_TIMEOUT_S ?? '600',
      // Skip the background fill of every collection's docs: a 2-core CI machine stays responsive.
      SCRIBE_CATALOG_PREFETCH: '0',
    },
  });
} catch (error) {
  console.error(`e2e: ${error.message}`);
  exitCode = error.code ?? 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
step(`done, exit ${exitCode}; screenshots in ${path.relative(repoRoot, screenshots)}/`);
process.exit(exitCode);
