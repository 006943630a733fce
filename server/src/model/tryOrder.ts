// The order the embedded model tries modules in: the re-ranker's, with the rules a file states on
// top of it, applied in turn (`inTryOrder`). The file's own habits come first (fileHabits.ts: a
// near-copy's module, the module its earlier tasks use with the description's verb, a benchmark
// role's recurring steps and controls). Then what the description says: Ansible's own idioms
// ("Flush handlers") name theirs; a set_fact gives way to the module the description's verb asks
// for, and a command to a set_fact where the description says it defines a fact; a description that
// asks ("Get HAProxy version") is not written with a module that changes state, and one that makes
// or removes something not with a stat; one that asks whether a package is installed is a query,
// one that installs what a module is named after, or software by its name alone, installs its
// package; words only some modules can act on pick one of them (descriptionWords.ts); what takes
// files, scripts or folders away is `file`, not a template or another project's module; a role's
// "Install on RedHat" includes that OS's task file; a system file the description names is edited,
// not set as a fact or included, and what it includes or loses is a line of it, not the file;
// variables the folder's own task file sets are set by including it; what the role has only as a
// template is templated. Last, the host's platform (platformTwins.ts): the OS family's package
// manager, key and repository modules, the portable `service`, and the Windows, network and macOS
// twins. Each rule was measured on the public dev set of real-world tasks (see the commit log).

import { queriedFamily } from './context';
import { wordsFirst } from './descriptionWords';
import {
  controlHabit,
  controlModule,
  includesOnly,
  nearCopyFirst,
  pairHabit,
  stepHabit,
  verbHabit,
} from './fileHabits';
import { asksInstalled, installedCheckModule } from './installedCheck';
import { intentScores } from './intents';
import { ASKS_OSTREE, knownFileIn } from './knownPaths';
import { templateInstead } from './localFiles';
import {
  familyTwins,
  macServices,
  networkTwins,
  OS_PACKAGE_MANAGERS,
  packageManagers,
  PORTABLE,
  portableService,
  windowsTwins,
} from './platformTwins';
import { B, first, type ModuleIds, type RankedModule } from './rankedModules';
import { ON_OS, SETS_VARIABLES, VARS_TASK_FILE } from './taskFiles';
import { leadWord, mainPart } from './text';
import type { TaskRequest } from './types';

export function inTryOrder<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const steps = [
    nearCopyFirst,
    verbHabit,
    stepHabit,
    pairHabit,
    controlHabit,
    includesOnly,
    phrasesFirst,
    leadVerbFirst,
    askingNotChanging,
    installedChecked,
    installNamesPackage,
    wordsFirst,
    makingNotStat,
    removeWithFile,
    namedFileEdited,
    lineOfNamedFile,
    varsTaskFile,
    packageManagers,
    portableService,
    familyTwins,
    templatesFirst,
    windowsTwins,
    networkTwins,
    macServices,
  ];
  return steps.reduce((order, step) => step(order, req, ids), ranked);
}

/**
 * Phrases that say which module whatever the file around them: Ansible's own idioms ("Flush
 * handlers", "Include OS-specific variables", "Create a temporary file") that the re-ranker's
 * intent feature knows but weighs below the file's habits.
 */
