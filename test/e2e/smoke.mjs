#!/usr/bin/env node
// Manual smoke check in a real editor (not part of `npm test`): opens examples/ in code-server with
// this extension, then checks what a user would see; then opens a copy of test/fixtures/project
// for the Outline of its site.yml and the hover of a role default. Screenshots go to
// test-results/e2e-smoke/.
//   node test/e2e/smoke.mjs            (needs `npm run build` and e2e-host/ installed)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { delay, launchCodeServer, repoRoot } from './codeServer.mjs';

const shots = path.join(repoRoot, 'test-results/e2e-smoke');
mkdirSync(shots, { recursive: true });
const results = [];
const check = (name, ok, detail = '') => {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
};

// --extension DIR: load another build of the extension (e.g. one without server/dist, to see the error path).
const extensionArg = process.argv.indexOf('--extension');
const extension = extensionArg > 0 ? path.resolve(process.argv[extensionArg + 1]) : repoRoot;
const vscode = await launchCodeServer({
  folder: 'examples',
  openFile: 'examples/site.yml',
  extensionDevelopmentPaths: [extension],
});
const { page } = vscode;
try {
  const statusBar = page.locator('footer[role="status"], .part.statusbar').first();
  const languageMode = page.locator('#status\\.editor\\.mode');
  const scribeItem = statusBar.locator('[id$="scribe.status"]');

  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
  await scribeItem.waitFor({ timeout: 30_000 }).catch(() => {});
  await delay(3000); // let the server report and the tokenizer colour the whole view
  check(
    'site.yml opens as Ansible',
    (await languageMode.textContent())?.trim() === 'Ansible',
    await languageMode.textContent(),
  );
  const scribeText = (await scribeItem.textContent().catch(() => ''))?.trim();
  check('Scribe status bar item is shown', Boolean(scribeText), scribeText);
  await page.screenshot({ path: path.join(shots, '1-site.png') });

  const open = async (name) => {
    await page.keyboard.press('Control+P');
    await page.keyboard.type(name);
    await delay(800);
    await page.keyboard.press('Enter');
    await delay(2000);
  };
  await open('deploy.yml');
  check(
    'deploy.yml (playbook content) is switched to Ansible',
    (await languageMode.textContent())?.trim() === 'Ansible',
    await languageMode.textContent(),
  );
  await page.screenshot({ path: path.join(shots, '2-deploy.png') });

  await open('faulty.yml');
  check(
    'faulty.yml (modeline) opens as Ansible',
    (await languageMode.textContent())?.trim() === 'Ansible',
    await languageMode.textContent(),
  );
  await delay(3000);
  await page.screenshot({ path: path.join(shots, '3-faulty.png') });

  // onEnterRules (language-configuration.json): typing a task keeps the keys aligned.
  await open('handlers/main.yml');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('- name: Restart nginx\nansible.builtin.service:\nname: nginx');
  await delay(500);
  const typed = await page.locator('.monaco-editor .view-lines').first().innerText();
  const tail = typed
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .slice(-3);
  check(
    'Enter after "- name: x" aligns the next key, and after "module:" indents',
    tail[0] === '- name: Restart nginx' && tail[1] === '  ansible.builtin.service:' && tail[2] === '    name: nginx',
    JSON.stringify(tail),
  );
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');
  await page.keyboard.press('Control+Z');

  await runCommand(page, 'Ansible Scribe: Rebuild Module Catalog');
  const notice = page
    .locator('.notifications-toasts')
    .getByText(/module catalog rebuilt|rebuilding the module catalog failed|not running/);
  const noticeText = await notice
    .first()
    .textContent({ timeout: 120_000 })
    .catch(() => 'no notification within 120 s');
  check('Rebuild Module Catalog reports its result', /rebuilt/.test(noticeText ?? ''), noticeText);
  await page.screenshot({ path: path.join(shots, '4-rebuild.png') });

  await runCommand(page, 'View: Show Problems');
  await delay(1500);
  await page.screenshot({ path: path.join(shots, '5-problems.png') });

  await runCommand(page, 'Ansible Scribe: Restart Server');
  await delay(4000);
  await runCommand(page, 'Ansible Scribe: Show Output');
  await delay(1500);
  await page.screenshot({ path: path.join(shots, '6-output.png') });

  await scribeItem.hover().catch(() => {});
  await delay(1500);
  await page.screenshot({ path: path.join(shots, '7-status-tooltip.png') });

  const logs = findFiles(vscode.logsDir, (f) => /Ansible Scribe\.log$/.test(f));
  check('the output channel has a log file', logs.length > 0, logs.join(', '));
  const logText = logs.map((log) => readFileSync(log, 'utf8')).join('\n');
  console.log(`--- ${logs.map((log) => path.relative(vscode.logsDir, log)).join(', ')}\n${logText}`);
  const starts = logText.match(/Language server started\./g)?.length ?? 0;
  check('Restart Server started a second server', starts === 2, `${starts} start(s) logged`);
  const exthostLog = findFiles(vscode.logsDir, (f) => /exthost\d*[/\\]exthost\.log$/.test(f))[0];
  if (exthostLog) {
    const lines = readFileSync(exthostLog, 'utf8')
      .split('\n')
      .filter((l) => /scribe/i.test(l));
    console.log(`--- exthost.log lines about scribe\n${lines.join('\n')}`);
  }
} finally {
  await vscode.close();
}
await checkProject();
console.log(`screenshots: ${shots}`);
process.exit(results.every(Boolean) ? 0 : 1);

