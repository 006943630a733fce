// Arguments for the chosen module: which options (voted by the nearest examples of that module,
// plus those the description asks for), and their values — taken from the description and from
// variables in scope first, from the examples only when nothing better is known. The result is
// then fitted to the argument spec (argspec.ts).

import type { ModuleDoc, ModuleOption } from '../catalog/types';
import type { CorpusTask } from '../corpus/types';
import { fitArgs, isTemplated, optionIndex, placeholder } from './argspec';
import { factName, factValue, hostFactValue, namedArchitecture, namedIdentifiers, projectPrefix } from './factNames';
import { foreignVariables, jinjaVariables } from './jinjaScope';
import { escapeRe, nameSubstitutions, substituteAll } from './nameSubstitution';
import { includedFile, isInclude, qualifiedRole, recurringStepFile, varsFile, WARNING_FILE } from './taskFiles';
import type { DescriptionEntities } from './entities';
import { coherentArgs } from './argCoherence';
import { checkArgs, foreignExpression } from './checkArgs';
import { registeredValue, shownField } from './registeredResult';
import { programQuery } from './commandModules';
import { octalMode } from './render';
import { mainPart, stem, words } from './text';
import type { EarlierTask, LocalFiles, TaskSection } from './types';
import {
  bareInScope,
  choiceVariableFor,
  factSource,
  namedVariable,
  PACKAGE_MODULE,
  perOsDefault,
  renameJinja,
  SERVICE_MODULE,
  spelledVariable,
  templatedInScope,
  variableFor,
} from './variableChoice';

/** What argument filling reads of an example: a corpus task, or a task earlier in the user's file. */
export interface ExampleTask {
  /** Its id in the corpus, or in the attribution index for a workspace task; undefined for the file's own earlier tasks. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
  origin: CorpusTask['origin'] | 'file';
}

export interface ScoredExample {
  task: ExampleTask;
  score: number;
}

export interface FillInput {
  description: string;
  fqcn: string;
  doc: ModuleDoc | undefined;
  examples: readonly ScoredExample[];
  variables: readonly string[];
  entities: DescriptionEntities;
  /** The role's templates/ and files/ (a template's or copy's `src:` names one of them). */
  localFiles?: LocalFiles;
  /** The file's earlier tasks and the workspace's: how the project names things. */
  projectTasks?: readonly EarlierTask[];
  /** The variable the task just before this one registered its result in. */
  justRegistered?: string;
  /** Variables an enclosing block runs only while undefined: what the block sets (a set_fact's fact). */
  blockDefines?: readonly string[];
  /** The section the task is in (`rescue`: after a failure of its block). */
  section?: TaskSection;
  /**
   * Nearest examples of other modules of the same collection: modules of one collection share
   * options (connection and credentials: `hostname: "{{ hostname }}"`), which they vote on too.
   */
  siblings?: readonly ScoredExample[];
}

const VOTERS = 5;
/** A task name that removes something ("Remove extra auto rotation job"). */
const REMOVES = /^(?:remove|delete|uninstall|purge|drop)\b/i;
/** The verb a task name starts with ("Create", "Ensure", "Set up"). */
const LEADING_VERB =
  /^(?:create|add|ensure|install|set ?up|schedule|configure|remove|delete|disable|enable|manage)\s+/i;
const ACCOUNT_MODULE = /^ansible\.builtin\.(?:user|group)$/;
/** Options that hold a credential: `password`, `login_password`, `url_password`, `utm_token`, `api_key`. */
const CREDENTIAL = /(?:^|_)(?:password|passwd|passphrase|secret|token|api_?key)$/i;
/**
 * How much an example's options count by where it comes from: real use says more about which
 * options people set than documentation EXAMPLES do, and the file's own earlier tasks (same
 * module, similar name) most of all — real files repeat their options and variables.
 */
const ORIGIN_WEIGHT: Record<ExampleTask['origin'], number> = {
  'module-examples': 1,
  role: 2,
  playbook: 2,
  ftdata: 2,
  workspace: 2,
  file: 6,
};

// Verb stems → the `state` value they ask for, most specific first.
const STATE_WORDS: [string[], string[]][] = [
  [['restart', 'bounc'], ['restarted']],
  [['reload'], ['reloaded']],
  [['stop', 'stopp', 'halt', 'shutdown'], ['stopped']],
  [['unmount', 'umount'], ['unmounted']],
  [['remount'], ['remounted']],
  [['mount'], ['mounted']],
  [
    ['uninstall', 'remov', 'delet', 'absent', 'purg', 'clean', 'cleanup', 'drop', 'destroy', 'revok', 'disabl'],
    ['absent', 'disabled'],
  ],
  [['latest', 'upgrad', 'updat', 'newest'], ['latest']],
  [
    ['start', 'runn', 'run', 'launch', 'boot'],
    ['started', 'running'],
  ],
  [['directory', 'dir', 'folder', 'mkdir', 'directori'], ['directory']],
  [['symlink', 'link', 'symbolic'], ['link']],
  [['touch', 'empty'], ['touch']],
  [['enabl'], ['enabled', 'present']],
  [
    [
      'instal',
      'install',
      'installation',
      'creat',
      'ensur',
      'add',
      'present',
      'mak',
      'deploy',
      'configur',
      'set',
      'defin',
    ],
    ['present'],
  ],
];

const STATES = ['present', 'absent', 'latest', 'started', 'stopped', 'restarted', 'reloaded', 'mounted', 'unmounted'];
const ALL_STATES = [...new Set(STATE_WORDS.flatMap(([, values]) => values))];
/** States that are one-off actions rather than what a role keeps a host in. */
const ACTIONS = new Set(['restarted', 'reloaded', 'stopped', 'absent']);

