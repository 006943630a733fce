// The Jinja vocabulary Ansible content is read with, in one place for every feature that looks
// inside `{{ }}` (the model's scope check, variable navigation, semantic tokens).

/** Task keys whose value Ansible evaluates as a bare Jinja expression (no `{{ }}`). */
export const BARE_EXPRESSION_KEYS: ReadonlySet<string> = new Set(['when', 'changed_when', 'failed_when', 'until']);

/** Jinja statements, operators, literals and the tests written as words: never variables. */
export const JINJA_KEYWORDS: ReadonlySet<string> = new Set([
  'if', 'else', 'elif', 'endif', 'for', 'endfor', 'in', 'is', 'not', 'and', 'or', 'set', 'endset',
  'block', 'endblock', 'macro', 'endmacro', 'filter', 'endfilter', 'with', 'endwith', 'true', 'false',
  'none', 'True', 'False', 'None', 'recursive', 'loop',
]); // prettier-ignore

/** Functions Jinja and Ansible provide in every template (`lookup(…)`, `range(…)`). */
export const JINJA_GLOBALS: ReadonlySet<string> = new Set([
  'lookup', 'query', 'q', 'range', 'dict', 'lipsum', 'now', 'undef',
]); // prettier-ignore

/** Variables Ansible itself defines everywhere (magic variables; facts are `ansible_*`). */
export const MAGIC_VARIABLES: readonly string[] = [
  'ansible_facts', 'ansible_check_mode', 'ansible_diff_mode', 'ansible_play_hosts', 'ansible_play_batch',
  'ansible_play_name', 'ansible_playbook_python', 'ansible_version', 'ansible_parent_role_names',
  'ansible_role_names', 'ansible_run_tags', 'ansible_skip_tags', 'group_names', 'groups', 'hostvars',
  'inventory_hostname', 'inventory_hostname_short', 'inventory_dir', 'inventory_file', 'item', 'omit',
  'play_hosts', 'playbook_dir', 'role_name', 'role_path', 'ansible_loop', 'ansible_index_var',
]; // prettier-ignore
