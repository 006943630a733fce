// The values playbook keywords take, for value completion and keyword snippets.

import type { ValueShape } from './snippet';

export const boolKeywords: ReadonlySet<string> = new Set([
  'any_errors_fatal',
  'become',
  'check_mode',
  'delegate_facts',
  'diff',
  'force_handlers',
  'gather_facts',
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'run_once',
]);

/** Closed sets (ansible-core's FieldAttribute choices, and the strategies/orders it ships). */
const closedChoices: Record<string, string[]> = {
  debugger: ['always', 'never', 'on_failed', 'on_unreachable', 'on_skipped'],
  order: ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'],
  strategy: ['linear', 'free', 'host_pinned', 'debug'],
};

/** Common values of open-ended keywords (plugins may add more): offered, not enforced. */
const commonValues: Record<string, string[]> = {
  become_method: ['sudo', 'su', 'doas', 'pbrun', 'pfexec', 'dzdo', 'ksu', 'machinectl', 'runas', 'sesu'],
  connection: ['ssh', 'local', 'paramiko', 'psrp', 'winrm', 'docker', 'network_cli', 'httpapi', 'netconf'],
  delegate_to: ['localhost'],
  hosts: ['all', 'localhost'],
};

const listKeywords = new Set([
  'always',
  'block',
  'handlers',
  'post_tasks',
  'pre_tasks',
  'rescue',
  'roles',
  'tasks',
  'vars_files',
  'vars_prompt',
]);
const dictKeywords = new Set(['args', 'environment', 'loop_control', 'module_defaults', 'vars']);

export function keywordShape(key: string): ValueShape {
  if (boolKeywords.has(key)) return { kind: 'bool' };
  if (closedChoices[key]) return { kind: 'choices', choices: closedChoices[key] };
  if (listKeywords.has(key)) return { kind: 'list' };
  if (dictKeywords.has(key)) return { kind: 'dict' };
  return { kind: 'scalar' };
}

/** Values to offer after `key: `. */
export function keywordValues(key: string): string[] {
  if (boolKeywords.has(key)) return ['true', 'false'];
  return closedChoices[key] ?? commonValues[key] ?? [];
}