const PHRASES: [RegExp, string][] = [
  [/\bflush(?:ing)? (?:the )?handlers\b/i, 'ansible.builtin.meta'],
  // "Check if system is ostree": whether /run/ostree-booted exists.
  [ASKS_OSTREE, 'ansible.builtin.stat'],
  // "Ensure containerd is restarted immediately if necessary.": the notified handlers run now.
  [
    /\brestart(?:ed)?\b.*\b(?:immediately|if necessary|if needed|if (?:the )?config(?:uration)? (?:has )?changed)\b|\bup-to-date before\b/i,
    'ansible.builtin.meta',
  ],
  [/^template\s/i, 'ansible.builtin.template'],
  // Local facts are a file in /etc/ansible/facts.d ("Save APT local facts").
  [/^(?:save|write|install|create|store|generate)\b.*\b(?:local|custom) facts?\b/i, 'ansible.builtin.template'],
  // "Create the systemd overrides directory for Docker." (a temporary one is a tempfile; a user
  // with a home directory is a user).
  [
    /^(?:create|make|add|setup|set up|prepare)\b(?!.*\b(?:temp(?:orary)?|users?|accounts?|groups?|databases?|volumes?|buckets?|shares?)\b).*\b(?:director(?:y|ies)|folders?|dirs?)\b/i,
    'ansible.builtin.file',
  ],
  // "Make sure the Docker daemon configuration directory exists." (not "Check if …", a stat).
  [
    /^(?!check|verify|test|stat|get|find|see)(?=.*\bdirector(?:y|ies)\b).*\b(?:exists?|present)\b/i,
    'ansible.builtin.file',
  ],
  [
    /\b(?:gather|update|refresh|collect|re-?gather|re-?read)\w* (?:the )?(?:current |host |system |minimal |local )?facts\b|\bansible_facts used by\b/i,
    'ansible.builtin.setup',
  ],
  [
    /\bvariables\b.*\b(?:for (?:each )?(?:os|operating system|platform|distribution|installation method))\b|\b(?:os|platform|version|distribution|family)(?:[- ](?:specific|dependent))?\b.*\bvariables\b/i,
    'ansible.builtin.include_vars',
  ],
  [
    /^(?:create|make)\b.*\b(?:temporary|tempfile|temp) (?:file|dir|directory|hostkey)\b|^(?:create|make) (?:a )?(?:tempfile|temporary)\b/i,
    'ansible.builtin.tempfile',
  ],
  // "Print the output of psql command", "Display some facts": what prints is debug.
  [/^(?:print|display)\b/i, 'ansible.builtin.debug'],
  // "Download NodeSource's signing key.", "Download docker-compose." (from the managed host: fetch).
  [/^download\b(?!.*\bfrom (?:the )?(?:remote|managed|target)\b)/i, 'ansible.builtin.get_url'],
  // "Download file from Remote host": fetched from the managed host to the controller.
  [
    /^download\b.*\bfrom (?:the )?(?:remote|managed|target) (?:hosts?|nodes?|servers?|machines?)\b/i,
    'ansible.builtin.fetch',
  ],
  // "Drop Shibboleth Config", "Drop fernet key auto rotate script": a file put in place.
  [/^drop\b.*\b(?:config|configuration|script|file)\b/i, 'ansible.builtin.template'],
  // "Assert that key has been re-enabled".
  [/^assert\b/i, 'ansible.builtin.assert'],
  // "Install on RedHat": the role's task file for that OS, not a package of that name.
  [ON_OS, 'ansible.builtin.include_tasks'],
  // "Import assert.yml": the task file it names (a vars file is include_vars' own).
  [/^import\s+(?!\S*vars?\b)[\w./-]+\.ya?ml\W*$/i, 'ansible.builtin.import_tasks'],
  [/^include\s+(?!\S*vars?\b)[\w./-]+\.ya?ml\W*$/i, 'ansible.builtin.include_tasks'],
  // "Parse install.json file if it exists", "Extract the name of the latest … release tag": a
  // value read out of a result is a fact (not a file's stat, not an archive unpacked).
  [/^parse\b|^extract (?:the )?(?:name|version|value|id|list|number)s? of\b/i, 'ansible.builtin.set_fact'],
  // "Bring in vaulted Ansible Tower secrets", "IMPORT LOGIN CREDENTIALS FOR SERVICENOW": a vars file
  // (a vault) read in, not a module of what they are for.
  [
    /^(?:bring in|import|load|include)\b(?!.*\b(?:roles?|tasks?|keys?)\b).*\b(?:secrets|credentials|vaulted|vault)\b/i,
    'ansible.builtin.include_vars',
  ],
  // "Make sure Elasticsearch is running before proceeding.": waited for (its port), not started.
  // (What is to be started or stopped before that is a service task.)
  [
    /\b(?:is|are) (?:running|up|listening|available|reachable|ready) (?:before|until) (?:proceeding|continuing|going on|moving on)\b/i,
    'ansible.builtin.wait_for',
  ],
  // "Expand Solr.", "Extract Caddy", "Unzip file": an archive unpacked (not a value extracted:
  // "Extract MariaDB version"; not an ISO image's files).
  [
    /^(?:extract|expand|unpack|unarchive|untar|unzip|decompress)\b(?!.*\b(?:versions?|names?|values?|ids?|tags?|numbers?|lists?|iso)\b)/i,
    'ansible.builtin.unarchive',
  ],
  // "Initialze runner list", "Save lambda function ARN", "Register that this role has run": a
  // variable started, a value kept, a flag set.
  [
    /^initiali?[sz]e\b.*\b(?:list|dict|variables?|facts?|array)\s*$|^(?:save|store|remember|keep)\b.*\b(?:arn|id|ids|url|address|ip)\s*$|^register that\b/i,
    'ansible.builtin.set_fact',
  ],
  [/^clone\b|\bfrom (?:a |the )?git(?:hub)? repositor(?:y|ies)\b/i, 'ansible.builtin.git'],
  // "Attach agent dmg", "Detach mounted dmg": a macOS disk image is attached with hdiutil.
  [/^(?:attach|detach|mount|unmount|eject)\b.*\bdmg\b/i, 'ansible.builtin.command'],
  // "Fail if reboot is needed and not set", "Stop play if … are not compatible".
  [/^(?:fail|abort)\b|^stop (?:the )?play\b/i, 'ansible.builtin.fail'],
  // "Add specified users to 'docker' group": the user module adds a user to groups.
  [/^add\b.*\b(?:users?|administrators|members|accounts?)\b.*\bto\b.*\bgroups?\b/i, 'ansible.builtin.user'],
  // "Create system groups" (not a cloud's security, resource or log group).
  [
    /^create\b(?!.*\b(?:director(?:y|ies)|folders?|files?|keys?|users?|security|resource|scaling|log|target|subnet|placement|parameter|host|inventory|volume|node|instance|cache)\b).*\bgroups?\b/i,
    'ansible.builtin.group',
  ],
  // "Create Caddy user" (not a database's, a directory or a key for one).
  [
    /^(?:create|add)\b(?!.*\b(?:director(?:y|ies)|folders?|files?|keys?|databases?|db|mysql|mariadb|postgres(?:ql)?|rabbitmq|iam|ldap|sql|sst|to)\b).*\b(?:users?|accounts?)\b/i,
    'ansible.builtin.user',
  ],
];

