// The order the embedded model tries modules in: the re-ranker's, with the rules a file states on
// top of it. A near-copy of the description earlier in the file keeps the series' module, the
// file's earlier tasks with the description's verb, when they agree, theirs (with a general verb,
// "Set …", when four or more of them and three in four agree), and so do a benchmark
// role's earlier tasks with the same last step ("… | Warn Count"; an import where the control's
// block sets the warning control id, before any), its pairs of one name written twice (a set_fact,
// then the debug saying a handler applies it) and its earlier one-task
// controls of the same kind in the section ("6.3.3.x | PATCH | …"); Ansible's own idioms
// ("Flush handlers") name theirs; a set_fact gives way to the module the description's verb asks
// for, and a command to a set_fact where the description says it defines a fact; a description that
// asks ("Get HAProxy version") is not written with a module that changes state, and one that makes
// or removes something not with a stat; a configuration file is templated, what is to be copied is
// copied, and what takes files, scripts or folders away is `file`, not a template or another
// project's module; a role's "Install on RedHat" includes that OS's task file; a system file the
// description names is edited, not set as a fact or included, and what it includes or loses is a
// line of it, not the file; a configuration key spelled as one is a line of its file, a kernel
// parameter is set with sysctl, a file's permissions are a file task; a description that asks
// whether a package is installed is a query, one that installs what a module is named after, or
// software by its name alone, installs its package, and one that starts, stops or enables a daemon
// is a service task; a value built from others or a decision is a fact, a warning a debug message,
// a release asked of a web API a uri call, the account list or one account getent's, a job a cron
// job, a file's content read a slurp, what is parsed, initialised or saved a fact; generated
// configuration is templated and installed scripts copied; variables the folder's own task file
// sets are set by including it; what installs packages, or adds a key or repository (a key when it
// speaks of keys), follows the one OS family the file targets (the portable `package` when it names
// none), and a service is started with the portable `service` unless systemd is spoken of; what
// the role has only as a template is templated; a Windows host gets the Windows twin of a POSIX
// module (unless the file uses the POSIX one itself), a network device its platform's command and
// facts modules (facts only when the description says facts), and a macOS host's service a command
// (`brew services`); one program's version or place is asked with a command. Each rule was measured on the
// public dev set of real-world tasks (see the commit log).

import { programQuery } from './commandModules';
import {
  collectionOf,
  familyManager,
  familyPackageManager,
  managerFamily,
  moduleFamily,
  namedFamily,
  onlyFamily,
  osFamilies,
  queriedFamily,
} from './context';
import { nearCopy } from './fileNeighbours';
import { asksInstalled, installedCheckModule } from './installedCheck';
import { intentScores } from './intents';
import { kernelParameterIn } from './kernelParameters';
import { ASKS_OSTREE, knownFileIn } from './knownPaths';
import { configKeyNamed, leadWord, mainPart, stepOf, terms } from './text';
import { templateInstead } from './localFiles';
import { ON_OS, SETS_VARIABLES, VARS_TASK_FILE, WARNING_STEP } from './taskFiles';
import type { TaskRequest } from './types';

export interface RankedModule {
  module: number;
  p: number;
}

/** The model's module table: id → FQCN and back. */
export interface ModuleIds {
  modules: readonly string[];
  index: ReadonlyMap<string, number>;
}

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

const INCLUDES = new Set(
  ['include_tasks', 'import_tasks', 'include_role', 'import_role'].map((m) => `ansible.builtin.${m}`),
);

/**
 * A file that only includes others (a role's main.yml: "Configure sysctl", "Disable kernel
 * modules", each importing its file; four or more, all includes) includes the next one too, with
 * the module it uses most.
 */
function includesOnly<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const earlier = req.context.earlierTasks ?? [];
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (!top || INCLUDES.has(top) || earlier.length < 4 || !earlier.every((t) => INCLUDES.has(t.fqcn))) return ranked;
  const counts = new Map<string, number>();
  for (const t of earlier) counts.set(t.fqcn, (counts.get(t.fqcn) ?? 0) + 1);
  return first(ranked, [...counts].sort((a, b) => b[1] - a[1])[0][0], ids);
}

