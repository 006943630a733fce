// One line about every playbook keyword, for hover and completion.
//
// ansible-core ships its own descriptions (ansible/keyword_desc.yml); when the installed Ansible
// has that file we read it at runtime and prefer it, so the text matches the user's version. The
// file is GPL and is not copied here: the fallback below is our own wording.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ours: Record<string, string> = {
  action: 'The module (or action plugin) to run, with its arguments; the older spelling of a task.',
  any_errors_fatal: 'When a task fails on any host, stop the whole play on every host.',
  args: 'Module arguments given as a mapping, merged with the arguments written on the module key.',
  always: 'Tasks that run after the block and rescue tasks, whether or not they failed.',
  async: 'Run the task in the background, allowed to take at most this many seconds.',
  become: 'Run with privilege escalation (sudo, su, …) as `become_user`.',
  become_exe: 'The executable used for privilege escalation, when it is not the default one.',
  become_flags: 'Extra flags passed to the privilege escalation program.',
  become_method: 'How to escalate privileges: sudo, su, doas, runas, …',
  become_user: 'The user to become after escalating privileges (default root).',
  block: 'A group of tasks sharing keywords (when, become, …), with optional rescue and always sections.',
  changed_when: 'A condition that decides whether the task reports "changed", instead of the module.',
  check_mode: 'Run the task in check mode (true) or for real even when the play runs with --check (false).',
  collections: 'Collection namespaces searched for short module, plugin and role names.',
  connection: 'The connection plugin used to reach the hosts (ssh, local, winrm, …).',
  debugger: 'When to open the task debugger: always, never, on_failed, on_unreachable, on_skipped.',
  delay: 'Seconds to wait between `until` retries.',
  delegate_facts: 'Store facts gathered by a delegated task on the delegated host, not on the current one.',
  delegate_to: 'Run the task on this host instead of the current target host.',
  diff: 'Report the changes the task makes (like --diff), or not.',
  environment: 'Environment variables set for the module when it runs on the host.',
  fact_path: 'Where fact gathering looks for local facts (facts.d).',
  failed_when: 'A condition that decides whether the task failed, instead of the module.',
  force_handlers: 'Run notified handlers even on hosts where a later task failed.',
  gather_facts: 'Gather facts (run the setup module) at the start of the play.',
  gather_subset: 'Which subsets of facts to gather (e.g. network, hardware, !all).',
  gather_timeout: 'Timeout in seconds for gathering facts.',
  handlers: 'Tasks that run only when notified, at the end of each section of the play.',
  hosts: 'The hosts, groups or host pattern the play targets.',
  ignore_errors: 'Carry on with the play when this task fails.',
  import_playbook: 'Run the plays of another playbook file at this point.',
  ignore_unreachable: 'Carry on with the host when it cannot be reached for this task.',
  listen: 'Topics this handler also answers to when a task notifies them.',
  local_action: 'Run the module on the control node; shorthand for `delegate_to: localhost`.',
  loop: 'A list to run the task over, once per item (the item is `item`, see loop_control).',
  loop_control: 'Options for `loop`: loop_var, label, pause, index_var, extended.',
  max_fail_percentage: 'Abort the play when more than this percentage of hosts in a batch fail.',
  module_defaults: 'Default arguments for modules (or action groups) used in this scope.',
  name: 'A name shown in the output and used to refer to this play, block, task or handler.',
  no_log: 'Hide the task’s arguments and results from the output and logs (for secrets).',
  notify: 'Handlers to notify when the task reports a change.',
  order: 'The order hosts are processed in: inventory, reverse_inventory, sorted, reverse_sorted, shuffle.',
  poll: 'For async tasks: seconds between status checks; 0 means fire and forget.',
  port: 'The port to connect to on the hosts, overriding the connection default.',
  post_tasks: 'Tasks that run after the roles and tasks of the play.',
  pre_tasks: 'Tasks that run before the roles of the play.',
  register: 'Save the task’s result in a variable with this name.',
  remote_user: 'The user to log in as on the hosts.',
  rescue: 'Tasks that run when a task of the block fails.',
  retries: 'How many times to retry the task until `until` is true.',
  roles: 'Roles to run in this play, before its tasks.',
  run_once: 'Run the task on one host of the batch only and share the result with the others.',
  serial: 'Run the play on hosts in batches of this size (a number, percentage or list).',
  strategy: 'How tasks are scheduled across hosts: linear, free, host_pinned, debug.',
  tags: 'Tags used to select or skip tasks with --tags and --skip-tags.',
  tasks: 'The main list of tasks of the play.',
  throttle: 'The most hosts that run this task at the same time.',
  timeout: 'Seconds the task may run before it is stopped and fails.',
  until: 'A condition to retry the task on until it is true (see retries and delay).',
  vars: 'Variables for this scope.',
  vars_files: 'Files of variables to load for the play.',
  vars_prompt: 'Variables to ask the user for when the play starts.',
  when: 'A condition: the task (or block) runs only when it is true.',
};

