// What a description's words say whatever module the re-ranker put first (tryOrder.ts), where that
// module cannot do it: a configuration key spelled as one is a line of its file, a kernel parameter
// is set with sysctl, a file's permissions are a file task; one that starts, stops or enables a
// daemon is a service task; a value built from others or a decision is a fact, a warning a debug
// message, a release asked of a web API a uri call, the account list or one account getent's, a
// job a cron job, a file's content read a slurp, what is parsed, initialised or saved a fact;
// generated configuration is templated and installed scripts copied; one program's version or place
// is asked with a command.

import { programQuery } from './commandModules';
import { kernelParameterIn } from './kernelParameters';
import { B, first, type ModuleIds, type RankedModule } from './rankedModules';
import { configKeyNamed, leadWord, mainPart } from './text';
import type { TaskRequest } from './types';

/**
 * Words that say which module where the re-ranker's choice cannot do what they say; `checking`: a
 * rule for descriptions that check (lead verb check, verify, ensure …), the others for the rest.
 */
const SAYS: {
  words: Pick<RegExp, 'test'>;
  over: string[];
  module: string;
  checking?: true | 'either';
}[] = [
  // "Verify if postgresql_password is set", "Check that agent_datadog_checks is a mapping": an assert.
  {
    words: /^(?:verify|validate|assert|enforce|check that|ensure that)\b/i,
    over: ['command', 'shell', 'set_fact', 'systemd', 'service', 'fail'],
    module: 'assert',
    checking: true,
  },
  // "Get information about Caddy config file": the file's stat, not a download.
  {
    words:
      /^(?:get|gather|collect|fetch) (?:the )?(?:information|info|details|stats?|status) (?:about|on|of|for)\b.*\b(?:files?|director(?:y|ies)|dirs?|folders?|paths?)\b/i,
    over: ['get_url', 'uri', 'command', 'shell', 'set_fact', 'slurp'],
    module: 'stat',
    checking: 'either',
  },
  // "Enable and start existing instance of postgresql server", "Attempt to stop and disable
  // conflicting services": a service's state and boot setting together (of something it calls a
  // service, server, daemon or instance).
  {
    words:
      /^(?:attempt to |try to )?(?:enable and (?:re)?start|(?:re)?start and enable|stop and disable|disable and stop)\b(?=.*\b(?:services?|servers?|daemons?|instances?)\b)/i,
    over: ['command', 'shell', 'set_fact', 'include_tasks', 'import_tasks'],
    module: 'service',
    checking: 'either',
  },
  // "copy commands output in the save directory": copied, whatever the directory suggests.
  { words: /^copy\b/i, over: ['file', 'command', 'shell', 'stat'], module: 'copy', checking: 'either' },
  // "Check if {{ mariadb_sst_username }} exists in the system": an account looked up.
  {
    words:
      /^(?:check|verify)\b.*(?:\b\w*_user(?:name)?\s*\}\}|\buser (?!(?:config\w*|files?|dir\w*|home|data)\b)\S+) exists\b/i,
    over: ['stat', 'fail', 'assert', 'command', 'shell', 'user'],
    module: 'getent',
    checking: true,
  },
  // "Check if homebrew binary is already in place.", "Check if Solr is already installed.": a stat,
  // not a file task (which would create it).
  {
    words: /^check (?:if|whether)\b.*\b(?:exists?|present|in place|already installed|is a git repository)\b/i,
    over: ['file', 'template', 'copy', 'command', 'shell', 'fail', 'assert'],
    module: 'stat',
    checking: true,
  },
  // "Ensure HAProxy is installed." in a file of service tasks: a package, not a service or a check.
  {
    words: /\b(?:is|are) (?:installed|present)\b/i,
    over: ['service', 'systemd', 'fail', 'import_tasks', 'include_tasks'],
    module: 'package',
    checking: true,
  },
  // "Ensure rsyslog is installed": not a file (what is present may well be a directory).
  { words: /\b(?:is|are) installed\b/i, over: ['file', 'template', 'copy'], module: 'package', checking: true },
  { words: /\b(?:is|are) (?:running|started)\b/i, over: ['fail', 'assert'], module: 'service', checking: true },
  // "Ensure solr_user exists.": the account the variable names.
  {
    words: /^(?:ensure|make sure) (?:the )?[\w.-]*_user (?:exists|is present)/i,
    over: ['file', 'fail', 'assert'],
    module: 'user',
    checking: true,
  },
  {
    words: /^(?:ensure|make sure) (?:the )?[\w.-]*_group (?:exists|is present)/i,
    over: ['file', 'fail', 'assert'],
    module: 'group',
    checking: true,
  },
  // "Create list of configured runners", "Build headers to use …", "Prefix the Docker package
  // version with the correct separator": a value built from others, a set_fact.
  {
    words:
      /^(?:build|create|initiali[sz]e|construct)\b.*\b(?:list|dict|dictionary|headers|array)\b|^(?:prefix|append|concatenate|combine|merge|compute|calculate)\b/i,
    over: ['command', 'shell', 'package', 'include_tasks', 'import_tasks', 'file', 'copy'],
    module: 'set_fact',
  },
  // "Initialize custom repo file deletion flag", "Register a fact for the cert": a set_fact.
  { words: /\b(?:fact|variable|flag)\b/i, over: ['command', 'shell', 'copy', 'stat', 'fail'], module: 'set_fact' },
  // "Add the overriding file", "Deploy the config-file for kubeadm": written from a template; `file`
  // writes no content.
  {
    words:
      /^(?:add|create|deploy|generate|install|update|place|put|write)\b(?!.*\bdirector(?:y|ies)\b).*\b(?:config|configuration|overrides?|overriding|unit|conf)[- ]files?\b/i,
    over: ['file'],
    module: 'template',
  },
  // "Generate systemd units", "Generate Mosquitto listener configuration": files written from a
  // template (keys and certificates are generated by their tools).
  {
    words: /^generate\b(?!.*\b(?:keys?|key-?pairs?|hostkeys?|certificates?|certs?|metadata|passwords?|tokens?)\b)/i,
    over: ['file', 'systemd', 'service', 'set_fact'],
    module: 'template',
  },
  // "Install Apache", "Install chrony", "Install Docker dependencies.": software by its name is a
  // package (a Python one, docker-py, is pip's), not a template, a file or an include that an
  // example with more words was.
  {
    words:
      /^install\s+(?:the\s+)?(?![\w.+-]*-py\b|(?:on|in|for|from|to|with|and|only|latest)\b)[a-z][\w.+-]*(?:\s+(?:packages?|dependencies|tools|client|server|agent))?(?:\s+(?:when|if|on)\b.*)?\.?$/i,
    over: [
      'template',
      'copy',
      'file',
      'group',
      'user',
      'set_fact',
      'include_tasks',
      'import_tasks',
      'command',
      'shell',
    ],
    module: 'package',
  },
  // "Install custom backup scripts": the role's files copied to the host, not a package.
  {
    words: /^(?:install|deploy|add|put|place)\b.*\bscripts\b/i,
    over: ['package', 'apt', 'yum', 'dnf'],
    module: 'copy',
  },
  // "Override the systemd unit for Docker.": a drop-in file written from a template.
  {
    words: /^override\b.*\b(?:unit|service|config|configuration)\b/i,
    over: ['set_fact', 'file', 'systemd', 'service'],
    module: 'template',
  },
  // "Copy HAProxy configuration in place.", "Copy the template for versions < 0.10.0": a template.
  { words: /\btemplate\b|\b(?:into|in) place\b/i, over: ['copy'], module: 'template' },
  // "Generate the Shibboleth SP key-pair", "Create credential keys for Keystone": a tool's command
  // (ssh-keygen, keystone-manage), not a file or a template (which writes a key file, a directory for keys).
  {
    words:
      /^(?:generate|create)\b(?!.*\b(?:files?|director(?:y|ies)|dirs?|folders?)\b).*\b(?:ssh[- ]?keys?|key-?pairs?|hostkeys?|keys)\b/i,
    over: ['template', 'file', 'find'],
    module: 'command',
  },
  // "Set appropriate file ownership on the key-pair", "Make sure private hostkeys have expected
  // permissions": a file's attributes, not a fact, a command or a line.
  {
    words: /^set\b.*\b(?:permissions?|ownership)\b(?!.*\bvariables?\b)/i,
    over: ['set_fact', 'shell', 'command', 'lineinfile', 'user', 'group'],
    module: 'file',
  },
  {
    words:
      /^(?:make sure|ensure)\b.*\b(?:permissions?|ownership|(?:owned|readable|writable) by)\b(?!.*\bvariables?\b)/i,
    over: ['set_fact', 'shell', 'command', 'lineinfile'],
    module: 'file',
    checking: true,
  },
  // "Deploy authorized keys for {{ user.name }}": a user's authorized_keys, not a file written by hand.
  {
    words: /\bauthori[sz]ed(?: ssh)? keys?\b/i,
    over: ['command', 'shell', 'file', 'template', 'copy', 'lineinfile'],
    module: 'ansible.posix.authorized_key',
  },
  // "Ensure module br_netfilter is loaded": a kernel module, not a package.
  {
    words: /\bmodules? [\w-]+ (?:is|are) loaded\b|\b[\w-]+ (?:kernel )?modules? (?:is|are) loaded\b/i,
    over: ['package', 'command', 'shell', 'lineinfile'],
    module: 'community.general.modprobe',
    checking: true,
  },
  // "Unmask firewalld service", "Run systemd daemon_reload": what only the systemd module does.
  {
    words: /\b(?:un)?mask(?:ed|s)?\b|\bdaemon[-_ ]reload\b/i,
    over: ['service', 'command', 'shell', 'include_tasks', 'import_tasks'],
    module: 'systemd',
  },
  // "Run systemctl": the command the description names, not the module that manages its units.
  { words: /^run (?:the )?[\w-]+ctl\b/i, over: ['systemd', 'service'], module: 'command' },
  // "Pip passlib installation", "Install docker-py.": Python packages; pip itself ("Install
  // python-pip.") is a system package.
  {
    words: /(?<![\w-])pip3?(?![\w-])|\bpip (?:dependencies|packages|modules|requirements)\b|\b\w+-py\b/i,
    over: ['package', 'apt', 'yum', 'dnf', 'command', 'shell', 'include_tasks', 'import_tasks'],
    module: 'pip',
  },
  { words: /\bpython3?-pip\b(?! (?:dependencies|packages|modules|requirements))/i, over: ['pip'], module: 'package' },
  // "Read config.toml file", "Load JSON list of releases", "(Unix) Get existing config.toml": a
  // file's content read into a variable.
  {
    words:
      /^(?:\([^)]*\)\s*)?(?:read|load|fetch|get (?:the )?(?:existing|current))\b(?!.*\b(?:from|vars|variables|stats?)\b).*\b(?:files?|json|toml|ya?ml|contents?)\b/i,
    over: ['set_fact', 'template', 'copy', 'uri', 'command', 'shell', 'stat', 'include_tasks', 'import_tasks'],
    module: 'slurp',
  },
  // "Get latest Caddy release details", "Get information on the latest docker-compose release from
  // Github.": a web API asked, not a command.
  {
    words: /^(?:get|fetch|find|look up|query|check)\b.*\b(?:latest|releases?)\b(?!.*\b(?:file|files|already)\b)/i,
    over: ['command', 'shell'],
    module: 'uri',
    checking: 'either',
  },
  // "Get list of existing UNIX accounts", "Get system users data": the account database.
  {
    words: /^(?:get|list|gather|collect|read|fetch)\b.*\b(?:accounts|users? data|existing users|system users)\b/i,
    over: ['command', 'shell', 'set_fact', 'user'],
    module: 'getent',
    checking: 'either',
  },
  // "Create auto rotation job": a cron job, not a file written from a template.
  {
    words: /^(?:create|add|schedule|set ?up|install)\b.*\b(?:cron ?)?jobs?\b/i,
    over: ['template', 'file', 'copy', 'command', 'shell'],
    module: 'cron',
  },
  // "Check existence of /etc/cron.allow", "Manage cron permission": who may use cron, files.
  {
    words: /\/etc\/cron\.(?:allow|deny)\b|\bcron\b.*\bpermissions?\b/i,
    over: ['cron'],
    module: 'file',
    checking: 'either',
  },
  // "Set sudo options for {{ user.name }}": a sudoers drop-in file written from a template.
  {
    words: /^(?:set|add|configure|create|deploy)\b.*\bsudo(?:ers)? (?:options|settings|rules)\b/i,
    over: ['set_fact', 'user', 'group', 'file', 'copy'],
    module: 'template',
  },
  // "Warn if the same key value is used with different IDs", "Notify user that reboot is needed":
  // a message shown, not a fact, a failure or a command ("… | Warn Count" is a benchmark's step).
  {
    words: /^(?:warn|notify (?:the )?users?|inform|tell|remind|message)\b(?!\s+count\b)/i,
    over: ['set_fact', 'fail', 'shell', 'command'],
    module: 'debug',
    checking: 'either',
  },
  // "Check if single PTP is needed": a decision kept as a fact, not a command or a failure.
  {
    words: /^(?:check|determine|decide) (?:if|whether)\b.*\b(?:is|are) (?:needed|required)\b/i,
    over: ['command', 'shell', 'fail', 'assert', 'stat'],
    module: 'set_fact',
    checking: true,
  },
  // "Populate service facts": gathered by its module, not a service task.
  { words: /\bservice facts\b/i, over: ['service', 'systemd', 'command', 'shell'], module: 'service_facts' },
  // "configure swappiness", "Ensure Reverse Path Filtering is enabled": a kernel parameter, set
  // with sysctl whether the description does or checks it.
  {
    words: { test: (text: string) => kernelParameterIn(text) !== undefined },
    over: [
      'command',
      'shell',
      'file',
      'package',
      'template',
      'stat',
      'set_fact',
      'lineinfile',
      'iptables',
      'include_tasks',
      'import_tasks',
    ],
    module: 'ansible.posix.sysctl',
    checking: 'either',
  },
  // "Disable chronyd", "Disable the ufw firewall", "ensuring mariadb is enabled on boot": a service
  // started, stopped or enabled, not a command or a package.
  {
    words: { test: namesService },
    over: ['command', 'shell', 'package', 'apt', 'yum', 'dnf', 'set_fact', 'include_tasks', 'import_tasks'],
    module: 'service',
    checking: 'either',
  },
  // "Get HAProxy version.", "Find path of smartctl": one program asked its version or its place is a
  // command, with no shell; not a fact, a file's stat or a check.
  {
    words: { test: (main) => !!programQuery(main) },
    over: ['shell', 'set_fact', 'stat', 'find'],
    module: 'command',
    checking: 'either',
  },
  // "Configure snapper templates", "Apply auditd template for section 6.2.4.x": templated, not an
  // include (an AWX workflow or job template is launched, not rendered).
  {
    words:
      /^(?:apply|deploy|configure|render|generate|install|write|use|add)\b(?!.*\b(?:workflow|job|launch|vm|cloudformation|stack)\b).*\btemplates?\b(?!\))/i,
    over: ['import_tasks', 'include_tasks'],
    module: 'template',
    checking: 'either',
  },
  // "Install service unit file", "Install socket unit file": a systemd unit installed from the role's
  // template (its ExecStart and user come from variables), not a file copied as it is.
  { words: /^install\b.*\bunit files?\b/i, over: ['copy', 'file'], module: 'template', checking: 'either' },
  // "Replace apparmor settings when exists", "Remove minlen from pam files": words inside lines are
  // replaced; lineinfile only puts or takes whole lines ("Remove floppy from fstab").
  {
    words: /^(?:if exists )?(?:replace|substitute)\b|^(?:if exists )?remove \S+ from\b.*\b(?:line|pam)\b/i,
    over: ['lineinfile'],
    module: 'replace',
    checking: 'either',
  },
  // "Create self-signed certificate.", "Generate private ssh key for {{ user.name }}": made by a
  // command (openssl, ssh-keygen), not a file task or a template.
  {
    words: /^(?:create|generate)\b.*\b(?:self-signed|ssh keys?|private keys?|csr|certificate signing request)\b/i,
    over: ['file', 'template', 'copy', 'set_fact'],
    module: 'command',
    checking: 'either',
  },
  // "Import Docker APT public key.": a signing key added (familyTwins picks the OS family's module),
  // not a package installed.
  {
    words: /^(?:import|add|install)\b.*\b(?:gpg|pgp|signing|public|apt|rpm|repo(?:sitory)?) keys?\b/i,
    over: ['apt', 'yum', 'dnf', 'package'],
    module: 'apt_key',
    checking: 'either',
  },
  // "Add Varnish packagecloud.io yum repo.", "Ensure Kubernetes repository exists.": a package
  // repository added (familyTwins picks the OS family's module), not a package, a file or a command.
  {
    words:
      /^(?:add|ensure|configure|setup|set up|create|enable)\b(?!.*\b(?:files?|cache|metadata|script|git|dependencies)\b).*\brepo(?:s|sitory|sitories)?\b/i,
    over: ['file', 'yum', 'dnf', 'apt', 'package', 'command', 'shell'],
    module: 'yum_repository',
    checking: 'either',
  },
  // "Set concurrent limit option": a line of a configuration file, not a fact.
  { words: /^set\b.*\b(?:option|setting|parameter)\b/i, over: ['set_fact'], module: 'lineinfile' },
  // "Configure AuditFilePath", "Remove existing SOLR_HEAP configuration.", "Add listen_address to
  // config": a key of a configuration file, spelled as one, is a line of that file.
  {
    words: { test: (main) => !!configKeyNamed(main) },
    over: ['import_tasks', 'include_tasks', 'set_fact', 'template', 'file'],
    module: 'lineinfile',
  },
];