/** Lead verbs (stemmed) too general to say which module ("Ensure …", "Make sure …"). */
const GENERAL_VERBS = new Set([
  'ensur',
  'mak',
  'set',
  'configur',
  'manag',
  'updat',
  'run',
  'do',
  'handl',
  'includ',
  'import',
]);

/** General verbs whose object varies less than "Ensure …" and "Include …" do. */
const HABIT_VERBS = new Set(['set', 'configur', 'manag', 'updat', 'run', 'do', 'handl']);

/**
 * The file's own way with the description's verb: "Copy varnish secret." in a file whose earlier
 * "Copy …" tasks are all templates is a template too (two or more of them, all one module); "Set
 * cache section" in a file of "Set … option" lines is a line too (four or more, three in four).
 */
function verbHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const lead = leadWord(req.description);
  if (!lead) return ranked;
  const same = (req.context.earlierTasks ?? []).filter((t) => leadWord(t.name) === lead).map((t) => t.fqcn);
  if (GENERAL_VERBS.has(lead)) {
    // A general verb ("Set …") says the file's module only when the file says it often, and not
    // over the module the description names ("Set other ACL": acl).
    const named = ranked[0] && ids.modules[ranked[0].module].split('.').pop()!;
    if (!HABIT_VERBS.has(lead) || (named && new RegExp(`\\b${named}\\b`, 'i').test(req.description))) return ranked;
    const counts = new Map<string, number>();
    for (const m of same) counts.set(m, (counts.get(m) ?? 0) + 1);
    const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return n >= 4 && n >= 0.75 * same.length ? first(ranked, top, ids) : ranked;
  }
  if (same.length < 2 || same.some((m) => m !== same[0])) return ranked;
  return ranked.slice(0, 5).some((r) => ids.modules[r.module] === same[0]) ? first(ranked, same[0], ids) : ranked;
}

/**
 * The project's way with a step that recurs across a benchmark role's controls: "… | Warn Count"
 * is the same import of warning_facts.yml wherever it is written (two or more earlier such steps,
 * in the file or the workspace, all one module); before there are any, the block around it setting
 * the warning control id says so.
 */
function stepHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const step = stepOf(req.description);
  if (!step) return ranked;
  const same = [...(req.context.earlierTasks ?? []), ...(req.context.workspaceTasks ?? [])]
    .filter((t) => stepOf(t.name) === step)
    .map((t) => t.fqcn);
  if (same.length >= 2 && same.every((m) => m === same[0])) return first(ranked, same[0], ids);
  return WARNING_STEP.test(step) && WARNING_CONTROL.test(req.context.fileText ?? '')
    ? first(ranked, B + 'import_tasks', ids)
    : ranked;
}

/**
 * The variable a benchmark role's control block sets for the warning task file it imports
 * (`vars: {warn_control_id: '1.2.1.4'}`): set in the block, read in that file.
 */
const WARNING_CONTROL = /^[ \t]+warn\w*_control\w*:/m;

/**
 * A file that writes a task again under the same name with another module ("1.5.1 | PATCH | …" a
 * set_fact, then "1.5.1 | PATCH | …" the debug saying a handler sets it): a description repeating
 * the name of the task just before (without its "| Set Fact" step) is written as the second of such
 * pairs, when two or more earlier pairs agree.
 */
function pairHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const earlier = req.context.earlierTasks ?? [];
  const before = earlier.at(-1);
  if (!before || unstepped(before.name) !== req.description.trim()) return ranked;
  const seconds = earlier
    .slice(1, -1)
    .filter((t, i) => earlier[i].fqcn === before.fqcn && unstepped(earlier[i].name) === t.name.trim())
    .map((t) => t.fqcn);
  return seconds.length >= 2 && seconds.every((m) => m === seconds[0]) && seconds[0] !== before.fqcn
    ? first(ranked, seconds[0], ids)
    : ranked;
}

/** A name without a closing "| Set Fact" step. */
function unstepped(name: string): string {
  return name.replace(/\s*\|\s*set facts?\s*$/i, '').trim();
}

/**
 * The kind of a benchmark control written as one task, with the section it is in ("6.3.3.12 |
 * PATCH | Ensure … are collected" → "6.3 PATCH").
 */
