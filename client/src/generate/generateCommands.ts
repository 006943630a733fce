// "Generate Playbook" and "Generate Role": a goal → an outline (one step per line, from the most
// similar real roles and playbooks) that the user edits → the content, every task attributed.
// A playbook opens as a new untitled document whose tasks become provenance records once it is saved;
// a role is written into the workspace only after the user confirms, never over an existing role,
// and its tasks are recorded when it is written (keptGenerations.ts).
import * as vscode from 'vscode';
import {
  GenerateRequest,
  OutlineRequest,
  type GenerateParams,
  type GenerateResult,
} from '../../../server/src/protocol';
import type { SendRequest } from '../languageClient';
import { KeptGenerations } from './keptGenerations';

/**
 * "Generate Playbook" run from another extension, a task or a test: the goal (and the outline)
 * given instead of asked for. Resolves to the new document's URI.
 */
interface PlaybookArgs {
  goal?: string;
  outline?: string[];
}

export function registerGenerateCommands(send: SendRequest, output: vscode.LogOutputChannel): vscode.Disposable {
  const kept = new KeptGenerations(send, output);
  const guarded =
    <T>(run: (args?: PlaybookArgs) => Promise<T>) =>
    async (args?: PlaybookArgs) => {
      try {
        return await run(args);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        output.error(`Generate: ${reason}`);
        void vscode.window.showErrorMessage(`Ansible Scribe: ${reason}`);
        return undefined;
      }
    };
  return vscode.Disposable.from(
    kept,
    vscode.commands.registerCommand(
      'scribe.generatePlaybook',
      guarded((args) => generatePlaybook(send, output, kept, args)),
    ),
    vscode.commands.registerCommand(
      'scribe.generateRole',
      guarded(() => generateRole(send, output, kept)),
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
  const outline = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ansible Scribe: outlining…', cancellable: false },
    () => send(OutlineRequest, { goal }),
  );
  const from = outline.sources[0];
  const source = from && `${from.collection}@${from.version} ${from.path} (${from.license})`;
  const origin = outline.model
    ? `Steps by ${outline.model}${source ? `, closest real content: ${source}` : ''}`
    : source
      ? `Steps from ${source}`
      : 'Steps from your goal';
  const edited = await vscode.window.showInputBox({
    title: 'Ansible Scribe: the outline (one step per `;`), edit it freely',
    value: outline.steps.join('; '),
    prompt: outline.note ? `${origin}. ${outline.note}` : origin,
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

const idsOf = (result: GenerateResult) => result.tasks.flatMap((t) => (t.suggestionId ? [t.suggestionId] : []));

async function generatePlaybook(
  send: SendRequest,
  output: vscode.LogOutputChannel,
  kept: KeptGenerations,
  args: PlaybookArgs = {},
): Promise<string | undefined> {
  const goal = args.goal?.trim() || (await askGoal('playbook'));
  if (!goal) return undefined;
  const outline = args.outline?.length ? args.outline : await editOutline(send, goal);
  if (!outline) return undefined;
  const params: GenerateParams = { kind: 'playbook', goal, outline };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Ansible Scribe: generating the playbook…' },
    () => send(GenerateRequest, params),
  );
  output.info(`Generated playbook for "${goal}":\n${attributionSummary(result)}`);
  for (const p of result.problems) output.warn(`Generated playbook: ${p}`);
  const doc = await vscode.workspace.openTextDocument({ language: 'ansible', content: result.yaml ?? '' });
  await vscode.window.showTextDocument(doc);
  kept.await(`the playbook for "${goal}"`, idsOf(result));
  return doc.uri.toString();
}

async function generateRole(send: SendRequest, output: vscode.LogOutputChannel, kept: KeptGenerations): Promise<void> {
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
  const result = await send(GenerateRequest, params);
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
  const taskFiles = ['tasks/main.yml', 'handlers/main.yml'].filter((f) => result.files?.[f] !== undefined);
  await kept.keep(
    `role ${name}`,
    taskFiles.map((f) => vscode.Uri.joinPath(target, f)),
    idsOf(result),
  );
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
