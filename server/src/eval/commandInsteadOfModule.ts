// ansible-lint's command-instead-of-module rule, reimplemented as an independent judge for
// `scribe eval` (the model's own rule, model/commandModules.ts, replaces the commands it knows, so
// scoring by that rule alone would read 0 by construction). Source: ansible-lint,
// src/ansiblelint/rules/command_instead_of_module.py (`_modules`, `_executable_options`, `matchtask`):
// a `command`/`shell` task whose first word's basename is in the list, unless its second word is one
// of that executable's allowed options.

const B = 'ansible.builtin.';
const LINTED = new Set([B + 'command', B + 'shell', 'command', 'shell']);

/** Executable → the module ansible-lint names (its first choice, as an FQCN). */
const MODULES: Record<string, string> = {
  'apt-get': B + 'apt',
  chkconfig: B + 'service',
  curl: B + 'get_url',
  git: B + 'git',
  hg: 'community.general.hg',
  letsencrypt: 'community.crypto.acme_certificate',
  mktemp: B + 'tempfile',
  mount: 'ansible.posix.mount',
  patch: 'ansible.posix.patch',
  rpm: B + 'yum',
  rsync: 'ansible.posix.synchronize',
  sed: B + 'lineinfile',
  service: B + 'service',
  supervisorctl: 'community.general.supervisorctl',
  svn: B + 'subversion',
  systemctl: B + 'systemd',
  tar: B + 'unarchive',
  unzip: B + 'unarchive',
  wget: B + 'get_url',
  yum: B + 'yum',
};

/** Second words that make the command acceptable (ansible-lint's `_executable_options`). */
const ALLOWED_OPTIONS: Record<string, readonly string[]> = {
  git: ['branch', 'log', 'lfs'],
  // ansible-lint's five, plus the queries no module reports (as model/commandModules.ts allows).
  systemctl: [
    '--version',
    'kill',
    'set-default',
    'show-environment',
    'status',
    'is-active',
    'is-enabled',
    'is-failed',
    'show',
    'cat',
    'get-default',
    'list-units',
    'list-unit-files',
    'list-timers',
  ],
  yum: ['clean'],
  rpm: ['--nodeps'],
};

/** Words of a description that ask for a command itself (the same words model/commandModules.ts reads). */
const ASKS_FOR_COMMAND = /\b(run|runs|running|execute|executes|command|commands|shell|script|cmd|invoke)\b|`|"/i;

/**
 * The module ansible-lint would ask for instead of this `command`/`shell` line, or undefined; also
 * undefined when the task's description asks for a command ("Run systemctl …").
 */
export function lintModuleWhereAsked(fqcn: string, commandLine: unknown, description: string): string | undefined {
  return ASKS_FOR_COMMAND.test(description) ? undefined : lintModuleForCommand(fqcn, commandLine);
}

/** The module ansible-lint would ask for instead of this `command`/`shell` line, or undefined. */
export function lintModuleForCommand(fqcn: string, commandLine: unknown): string | undefined {
  if (!LINTED.has(fqcn) || typeof commandLine !== 'string') return undefined;
  const [first, second] = commandLine.trim().split(/\s+/);
  if (!first) return undefined;
  const executable = first.split('/').pop() ?? '';
  if (!Object.hasOwn(MODULES, executable)) return undefined;
  if (second !== undefined && ALLOWED_OPTIONS[executable]?.includes(second)) return undefined;
  return MODULES[executable];
}
