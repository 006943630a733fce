// What a filled task keeps once its options are chosen: nothing without a target (a unit state
// beside a bare daemon reload, a unit named from the description otherwise), attributes that fit a
// file task's state, and `src:`/`dest:` of the role's own files (named as the project names them)
// rather than the ones another project's example came with.

import { isTemplated } from './argspec';
import { extractEntities } from './entities';
import { destinationOf, listingFor, localFileFor } from './localFiles';
import { configKeyNamed, leadWord, mainPart } from './text';
import type { EarlierTask, LocalFiles } from './types';

/** Makes the fitted arguments of one task coherent, in place. */
export function coherentArgs(
  fqcn: string,
  args: Record<string, unknown>,
  input: { description: string; localFiles?: LocalFiles; projectTasks?: readonly EarlierTask[] },
): void {
  // A re-execution of the systemd manager only when the description asks for one: the examples'
  // "force systemd to re-execute itself" rides along with every reload otherwise.
  if (SYSTEMD.has(fqcn) && !/\bre-?exec/i.test(input.description)) delete args.daemon_reexec;
  cacheUpdateOnly(fqcn, args, input.description);
  stateWithTarget(fqcn, args, input.description);
  oneOffAction(fqcn, args, input.description);
  accountToGroups(fqcn, args);
  groupJustMade(fqcn, args, input.projectTasks ?? []);
  defaultStateLeftOut(fqcn, args, input.projectTasks ?? []);
  directoryPath(fqcn, args);
  fileAttributes(fqcn, args);
  executableMode(fqcn, args, input.description);
  privateMode(fqcn, args, input.description);
  projectOwnership(fqcn, args, input.projectTasks ?? []);
  systemOwnership(fqcn, args, input.projectTasks ?? []);
  localFacts(fqcn, args, input.description);
  temporaryFile(fqcn, args, input.description, input.projectTasks ?? []);
  mirroredSource(fqcn, args, input.projectTasks ?? []);
  withLocalSource(fqcn, args, input);
  unplacedTemplate(fqcn, args, input.description);
  oneSource(fqcn, args, input.description);
  unitKind(fqcn, args, input.description);
  removedKey(fqcn, args, input.description);
  lineSet(fqcn, args, input.description);
  ownRepository(fqcn, args, input.description);
}

/**
 * "Restart the SSH socket": the socket (or timer) unit of the service the name holds, not the
 * service itself (`{{ sshd_service }}.socket`).
 */
function unitKind(fqcn: string, args: Record<string, unknown>, description: string): void {
  const kind = /\b(socket|timer)\b/i.exec(description)?.[1]?.toLowerCase();
  const name = args.name;
  if (!kind || !/\.(?:service|systemd|systemd_service)$/.test(fqcn) || typeof name !== 'string') return;
  if (!/[.@]\w+$|socket|timer/.test(name)) args.name = `${name}.${kind}`;
}

/**
 * A copy writes a `src` or a `content`, never both (Ansible fails the task): the file the
 * description names ("Copy config.toml to /etc/containerd"), else the content the examples wrote.
 */
function oneSource(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (fqcn !== 'ansible.builtin.copy' || args.src === undefined || args.content === undefined) return;
  if (typeof args.src === 'string' && description.includes(args.src)) delete args.content;
  else delete args.src;
}

/** Words before "repository" that say what kind it is or do something, not whose it is. */
const NOT_WHOSE =
  /^(?:yum|dnf|rpm|apt|deb|zypper|packages?|the|a|an|new|official|upstream|add|adding|ensure|install|installing|configure|configuring|enable|enabling|setup|set|create|creating)$/i;

/**
 * "Ensure Kubernetes repository exists": the repository is the one the description names, not the
 * one another project's example describes ("EPEL YUM repo", `file: sensu`, a `name: yum`).
 */
function ownRepository(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (fqcn !== 'ansible.builtin.yum_repository') return;
  const before = /^(.*?)\s*\brepo(?:sitory)?\b/i.exec(mainPart(description))?.[1] ?? '';
  const whose = before
    .split(/\s+/)
    .slice(-2)
    .filter((w) => w && !NOT_WHOSE.test(w));
  if (!whose.length) return;
  const said = whose.join(' ');
  const names = (v: unknown) => typeof v === 'string' && v.toLowerCase().includes(whose[0].toLowerCase());
  if (typeof args.name === 'string' && !isTemplated(args.name) && NOT_WHOSE.test(args.name))
    args.name = whose[0].toLowerCase();
  if (typeof args.description === 'string' && !isTemplated(args.description) && !names(args.description))
    args.description = said;
  if (typeof args.file === 'string' && !isTemplated(args.file) && !names(args.file)) delete args.file;
}

