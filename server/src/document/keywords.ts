// Playbook keywords by where they may appear, as defined by ansible-core 2.14's
// Play, Block, Task and Handler classes (their `fattributes`). `async_val` and `loop_with`
// are internal names: users write `async` and `with_<lookup>`.

const common = [
  'any_errors_fatal',
  'become',
  'become_exe',
  'become_flags',
  'become_method',
  'become_user',
  'check_mode',
  'collections',
  'connection',
  'debugger',
  'diff',
  'environment',
  'ignore_errors',
  'ignore_unreachable',
  'module_defaults',
  'name',
  'no_log',
  'port',
  'remote_user',
  'run_once',
  'tags',
  'throttle',
  'timeout',
  'vars',
];

export const playKeywords: ReadonlySet<string> = new Set([
  ...common,
  'fact_path',
  'force_handlers',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'handlers',
  'hosts',
  'max_fail_percentage',
  'order',
  'post_tasks',
  'pre_tasks',
  'roles',
  'serial',
  'strategy',
  'tasks',
  'vars_files',
  'vars_prompt',
]);

export const blockKeywords: ReadonlySet<string> = new Set([
  ...common,
  'always',
  'block',
  'delegate_facts',
  'delegate_to',
  'notify',
  'rescue',
  'when',
]);

export const taskKeywords: ReadonlySet<string> = new Set([
  ...common,
  'action',
  'args',
  'async',
  'changed_when',
  'delay',
  'delegate_facts',
  'delegate_to',
  'failed_when',
  'local_action',
  'loop',
  'loop_control',
  'notify',
  'poll',
  'register',
  'retries',
  'until',
  'when',
]);

/** Handlers accept every task keyword plus `listen`. */
export const handlerKeywords: ReadonlySet<string> = new Set([...taskKeywords, 'listen']);

/** `with_items`, `with_dict`, … : a loop over a lookup plugin. */
export function isLoopKeyword(key: string): boolean {
  return /^with_[a-z0-9_]+$/.test(key);
}

export function isTaskKeyword(key: string, handler = false): boolean {
  return (handler ? handlerKeywords : taskKeywords).has(key) || isLoopKeyword(key);
}
