// Name + goal + outline → a role: tasks/main.yml through the multi-task pipeline (as a role task
// file), handlers/main.yml for what the tasks notify, defaults/main.yml for the variables the tasks
// use, meta/main.yml with galaxy_info placeholders. writeRole never overwrites an existing role.

import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { handlersFor, handlersYaml } from './handlers';
import { diagnose, type GenerationProblem } from './playbook';
import { tasksForSteps, yamlString, type GenerateDeps, type GeneratedTask } from './tasks';
import { defaultsFor, variablesYaml } from './variables';

export type RoleFile = 'tasks/main.yml' | 'handlers/main.yml' | 'defaults/main.yml' | 'meta/main.yml';
export type RoleFiles = Partial<Record<RoleFile, string>>;

export interface GeneratedRole {
  files: RoleFiles;
  tasks: GeneratedTask[];
  /** Variables found in the tasks and the default given to each. */
  defaults: Record<string, unknown>;
  problems: GenerationProblem[];
  millis: number;
}

export class RoleError extends Error {}

/** Galaxy role names: lowercase letters, digits and underscores, starting with a letter. */
export function checkRoleName(name: string): void {
  if (!/^[a-z][a-z0-9_]*$/.test(name))
    throw new RoleError(`role name '${name}' is not valid: use lowercase letters, digits and _ (e.g. web_server)`);
}

export async function generateRole(
  name: string,
  goal: string,
  outline: readonly string[],
  deps: GenerateDeps,
): Promise<GeneratedRole> {
  const started = performance.now();
  checkRoleName(name);
  if (!goal.trim()) throw new RoleError('the goal is empty: describe what the role should do');
  const uri = pathToFileURL(`/generated/roles/${name}/tasks/main.yml`).href;
  const generated = await tasksForSteps(outline, { uri, header: '---\n', indent: 0 }, deps);
  const problems: GenerationProblem[] = generated.problems.map((message) => ({ severity: 'warning', message }));
  const files: RoleFiles = {};
  files['tasks/main.yml'] = `---\n${generated.tasks.map((t) => t.text).join('') || '[]\n'}`;
  const handlers = handlersFor(generated.tasks);
  if (handlers.length) files['handlers/main.yml'] = `---\n${handlersYaml(handlers, 0)}`;
  const defaults = defaultsFor(generated.tasks);
  files['defaults/main.yml'] = defaultsYaml(defaults);
  files['meta/main.yml'] = metaYaml(name, goal.trim());
  for (const [file, text] of Object.entries(files) as [RoleFile, string][]) {
    if (file !== 'tasks/main.yml' && file !== 'handlers/main.yml') continue;
    const found = await diagnose(pathToFileURL(`/generated/roles/${name}/${file}`).href, text, deps.catalog);
    problems.push(...found.map((p) => ({ ...p, message: `${file}: ${p.message}` })));
  }
  return { files, tasks: generated.tasks, defaults, problems, millis: performance.now() - started };
}

function defaultsYaml(defaults: Record<string, unknown>): string {
  const names = Object.keys(defaults);
  if (!names.length) return '---\n# No variables are used by the tasks.\n{}\n';
  return `---\n${variablesYaml(defaults, 0)}`;
}

function metaYaml(name: string, goal: string): string {
  return [
    '---',
    'galaxy_info:',
    `  role_name: ${name}`,
    '  author: your name',
    `  description: ${yamlString(goal)}`,
    '  license: MIT',
    '  min_ansible_version: "2.14"',
    '  galaxy_tags: []',
    'dependencies: []',
    '',
  ].join('\n');
}

/** Writes the role's files under `<dir>/<name>/`; an existing role folder is an error, untouched. */
export async function writeRole(dir: string, name: string, files: RoleFiles): Promise<string[]> {
  checkRoleName(name);
  const root = join(dir, name);
  if (existsSync(root)) throw new RoleError(`${root} already exists: not overwriting an existing role`);
  const written: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    const path = join(root, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { flag: 'wx' });
    written.push(path);
  }
  return written;
}