/** States that take a thing away; a name asking for one of them and a name asking for another disagree. */
const UNDOING = new Set(['absent', 'stopped', 'unmounted', 'disabled']);

/**
 * Whether an example's name asks for the opposite of the description ("Delete telegraf extra
 * plugin path" against "Create telegraf extra plugin path"): its `state` is then not this task's.
 */
function oppositeAsk(exampleName: string, ents: DescriptionEntities): boolean {
  const said = stateFromWords(new Set(words(exampleName).map(stem)), ALL_STATES);
  const wanted = stateAsked(ents, ALL_STATES);
  return said !== undefined && wanted !== undefined && UNDOING.has(said) !== UNDOING.has(wanted);
}

/**
 * The state a description asks for among `choices`: its main part's, else the whole
 * description's unless the main part asks the opposite ("… is disabled | Add file" adds a file).
 */
function stateAsked(ents: DescriptionEntities, choices: readonly unknown[]): string | undefined {
  const own = stateFromWords(ents.stateStems, choices);
  if (own !== undefined) return own;
  const said = stateFromWords(ents.stateStems, ALL_STATES);
  const all = stateFromWords(ents.stems, choices);
  return said !== undefined && all !== undefined && UNDOING.has(said) !== UNDOING.has(all) ? undefined : all;
}

function stateFromWords(stems: Set<string>, choices: readonly unknown[]): string | undefined {
  const allowed = new Set(choices.map(String));
  for (const [ws, values] of STATE_WORDS) {
    if (!ws.some((w) => stems.has(w))) continue;
    const v = values.find((x) => allowed.has(x));
    if (v) return v;
  }
  return undefined;
}

function pathFor(key: string, fqcn: string, ents: DescriptionEntities): string | undefined {
  const ps = ents.paths;
  const short = fqcn.split('.').pop();
  const known = ents.knownFile;
  if (!ps.length) {
    // A standard file the description names by a word ("Template out motd"): the file itself, and
    // a template named after it.
    if (!known) return undefined;
    if (key === 'src') return short === 'template' ? `${known.slice(known.lastIndexOf('/') + 1)}.j2` : undefined;
    return key === 'path' || key === 'dest' ? known : undefined;
  }
  if (key === 'src') {
    const src = ps.find((p) => p.role === 'src') ?? (ps.length > 1 ? ps[0] : undefined);
    if (src) return src.value;
    if (short === 'template') {
      // Roles name a template after the file it renders: /etc/nginx/nginx.conf ← nginx.conf.j2.
      const j2 = ps.find((p) => p.value.endsWith('.j2'))?.value;
      const base = ps[ps.length - 1].value.split('/').pop();
      return j2 ?? (base ? `${base}.j2` : undefined);
    }
    if (short === 'copy' && ps.length === 1 && !ps[0].value.startsWith('/')) return ps[0].value;
    return undefined;
  }
  // "Ensure that '/etc/sudoers' includes '/etc/sudoers.d'": the file that includes the other.
  const includer = ps.find((p) =>
    new RegExp(`${escapeRe(p.value)}['"\`]?\\s+(?:includes|contains)\\b`).test(ents.main),
  );
  const dest = includer ?? ps.find((p) => p.role === 'dest') ?? (ps.length > 1 ? ps[ps.length - 1] : ps[0]);
  // "Copy config.toml to /etc/containerd", "Check if transactional-update exists in /sbin": the
  // file named, in the directory written.
  const named =
    ps.find((p) => p !== dest && !p.value.includes('/'))?.value ??
    (short === 'stat' ? /([\w.-]+)\s+exists\s+in\s+\S+\s*$/.exec(ents.main)?.[1] : undefined);
  if (
    named &&
    dest.role === 'dest' &&
    /^\/[\w/.-]*$/.test(dest.value) &&
    !/\.\w+$/.test(dest.value) &&
    short !== 'file'
  )
    return `${dest.value.replace(/\/$/, '')}/${named.replace(/\.j2$/, '')}`;
  // "postgresql directory in /etc": the folder in the directory written.
  if (short === 'file' && dest.role === 'dest' && ents.folder?.startsWith(`${dest.value}/`)) return ents.folder;
  // A standard file given by its name alone is that file: `sysctl.conf` → /etc/sysctl.conf.
  if (known && known.endsWith(`/${dest.value}`)) return known;
  if (
    ps.length === 1 &&
    (short === 'copy' || short === 'template') &&
    !dest.value.startsWith('/') &&
    !dest.value.startsWith('~')
  )
    return undefined;
  return dest.value;
}

const INSTALLING = /^(?:install|ensure|add)\b/i;
const NAME_KEYS = new Set(['name', 'pkg', 'package', 'service', 'user', 'group', 'names', 'unit']);
const OWNERSHIP_MODULES =
  /\.(file|copy|template|unarchive|get_url|lineinfile|blockinfile|replace|git|assemble|ini_file)$/;
/** Modules whose `name` is the thing the task is about: a package, service, account or group. */
const SUBJECT_MODULES = new RegExp(`${PACKAGE_MODULE.source}|${SERVICE_MODULE.source}|\\.(?:user|group)$`);
const PATH_KEYS = new Set(['path', 'dest', 'src', 'file', 'creates', 'removes', 'chdir']);

/**
 * "Create telegraf directory": the one software directory named after the subject (`/etc/telegraf`,
 * `/var/lib/telegraf`) that the project's tasks already use, when the description asks for one.
 */
