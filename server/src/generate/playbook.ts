// Goal + outline → a playbook: one play (`hosts: all`, `become: true` only when a task needs root),
// one task per step through the multi-task pipeline, handlers for what the tasks notify, then the
// built-in validator over the result: its diagnostics are reported as problems (expected: none).

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { ModuleCatalog } from '../catalog/types';
import { parseAnsibleDocument } from '../document/parse';
import { validate } from '../service/validation/index';
import { defaultSettings } from '../settings';
import { handlersFor, handlersYaml } from './handlers';
import { defaultsFor, variablesYaml } from './variables';
import { taskMaps, tasksForSteps, yamlString, type GenerateDeps, type GeneratedTask } from './tasks';

export interface GenerationProblem {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based line in the generated YAML, when the problem is a diagnostic. */
  line?: number;
}

export interface GeneratedPlaybook {
  yaml: string;
  tasks: GeneratedTask[];
  /** Play vars: the variables the tasks use, with a value or a CHANGE_ME placeholder. */
  vars: Record<string, unknown>;
  problems: GenerationProblem[];
  millis: number;
}

const PLAYBOOK_URI = 'untitled:generated-playbook.yml';

export async function generatePlaybook(
  goal: string,
  outline: readonly string[],
  deps: GenerateDeps,
): Promise<GeneratedPlaybook> {
  const started = performance.now();
  const header = `---\n- name: ${yamlString(goal.trim())}\n  hosts: all\n  become: true\n  tasks:\n`;
  const generated = await tasksForSteps(outline, { uri: PLAYBOOK_URI, header, indent: 4 }, deps);
  const problems: GenerationProblem[] = generated.problems.map((message) => ({ severity: 'warning', message }));
  let yaml = header.replace(needsRoot(generated.tasks) ? /$^/ : '  become: true\n', '');
  // Variables the tasks use become play vars (placeholders where no value fits).
  const vars = defaultsFor(generated.tasks);
  if (Object.keys(vars).length) yaml = yaml.replace(/ {2}tasks:\n$/, `  vars:\n${variablesYaml(vars, 4)}  tasks:\n`);
  yaml += generated.tasks.length ? generated.tasks.map((t) => t.text).join('') : '    []\n';
  const handlers = handlersFor(generated.tasks);
  if (handlers.length) yaml += `  handlers:\n${handlersYaml(handlers, 4)}`;
  problems.push(...(await diagnose(PLAYBOOK_URI, yaml, deps.catalog)));
  return { yaml, tasks: generated.tasks, vars, problems, millis: performance.now() - started };
}

/** The built-in validator's diagnostics on generated YAML, as problems. */
export async function diagnose(uri: string, yaml: string, catalog: ModuleCatalog): Promise<GenerationProblem[]> {
  const doc = parseAnsibleDocument(uri, yaml);
  const diagnostics = await validate(doc, catalog, defaultSettings.validation);
  return diagnostics.map((d) => ({
    severity:
      d.severity === DiagnosticSeverity.Error
        ? 'error'
        : d.severity === DiagnosticSeverity.Warning
          ? 'warning'
          : 'info',
    message: `${d.code ? `${String(d.code)}: ` : ''}${d.message}`,
    line: d.range.start.line + 1,
  }));
}

// Modules that change the system as a whole (packages, services, users, mounts, kernel settings).
const ROOT_MODULES =
  /\.(apt|apt_key|apt_repository|yum|yum_repository|dnf|dnf5|package|package_facts|rpm_key|service|systemd|systemd_service|sysvinit|user|group|authorized_key|mount|sysctl|hostname|firewalld|ufw|iptables|seboolean|selinux|cron|pip|snap|zypper|pacman|apk|timezone|modprobe|alternatives|locale_gen|postgresql_\w+|mysql_\w+)$/;

/** Whether a generated task needs root: a system module, or a file under a system directory. */
export function needsRoot(tasks: readonly GeneratedTask[]): boolean {
  if (tasks.some((t) => ROOT_MODULES.test(t.fqcn))) return true;
  if (taskMaps(tasks).some((m) => m.become === true)) return true;
  return tasks.some((t) => /^\s*(dest|path|src)\s*:\s*["']?\/(etc|usr|var|opt|srv|lib|boot|root)\//m.test(t.text));
}