function controlKind(name: string): string | undefined {
  const parts = name.split('|').map((p) => p.trim());
  const section = /^(\d+\.\d+)(?:\.\d+)+$/.exec(parts[0])?.[1];
  return parts.length === 3 && section ? `${section} ${parts[1].toUpperCase()}` : undefined;
}

/**
 * A benchmark role's file of controls each written as one task ("6.3.3.x | PATCH | Ensure …
 * events are collected", each setting the fact that regenerates the audit rules): the controls
 * before it of the same kind in the same section say the module, when four or more do and three
 * in four agree.
 */
function controlHabit<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const module = controlModule(req);
  return module ? first(ranked, module, ids) : ranked;
}

/** The module the file's earlier controls of the description's kind agree on (controlHabit). */
function controlModule(req: TaskRequest): string | undefined {
  const kind = controlKind(req.description);
  if (!kind) return undefined;
  const same = (req.context.earlierTasks ?? []).filter((t) => controlKind(t.name) === kind).map((t) => t.fqcn);
  const counts = new Map<string, number>();
  for (const m of same) counts.set(m, (counts.get(m) ?? 0) + 1);
  const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return n >= 4 && n >= 0.75 * same.length ? top : undefined;
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

const B = 'ansible.builtin.';

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
function wordsFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const main = mainPart(req.description);
  if (!top?.startsWith(B)) return ranked;
  const checking = CHECKING.has(leadWord(req.description));
  const says = SAYS.find(
    (s) =>
      (s.checking === 'either' || !!s.checking === checking) &&
      s.over.includes(top.slice(B.length)) &&
      (s.words.test(main) || s.words.test(req.description)),
  );
  return says ? first(ranked, says.module.includes('.') ? says.module : B + says.module, ids) : ranked;
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

/** The module of a near-copy of the description earlier in the file goes first (fileNeighbours.ts). */
function nearCopyFirst<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const copy = nearCopy(req.description, req.context.earlierTasks);
  return copy ? first(ranked, copy.fqcn, ids) : ranked;
}

const PORTABLE = 'ansible.builtin.package';
const OS_PACKAGE_MANAGERS = new Set([
  'ansible.builtin.yum',
  'ansible.builtin.dnf',
  'ansible.builtin.apt',
  'community.general.zypper',
  'community.general.pacman',
  'community.general.apk',
]);

/**
 * A file for one family only (`setup-Debian.yml`, `when: ansible_os_family == 'Debian'`,
 * `setup-Archlinux.yml`) is mostly written with its manager (apt, pacman, pkgng … on the dev set;
 * RedHat files keep `package`). Otherwise a distribution's manager is the right answer only when the
 * file says which distribution it targets (an OS hint, that manager used above, or named in the
 * description), and the portable `ansible.builtin.package` is (DESIGN.md: "Install nginx").
 */
function packageManagers<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (!top || (top !== PORTABLE && !OS_PACKAGE_MANAGERS.has(top))) return ranked;
  const own = familyPackageManager(req);
  if (own && own !== top && ids.index.has(own)) return first(ranked, own, ids);
  if (top === PORTABLE) return ranked;
  // "RedHat family UFW installation" after the file's "Debian family UFW installation" with apt: the
  // family the description names, with its manager as the file writes it (dnf above), else its own.
  const named = namedFamily(req.description);
  const topFamily = managerFamily(top);
  if (named && topFamily && named !== topFamily) {
    const used = req.context.previousModules.find((m) => OS_PACKAGE_MANAGERS.has(m) && managerFamily(m) === named);
    const to = used ?? familyManager(named) ?? PORTABLE;
    if (ids.index.has(to)) return first(ranked, to, ids);
  }
  if (req.context.osHints?.length || req.context.previousModules.includes(top)) return ranked;
  // The description names the manager's distribution ("… (Debian)").
  const family = moduleFamily(top);
  if (family && osFamilies(req).has(family)) return ranked;
  // "Install nginx with apt" names the manager itself.
  if (new RegExp(`\\b${top.slice(top.lastIndexOf('.') + 1)}\\b`, 'i').test(req.description)) return ranked;
  return first(ranked, PORTABLE, ids);
}

const SYSTEMD = new Set(['ansible.builtin.systemd', 'ansible.builtin.systemd_service']);

