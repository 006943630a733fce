// A module beats `command`/`shell` when one does the job (ansible-lint's command-instead-of-module
// rule, whose list this extends): a command line the model would copy from an example is replaced
// by the module that does the same, unless the description asks for a command, or the command
// only queries something no module reports (`systemctl is-active`, `yum history`).

const B = 'ansible.builtin.';
const COMMANDS = new Set([B + 'command', B + 'shell', 'ansible.windows.win_command', 'ansible.windows.win_shell']);

/** First word of a command line → the module that does its job; `subcommands` narrows it. */
const BY_EXECUTABLE: Record<string, { module: string; when?: RegExp; unless?: RegExp }> = {
  systemctl: {
    module: B + 'systemd',
    when: /\b(start|stop|restart|reload|enable|disable|mask|unmask|daemon-reload)\b/,
    unless: /\b(is-active|is-enabled|is-failed|status|show|list-\w+|cat|get-default|--version)\b/,
  },
  service: { module: B + 'service', when: /\b(start|stop|restart|reload)\b/ },
  chkconfig: { module: B + 'service' },
  // `--reload` too: firewalld's `immediate: true` applies a permanent change without one.
  'firewall-cmd': { module: 'ansible.posix.firewalld', unless: /--(state|list|get|query|info)/ },
  'apt-get': { module: B + 'apt', when: /\b(install|remove|purge|update|upgrade)\b/ },
  apt: { module: B + 'apt', when: /\b(install|remove|purge|update|upgrade)\b/ },
  yum: { module: B + 'yum', when: /\b(install|remove|erase|update|upgrade)\b/ },
  dnf: { module: B + 'dnf', when: /\b(install|remove|erase|update|upgrade)\b/ },
  git: { module: B + 'git', when: /\b(clone|pull|checkout)\b/ },
  curl: { module: B + 'get_url', when: /\s-[A-Za-z]*o\b|--output/ },
  wget: { module: B + 'get_url' },
  tar: { module: B + 'unarchive', when: /\s-?[A-Za-z]*x/ },
  unzip: { module: B + 'unarchive' },
  rsync: { module: 'ansible.posix.synchronize' },
  mount: { module: 'ansible.posix.mount', when: /\s\S+\s+\S+/ },
  mkdir: { module: B + 'file' },
  chmod: { module: B + 'file' },
  chown: { module: B + 'file' },
  ln: { module: B + 'file' },
  touch: { module: B + 'file' },
  rm: { module: B + 'file' },
  useradd: { module: B + 'user' },
  usermod: { module: B + 'user' },
  userdel: { module: B + 'user' },
  groupadd: { module: B + 'group' },
  hostnamectl: { module: B + 'hostname', when: /set-hostname/ },
  mktemp: { module: B + 'tempfile' },
  crontab: { module: B + 'cron' },
};

/** "Get HAProxy version.": a version asked of one program (group 1), the description's main part. */
const VERSION_ASKED =
  /^(?:get|check|determine|find|read|detect|show)\s+(?:the\s+)?(?:installed\s+|current\s+)?([A-Za-z][\w.-]*)\s+version\.?$/i;
/** "Find path of smartctl": where one program is installed (group 1). */
const PATH_ASKED =
  /^(?:find|get|locate|determine)\s+(?:the\s+)?(?:full\s+)?path\s+(?:of|to)\s+(?:the\s+)?([A-Za-z][\w.-]*)(?:\s+(?:binary|executable|command|program))?\.?$/i;

/**
 * The command line that asks one program its version or where it is (`haproxy --version` for "Get
 * HAProxy version.", `which smartctl` for "Find path of smartctl"): a query that needs no shell,
 * rather than another program's example; undefined when the description asks something else.
 */
export function programQuery(main: string): string | undefined {
  const versioned = VERSION_ASKED.exec(main)?.[1]?.toLowerCase();
  if (versioned) return VERSION_QUERY[versioned] ?? `${PROGRAM_OF[versioned] ?? versioned} --version`;
  const located = PATH_ASKED.exec(main)?.[1];
  return located && `which ${located}`;
}

/** Programs that tell their version otherwise than with `--version`. */
const VERSION_QUERY: Record<string, string> = {
  haproxy: 'haproxy -v',
  nginx: 'nginx -v',
  apache: 'apache2 -v',
  apache2: 'apache2 -v',
  httpd: 'httpd -v',
  php: 'php -v',
  java: 'java -version',
  openssl: 'openssl version',
  go: 'go version',
  golang: 'go version',
  openssh: 'ssh -V',
  ssh: 'ssh -V',
};

/** Software whose command-line program has another name. */
const PROGRAM_OF: Record<string, string> = {
  systemd: 'systemctl',
  kubernetes: 'kubectl',
  postgresql: 'psql',
  nodejs: 'node',
  'node.js': 'node',
};

/** Words of a description that ask for a command itself. */
const ASKS_FOR_COMMAND = /\b(run|runs|running|execute|executes|command|commands|shell|script|cmd|invoke)\b|`|"/i;

export function isCommandModule(fqcn: string): boolean {
  return COMMANDS.has(fqcn);
}

/** The module that does what a command line does, when the description does not ask for the command. */
export function moduleForCommand(commandLine: unknown, description: string): string | undefined {
  if (typeof commandLine !== 'string' || ASKS_FOR_COMMAND.test(description)) return undefined;
  // The first simple command of the line (`set -e && systemctl restart x`, `sudo systemctl …`).
  const first = commandLine
    .split(/&&|\|\||;|\|/)
    .map((c) => c.trim().replace(/^(sudo|set -\w+)\s+/, ''))
    .find((c) => c !== '' && !/^set\s/.test(c));
  if (!first) return undefined;
  const executable = first.split(/\s+/)[0].split('/').pop() ?? '';
  const rule = BY_EXECUTABLE[executable];
  if (!rule) return undefined;
  if (rule.when && !rule.when.test(first)) return undefined;
  if (rule.unless?.test(first)) return undefined;
  return rule.module;
}