/** The module a phrase of the description names (PHRASES). */
function phrased(req: TaskRequest): string | undefined {
  // Words of the description, not of its Jinja (`{{ user.name }}` names no user to create).
  const said = mainPart(req.description).replace(/\{\{.*?\}\}/g, ' ');
  const module = PHRASES.find(([re]) => re.test(said))?.[1];
  // A handler does not flush handlers: "Restart nginx if needed" there is the restart itself.
  return module === 'ansible.builtin.meta' && req.context.section === 'handlers' ? undefined : module;
}

function phrasesFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const module = phrased(req);
  return module ? first(ranked, module, ids) : ranked;
}

/**
 * A set_fact first where the description's verb asks for something else ("Show available Caddy
 * releases" in a file of set_facts): the verb's module, when it is a candidate, and nothing in the
 * description speaks of defining a variable.
 */
function leadVerbFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (
    top !== 'ansible.builtin.set_fact' ||
    intentScores(req.description).has(top) ||
    phrased(req) === top ||
    controlModule(req) === top
  )
    return ranked;
  const verb = [...intentScores(leadWord(req.description))].filter(([, w]) => w >= 1).map(([m]) => m);
  const candidate = ranked.slice(1, 5).find((r) => verb.includes(ids.modules[r.module]));
  return candidate ? first(ranked, ids.modules[candidate.module], ids) : ranked;
}

/** Modules that change a host's state (a service, a package, a file). */
const CHANGING = new Set(
  [
    'service',
    'systemd',
    'systemd_service',
    'package',
    'apt',
    'yum',
    'dnf',
    'file',
    'template',
    'copy',
    'lineinfile',
  ].map((m) => B + m),
);
/** Lead verbs (stemmed) of a description that asks for something rather than changes it. */
const ASKING = new Set([
  'get',
  'show',
  'print',
  'display',
  'list',
  'read',
  'find',
  'determin',
  'detect',
  'query',
  'retriev',
]);
/** Lead verbs (stemmed) of a description that defines a variable. */
const DEFINING = new Set(['defin', 'declar', 'comput', 'calculat']);

/**
 * "Get HAProxy version." in a file that manages the haproxy service asks, it changes nothing: the
 * best candidate that changes no state (a command, a debug); "Define the Gitlab package name." is a
 * set_fact.
 */