function projectDirectory(ents: DescriptionEntities, tasks: readonly EarlierTask[] = []): string | undefined {
  const subject = ents.subjects[0];
  if (!subject || !/\b(?:dir|directory|folder)\b/i.test(ents.main)) return undefined;
  const named = new RegExp(
    `^/(?:etc|opt|srv|var/(?:lib|log|cache)|usr/(?:share|local|lib))/${escapeRe(subject)}/?$`,
    'i',
  );
  const found = new Set(
    tasks.flatMap((t) => Object.values(t.args)).filter((v): v is string => typeof v === 'string' && named.test(v)),
  );
  return found.size === 1 ? [...found][0].replace(/\/$/, '') : undefined;
}

/** Modules whose `path`/`dest` is the file or directory the task is about. */
const PATH_OWNERS = /\.(?:file|stat|template|copy)$/;

/** Names of variables that hold a path (`gitlab_runner_directory`, `homebrew_brew_bin_path`). */
const PATH_VARIABLE = /^[a-z_][a-z0-9_]*_(?:dir|directory|path|home|root|folder)$/;

/**
 * A path variable the description names: written in braces (`{{ gitlab_runner_directory }}`), or
 * spelled as a word when it is in scope ("… ownership on homebrew_brew_bin_path dirs").
 */
function pathVariableIn(description: string, scope: ReadonlySet<string>): string | undefined {
  for (const m of description.matchAll(/\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}|\b([a-z_][a-z0-9_]*)\b/g)) {
    const name = m[1] ?? m[2];
    if (PATH_VARIABLE.test(name) && (m[1] !== undefined || scope.has(name))) return name;
  }
  return undefined;
}