/**
 * A whole project (test/fixtures/project, copied to a temporary folder so nothing in the repo can
 * be written): the Outline of site.yml lists the play and its tasks, and the hover of
 * `{{ web_port }}` (a default of role web) names roles/web/defaults/main.yml.
 */
async function checkProject() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'scribe-smoke-project-'));
  const project = path.join(root, 'project');
  cpSync(path.join(repoRoot, 'test/fixtures/project'), project, { recursive: true });
  const session = await launchCodeServer({
    folder: project,
    openFile: path.join(project, 'site.yml'),
    extensionDevelopmentPaths: [extension],
    settings: {
      // No suggestions are asked for here: preparing the model would only load the machine.
      'scribe.model.prepareOnStartup': false,
      // VS Code collapses the Outline's items by default; the screenshot shows the tasks.
      'outline.collapseItems': 'alwaysExpand',
    },
  });
  const { page } = session;
  try {
    const languageMode = page.locator('#status\\.editor\\.mode');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await delay(3000);
    check(
      'project/site.yml opens as Ansible',
      (await languageMode.textContent())?.trim() === 'Ansible',
      await languageMode.textContent(),
    );

    await runCommand(page, 'Explorer: Focus on Outline View');
    // The folder's file tree collapsed, so that the Outline has the side bar's height.
    await page
      .locator('.part.sidebar .pane-header[aria-label^="Explorer Section"][aria-expanded="true"]')
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
    // Rows of the Outline pane only (the file tree above it lists file names, not plays or tasks).
    const outline = page.locator('.pane-body.outline-pane .monaco-list-row');
    const rowNamed = (name) => outline.filter({ hasText: name }).first();
    const listed = async (name) =>
      rowNamed(name)
        .waitFor({ timeout: 30_000 })
        .then(() => true)
        .catch(() => false);
    const play = await listed('Web servers');
    const task = await listed('Message of the day');
    const inBlock = await listed('Say hello');
    const rows = await outline.allInnerTexts().catch(() => []);
    check(
      'the Outline of site.yml lists the play "Web servers", its task "Message of the day" and "Say hello" in its block',
      play && task && inBlock,
      JSON.stringify(rows.map((r) => r.replace(/\s+/g, ' ').trim())),
    );
    await delay(500);
    await page.screenshot({ path: path.join(shots, '8-outline.png') });

    // The cursor inside web_port of `msg: "hello {{ web_port }}"`, then the hover as Ctrl+K Ctrl+I shows it.
    const lines = readFileSync(path.join(project, 'site.yml'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('{{ web_port }}'));
    const column = lines[line].indexOf('{{ web_port }}') + 1 + 5;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+P');
    await page.keyboard.type(`:${line + 1}:${column}`);
    await delay(500);
    await page.keyboard.press('Enter');
    await delay(500);
    await runCommand(page, 'Show or Focus Hover');
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'web_port' }).first();
    const hoverText = await hover
      .innerText({ timeout: 30_000 })
      .then((t) => t.replace(/\s+/g, ' ').trim())
      .catch(() => 'no hover within 30 s');
    check(
      'the hover of {{ web_port }} names the role default that defines it',
      /web_port/.test(hoverText) && hoverText.includes('roles/web/defaults/main.yml'),
      hoverText,
    );
    await delay(500);
    await page.screenshot({ path: path.join(shots, '9-variable-hover.png') });
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs a command by its title from the command palette (F1). */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await delay(800);
  await page.keyboard.press('Enter');
}

function findFiles(dir, test) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, f))
    .filter(test);
}