/**
 * "Ensure kubelet is started and enabled at boot" is written with the portable `service` (4 in 5
 * real tasks on the dev set), `systemd` when the description speaks of systemd itself (a daemon
 * reload, a unit, masking) or the project writes its services with it.
 */
function portableService<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  if (!top || !SYSTEMD.has(top) || /systemd|systemctl|daemon|unit|mask|timer|reload/i.test(req.description))
    return ranked;
  const used = [...req.context.previousModules, ...(req.context.workspaceTasks ?? []).map((t) => t.fqcn)];
  return used.some((m) => SYSTEMD.has(m)) ? ranked : first(ranked, 'ansible.builtin.service', ids);
}

/** What adds a signing key or a package repository, per OS family. */
const FAMILY_TWINS: Record<string, string>[] = [
  { debian: 'ansible.builtin.apt_key', redhat: 'ansible.builtin.rpm_key', suse: 'ansible.builtin.rpm_key' },
  {
    debian: 'ansible.builtin.apt_repository',
    redhat: 'ansible.builtin.yum_repository',
    suse: 'community.general.zypper_repository',
  },
];

/**
 * A key or repository for one OS family is added with that family's module (rpm_key on RedHat);
 * what speaks of keys and not of a repository adds a key ("Add Kubernetes GPG keys.", not a
 * yum_repository), and the other way round.
 */
function familyTwins<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const kind = top ? FAMILY_TWINS.findIndex((t) => Object.values(t).includes(top)) : -1;
  if (kind < 0) return ranked;
  const main = mainPart(req.description);
  const keys = /\bkeys?\b/i.test(main);
  const repository = /\brepo(?:s|sitory|sitories)?\b/i.test(main);
  const asked = keys && !repository ? 0 : repository && !keys ? 1 : kind;
  const family = onlyFamily(req) ?? Object.entries(FAMILY_TWINS[kind]).find(([, m]) => m === top)?.[0] ?? '';
  const own = FAMILY_TWINS[asked][family];
  return own && own !== top ? first(ranked, own, ids) : ranked;
}

/** POSIX modules and the module that does the same on Windows hosts. */
const WINDOWS_TWINS: Record<string, string> = {
  'ansible.builtin.file': 'ansible.windows.win_file',
  'ansible.builtin.copy': 'ansible.windows.win_copy',
  'ansible.builtin.template': 'ansible.windows.win_template',
  'ansible.builtin.command': 'ansible.windows.win_command',
  'ansible.builtin.shell': 'ansible.windows.win_shell',
  'ansible.builtin.service': 'ansible.windows.win_service',
  'ansible.builtin.systemd': 'ansible.windows.win_service',
  'ansible.builtin.systemd_service': 'ansible.windows.win_service',
  'ansible.builtin.get_url': 'ansible.windows.win_get_url',
  'ansible.builtin.stat': 'ansible.windows.win_stat',
  'ansible.builtin.find': 'ansible.windows.win_find',
  'ansible.builtin.lineinfile': 'community.windows.win_lineinfile',
  'ansible.builtin.unarchive': 'community.windows.win_unzip',
  'ansible.builtin.user': 'ansible.windows.win_user',
  'ansible.builtin.group': 'ansible.windows.win_group',
  'ansible.builtin.reboot': 'ansible.windows.win_reboot',
  'ansible.builtin.package': 'ansible.windows.win_package',
  'ansible.builtin.uri': 'ansible.windows.win_uri',
};

/** Systems a description names that are not Windows ("Restart MacOS Telegraf"). */
const OTHER_OS = /\b(?:mac ?os|osx|darwin|linux|unix|debian|ubuntu|red ?hat|rhel|centos|fedora|suse|freebsd)\b/i;

/**
 * A task for Windows hosts only (the file or play targets Windows: `configure_windows.yml`, `win_*`
 * modules above, a `winrm` connection, or the description says so) is written with the Windows
 * twin of a POSIX module: `win_file`, not `file`; unless the file's earlier tasks use that POSIX
 * module too or the description names another system.
 */