function askingNotChanging<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const lead = leadWord(req.description);
  if (!top || top === B + 'set_fact') return ranked;
  if (DEFINING.has(lead)) return first(ranked, B + 'set_fact', ids);
  if (!CHANGING.has(top) || !ASKING.has(lead)) return ranked;
  const asking = ranked.slice(1, 5).find((r) => !CHANGING.has(ids.modules[r.module]));
  return asking ? first(ranked, ids.modules[asking.module], ids) : ranked;
}

/** Lead verbs (stemmed) of a description that makes or takes away something. */
const MAKING = new Set(['creat', 'delet', 'remov', 'add', 'drop', 'disabl', 'enabl', 'distribut', 'deploy', 'instal']);

/**
 * "Create caddy config", "Delete telegraf extra plugin path" after the stat of it: what makes or
 * takes away something is no stat, so the best candidate that changes something.
 */
function makingNotStat<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (top !== B + 'stat' || !MAKING.has(leadWord(req.description))) return ranked;
  const making = ranked.slice(1, 5).find((r) => CHANGING.has(ids.modules[r.module]));
  return making ? first(ranked, ids.modules[making.module], ids) : ranked;
}

/** What installs, starts or fails: what a description that asks must not run. */
const NOT_A_QUERY = new Set(['package', 'apt', 'yum', 'dnf', 'pip', 'service', 'systemd', 'fail'].map((m) => B + m));

/**
 * "Check if snmpd is installed" is a query (installedCheck.ts), never a package task: the package
 * database's of the family the description names, else of the one the file targets.
 */
function installedChecked<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (!top || !(NOT_A_QUERY.has(top) || QUERIES.has(top)) || !asksInstalled(mainPart(req.description))) return ranked;
  return first(ranked, installedCheckModule(queriedFamily(req)), ids);
}

/** The modules that ask whether a package is installed. */
const QUERIES = new Set([B + 'package_facts', B + 'command']);

const COMMAND_LINES = new Set([B + 'command', B + 'shell']);

/** Modules that install nothing (a project's check that something is installed, a message). */
const INSTALLS_NOTHING = new Set(['fail', 'assert', 'debug', 'stat', 'set_fact'].map((m) => B + m));

/**
 * "Install firewalld", "Install Elasticsearch.": the package of that name, not a command line (which
 * may be firewall-cmd, and become the firewalld module) or the module that manages what the package
 * installs (elasticsearch_plugin) unless the description names the rest of the module's name
 * ("Install Elasticsearch plugins"), nor a module that installs nothing ("Install chrony" is no `fail`).
 */
function installNamesPackage<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const main = mainPart(req.description).toLowerCase();
  const m = /^install\s+(?:the\s+)?([a-z0-9][\w-]*)(.*)$/.exec(main);
  if (!top || !m || OS_PACKAGE_MANAGERS.has(top) || (NOT_A_QUERY.has(top) && !INSTALLS_NOTHING.has(top))) return ranked;
  const [, subject, after] = m;
  if (COMMAND_LINES.has(top) || INSTALLS_NOTHING.has(top))
    return /^\.?\s*(?:packages?\.?)?$/.test(after) ? first(ranked, PORTABLE, ids) : ranked;
  const short = top.slice(top.lastIndexOf('.') + 1);
  if (short !== subject && !short.startsWith(`${subject}_`)) return ranked;
  const rest = short
    .slice(subject.length + 1)
    .split('_')
    .filter(Boolean);
  return rest.some((w) => after.includes(w)) ? ranked : first(ranked, PORTABLE, ids);
}

/** Modules that write a file's content and cannot take it away. */
const WRITERS: Record<string, string> = {
  'ansible.builtin.template': 'ansible.builtin.file',
  'ansible.builtin.copy': 'ansible.builtin.file',
  'ansible.windows.win_template': 'ansible.windows.win_file',
  'ansible.windows.win_copy': 'ansible.windows.win_file',
};

/** Lead verbs (stemmed) of a description that takes something away. */
const REMOVING = new Set(['remov', 'delet', 'cleanup', 'purg']);

/**
 * What a description takes away that only a file task removes: files, scripts, folders (not a file
 * system or a directory service).
 */
const FILE_THINGS =
  /^\S+\s+(?:the\s+)?(?:[\w.-]+\s+){0,4}(?:files?(?!\s+systems?\b)|scripts?|(?<!active\s)director(?:y|ies)(?!\s+(?:services?|servers?)\b)|folders?|dirs?|overrides?)\b/i;
