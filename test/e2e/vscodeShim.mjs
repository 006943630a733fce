#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() would download:
// runs code-server (VS Code 1.100.3) and opens it in headless chromium, so the extension tests run
// in a real workbench on an offline machine. runTests() passes `vscodeExecutablePath` = this file.
//
// Argv (from runTests): the folder to open first, then --extensionDevelopmentPath=, --extensionTestsPath=,
// --user-data-dir=, --extensions-dir= (the rest is ignored). Env:
//   SCRIBE_E2E_TIMEOUT_S         give up after this many seconds, exit 124 (default 300)
//   SCRIBE_E2E_PROBE_DIR         answers to the tests' UI probes (see below) are written here
//   SCRIBE_E2E_SCREENSHOTS       screenshots go here
// Exit code: the tests' result (0 pass, 1 fail), 124 timeout, 130 SIGINT, 1 when anything breaks.
//
// UI probes: the tests run in the extension host and cannot see the workbench, so they ask the shim
// by logging `@@scribe-e2e {"id","action",...}` (console.log reaches codeAutomationLog); the shim
// answers in <probe dir>/<id>.json. Actions: screenshot {name}, statusBar, press {key}.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchCodeServer } from './codeServer.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
const folder = argv.find((a) => !a.startsWith('-'));
const probeDir = process.env.SCRIBE_E2E_PROBE_DIR;
const screenshots = process.env.SCRIBE_E2E_SCREENSHOTS;
const timeoutMs = Number(process.env.SCRIBE_E2E_TIMEOUT_S || 300) * 1000;
const probeMarker = '@@scribe-e2e ';

// runTests() pipes our output; a closed pipe must not crash us before cleanup.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

let vscode;
let finishing;
function finish(code, reason) {
  if (finishing) return finishing;
  if (reason) console.error(`vscode-shim: ${reason}`);
  finishing = (async () => {
    await vscode?.close().catch(() => {});
    process.exit(code);
  })();
  return finishing;
}
process.on('SIGINT', () => void finish(130, 'interrupted'));
process.on('SIGTERM', () => void finish(143, 'terminated'));
// runTests() does not forward a SIGTERM it receives: notice when our parent is gone.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void finish(1, 'the test runner is gone'), 1000).unref();
setTimeout(() => void finish(124, `no result within ${timeoutMs / 1000} s`), timeoutMs).unref();

try {
  vscode = await launchCodeServer({
    folder,
    extensionDevelopmentPaths: flag('extensionDevelopmentPath'),
    extensionTestsPath: flag('extensionTestsPath')[0],
    userDataDir: flag('user-data-dir')[0],
    extensionsDir: flag('extensions-dir')[0],
    onLog: (_type, args) => {
      const text = args.map(String).join(' ');
      const at = text.indexOf(probeMarker);
      if (at >= 0) void answerProbe(JSON.parse(text.slice(at + probeMarker.length)));
      // Offline, the workbench's extension gallery query fails with a long stack trace: noise.
      else if (/getaddrinfo ENOTFOUND/.test(text)) return;
      // Printing the args (not a string) keeps mocha's '%s' formatting.
      else console.log(...args);
    },
  });
  const code = await Promise.race([
    vscode.exited,
    vscode.serverExited.then((c) => {
      throw new Error(`code-server exited (${c}) before the tests finished`);
    }),
    new Promise((_, reject) => vscode.page.on('crash', () => reject(new Error('the page crashed')))),
  ]);
  await finish(code === 0 ? 0 : 1);
} catch (error) {
  await finish(1, error.stack ?? String(error));
}

async function answerProbe(probe) {
  let answer;
  try {
    answer = { ok: true, result: await runProbe(probe) };
  } catch (error) {
    answer = { ok: false, error: String(error.message ?? error) };
  }
  if (!probeDir) return;
  const file = path.join(probeDir, `${probe.id}.json`);
  // Write then rename, so the test never reads half a file.
  writeFileSync(`${file}.part`, JSON.stringify(answer));
  renameSync(`${file}.part`, file);
}

async function runProbe(probe) {
  const page = vscode.page;
  switch (probe.action) {
    case 'screenshot': {
      if (!screenshots) throw new Error('SCRIBE_E2E_SCREENSHOTS is not set');
      mkdirSync(screenshots, { recursive: true });
      const file = path.join(screenshots, `${probe.name}.png`);
      await page.screenshot({ path: file });
      return file;
    }
    case 'statusBar':
      // The item's id is '<extension id>.scribe.status'.
      return (await page.locator('[id$="scribe.status"]').first().textContent({ timeout: 10_000 }))?.trim();
    case 'press':
      await page.keyboard.press(probe.key);
      return true;
    default:
      throw new Error(`unknown probe action ${probe.action}`);
  }
}
