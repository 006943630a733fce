// Starts VS Code (code-server 4.100.3 from e2e-host/) with this extension under development and
// drives it with headless chromium through playwright-core. See /work/shared/notes/vscode-e2e.md
// (or the copy of its rules below) for why each flag and step is here.
//
//   const vscode = await launchCodeServer({ folder, openFile, extensionTestsPath });
//   ... vscode.page (playwright Page), vscode.logsDir, vscode.exitCode (from codeAutomationExit) ...
//   await vscode.close();
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const hostRequire = createRequire(path.join(repoRoot, 'e2e-host/package.json'));

/** User settings that keep pop-ups from covering the editor in screenshots. */
export const quietSettings = {
  'git.openRepositoryInParentFolders': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  // The smoke check types into example files; they must never be written back.
  'files.autoSave': 'off',
  'files.hotExit': 'off',
};

/**
 * Starts code-server only (no browser): `npm start` and launchCodeServer use it.
 * @param {object} [options]
 * @param {string} [options.userDataDir] defaults to a folder in the private root
 * @param {string} [options.extensionsDir] defaults to a folder in the private root
 * @param {number} [options.port] defaults to a free port
 * @param {Record<string, unknown>} [options.settings] user settings, on top of quietSettings
 * @param {Record<string, string>} [options.env] added to code-server's (and so the extension host's) env
 */
export async function startCodeServer(options = {}) {
  // A private root for everything code-server, the extension host and chromium write (sockets too).
  const root = mkdtempSync(path.join(os.tmpdir(), 'scribe-e2e-'));
  const tmp = path.join(root, 'tmp');
  const userData = options.userDataDir ?? path.join(root, 'user-data');
  const extensions = options.extensionsDir ?? path.join(root, 'extensions');
  const xdg = path.join(root, 'xdg');
  // code-server does not create parent folders: without them the extension never loads.
  for (const dir of [tmp, userData, extensions, xdg]) mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ ...quietSettings, ...options.settings }));

  const port = options.port ?? (await freePort());
  const env = { ...process.env, ...options.env, TMPDIR: tmp };
  const server = spawn(
    process.execPath,
    [
      hostRequire.resolve('code-server/out/node/entry.js'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--config',
      path.join(root, 'config.yaml'),
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    // Its own process group, so stop() also ends the extension host and the file watcher.
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const serverLog = [];
  const keep = (chunk) => serverLog.push(chunk.toString());
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  let serverExited = false;
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve(code ?? signal)));
  void exited.then(() => (serverExited = true));

  const killGroup = (signal) => {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // already gone
    }
  };
  // Last resort if the caller dies before stop().
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      process.off('exit', onExit);
      killGroup('SIGTERM');
      for (let i = 0; i < 50 && !serverExited; i++) await delay(100);
      killGroup('SIGKILL');
      killStragglers(tmp);
      rmSync(root, { recursive: true, force: true });
    })());
  try {
    await waitForHealth(port, () => serverExited, serverLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    root,
    tmp,
    xdg,
    env,
    pid: server.pid,
    userData,
    extensions,
    serverLog,
    /** Resolves with code-server's exit code (or signal) when it ends on its own or is stopped. */
    exited,
    /** A vscode-remote:// URI for a local path, as the workbench payload needs. */
    remote: (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(repoRoot, p)}`,
    /** The workbench URL for a folder (none = empty window) and payload entries. */
    url(folder, payload = []) {
      const where = folder ? `folder=${encodeURIComponent(path.resolve(repoRoot, folder))}` : 'ew=true';
      return `http://127.0.0.1:${port}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop,
  };
}

/** Installs a .vsix into an extensions folder, offline (a local file needs no gallery). */
export function installExtension(vsix, extensionsDir) {
  mkdirSync(extensionsDir, { recursive: true });
  // Its own config and user data, or code-server writes them under $HOME.
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'scribe-install-'));
  try {
    const r = spawnSync(
      process.execPath,
      [
        hostRequire.resolve('code-server/out/node/entry.js'),
        '--config',
        path.join(scratch, 'config.yaml'),
        '--user-data-dir',
        scratch,
        '--extensions-dir',
        extensionsDir,
        '--install-extension',
        vsix,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    return r.stdout.trim();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * @param {object} options
 * @param {string} [options.folder] folder to open (absolute or repo-relative); none = empty window
 * @param {string} [options.openFile] file to open in an editor once the window is up
 * @param {string[]} [options.extensionDevelopmentPaths] defaults to the repo root
 * @param {string} [options.extensionTestsPath] a module exporting run(): runs inside the extension host
 * @param {(type: string, args: unknown[]) => void} [options.onLog] mocha / console output from the extension host tests
 * @param {string} [options.chromium] defaults to /usr/bin/chromium
 * (and startCodeServer's options: settings, env, userDataDir, extensionsDir, port)
 */
export async function launchCodeServer(options = {}) {
  const cs = await startCodeServer(options);
  const { port, xdg, env, serverLog } = cs;
  let browser;
  let exitCode;
  let resolveExit;
  const exited = new Promise((resolve) => (resolveExit = resolve));
  const close = async () => {
    await Promise.race([browser?.close(), delay(5000)]).catch(() => {});
    await cs.stop();
  };

  try {
    const { chromium } = hostRequire('playwright-core');
    browser = await chromium.launch({
      executablePath: options.chromium ?? '/usr/bin/chromium',
      // Playwright's own handlers would exit before close() ends code-server.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Keeps chromium's crashpad and dconf files out of $HOME.
      env: { ...env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Exposed before goto: the workbench calls them when extension tests log and finish.
    await page.exposeFunction('codeAutomationLog', (type, args) => (options.onLog ?? defaultLog)(type, args));
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
      resolveExit(code);
    });
    // Payload values must be vscode-remote:// URIs; plain paths never start the tests.
    const payload = (options.extensionDevelopmentPaths ?? [repoRoot]).map((p) => [
      'extensionDevelopmentPath',
      cs.remote(p),
    ]);
    if (options.extensionTestsPath) payload.push(['extensionTestsPath', cs.remote(options.extensionTestsPath)]);
    if (options.openFile) payload.push(['openFile', cs.remote(options.openFile)]);
    await page.goto(cs.url(options.folder, payload));
    return {
      page,
      port,
      root: cs.root,
      /** code-server's logs, including each extension's output channel (exthost*). */
      logsDir: path.join(cs.userData, 'logs'),
      serverLog,
      /** Resolves with code-server's exit code if it ends before close(). */
      serverExited: cs.exited,
      /** Resolves with codeAutomationExit's code once extension tests finish. */
      exited,
      get exitCode() {
        return exitCode;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Kills what code-server started outside its process group: tools that the language server spawns
 * detached (ansible-lint, in their own group so that a timeout kills their children) outlive a
 * server that is SIGTERMed while they run. They are found by the TMPDIR they inherited from us.
 */
function killStragglers(tmp) {
  if (process.platform !== 'linux') return;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`TMPDIR=${tmp}`))
        process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone, or not ours to read
    }
  }
}

function defaultLog(_type, args) {
  // Printing the args (not a string) keeps mocha's '%s' formatting.
  console.log(...args);
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(port, hasExited, serverLog) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`code-server exited early:\n${serverLog.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer /healthz within 30 s:\n${serverLog.join('')}`);
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
