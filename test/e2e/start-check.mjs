#!/usr/bin/env node
// Checks `npm start` as a user runs it: starts it in its own process group, fetches /healthz, opens
// the printed URL in headless chromium and waits for the extension's status bar item, then sends
// SIGINT to the group (as Ctrl+C in a terminal does) and checks that no process it started is left
// and its temp folder is gone. Screenshot: test-results/e2e/npm-start.png.
//   node test/e2e/start-check.mjs
/* global fetch */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const failures = [];
const check = (name, ok, detail = '') => {
  if (!ok) failures.push(name);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};

const start = spawn('npm', ['start'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
start.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
const exited = new Promise((resolve) => start.on('exit', (code, signal) => resolve(code ?? signal)));
const deadline = Date.now() + 300_000;
while (!/Press Ctrl\+C to stop/.test(out) && Date.now() < deadline && start.exitCode === null)
  await new Promise((r) => setTimeout(r, 200));
const url = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?\S+/)?.[0];
const root = out.match(/Settings and logs: (\S+) \(removed on exit\)/)?.[1];
check('npm start prints a URL and its temp folder', Boolean(url && root), url);

let browser;
try {
  if (url) {
    const health = await fetch(new URL('/healthz', url)).then((r) => r.json());
    check('/healthz answers', typeof health.status === 'string', JSON.stringify(health));
    const { chromium } = createRequire(path.join(repoRoot, 'e2e-host/package.json'))('playwright-core');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const status = page.locator('[id$="scribe.status"]').first();
    let text = '';
    for (let i = 0; i < 240 && text !== 'Scribe'; i++) {
      text = ((await status.textContent({ timeout: 1000 }).catch(() => '')) ?? '').trim();
      await page.waitForTimeout(500);
    }
    check('the extension activated on site.yml and reports a healthy status', text === 'Scribe', text);
    const mode = (await page.locator('#status\\.editor\\.mode').textContent())?.trim();
    check('site.yml is open as Ansible', mode === 'Ansible', mode);
    mkdirSync(path.join(repoRoot, 'test-results/e2e'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-results/e2e/npm-start.png') });
  }
} finally {
  await browser?.close();
  process.kill(-start.pid, 'SIGINT');
}
const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running after 20 s'), 20_000))]);
check('Ctrl+C stops npm start', code === 0 || code === 130 || code === 'SIGINT', String(code));
await new Promise((r) => setTimeout(r, 500));
const left = root ? processesUsing(root) : [];
check('no process it started is left', left.length === 0, left.join('; '));
check('its temp folder is removed', Boolean(root) && !existsSync(root), root);
process.exit(failures.length ? 1 : 0);

/** Processes whose environment has TMPDIR inside `root` (code-server and all it started). */
function processesUsing(root) {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const env = readFileSync(`/proc/${pid}/environ`, 'utf8');
        if (!env.includes(`TMPDIR=${root}`)) return [];
        return [`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`];
      } catch {
        return [];
      }
    });
}