/** Lead verbs (stemmed) that put a line in a file. */
const PUTTING = new Set(['set', 'add', 'configur', 'appli', 'enabl', 'insert', 'append', 'put', 'writ']);

/**
 * "Set yum.conf clean_requirements": a line put in place, not removed (an example's `state:
 * absent` beside the line it would remove).
 */
function lineSet(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (fqcn !== 'ansible.builtin.lineinfile' || args.state !== 'absent' || args.line === undefined) return;
  if (PUTTING.has(leadWord(description))) args.state = 'present';
}

/**
 * "Remove existing SOLR_HEAP configuration.": the lines of the key the description names go, not
 * the lines of another project's example (`regexp: ^SOLR_HEAP`, no `line`).
 */
function removedKey(fqcn: string, args: Record<string, unknown>, description: string): void {
  const key = configKeyNamed(mainPart(description));
  if (fqcn !== 'ansible.builtin.lineinfile' || args.state !== 'absent' || !key) return;
  if (typeof args.regexp === 'string' && args.regexp.includes(key)) return;
  args.regexp = `^${key}`;
  delete args.line;
}

/** A template source kept in a tree like the system's (`etc/apt/apt.conf.d/template.conf.j2`), if only inside a lookup. */
const SYSTEM_TREE = /(?:^|["'])(?:etc|usr|lib|var|opt|srv)\/[\w.@-]+\//;

/**
 * A project whose templates mirror where they go (`etc/dhcp/dhcpd.conf.j2` renders
 * `/etc/dhcp/dhcpd.conf`, as DebOps and Oefenweb roles do) names a new one the same way: more such
 * templates among its tasks than others; a `src:` the project already renders stays.
 */
function mirroredSource(fqcn: string, args: Record<string, unknown>, tasks: readonly EarlierTask[]): void {
  const dest = args.dest;
  if (fqcn !== 'ansible.builtin.template' || typeof dest !== 'string' || !/^\/\w/.test(dest) || isTemplated(dest))
    return;
  let mirrored = 0;
  let other = 0;
  for (const t of tasks) {
    // One of the project's own templates already (a near-copy's: the other OS's task renders it too).
    if (t.args.src === args.src) return;
    const { src, dest: to } = t.args;
    if (t.fqcn !== fqcn || typeof src !== 'string') continue;
    if ((typeof to === 'string' && src === `${to.slice(1)}.j2`) || SYSTEM_TREE.test(src)) mirrored++;
    else if (!isTemplated(src)) other++;
  }
  if (mirrored > other) args.src = `${dest.slice(1)}.j2`;
}

const CACHED_PACKAGE_MANAGERS = new Set(['ansible.builtin.apt', 'ansible.builtin.yum', 'ansible.builtin.dnf']);

/**
 * "Update cache", "update package list": the package manager's cache is refreshed, no package is
 * installed (an example's `name`/`state` would install one called "cache" or "list").
 */
function cacheUpdateOnly(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (!CACHED_PACKAGE_MANAGERS.has(fqcn)) return;
  // `cache_valid_time: 0` is the default (the cache is always stale): an example's, saying nothing.
  if (args.cache_valid_time !== undefined && Number(args.cache_valid_time) === 0) delete args.cache_valid_time;
  if (
    !/^(?:update|refresh)(?: the)?(?: (?:apt|yum|dnf|package|packages))?(?: cache| list| lists| index)(?: (?:if|when|after|once) .*)?\.?$/i.test(
      mainPart(description),
    )
  )
    return;
  for (const k of Object.keys(args)) if (k !== 'cache_valid_time') delete args[k];
  args.update_cache = true;
}

/**
 * "Add telegraf user to docker group": an account added to groups keeps what it was made with; an
 * example's settings for creating one (`create_home: false`, `system: true`) would change it.
 */
function accountToGroups(fqcn: string, args: Record<string, unknown>): void {
  if (fqcn !== 'ansible.builtin.user' || args.append !== true || args.groups === undefined) return;
  for (const k of ['create_home', 'createhome', 'system', 'password', 'shell', 'home']) delete args[k];
  if (args.state === 'present') delete args.state;
}

/**
 * "Create the keystone system user" after "Create the keystone system group": the account's primary
 * group is the group the file made for it (the last one, with no account made since).
 */
function groupJustMade(fqcn: string, args: Record<string, unknown>, tasks: readonly EarlierTask[]): void {
  if (fqcn !== 'ansible.builtin.user' || args.state === 'absent' || args.group !== undefined) return;
  const last = tasks.filter((t) => !t.id && (t.fqcn === 'ansible.builtin.group' || t.fqcn === fqcn)).at(-1);
  // A group made in a loop names no one group here.
  if (last?.fqcn !== 'ansible.builtin.group' || last.loop !== undefined || last.args.state === 'absent') return;
  if (typeof last.args.name === 'string' && !/\bitem\b/.test(last.args.name)) args.group = last.args.name;
}

const SERVICES = new Set(['ansible.builtin.service', 'ansible.builtin.systemd', 'ansible.builtin.systemd_service']);

/**
 * "Restart chronyd", "stop nginx": a one-off action on a service leaves whether it starts at boot
 * alone unless the description speaks of that (the examples' `enabled: true` rides along otherwise).
 */
function oneOffAction(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (!SERVICES.has(fqcn) || !['restarted', 'reloaded', 'stopped'].includes(String(args.state))) return;
  if (!/\b(?:enabl|disabl|boot|startup|mask)/i.test(description)) delete args.enabled;
}

/**
 * `state: present`, the default, where the project's tasks of this module (three or more) never
 * write a state: left out as they leave it out (registry settings, lines of a file).
 */
function defaultStateLeftOut(fqcn: string, args: Record<string, unknown>, tasks: readonly EarlierTask[]): void {
  if (args.state !== 'present') return;
  const same = tasks.filter((t) => t.fqcn === fqcn);
  if (same.length >= 3 && same.every((t) => t.args.state === undefined)) delete args.state;
}

/** Modules that write files with an owner and group. */
const WRITES_FILES = new Set(['ansible.builtin.file', 'ansible.builtin.template', 'ansible.builtin.copy']);

/** The project's tasks that write a file (rather than remove one). */
function fileWriters(tasks: readonly EarlierTask[]): EarlierTask[] {
  return tasks.filter((t) => WRITES_FILES.has(t.fqcn) && t.args.state !== 'absent');
}

/**
 * The owner and group a project gives the files it writes, where its tasks agree: three in four of
 * its file, template and copy tasks (two or more) set one, most of them the same.
 */
function projectOwnership(fqcn: string, args: Record<string, unknown>, tasks: readonly EarlierTask[]): void {
  if (!WRITES_FILES.has(fqcn) || args.state === 'absent') return;
  const writers = fileWriters(tasks);
  for (const key of ['owner', 'group']) {
    if (args[key] !== undefined) continue;
    const values = writers.map((t) => t.args[key]).filter((v): v is string => typeof v === 'string');
    if (values.length < 2 || values.length < 0.75 * writers.length) continue;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const [value, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    if (n > values.length / 2) args[key] = value;
  }
}

/** Places the system's own configuration lives in, owned by root whatever the software. */
const ROOTS_PLACES =
  /^\/(?:etc\/(?:systemd|sysctl\.d|ansible\/facts\.d|sudoers\.d|security|pam\.d|cron\.d|logrotate\.d|modprobe\.d|profile\.d|apt|yum\.repos\.d|default|init\.d|polkit-1|dconf)\b|(?:usr\/)?lib\/systemd\b)/;

/**
 * A file written where the system keeps its own configuration (a unit, a sysctl or sudoers drop-in,
 * a local fact) is root's, not the account a variable of the project names for the software's
 * files. Anything else written under /etc is root's unless the examples said whose: said so
 * (owner and group root) where half the project's file tasks or more write an owner, or none is
 * known.
 */
function systemOwnership(fqcn: string, args: Record<string, unknown>, tasks: readonly EarlierTask[]): void {
  if (!WRITES_FILES.has(fqcn)) return;
  const where = args.dest ?? args.path;
  if (typeof where !== 'string') return;
  const systems = ROOTS_PLACES.test(where);
  if (!systems && !where.startsWith('/etc/')) return;
  if (systems) for (const key of ['owner', 'group']) if (isTemplated(args[key])) args[key] = 'root';
  if (args.state === 'absent') return;
  const writers = fileWriters(tasks);
  const owning = writers.filter((t) => t.args.owner !== undefined).length;
  if (!writers.length || (owning && owning >= writers.length / 2))
    for (const key of ['owner', 'group']) args[key] ??= 'root';
}

/**
 * A file task's attributes fit its state: a directory it creates gets a mode (ansible-lint's
 * risky-file-permissions; 3 in 4 real directory tasks on the dev set set one, mostly 0755), what it
 * removes keeps none; a file a template or copy writes gets one too.
 */
function fileAttributes(fqcn: string, args: Record<string, unknown>): void {
  // A file a template or copy writes, likewise (19 in 20 real template tasks set one).
  const copiesDirectory = typeof args.src === 'string' && args.src.endsWith('/');
  if (
    (fqcn === 'ansible.builtin.template' || fqcn === 'ansible.builtin.copy') &&
    args.mode === undefined &&
    !copiesDirectory
  )
    args.mode = '0644';
  if (fqcn !== 'ansible.builtin.file') return;
  if (args.state === 'directory') args.mode = directoryMode(args.mode);
  if (args.state === 'absent') for (const k of ['mode', 'owner', 'group', 'recurse']) delete args[k];
}

/**
 * A path written as a directory's (`/etc/update-motd.d`, `/etc/mysql/conf.d`, a trailing slash) is a
 * directory: not a file to touch or whose mode to set as a file's.
 */
function directoryPath(fqcn: string, args: Record<string, unknown>): void {
  const path = args.path ?? args.dest ?? args.name;
  if (fqcn !== 'ansible.builtin.file' || typeof path !== 'string' || (args.state !== 'file' && args.state !== 'touch'))
    return;
  if (/\.d\/?$|\/$/.test(path)) args.state = 'directory';
}

/** Modules that write a file's content: a program they write is run. */
const WRITES_CONTENT = new Set(['ansible.builtin.template', 'ansible.builtin.copy', 'ansible.builtin.get_url']);

/**
 * A script, binary or hook a task writes is executable: an example's mode that nobody may run
 * (0640, 0644) becomes 0755. A mode with an execute bit, or a symbolic or templated one, stays.
 */
function executableMode(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (!WRITES_CONTENT.has(fqcn) || typeof args.mode !== 'string' || !/^0?[0-7]{3}$/.test(args.mode)) return;
  const dest = typeof args.dest === 'string' ? args.dest : '';
  const program =
    /\b(?:scripts?|binary|binaries|executables?|hooks?)\b/i.test(mainPart(description)) ||
    /\/(?:s?bin|init\.d|libexec)\/[^/]+$|\.(?:sh|py|pl|rb)$/.test(dest);
  if (program && !/[1357]/.test(args.mode.slice(-3))) args.mode = '0755';
}

/**
 * What only its owner may read: a private key written is 0600, an `.ssh` directory 0700 (what ssh
 * insists on), over an example's group- or world-readable mode.
 */
function privateMode(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (!WRITES_FILES.has(fqcn) || typeof args.mode !== 'string' || !/^0?[0-7]{3}$/.test(args.mode)) return;
  const where = String(args.dest ?? args.path ?? '');
  const main = mainPart(description);
  if (args.state === 'directory' && (/\/\.ssh\/?$/.test(where) || /\.ssh (?:dir|directory|folder)\b/i.test(main)))
    args.mode = '0700';
  else if (args.state !== 'directory' && /\bprivate (?:ssh )?keys?\b/i.test(main) && /[1-7]/.test(args.mode.slice(-2)))
    args.mode = '0600';
}

/**
 * A directory's mode: 0755 when none is given; a file's mode an example came with (0644) made
 * searchable where it is readable (0755): a directory nobody can enter is no use.
 */
function directoryMode(mode: unknown): unknown {
  if (mode === undefined) return '0755';
  const octal = typeof mode === 'string' && /^0?([0-7])([0-7])([0-7])$/.exec(mode);
  if (!octal) return mode;
  const searchable = octal.slice(1).map((d) => (Number(d) & 4 ? Number(d) | 1 : Number(d)));
  return `0${searchable.join('')}`;
}

/**
 * Local facts are a file Ansible reads from /etc/ansible/facts.d: "Save APT local facts" writes
 * `apt.fact` there from the role's `apt.fact.j2`.
 */
function localFacts(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (fqcn !== 'ansible.builtin.template' && fqcn !== 'ansible.builtin.copy') return;
  const subject = /\b([\w-]+) (?:local|custom) facts?\b/i.exec(description)?.[1]?.toLowerCase();
  if (!subject || /^(?:the|ansible|our|some)$/.test(subject)) return;
  args.dest = `/etc/ansible/facts.d/${subject}.fact`;
  if (fqcn === 'ansible.builtin.template') args.src = `${subject}.fact.j2`;
}

/** The option of each module a temporary file fills: what a removal removes, where a copy puts its file. */
const TEMPORARY_TARGET: Record<string, string> = {
  'ansible.builtin.file': 'path',
  'ansible.builtin.copy': 'dest',
  'ansible.builtin.template': 'dest',
  'ansible.builtin.fetch': 'dest',
};

/**
 * What the file made for the while before (a `tempfile` task's registered `.path`) is what a removal
 * removes ("Remove sql script from the host" → `{{ __postgresql_sql_tempfile.path }}`) and where a
 * copy, template or fetch puts its file, not an example's path; "Remove temporary host keys" without
 * one removes the last path under /tmp the file wrote. Not where the description writes a path.
 */
function temporaryFile(
  fqcn: string,
  args: Record<string, unknown>,
  description: string,
  tasks: readonly EarlierTask[],
): void {
  const option = TEMPORARY_TARGET[fqcn];
  const removal = fqcn === 'ansible.builtin.file';
  if (!option || (removal && args.state !== 'absent') || /(?:^|\s)\/\w/.test(description)) return;
  const key = removal ? (['path', 'dest', 'name'].find((k) => k in args) ?? option) : option;
  const temporary = removal && /\btemp(?:orary)?\b/i.test(description);
  // The file's own earlier tasks (the workspace's carry an id), last first; a directory it made
  // holds files rather than being one to copy to.
  for (const t of tasks.filter((x) => !x.id).reverse()) {
    if (t.fqcn === 'ansible.builtin.tempfile' && t.register && (removal || t.args.state !== 'directory')) {
      args[key] = `{{ ${t.register}.path }}`;
      return;
    }
    const written = [t.args.dest, t.args.path, t.args.src].find((v) => typeof v === 'string' && v.startsWith('/tmp/'));
    if (temporary && written) {
      args[key] = written;
      return;
    }
  }
}

/**
 * `src:` names the role's own file the description names (localFiles.ts), unless it already names
 * one of them; a copy's `content:` gives way to it (the two exclude each other). A literal `dest:`
 * came with the other project's `src:` and follows the new one (localFiles.ts `destinationOf`),
 * unless the description spells it.
 */
function withLocalSource(
  fqcn: string,
  args: Record<string, unknown>,
  input: { description: string; localFiles?: LocalFiles },
): void {
  const listing = listingFor(fqcn, input.localFiles);
  if (!listing?.length || (typeof args.src === 'string' && listing.includes(args.src))) return;
  const named = localFileFor(input.description, listing);
  if (!named) return;
  delete args.content;
  args.src = named;
  const dest = args.dest;
  if (typeof dest === 'string' && !isTemplated(dest) && !input.description.includes(dest))
    args.dest = destinationOf(fqcn, named, dest);
}

/**
 * A template nothing places (its `dest` a placeholder) is not another project's template either
 * (`os10_interface.j2` for "Sysconfig configuration"): one whose name says nothing the description
 * says is named after the description's subject.
 */
function unplacedTemplate(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (fqcn !== 'ansible.builtin.template' || args.dest !== '{{ dest }}') return;
  if (typeof args.src !== 'string' || isTemplated(args.src)) return;
  // A name the description's words make (`os6_bgp.j2` for "Generating BGP configuration for os6") stays.
  const said = description.toLowerCase();
  if (
    args.src
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .some((w) => w.length > 1 && w !== 'j2' && said.includes(w))
  )
    return;
  const subject = extractEntities(description).subjects[0];
  if (subject) args.src = `${subject}.j2`;
}

const SYSTEMD = new Set(['ansible.builtin.systemd', 'ansible.builtin.systemd_service']);
const PACKAGE_MANAGERS = new Set(['ansible.builtin.apt', 'ansible.builtin.dnf', 'ansible.builtin.yum']);

/**
 * A state has something to apply it to. Examples' votes leave one next to a daemon reload or a
 * cache update ("Reload systemd" → `daemon_reload` and `state: reloaded`): systemd refuses
 * `state`, `enabled` or `masked` without a unit `name` (its argument spec's `required_by`), so
 * beside a reload they go, and otherwise the unit is the one the description names; a package
 * manager's `state` without a package says nothing when `update_cache` is the job.
 */
function stateWithTarget(fqcn: string, args: Record<string, unknown>, description: string): void {
  if (['name', 'unit', 'service', 'pkg', 'package', 'deb'].some((k) => k in args)) return;
  if (SYSTEMD.has(fqcn) && ('daemon_reload' in args || 'daemon_reexec' in args)) {
    delete args.state;
    delete args.enabled;
    delete args.masked;
  } else if (SYSTEMD.has(fqcn) && ['state', 'enabled', 'masked'].some((k) => k in args)) {
    // The unit the description names ("Ensure systemd-timesyncd is enabled and running").
    const [unit] = extractEntities(description).subjects;
    if (unit) args.name = unit;
  }
  if (PACKAGE_MANAGERS.has(fqcn) && 'update_cache' in args) delete args.state;
}