function valueFromDescription(
  key: string,
  opt: ModuleOption | undefined,
  fqcn: string,
  ents: DescriptionEntities,
): unknown {
  const canonical = opt?.name ?? key;
  if (opt?.choices?.length && opt.type !== 'bool') {
    if (canonical === 'state' || key === 'state') return stateAsked(ents, opt.choices);
    // A choice the description names (`command: export` for "Export a certificate").
    return opt.choices.find((c) => typeof c === 'string' && c.length > 2 && ents.stems.has(stem(c.toLowerCase())));
  }
  // A `state` documented in words rather than `choices` (ansible.builtin.package: "present, absent
  // or latest"): the states its description names.
  if (canonical === 'state' && opt?.description) {
    const named = STATES.filter((x) => new RegExp(`\\b${x}\\b`).test(opt.description));
    if (named.length) return stateAsked(ents, named);
  }
  // "Add telegraf user to docker group": the group the account joins, kept with its others.
  if (fqcn === 'ansible.builtin.user' && (canonical === 'groups' || canonical === 'append')) {
    const group = /\bto (?:the )?['"]?([\w.-]+)['"]? groups?\b/i.exec(ents.main)?.[1];
    if (group) return canonical === 'groups' ? group.toLowerCase() : true;
  }
  if (opt?.type === 'bool') {
    if (canonical === 'enabled') return ents.stems.has('enabl') ? true : ents.stems.has('disabl') ? false : undefined;
    if (canonical === 'masked') return ents.stems.has('unmask') ? false : ents.stems.has('mask') ? true : undefined;
    if (canonical === 'daemon_reload')
      return ents.stems.has('daemon') || (ents.stems.has('systemd') && ents.stems.has('reload')) ? true : undefined;
    if (canonical === 'update_cache') return ents.stems.has('cach') || ents.stems.has('updat') ? true : undefined;
    // "Create the keystone system user": an account (or group) for a service, not a person.
    if (canonical === 'system' && ACCOUNT_MODULE.test(fqcn))
      return /\bsystem (?:user|account|group)s?\b/i.test(ents.main) ? true : undefined;
    return undefined;
  }
  if (canonical === 'url' || (canonical === 'repo' && ents.urls.length)) return ents.urls[0];
  if (canonical === 'mode') return ents.modes[0];
  if (canonical === 'port' && ents.ports.length) {
    // firewalld and friends document the form PORT/PROTOCOL: "open port 80" → 80/tcp.
    if (/PORT\/PROTOCOL|port\/protocol/.test(opt?.description ?? ''))
      return `${ents.ports[0]}/${ents.stems.has('udp') ? 'udp' : 'tcp'}`;
    return ents.ports[0];
  }
  if (fqcn === 'ansible.builtin.meta' && (canonical === '_raw_params' || canonical === 'free_form'))
    return metaAction(ents.stems);
  // "Sleep for extra 15 seconds": how long a wait or a pause lasts.
  const waited = WAITED.exec(ents.main);
  if (waited && (fqcn === 'ansible.builtin.wait_for' || fqcn === 'ansible.builtin.pause')) {
    const [n, minutes] = [Number(waited[1]), /^m/i.test(waited[2])];
    if (canonical === 'timeout' && fqcn === 'ansible.builtin.wait_for') return minutes ? n * 60 : n;
    if (canonical === (minutes ? 'minutes' : 'seconds') && fqcn === 'ansible.builtin.pause') return n;
  }
  // "Refresh local facts": read /etc/ansible/facts.d again, and nothing else.
  if (fqcn === 'ansible.builtin.setup' && LOCAL_FACTS.test(ents.main))
    return canonical === 'filter' ? 'ansible_local' : canonical === 'gather_subset' ? '!all' : undefined;
  // A quoted command line, not a quoted name ('Check if "Swarm Mode" is enabled.'), or the one
  // that asks a program its version or where it is.
  if (canonical === '_raw_params' || canonical === 'cmd' || canonical === 'free_form')
    return (
      ents.quoted.find((q) => !/^[A-Z][a-z]*(?:\s+[A-Za-z][a-z]*)*$/.test(q)) ??
      (fqcn === 'ansible.builtin.command' ? programQuery(ents.main) : undefined)
    );
  // A network device's CLI command the description writes: "run show version on EOS devices".
  if (canonical === 'commands' && fqcn.endsWith('_command')) {
    const cli = ents.quoted[0] ?? ents.cli[0];
    return cli && [cli];
  }
  if (PATH_KEYS.has(canonical) || opt?.type === 'path') return pathFor(canonical, fqcn, ents);
  // A unit the description names by its file ("Make sure automation-gateway-proxy.service is
  // online"); systemd itself is no service to start ("Reload systemd and restart containerd.").
  if (canonical === 'name' && SERVICE_MODULE.test(fqcn)) {
    const unit =
      ents.units[0] ?? (ents.subjects[0] === 'systemd' ? [...ents.specific].find((x) => x !== 'systemd') : undefined);
    if (unit) return unit;
    // systemd's own daemons by their short names: "Restart sysctl" restarts systemd-sysctl.
    const own = SYSTEMD_DAEMONS.has(ents.subjects[0] ?? '') ? `systemd-${ents.subjects[0]}` : undefined;
    if (own) return own;
  }
  // A kernel parameter is set by its key ("configure swappiness" → vm.swappiness), to the number
  // the description gives ("… to 10"), or to 1 or 0 when it enables or disables it.
  if (fqcn === 'ansible.posix.sysctl') {
    if (canonical === 'name') return ents.kernelParameter;
    if (canonical === 'value')
      return ents.setTo ?? (ents.stems.has('enabl') ? '1' : ents.stems.has('disabl') ? '0' : undefined);
  }
  // "Check if {{ mariadb_sst_username }} exists": that account in the user database.
  if (fqcn === 'ansible.builtin.getent') {
    if (canonical === 'database') {
      if (ents.stems.has('group')) return 'group';
      const account = ['user', 'usernam', 'account'].some((w) => ents.stems.has(w));
      return account || ents.jinja.some((j) => /_user(?:name)?\b/.test(j)) ? 'passwd' : undefined;
    }
    if (canonical === 'key') return ents.jinja[0] ?? ents.subjects[0];
  }
  // A registry value is named as Windows spells it ("… | AllowRspndrOnPublicNet"), not by a subject.
  if (fqcn === 'ansible.windows.win_regedit' && canonical === 'name') return ents.configKeys[0];
  // On a module that sets ownership (file, copy, template …), user and group are an owner, not
  // what the description is about ("Configure common-account" is no group).
  const ownership = (canonical === 'user' || canonical === 'group') && OWNERSHIP_MODULES.test(fqcn);
  // A cron job's `name` is its label and `user` the crontab's owner: neither is the subject
  // ("Remove extra auto rotation job" names no job "extra").
  if (fqcn === 'ansible.builtin.cron' && (canonical === 'name' || canonical === 'user')) return undefined;
  // "Manage user {{ user.name }}", "ensure {{ mariadb_service }} is started": the expression the
  // description writes is what the task is about (not a fact, a state or a version).
  if (canonical === 'name' && SUBJECT_MODULES.test(fqcn)) {
    const named = ents.jinja.find((j) => !/\bansible_|_(?:state|version)\b/.test(j));
    if (named) return named;
    // "Create su group sugroup": the name after the kind of account.
    const kind = /\.(user|group)$/.exec(fqcn)?.[1];
    const after = kind && new RegExp(`\\b${kind}\\s+['"]?([a-z_][\\w.-]*)['"]?\\s*$`, 'i').exec(ents.main)?.[1];
    if (after) return after;
  }
  if (NAME_KEYS.has(canonical) && ents.subjects.length && !ownership) {
    const listy = opt?.type === 'list' || (opt?.elements !== undefined && opt.type !== 'str');
    return listy && ents.subjects.length > 1 ? [...ents.subjects] : ents.subjects[0];
  }
  return undefined;
}

/**
 * A required option nothing fills: the one file a reading module's description names ("Get
 * existing config.toml" → `src: config.toml`), else a placeholder variable named after it.
 */
function unfilled(opt: ModuleOption, fqcn: string, ents: DescriptionEntities): unknown {
  if (opt.name === 'src' && /\.(?:slurp|fetch)$/.test(fqcn) && ents.paths.length === 1) return ents.paths[0].value;
  return placeholder(opt);
}

/** The meta action a description's words name ("Flush handlers", "Make sure named is restarted, if necessary"). */
function metaAction(stems: ReadonlySet<string>): string | undefined {
  if (stems.has('reset') && stems.has('connection')) return 'reset_connection';
  if (stems.has('refresh') && stems.has('inventory')) return 'refresh_inventory';
  if (stems.has('clear') && stems.has('fact')) return 'clear_facts';
  if (stems.has('end') && stems.has('host')) return 'end_host';
  if (stems.has('end') && stems.has('play')) return 'end_play';
  if (['flush', 'handler', 'restart'].some((w) => stems.has(w))) return 'flush_handlers';
  return undefined;
}

export interface FilledArgs {
  args: Record<string, unknown>;
  /** The examples whose options were used, best first. */
  used: ScoredExample[];
}

export function fillArgs(input: FillInput): FilledArgs {
  const { doc, fqcn, entities: ents } = input;
  const byName = doc ? optionIndex(doc) : new Map<string, ModuleOption>();
  const canonical = (k: string) => (k === '_raw_params' ? k : (byName.get(k)?.name ?? k));
  const voters = input.examples.slice(0, VOTERS);
  // Vote on option names (canonical), remembering the spelling and values the examples used.
  const votes = new Map<
    string,
    {
      weight: number;
      spelling: Map<string, number>;
      values: {
        v: unknown;
        w: number;
        own?: boolean;
        local?: boolean;
        opposite?: boolean;
        swapped?: boolean;
        substituted?: boolean;
      }[];
    }
  >();
  let total = 0;
  const scope = new Set(input.variables);
  for (const ex of voters) {
    // Real use says more about which options people set than documentation examples do.
    const w = (0.2 + ex.score) * ORIGIN_WEIGHT[ex.task.origin];
    total += w;
    const subs = nameSubstitutions(ex.task.name, input.description, ex.task.origin === 'file' ? 2 : 1);
    for (const [k0, v0] of Object.entries(ex.task.args)) {
      const v = substituteAll(v0, subs);
      // set_fact's keys are names like its values: the IPv6 twin of `flush_ipv4_route` is `flush_ipv6_route`.
      const k = fqcn === 'ansible.builtin.set_fact' ? String(substituteAll(k0, subs)) : k0;
      const c = canonical(k);
      let e = votes.get(c);
      if (!e) votes.set(c, (e = { weight: 0, spelling: new Map(), values: [] }));
      e.weight += w;
      e.spelling.set(k, (e.spelling.get(k) ?? 0) + w);
      const opposite = c === 'state' && oppositeAsk(ex.task.name, ents);
      const swapped = LOCAL.has(ex.task.origin) && parallelVariables(v, subs, scope);
      const own = ex.task.origin === 'file';
      const substituted = own && JSON.stringify(v) !== JSON.stringify(v0);
      e.values.push({ v, w, own, local: LOCAL.has(ex.task.origin), opposite, swapped, substituted });
    }
  }
  // A series the file writes alike ("Configure auditd flush" → `flush = {{ auditd_flush }}`): two
  // near-copies whose differing words, changed, give one value name this task's variable, kept
  // where theirs come from (`num_logs = {{ auditd_num_logs }}`).
  for (const e of votes.values()) {
    const series = e.values.filter((x) => x.substituted);
    for (const x of series)
      if (series.some((y) => y !== x && JSON.stringify(y.v) === JSON.stringify(x.v))) x.swapped = true;
  }
  const chosen: string[] = [...votes.entries()]
    .filter(([, e]) => e.weight >= 0.5 * total)
    .sort((a, b) => b[1].weight - a[1].weight || a[0].localeCompare(b[0]))
    .map(([c]) => c);
  if (doc && input.siblings?.length) {
    const shared = new Map<string, { weight: number; values: { v: unknown; w: number }[] }>();
    let siblingTotal = 0;
    for (const ex of input.siblings.slice(0, VOTERS)) {
      const w = 0.2 + ex.score;
      siblingTotal += w;
      for (const [k, v] of Object.entries(ex.task.args)) {
        const opt = byName.get(k);
        if (!opt || opt.name !== k || chosen.includes(k)) continue;
        let e = shared.get(k);
        if (!e) shared.set(k, (e = { weight: 0, values: [] }));
        e.weight += w;
        e.values.push({ v, w });
      }
    }
    for (const [k, e] of [...shared].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (e.weight < 0.5 * siblingTotal) continue;
      chosen.push(k);
      votes.set(k, { weight: e.weight, spelling: new Map([[k, e.weight]]), values: e.values });
    }
  }
  // Options the description asks for even when the examples did not use them.
  // A near-copy earlier in the file already says which options this task sets: only values the
  // description spells out (paths, URLs, ports, modes) add options to it.
  const copied = voters.some((x) => x.task.origin === 'file' && x.score >= 0.5);
  const writtenValues = written(input.description);
  if (doc) {
    for (const o of Object.values(doc.options)) {
      if (chosen.includes(o.name)) continue;
      const fromText = valueFromDescription(o.name, o, fqcn, ents);
      const asked =
        writtenValues.has(o.name) ||
        // …except a removal: without `state: absent` the near-copy's task would make what it removes.
        (o.name === 'state' &&
          fromText !== undefined &&
          (!copied || (fromText === 'absent' && REMOVES.test(mainPart(input.description))))) ||
        (o.name === 'enabled' && fromText !== undefined && !copied) ||
        (o.name === 'daemon_reload' && fromText !== undefined && !copied) ||
        (o.name === 'masked' && fromText !== undefined) ||
        (o.name === 'port' && fromText !== undefined) ||
        ((o.name === 'groups' || o.name === 'append') && fqcn === 'ansible.builtin.user' && fromText !== undefined) ||
        (o.name === 'system' && ACCOUNT_MODULE.test(fqcn) && fromText !== undefined) ||
        ((fqcn === 'ansible.builtin.setup' || fqcn === 'ansible.builtin.pause') && fromText !== undefined) ||
        // "Install apt-transport-https and gnupg": the packages named, whatever the examples set.
        (o.name === 'name' &&
          PACKAGE_MODULE.test(fqcn) &&
          fromText !== undefined &&
          INSTALLING.test(input.description)) ||
        (['path', 'dest', 'src', 'url', 'mode'].includes(o.name) &&
          fromText !== undefined &&
          (o.name !== 'path' || !chosen.includes('dest')) &&
          (o.name !== 'dest' || !chosen.includes('path')));
      if (asked) chosen.push(o.name);
    }
  }
  // A registered result is a module's return (a mapping), not a value an option takes whole.
  const registered = new Set((input.projectTasks ?? []).map((t) => t.register));
  const valueVariables = input.variables.filter((v) => !registered.has(v));
  const args: Record<string, unknown> = {};
  for (const c of chosen) {
    const e = votes.get(c);
    const spelling = e ? [...e.spelling.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0] : c;
    const opt = byName.get(c);
    // A variable named after the thing beats the word in the description (`nginx_packages` over `nginx`).
    const choice = !!opt?.choices?.length && opt.type !== 'bool';
    // A set_fact key is the fact being defined, not an option a variable in scope fills.
    const fact = fqcn === 'ansible.builtin.set_fact' && !opt;
    const variable = fact
      ? undefined
      : choice
        ? choiceVariableFor(c, fqcn, input.variables, ents)
        : opt?.type !== 'bool'
          ? variableFor(c, fqcn, valueVariables, ents)
          : undefined;
    // …except an action the description names: "Restart docker" restarts, whatever `docker_service_state` holds.
    const fromText = valueFromDescription(c, opt, fqcn, ents);
    const action = c === 'state' && ACTIONS.has(String(fromText));
    // A project's `limits_conf_template` is its template for "Configure limits.conf", over a name
    // made up from the file's (`limits.conf.j2`); a template the description writes stays.
    const template =
      c === 'src' &&
      /_template$/.test(variable ?? '') &&
      !ents.paths.some((p) => p.role === 'src' || p.value.endsWith('.j2'));
    let v: unknown = variable && (NAME_KEYS.has(c) || (choice && !action) || template) ? `{{ ${variable} }}` : fromText;
    // "Ensure GPG key is not present in the RPM db, key={{ item }}": the value the description writes for the option.
    v = writtenValues.get(c) ?? v;
    // "waiting for mysql to start" after "restarting mysql on first node" with `name: "{{
    // mariadb_systemd_service_name }}"`: the file's own expression for the subject it names.
    if (NAME_KEYS.has(c) && typeof v === 'string' && v === fromText)
      v = ownExpressionFor(v, spelling, input, scope) ?? v;
    // "Ensure solr_user exists": the variable the description names is the name, not its spelling
    // (an account's name has no underscores to speak of).
    if (
      NAME_KEYS.has(c) &&
      typeof v === 'string' &&
      (scope.has(v) || ACCOUNT_MODULE.test(fqcn)) &&
      namedIdentifiers(input.description).includes(v)
    )
      v = `{{ ${v} }}`;
    // "(MacOS) Precreate directory {{ gitlab_runner_directory }}", "… ownership on
    // homebrew_brew_bin_path dirs": the path variable the description names is the path.
    if (fromText === undefined && (c === 'path' || c === 'dest') && PATH_OWNERS.test(fqcn)) {
      const named = pathVariableIn(input.description, scope);
      if (named) v = `{{ ${named} }}`;
    }
    // A state the verb merely implies ("Set …" → present) gives way to a near-copy's in the file:
    // its series writes the state it writes (`{{ 'present' if … else 'absent' }}`).
    if (c === 'state' && copied && (v === undefined || v === 'present')) {
      const near = e?.values.find((x) => x.own && !x.opposite && !foreignVariables(x.v, scope).length);
      if (near) v = near.v;
    }
    if (c === 'var' && fqcn === 'ansible.builtin.debug') {
      // `var` names a variable bare (no braces): one not in scope here is another project's.
      const named = namedVariable(input.variables, ents);
      v = named ? shownField(input.description, named, input.projectTasks) : bareInScope(e?.values, scope);
      if (v === undefined) continue;
    }
    // A variable guessed from the words gives way to the file's near-copy's template of variables
    // in scope (`{{ telegraf_agent_config_path }}/telegraf.d/`, not the stat `telegraf_directory`).
    if (v === undefined && variable && copied) {
      const near = e?.values.find((x) => x.own && templatedInScope(x.v, scope));
      if (near) v = near.v;
    }
    if (v === undefined && variable) v = `{{ ${variable} }}`;
    // "containerd config directory" is /etc/containerd, not an example's directory.
    if (v === undefined && fqcn === 'ansible.builtin.file' && (c === 'path' || c === 'dest'))
      v = ents.configDir ?? projectDirectory(ents, input.projectTasks);
    if (v === undefined && e) {
      // The examples' value: a template whose variables are in scope here, else the weighted
      // majority of the values that bring in no variable from elsewhere; an option whose every
      // value would is left out unless it is required.
      // `{{ item }}` of a corpus example belongs to a loop this suggestion does not have; the
      // file's own tasks bring theirs (embeddedModel.ts).
      const renamed = e.values
        .filter((x) => (x.own || !jinjaVariables(x.v).has('item')) && !x.opposite)
        .map((x) => ({ v: x.swapped ? x.v : renameJinja(x.v, scope), w: x.w, swapped: x.swapped, own: x.own }));
      const inScope = renamed.find((x) => x.swapped || templatedInScope(x.v, scope));
      // The file's own near-copy says it in its words, over another file's template it outweighs.
      const own = renamed.find((x) => x.own && !foreignVariables(x.v, scope).length);
      if (own && inScope && !inScope.own && own.w >= inScope.w) v = own.v;
      else if (inScope) v = inScope.v;
      else {
        // An assert's conditions are bare expressions: `my_param <= 100` reads another project's
        // `my_param`; a variable the description names ("Test users_shell") is this project's.
        const bareExpression = c === 'that' && fqcn === 'ansible.builtin.assert';
        const tally = new Map<string, { v: unknown; w: number }>();
        for (const x of renamed) {
          if (
            foreignVariables(x.v, scope).length ||
            (bareExpression && foreignExpression(x.v, scope, input.description))
          )
            continue;
          const key = JSON.stringify(x.v);
          const t = tally.get(key);
          if (t) t.w += x.w;
          else tally.set(key, { v: x.v, w: x.w });
        }
        if (tally.size) v = [...tally.entries()].sort((a, b) => b[1].w - a[1].w || a[0].localeCompare(b[0]))[0][1].v;
        // A package manager's packages are the task: a placeholder shows where they go.
        else if (!opt?.required && !(c === 'name' && PACKAGE_MODULE.test(fqcn))) continue;
        // Another project's literal credential (`password: SomeSecretPassword`, `login_password:
        // 123456`) is nobody's secret here: a variable named after the option holds this one, and
        // an account gets a password only when the description asks for one.
        if (
          CREDENTIAL.test(c) &&
          !opt?.choices?.length &&
          typeof v === 'string' &&
          !isTemplated(v) &&
          !e.values.some((x) => x.local && x.v === v)
        ) {
          if (ACCOUNT_MODULE.test(fqcn) && !ents.stems.has('password')) continue;
          v = `{{ ${c} }}`;
        }
        if (OWNERSHIP.has(c) && foreignAccount(v, e.values, input)) v = 'root';
        // "Service enabled and running" names no service: the project's, not another project's.
        if (c === 'name' && SERVICE_MODULE.test(fqcn) && !isTemplated(v) && !e.values.some((x) => x.local && x.v === v))
          v = projectService(input.variables) ?? v;
        // A cron job is labelled as the description says ("auto rotation job"), not as another
        // project's job was ("a job for reboot").
        if (c === 'name' && fqcn === 'ansible.builtin.cron' && !e.values.some((x) => x.local && x.v === v))
          v = mainPart(input.description).replace(LEADING_VERB, '').replace(/\.$/, '') || v;
      }
    }
    if (v === undefined && opt) v = unfilled(opt, fqcn, ents);
    if (v !== undefined) args[spelling] = c === 'mode' ? octalMode(v) : v;
  }
  // An included task file: named after what the description says, or after an earlier include.
  if (isInclude(fqcn)) {
    const key = ['_raw_params', 'file'].find((k) => k in args) ?? '_raw_params';
    const earlier = voters.flatMap((x) => {
      const v = x.task.args._raw_params ?? x.task.args.file;
      return x.task.origin === 'file' && typeof v === 'string' ? [{ name: x.task.name, value: v }] : [];
    });
    // The file's near-copy names the file (its differing words changed in it): "… (other nodes)"
    // includes what "… (first node)" does.
    const strong = voters.some(
      (x) =>
        x.task.origin === 'file' &&
        (x.score >= 0.8 || (x.score >= 0.6 && nameSubstitutions(x.task.name, input.description, 2).length)),
    );
    const file = strong
      ? undefined
      : (recurringStepFile(input.description, input.projectTasks ?? []) ??
        includedFile(input.description, ents, earlier, input.localFiles?.tasks));
    if (file) {
      // The file's own includes' `apply:` (the tags their tasks get) is the file's habit; anything
      // else the examples gave belongs to their files.
      const applied = voters.some(
        (x) => x.task.origin === 'file' && JSON.stringify(x.task.args.apply) === JSON.stringify(args.apply),
      );
      for (const k of Object.keys(args)) if (k !== 'apply' || !applied) delete args[k];
      args[file === WARNING_FILE ? 'file' : key] = file;
    }
  }
  if (/\.(?:include|import)_role$/.test(fqcn) && typeof args.name === 'string')
    args.name = qualifiedRole(args.name, input.projectTasks ?? []) ?? args.name;
  // "Set Caddy version" with a copy writes the version the project keeps (`{{ caddy_version }}`).
  const spelled =
    fqcn === 'ansible.builtin.copy' && 'content' in args && spelledVariable(input.description, valueVariables);
  if (spelled) args.content = `{{ ${spelled} }}`;
  // A pause lasts the one time the description says, in the unit it says it in.
  const waited = WAITED.exec(ents.main);
  if (fqcn === 'ansible.builtin.pause' && waited && 'seconds' in args && 'minutes' in args)
    delete args[/^m/i.test(waited[2]) ? 'seconds' : 'minutes'];
  if (fqcn === 'ansible.builtin.include_vars' && !['_raw_params', 'file', 'dir'].some((k) => k in args)) {
    const file = varsFile(input.description, ents, input.projectTasks);
    if (file) args._raw_params = file;
  }
  // A debug with nothing to show prints "Hello world!": the variable in scope the description names,
  // else the result the task just before registered ("print to terminal screen" after a render),
  // else the description's words.
  if (fqcn === 'ansible.builtin.debug' && !('msg' in args) && !('var' in args)) {
    const main = mainPart(input.description);
    const shown =
      namedVariable(input.variables, ents) ??
      (/^(?:print|show|display|output)\b/i.test(main) ? input.justRegistered : undefined);
    const said = main.replace(/^(?:print|show|display|output|log|report)(?: out| that)?\s+/i, '');
    args.msg = shown
      ? `{{ ${shownField(input.description, shown, input.projectTasks)} }}`
      : said.charAt(0).toUpperCase() + said.slice(1);
  }
  // What a fail or an assert says is this project's, not another's (checkArgs.ts).
  checkArgs(fqcn, args, input, (k, v) => voters.some((x) => LOCAL.has(x.task.origin) && x.task.args[k] === v));
  // set_fact defines a variable: the one the description names, unless the file has a near-copy
  // of this task (the corpus's keys are other projects' variables).
  if (fqcn === 'ansible.builtin.set_fact' && !voters.some((x) => x.task.origin === 'file' && x.score >= 0.5)) {
    // The one variable the enclosing block exists to define (`when: __postgresql_is_booted is not
    // defined`) is the fact, whatever the description calls it.
    const guarded = input.blockDefines?.length === 1 ? input.blockDefines[0] : undefined;
    const fact = guarded ?? factName(input.description, input.variables);
    if (fact) {
      const known = voters
        .map((x) => x.task.args[fact])
        .find((x) => x !== undefined && !foreignVariables(x, scope).length);
      for (const k of Object.keys(args)) delete args[k];
      args[fact] =
        known ??
        factValue(input.description) ??
        factSource(fact, input.variables) ??
        perOsDefault(input.description, fact, input.projectTasks) ??
        registeredValue(fact, input.description, input.justRegistered, input.projectTasks) ??
        hostFactValue(fact, input.projectTasks) ??
        '';
    }
  }
  // A set_fact with no fact is an error when it runs: the near-copy's facts (its changed words
  // changed in them too: IPv4 → IPv6), else a name from the description's words, else the facts
  // of the file's nearest set_fact.
  if (fqcn === 'ansible.builtin.set_fact' && !Object.keys(args).length) {
    const own = voters.filter((x) => x.task.origin === 'file');
    const fact = own[0]?.score >= 0.5 ? undefined : factName(input.description, input.variables, { anyWords: true });
    if (fact) args[fact] = factValue(input.description) ?? factSource(fact, input.variables) ?? '';
    else if (own.length) {
      const subs = nameSubstitutions(own[0].task.name, input.description, 2);
      for (const [k, v] of Object.entries(own[0].task.args))
        args[String(substituteAll(k, subs))] = substituteAll(v, subs);
    }
  }
  if (fqcn === 'ansible.builtin.set_fact')
    for (const k of Object.keys(args)) args[k] = namedArchitecture(k, input.description) ?? args[k];
  const fitted = doc
    ? fitArgs(
        doc,
        args,
        (o) =>
          valueFromDescription(o.name, o, fqcn, ents) ??
          (variableFor(o.name, fqcn, valueVariables, ents)
            ? `{{ ${variableFor(o.name, fqcn, valueVariables, ents)} }}`
            : unfilled(o, fqcn, ents)),
      )
    : args;
  coherentArgs(fqcn, fitted, input);
  return { args: fitted, used: voters.filter((x) => Object.keys(x.task.args).some((k) => k in fitted)) };
}

/**
 * A project's value with the description's word in place of its own names the project's parallel
 * variables (`keystone_credential_auto_rotation_script` beside the fernet one for "Drop credential
 * key auto rotate script"): each variable out of scope is an in-scope one with a swapped word, and
 * not a word most of the project's variables have (`gitlab_runner_…` is no runner of its own).
 */
function parallelVariables(v: unknown, subs: readonly [string, string][], scope: ReadonlySet<string>): boolean {
  const foreign = foreignVariables(v, scope);
  if (!foreign.length || !subs.length) return false;
  return foreign.every((f) =>
    subs.some(([from, to]) => {
      // The new words as whole parts of the name, one (`datadog_zypper_gpgkey_20200908`) or
      // several (`auditd_num_logs` for flush → num_logs).
      const part = new RegExp(`(^|_)${escapeRe(to.toLowerCase().replace(/ /g, '_'))}(?=_|$)`);
      if (!part.test(f.toLowerCase())) return false;
      const twin = f.toLowerCase().replace(part, `$1${from.toLowerCase()}`);
      const shared = [...scope].filter((x) => x.toLowerCase().split('_').includes(from.toLowerCase())).length;
      return scope.has(twin) && shared <= 0.3 * scope.size;
    }),
  );
}

/** The values a description writes for options as `option=value` (`key={{ item }}`, `state=absent`). */
function written(description: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of description.matchAll(/(?:^|[\s,(])([A-Za-z_]\w*)=(\{\{.*?\}\}|"[^"]*"|'[^']*'|[^\s,)]+)/g))
    out.set(m[1], m[2].replace(/^(["'])(.*)\1$/, '$2'));
  return out;
}

/** Services systemd runs as `systemd-<name>` that descriptions call by the short name. */
const SYSTEMD_DAEMONS = new Set(['sysctl', 'journald', 'timesyncd', 'resolved', 'networkd', 'logind', 'udevd']);

/** A time a description says to wait ("for 15 seconds", "2 minutes"). */
const WAITED = /\b(\d+)\s*(s|secs?|seconds?|m|mins?|minutes?)\b/i;
/** Facts the host's /etc/ansible/facts.d gives ("Refresh local facts", "Reload custom facts"). */
const LOCAL_FACTS = /\b(?:local|custom) facts\b/i;

/** Examples from the user's own files: their literal values are this project's. */
const LOCAL = new Set<ExampleTask['origin']>(['file', 'workspace']);
const OWNERSHIP = new Set(['owner', 'group']);

/**
 * An account name only another project's example used (`owner: zabbix` from a vendor role): neither
 * the description, the variables in scope nor this project's files name it. Files are root's
 * unless something says otherwise.
 */
function foreignAccount(v: unknown, values: readonly { v: unknown; local?: boolean }[], input: FillInput): boolean {
  if (typeof v !== 'string' || v === 'root' || isTemplated(v)) return false;
  if (values.some((x) => x.local && x.v === v)) return false;
  const word = v.toLowerCase();
  if (input.description.toLowerCase().includes(word)) return false;
  return !input.variables.some((name) => name.toLowerCase().split('_').includes(word));
}

/** The expression an earlier task of the file, named with `word`, gave `key` (variables in scope). */
function ownExpressionFor(word: string, key: string, input: FillInput, scope: ReadonlySet<string>): string | undefined {
  const w = stem(word.toLowerCase());
  for (const ex of input.examples) {
    const v = ex.task.args[key];
    if (ex.task.origin !== 'file' || typeof v !== 'string' || !templatedInScope(v, scope)) continue;
    if (words(ex.task.name).some((x) => stem(x) === w)) return v;
  }
  return undefined;
}

/** The project's own service: the one variable in scope that names a service, else the prefix its variables share. */
function projectService(variables: readonly string[]): string | undefined {
  const named = variables.filter((v) => /^[a-z][a-z0-9_]*_(?:service|service_name|daemon)$/.test(v));
  if (named.length === 1) return `{{ ${named[0]} }}`;
  return named.length ? undefined : projectPrefix(variables);
}
