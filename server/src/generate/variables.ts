// The variables generated tasks use (`{{ name }}`) and a sensible value for each: role defaults,
// or play vars in a generated playbook, so the result runs without undefined variables.

import { taskMaps, type GeneratedTask } from './tasks';

// Names Ansible or the task itself defines: not role defaults.
const NOT_DEFAULTS =
  /^(item|ansible_\w+|inventory_\w+|hostvars|groups|group_names|play_hosts|omit|role_path|role_name|playbook_dir|lookup|query|q|range|true|false|none|undefined)$/i;

/** The `{{ var }}` variables the tasks use (not registered, looped or magic), with a default. */
export function defaultsFor(tasks: readonly GeneratedTask[]): Record<string, unknown> {
  const registered = new Set(taskMaps(tasks).flatMap((m) => (typeof m.register === 'string' ? [m.register] : [])));
  const out: Record<string, unknown> = {};
  for (const t of tasks) {
    for (const expr of t.text.match(/\{\{.*?\}\}/g) ?? []) {
      const name = /^\{\{-?\s*([A-Za-z_]\w*)/.exec(expr)?.[1];
      if (!name || NOT_DEFAULTS.test(name) || registered.has(name) || name in out) continue;
      out[name] = defaultValue(name);
    }
  }
  return out;
}

/** A sensible default by the variable's name, else a placeholder the user must replace. */
export function defaultValue(name: string): unknown {
  const n = name.toLowerCase();
  if (/(^|_)state$/.test(n)) return 'present';
  if (/(^|_)(enabled|enable)$/.test(n)) return true;
  if (/(^|_)port$/.test(n)) return 8080;
  if (/(^|_)(packages|users|groups|list|items)$/.test(n)) return [];
  if (/(^|_)(user|owner)$/.test(n)) return 'root';
  if (/(^|_)group$/.test(n)) return 'root';
  if (/(^|_)mode$/.test(n)) return '0644';
  if (/(^|_)(path|dir|directory)$/.test(n)) return `/opt/${n.replace(/_(path|dir|directory)$/, '')}`;
  if (/(^|_)(host|dbhost)$/.test(n)) return 'localhost';
  return 'CHANGE_ME';
}

/** `name: value` lines at `indent`, values as YAML flow scalars. */
export function variablesYaml(values: Record<string, unknown>, indent: number): string {
  const pad = ' '.repeat(indent);
  const value = (v: unknown) => (Array.isArray(v) ? '[]' : typeof v === 'string' ? JSON.stringify(v) : String(v));
  return Object.entries(values)
    .map(([n, v]) => `${pad}${n}: ${value(v)}\n`)
    .join('');
}