/** A description whose verb acts on a service, and the word after it (and a kind of service, if written). */
const SERVICE_VERB =
  /^(?:start|stop|restart|reload|enable|disable)(?:\s+and\s+(?:start|stop|restart|enable|disable))?\s+(?:the\s+)?([\w.@-]+)(?:\s+(service|daemon|firewall)\b)?/i;

/** Everyday words ending in d that an enabled or disabled thing may be ("Enable password authentication"). */
const NOT_A_DAEMON =
  /(?:word|board|field|world|cloud|method|period|standard|record|load|hold|build|guard|thread|wizard|ward|ound|mod)$/i;

/**
 * The description starts, stops or enables a service: one it calls a service, daemon or firewall,
 * or names as a daemon (`chronyd`, `sshd`, `firewalld`: a word ending in d, not in -ed); or it
 * says enabled or started on boot.
 */
function namesService(text: string): boolean {
  if (/\b(?:enabled|started) (?:on|at) boot\b/i.test(text)) return true;
  const m = SERVICE_VERB.exec(text);
  return !!m && (!!m[2] || (/^[a-z][\w-]+[^\W_e]d$/i.test(m[1]) && !NOT_A_DAEMON.test(m[1])));
}

/** Lead verbs (stemmed) of a description that checks rather than does. */
const CHECKING = new Set(['check', 'verify', 'validat', 'assert', 'enforc', 'fail', 'ensur', 'test', 'mak']);

/** A module the description's words ask for over one that cannot do it (SAYS). */
export function wordsFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const main = mainPart(req.description);
  const checking = CHECKING.has(leadWord(req.description));
  // The module one rule puts first may be one another rule puts aside ("Copy solr init script into
  // place." over a command: a copy, and a copy into place a template); each module once.
  const seen = new Set<string>();
  for (;;) {
    const top = ranked[0] && ids.modules[ranked[0].module];
    if (!top?.startsWith(B) || seen.has(top)) return ranked;
    seen.add(top);
    const says = SAYS.find(
      (s) =>
        (s.checking === 'either' || !!s.checking === checking) &&
        s.over.includes(top.slice(B.length)) &&
        (s.words.test(main) || s.words.test(req.description)),
    );
    if (!says) return ranked;
    ranked = first(ranked, says.module.includes('.') ? says.module : B + says.module, ids);
  }
}