/** Modules that remove something from a file or a host besides files. */
const NOT_FILE_REMOVERS = new Set(
  ['file', 'lineinfile', 'replace', 'blockinfile', 'package', 'apt', 'yum', 'dnf', 'user', 'group', 'cron'].map(
    (m) => B + m,
  ),
);

/**
 * "Remove telegraf extra plugins" after a series of templates: a file (`state: absent`), not another
 * template; "delete init scripts from the server" in a file of database tasks: a file too.
 */
function removeWithFile<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  if (!ranked[0] || !REMOVING.has(leadWord(req.description))) return ranked;
  const top = ids.modules[ranked[0].module];
  if (WRITERS[top]) return first(ranked, WRITERS[top], ids);
  // Not what a collection's module is named after ("Delete a Folder in Grafana", "Delete active
  // directory …").
  const main = mainPart(req.description);
  const named =
    !top.startsWith(B) &&
    top
      .slice(top.lastIndexOf('.') + 1)
      .split('_')
      .some((w) => w.length > 2 && new RegExp(`\\b${w}\\b`, 'i').test(main));
  return !NOT_FILE_REMOVERS.has(top) && !top.startsWith('ansible.windows.') && !named && FILE_THINGS.test(main)
    ? first(ranked, B + 'file', ids)
    : ranked;
}

/** Modules that neither read nor write a file the description names. */
const NO_FILE = new Set([B + 'set_fact', B + 'import_tasks', B + 'include_tasks']);
/** …nor do a service's modules ("Disable serial console in /etc/inittab" is no service task). */
const EDITS_NO_FILE = new Set([...NO_FILE, B + 'service', B + 'systemd', B + 'systemd_service']);

/**
 * "Set default bash.bashrc umask", "Remove floppy from fstab": a system file the description names
 * (by its path, or by a standard name: knownPaths.ts) is edited, not set as a fact, included or
 * started.
 */
function namedFileEdited<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (!top || !EDITS_NO_FILE.has(top) || !(knownFileIn(req.description) || /(?:^|\s)\/etc\//.test(req.description)))
    return ranked;
  // A service disabled in a file is a line of that file.
  if (!NO_FILE.has(top)) return first(ranked, B + 'lineinfile', ids);
  const editing = ranked.slice(1, 5).find((r) => !NO_FILE.has(ids.modules[r.module]));
  return editing ? first(ranked, ids.modules[editing.module], ids) : ranked;
}

/**
 * What a description says of a line within a file: it includes something, something is in it,
 * goes from it, or the file is cleaned (of its lines: "Clean securetty").
 */
const LINE_IN_FILE =
  /\bincludes?\b|\b(?:is|are) included\b|\b(?:present|set|defined|listed) in\b|^(?:remove|delete|drop|comment out)\b.*\bfrom\b|^(?:clean|clear)\b/i;

/**
 * "Remove floppy from fstab", "Ensure that '/etc/sudoers' includes '/etc/sudoers.d'": a line of the
 * system file the description names, not the file itself (which `file` would delete or replace).
 */
function lineOfNamedFile<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const main = mainPart(req.description);
  return top === B + 'file' && LINE_IN_FILE.test(main) && (knownFileIn(main) || /(?:^|[\s'"])\/etc\//.test(main))
    ? first(ranked, B + 'lineinfile', ids)
    : ranked;
}

/**
 * "Set platform/version specific variables" where the folder has a task file that sets them
 * (`set_vars.yml`, `variables.yml`), or as the first task of its file: that file is included, as
 * such roles do, rather than vars files ("Include OS-specific variables" reads them itself).
 */
function varsTaskFile<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const tasks = req.context.localFiles?.tasks ?? [];
  const opens = !req.context.earlierTasks?.length && SETS_VARIABLES.test(mainPart(req.description));
  return top === B + 'include_vars' && (tasks.some((n) => VARS_TASK_FILE.test(n)) || opens)
    ? first(ranked, B + 'include_tasks', ids)
    : ranked;
}

/** What the role has only as a template is written with `template` (localFiles.ts). */
function templatesFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  return top && templateInstead(top, req.description, req.context.localFiles)
    ? first(ranked, 'ansible.builtin.template', ids)
    : ranked;
}
