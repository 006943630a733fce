// "Generate Playbook" and "Generate Role": a goal → an outline (one step per line, from the most
// similar real roles and playbooks) that the user edits → the content, every task attributed.
// A playbook opens as a new untitled document; a role is written into the workspace only after the
// user confirms, and never over an existing role.
import * as vscode from 'vscode';
import {
  GenerateRequest,
  OutlineRequest,
  type GenerateParams,
  type GenerateResult,
  type OutlineResult,
} from '../../../server/src/protocol';

type SendRequest = (method: string, params: unknown) => Promise<unknown>;

export function registerGenerateCommands(send: SendRequest, output: vscode.LogOutputChannel): vscode.Disposable {
  const guarded = (run: () => Promise<void>) => async () => {
    try {
      await run();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      output.error(`Generate: ${reason}`);
      void vscode.window.showErrorMessage(`Ansible Scribe: ${reason}`);
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(
      'scribe.generatePlaybook',
      guarded(() => generatePlaybook(send, output)),
    ),
    vscode.commands.registerCommand(
      'scribe.generateRole',
      guarded(() => generateRole(send, output)),
    ),
  );
}

async function askGoal(what: string): Promise<string | undefined> {
  const goal = await vscode.window.showInputBox({
    title: `Ansible Scribe: generate a ${what}`,
    prompt: `Describe what the ${what} should do`,
    placeHolder: 'e.g. Install and start nginx with a site configuration',
    validateInput: (v) => (v.trim() ? undefined : 'Describe the goal'),
  });
  return goal?.trim() || undefined;
}

/** The outline as one editable line (steps separated by `;`), then split back into steps. */
async function editOutline(send: SendRequest, goal: string): Promise<string[] | undefined> {
  const outline = (await send(OutlineRequest, { goal })) as OutlineResult;
  const from = outline.sources[0];
  const edited = await vscode.window.showInputBox({
    title: 'Ansible Scribe: the outline (one step per `;`), edit it freely',
    value: outline.steps.join('; '),
    prompt: from
      ? `Steps from ${from.collection}@${from.version} ${from.path} (${from.license})`
      : 'Steps from your goal',
    validateInput: (v) => (v.split(';').some((s) => s.trim()) ? undefined : 'At least one step'),
  });
  return edited
    ?.split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

function attributionSummary(result: GenerateResult): string {
  return result.tasks
    .map((t) => {
      const m = t.matches[0];
      return `${t.step} → ${t.fqcn}${m ? ` (closest: ${m.collection}@${m.version} ${m.path}, ${m.license}, ${m.score.toFixed(2)})` : ''}`;
    })
    .join('\n');
}

async function generatePlaybook(send: SendRequest, output: vscode.LogOutputChannel): Promise<void> {
  const goal = await askGoal('playbook');
  if (!goal) return;
  const outline = await editOutline(send, goal);
  if (!outline) return;
  const params: GenerateParams = { kind: 'playbook', goal, outline };
  const result = (await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ansible Scribe: generating the playbook…' },
    () => send(GenerateRequest, params),
  )) as GenerateResult;
  output.info(`Generated playbook for "${goal}":\n${attributionSummary(result)}`);
  for (const p of result.problems) output.warn(`Generated playbook: ${p}`);
  const doc = await vscode.workspace.openTextDocument({ language: 'ansible', content: result.yaml ?? '' });
  await vscode.window.showTextDocument(doc);
}

async function generateRole(send: SendRequest, output: vscode.LogOutputChannel): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a workspace folder to generate a role into');
  const name = await vscode.window.showInputBox({
    title: 'Ansible Scribe: generate a role',
    prompt: 'Role name (lowercase letters, digits and _)',
    validateInput: (v) => (/^[a-z][a-z0-9_]*$/.test(v) ? undefined : 'e.g. web_server'),
  });
  if (!name) return;
  const target = vscode.Uri.joinPath(folder.uri, 'roles', name);
  if (await exists(target)) throw new Error(`roles/${name} already exists: a generated role never overwrites one`);
  const goal = await askGoal('role');
  if (!goal) return;
  const outline = await editOutline(send, goal);
  if (!outline) return;
  const params: GenerateParams = { kind: 'role', name, goal, outline };
  const result = (await send(GenerateRequest, params)) as GenerateResult;
  const files = Object.entries(result.files ?? {});
  const confirm = await vscode.window.showInformationMessage(
    `Write roles/${name} (${files.map(([f]) => f).join(', ')})?`,
    { modal: true, detail: attributionSummary(result) },
    'Write',
  );
  if (confirm !== 'Write') return;
  if (await exists(target)) throw new Error(`roles/${name} already exists: a generated role never overwrites one`);
  for (const [file, text] of files)
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(target, file), new TextEncoder().encode(text));
  output.info(`Generated role roles/${name} for "${goal}":\n${attributionSummary(result)}`);
  await vscode.window.showTextDocument(vscode.Uri.joinPath(target, 'tasks/main.yml'));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