const withLoop = 'A loop over the results of the lookup plugin named after `with_`; prefer `loop`.';

/** Where ansible-core's keyword_desc.yml may be: Debian's package, then pip installs. */
function candidatePaths(): string[] {
  const paths = ['/usr/lib/python3/dist-packages/ansible/keyword_desc.yml'];
  const home = process.env.HOME;
  for (const lib of ['/usr/lib', '/usr/local/lib', ...(home ? [join(home, '.local/lib')] : [])]) {
    let dirs: string[] = [];
    try {
      dirs = readdirSync(lib).filter((d) => /^python3(\.\d+)?$/.test(d));
    } catch {
      continue;
    }
    for (const d of dirs)
      for (const pkgs of ['dist-packages', 'site-packages']) paths.push(join(lib, d, pkgs, 'ansible/keyword_desc.yml'));
  }
  return paths;
}

/** ansible-core's descriptions use RST/Ansible markup; keep the words, drop the references. */
function plain(text: string): string {
  return text
    .replace(/\s*See :ref:`[^`]*`\.?/g, '')
    .replace(/:term:`([^`]*)`/g, '`$1`')
    .replace(/:ref:`([^`<]*?)\s*(<[^>]*>)?`/g, '$1')
    .replace(/\bC\(([^)]*)\)/g, '`$1`')
    .replace(/``([^`]*)``/g, '`$1`')
    .replace(/\.\. note::/g, 'Note:')
    .replace(/\n\s*\n/g, '\n\n')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function readInstalled(): Map<string, string> {
  for (const path of candidatePaths()) {
    try {
      const data = parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      const out = new Map<string, string>();
      for (const [k, v] of Object.entries(data ?? {})) if (typeof v === 'string') out.set(k, plain(v));
      if (out.size) return out;
    } catch {
      // not there, or unreadable: try the next place
    }
  }
  return new Map();
}

// Read once: the file belongs to the installed Ansible and does not change while we run.
let installed: Map<string, string> | undefined;

/** Reads the installed descriptions (once); the first hover or completion would otherwise. */
export function loadKeywordDescriptions(): Map<string, string> {
  installed ??= readInstalled();
  return installed;
}

/** A description of a playbook keyword, or undefined for a key that is not one. */
export function keywordDescription(key: string): string | undefined {
  const installed = loadKeywordDescriptions();
  if (/^with_[a-z0-9_]+$/.test(key)) return installed.get('loop_with') ?? withLoop;
  if (key === 'async') return installed.get('async') ?? installed.get('async_val') ?? ours.async;
  return installed.get(key) ?? ours[key];
}

/** Our own wording only, whatever is installed (for tests and for a predictable fallback). */
export function builtinKeywordDescription(key: string): string | undefined {
  return /^with_[a-z0-9_]+$/.test(key) ? withLoop : ours[key];
}