function windowsTwins<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  const twin = top && WINDOWS_TWINS[top];
  // A file that uses the POSIX module itself (template works on Windows hosts too; handlers for
  // Linux and Windows hosts) keeps it unless the description says Windows.
  const posix = (req.context.earlierTasks ?? []).some((t) => t.fqcn === top) || OTHER_OS.test(req.description);
  const windows =
    /\bwindows\b/i.test(req.description) || ((req.context.osHints ?? []).some((h) => /^windows$/i.test(h)) && !posix);
  return twin && windows && osFamilies(req).size === 0 ? first(ranked, twin, ids) : ranked;
}

/** What starts, stops or restarts a service on Linux or Windows hosts. */
const SERVICE_MODULES = new Set([...SYSTEMD, B + 'service', 'ansible.windows.win_service']);

/**
 * A macOS host (`configure_macos.yml`, "Restart MacOS Telegraf") has neither systemd nor a SysV
 * `service`: its daemons are loaded and started with a command (`launchctl`, `brew services`).
 */
function macServices<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  return top && SERVICE_MODULES.has(top) && onlyFamily(req) === 'darwin' ? first(ranked, B + 'command', ids) : ranked;
}

/** What runs a command or gathers facts on a host, and the suffix of a network platform's own module for it. */
const NETWORK_TWINS: Record<string, string> = {
  'ansible.builtin.command': '_command',
  'ansible.builtin.shell': '_command',
  'ansible.builtin.raw': '_command',
  'ansible.builtin.setup': '_facts',
};

/**
 * A play on network devices (`hosts: eos`, the platform's modules above) runs commands and gathers
 * facts with the platform's modules: `arista.eos.eos_command`, not `command`, which would run on
 * the controller's idea of a shell.
 */
function networkTwins<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
  const top = ranked[0] && ids.modules[ranked[0].module];
  // "collect fan status" runs a show command; only facts are gathered by the facts module.
  if (top?.endsWith('_facts') && !top.startsWith('ansible.') && !/\bfacts?\b/i.test(req.description))
    return first(ranked, top.replace(/_facts$/, '_command'), ids);
  // "validate temperature", "collect fan status": a show command whose `wait_for` checks the
  // answer, not an assert, an include or a REST call — except what an earlier "collect fan status"
  // gathered, which an assert of its answer validates.
  const checked =
    top &&
    CHECKED_OVER.has(top) &&
    /^(?:validate|collect)\b/i.test(req.description) &&
    !collectedBefore(req.description, req.context.earlierTasks ?? []);
  const suffix = checked ? '_command' : top && NETWORK_TWINS[top];
  if (!suffix) return ranked;
  // The file's own collections: the workspace's other plays may target other devices.
  const platform = [...req.context.collectionsInUse, ...req.context.previousModules.map(collectionOf)]
    .map((c) => `${c}.${c.slice(c.lastIndexOf('.') + 1)}${suffix}`)
    .find((m) => ids.index.has(m) && !m.startsWith('ansible.'));
  return platform ? first(ranked, platform, ids) : ranked;
}

/** An earlier task of the file that collected what the description validates (its words after the verb). */
function collectedBefore(description: string, earlier: readonly { name: string }[]): boolean {
  const said = terms(description.replace(/^\S+\s+/, '').replace(/\(.*?\)/g, ' '));
  return (
    said.length > 0 && earlier.some((t) => /^collect\b/i.test(t.name) && said.every((w) => terms(t.name).includes(w)))
  );
}

/** What a network play's "validate …" / "collect …" is mistaken for. */
const CHECKED_OVER = new Set(['assert', 'import_tasks', 'include_tasks', 'uri'].map((m) => B + m));

/** `fqcn` first: swapped with the first when ranked, else put before it (the first's probability). */
function first<R extends RankedModule>(ranked: R[], fqcn: string, ids: ModuleIds): R[] {
  const id = ids.index.get(fqcn);
  if (id === undefined || !ranked.length || ranked[0].module === id) return ranked;
  const at = ranked.findIndex((r) => r.module === id);
  if (at < 0) return [{ ...ranked[0], module: id }, ...ranked];
  return [
    { ...ranked[at], p: ranked[0].p },
    { ...ranked[0], p: ranked[at].p },
    ...ranked.filter((_, i) => i !== at && i !== 0),
  ];
}
