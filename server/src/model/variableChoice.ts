// Which variable in scope fills an option: the one named after what the description names
// (`nginx_packages` for "Install nginx packages", `redis_daemon` for "restart redis"), never one that
// holds an attribute of it or another kind of thing; and an example's variables carried over to this
// file (renamed to their in-scope siblings).

import { isTemplated } from './argspec';
import type { DescriptionEntities } from './entities';
import { foreignVariables, isAnsibleVariable } from './jinjaScope';
import { namedIdentifiers } from './factNames';
import { mainPart, stem, words } from './text';

const KEY_SYNONYMS: Record<string, string[]> = {
  name: ['name', 'names', 'list'],
  pkg: ['package', 'packages', 'pkg', 'pkgs', 'name', 'names', 'list'],
  path: ['path', 'dir', 'directory', 'file', 'location', 'home', 'root', 'folder', 'dest'],
  dest: ['dest', 'destination', 'path', 'dir', 'directory', 'file', 'location', 'home', 'root', 'folder'],
  src: ['src', 'source', 'template', 'file'],
  url: ['url', 'uri', 'endpoint', 'download'],
  version: ['version', 'release', 'tag'],
  owner: ['owner', 'user'],
  mode: ['mode', 'permissions', 'perms'],
  repo: ['repo', 'repository', 'url'],
  key: ['key', 'keys'],
  port: ['port'],
  msg: ['msg', 'message'],
};

/** Modules that install packages, and modules that manage services (by FQCN). */
export const PACKAGE_MODULE = /\.(package|apt|dnf|yum|pip|dnf5|zypper|apk|pacman|homebrew|snap|npm|gem)$/;
export const SERVICE_MODULE = /\.(service|systemd|systemd_service|sysvinit)$/;

/** What `name` means depends on the module: a package, a service, a user… */
const NAME_SYNONYMS: [RegExp, string[]][] = [
  [PACKAGE_MODULE, ['package', 'packages', 'pkg', 'pkgs', 'name', 'names', 'list']],
  [/\.(service|systemd|systemd_service|sysvinit|runit|openrc)$/, ['service', 'services', 'daemon', 'unit', 'name']],
  [/\.user$/, ['user', 'username', 'users', 'name', 'account']],
  [/\.group$/, ['group', 'groupname', 'name']],
];

/** Last words of variables that hold an attribute of a thing (a flag, a state, an owner), not the thing. */
const ATTRIBUTE_WORDS = new Set(
  ['enabled', 'state', 'mode', 'owner', 'group', 'user', 'port', 'version', 'timeout', 'options', 'args', 'flags'].map(
    stem,
  ),
);

/** Words naming the kind of thing a `…_state` variable is the state of. */
const KIND_WORDS = ['packag', 'servic'];

/** Words of variables about another kind of thing than the module's `name`: a package is no service. */
const OTHER_KIND: [RegExp, Set<string>][] = [
  [SERVICE_MODULE, new Set(['packag', 'pkg', 'repo'])],
  [/\.(package|apt|dnf|yum)$/, new Set(['servic', 'daemon', 'unit'])],
];

function synonymsOf(key: string, fqcn: string): Set<string> {
  let list = KEY_SYNONYMS[key] ?? words(key);
  if (key === 'name') list = NAME_SYNONYMS.find(([re]) => re.test(fqcn))?.[1] ?? list;
  return new Set(list.map(stem));
}

function varWords(v: string): string[] {
  return v
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Names a registered result goes by: `haproxy_version_result`, `_fail2ban_version_raw`. */
export const REGISTERED = /_(?:result|results|output|out|raw|cmd|reg|registered)$/;

/**
 * The value of a fact from the variable in scope it is made of: the registered result or private
 * variable named like it (`haproxy_version` ← `{{ haproxy_version_result.stdout }}`,
 * `redis_package` ← `{{ __redis_package }}`, a flag `__x_is_ostree` ← the `__ostree_booted_stat`
 * stat's `exists`), undefined when none is.
 */
export function factSource(fact: string, variables: readonly string[]): string | undefined {
  // A flag that something is so (`__timesync_is_ostree`) from the stat registered for it
  // (`__ostree_booted_stat`): whether its file exists.
  const flag = /_is_([a-z0-9]+)$/.exec(fact)?.[1];
  const stat = flag && variables.find((v) => varWords(v).includes(flag) && /_stat$/.test(v));
  if (stat) return `{{ ${stat}.stat.exists }}`;
  const own = varWords(fact);
  let best: { v: string; s: number } | undefined;
  for (const v of variables) {
    if (v === fact) continue;
    const ws = varWords(v);
    const shared = own.filter((w) => ws.includes(w)).length;
    // Every word of the fact, and nothing but a result suffix or a private prefix besides.
    if (shared < own.length || ws.length - shared > 1 || !(REGISTERED.test(v) || v.startsWith('_'))) continue;
    const s = shared - (ws.length - shared);
    if (!best || s > best.s) best = { v, s };
  }
  if (!best) return undefined;
  return REGISTERED.test(best.v) ? `{{ ${best.v}.stdout }}` : `{{ ${best.v} }}`;
}

/**
 * "Define redis_package." in a project that loads per-OS variable files (an include_vars): the OS's
 * value, which those files give under the private name (`{{ __redis_package }}`) so that a user's
 * own setting of the public one wins.
 */
export function perOsDefault(
  description: string,
  fact: string,
  tasks: readonly { fqcn: string }[] = [],
): string | undefined {
  if (!/^define\b/i.test(description) || fact.startsWith('_')) return undefined;
  return tasks.some((t) => t.fqcn === 'ansible.builtin.include_vars') ? `{{ __${fact} }}` : undefined;
}

/** Spellings of one word in variable names and descriptions: `sysctl_conf_dir` is the "sysctl configuration dir". */
const SAME_WORD: Record<string, string> = {
  conf: 'configur',
  config: 'configur',
  cfg: 'configur',
  configuration: 'configur',
};

/** Stems with their spellings in SAME_WORD made one. */
function sameWords(stems: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const w of stems) out.add(SAME_WORD[w] ?? w);
  return out;
}

/** A word among `named`, or its daemon's name: `sshd_service` for "Restart the SSH service", `firewall` for firewalld. */
function namedIn(w: string, named: ReadonlySet<string>): boolean {
  return named.has(w) || (w.length > 3 && ((w.endsWith('d') && named.has(w.slice(0, -1))) || named.has(`${w}d`)));
}

/** A variable in scope that names this option's value (`nginx_packages` for `name` in "Install nginx packages"). */
export function variableFor(
  key: string,
  fqcn: string,
  variables: readonly string[],
  ents: DescriptionEntities,
): string | undefined {
  const syn = synonymsOf(key, fqcn);
  const moduleWords = new Set(words(fqcn.split('.').pop() ?? '').map(stem));
  const otherKind = OTHER_KIND.find(([re]) => re.test(fqcn))?.[1];
  const specific = sameWords(ents.specific);
  const stems = sameWords(ents.stems);
  let best: { v: string; s: number } | undefined;
  for (const v of variables) {
    if (v === 'item' || v.startsWith('ansible_')) continue;
    const ws = [...sameWords(varWords(v).map(stem))];
    if (!ws.length) continue;
    const last = ws[ws.length - 1];
    // `elasticsearch_service_enabled` holds a flag and `varnish_package_name` a package, not a service's name.
    if (!syn.has(last) && ATTRIBUTE_WORDS.has(last)) continue;
    if (otherKind && ws.some((w) => otherKind.has(w))) continue;
    const keyMatch = v === key ? 2 : syn.has(last) ? 1.5 : ws.some((w) => syn.has(w)) ? 0.5 : 0;
    if (keyMatch === 0) continue;
    // Overlap on words naming things: "Install nginx" and nginx_packages share nginx; "install" says nothing.
    const own = ws.filter((w) => !syn.has(w));
    const overlap = own.filter((w) => namedIn(w, specific)).length;
    const covered =
      ws.every((w) => namedIn(w, stems)) || (keyMatch >= 1.5 && own.length >= 2 && own.every((w) => namedIn(w, stems)));
    const kind = ws.some((w) => moduleWords.has(w)) ? 0.5 : 0;
    // A role's private `__redis_package` (its per-OS default) is what the public `redis_package` defaults to.
    const internal = v.startsWith('_') ? 0.05 : 0;
    const s = keyMatch + overlap + kind + (covered ? 1 : 0) - 0.1 * ws.length - internal;
    // All its own words are the description's: `telegraf_mac_user` is not the user of "Create
    // telegraf user", nor a bare `file` the file of "Add an overrides file".
    if (v === key || (own.length > 0 && (overlap === own.length || covered))) {
      if (!best || s > best.s || (s === best.s && v < best.v)) best = { v, s };
    }
  }
  return best?.v;
}

/**
 * A variable for a `choices` option, such as `state`: only one named `…_state` that is about the
 * same thing (`zabbix_proxy_package_state` for "Install zabbix-proxy" with a package module).
 */
export function choiceVariableFor(
  key: string,
  fqcn: string,
  variables: readonly string[],
  ents: DescriptionEntities,
): string | undefined {
  const moduleWords = new Set(words(fqcn.split('.').pop() ?? '').map(stem));
  if (moduleWords.has('package') || /\.(apt|dnf|yum)$/.test(fqcn)) moduleWords.add('packag');
  // A service's state is no package's (`gitlab_runner_package_state` for a file, a service …).
  const kinds = KIND_WORDS.filter((w) => !moduleWords.has(w));
  let best: { v: string; s: number } | undefined;
  for (const v of variables) {
    if (!v.endsWith(`_${key}`)) continue;
    const ws = varWords(v).map(stem).slice(0, -1);
    if (ws.some((w) => kinds.includes(w))) continue;
    const s = ws.filter((w) => ents.specific.has(w)).length + ws.filter((w) => moduleWords.has(w)).length;
    if (s >= 2 && (!best || s > best.s || (s === best.s && v < best.v))) best = { v, s };
  }
  return best?.v;
}

/**
 * An example's variables carried over to this file: a variable out of scope here becomes the one
 * in scope that differs from it in one word (`zabbix_server_dbhost` → `zabbix_proxy_dbhost`), so
 * a sibling role's task fits this role.
 */
export function renameVariables(value: string, scope: ReadonlySet<string>): string {
  return value.replace(/\b[A-Za-z_][A-Za-z0-9_]*\b/g, (name) => {
    // Ansible's own (`ansible_facts`) is never another project's name for something.
    if (scope.has(name) || !name.includes('_') || isAnsibleVariable(name)) return name;
    const ws = name.split('_');
    let best: { v: string; s: number } | undefined;
    for (const v of scope) {
      const vs = v.split('_');
      if (vs.length !== ws.length) continue;
      let diff = 0;
      for (let i = 0; i < ws.length && diff < 2; i++) if (ws[i] !== vs[i]) diff++;
      if (diff !== 1) continue;
      const s = ws.length;
      if (!best || s > best.s || (s === best.s && v < best.v)) best = { v, s };
    }
    return best?.v ?? name;
  });
}

/** A Jinja value whose variables are all in scope (so it still means something here). */
export function templatedInScope(v: unknown, scope: ReadonlySet<string>): boolean {
  return isTemplated(v) && !foreignVariables(v, scope).length;
}

/** Jinja inside a value with out-of-scope variables renamed to their in-scope siblings. */
export function renameJinja(v: unknown, scope: ReadonlySet<string>): unknown {
  if (!isTemplated(v) || !scope.size) return v;
  return String(v).replace(/\{\{.*?\}\}|\{%.*?%\}/g, (expr) => renameVariables(expr, scope));
}
/** The variable in scope the description names best ("Print VN by id" → `vn_by_id`), for debug's `var`. */
export function namedVariable(variables: readonly string[], ents: DescriptionEntities): string | undefined {
  let best: { v: string; s: number } | undefined;
  for (const v of variables) {
    const ws = varWords(v).map(stem);
    const hits = ws.filter((w) => ents.specific.has(w)).length;
    if (!hits) continue;
    const s = hits / ws.length + hits;
    if (!best || s > best.s || (s === best.s && v < best.v)) best = { v, s };
  }
  return best?.v;
}

/** An example's bare variable expression (`result.stdout`) whose root is in scope here. */
export function bareInScope(values: readonly { v: unknown }[] | undefined, scope: ReadonlySet<string>): unknown {
  return values?.find((x) => typeof x.v === 'string' && scope.has(x.v.split(/[.[\s|]/)[0]))?.v;
}

/**
 * The project's variables the description writes bare ("Ensure solr_group exists."): snake_case
 * names in the namespace of two or more variables in scope (`solr_version`, `solr_install_path`).
 */
export function describedVariables(description: string, variables: readonly string[]): string[] {
  const spaces = new Map<string, number>();
  for (const v of variables) {
    const space = /^([a-z][a-z0-9]*)_/.exec(v)?.[1];
    if (space) spaces.set(space, (spaces.get(space) ?? 0) + 1);
  }
  return namedIdentifiers(description).filter((n) => !variables.includes(n) && (spaces.get(n.split('_')[0]) ?? 0) >= 2);
}

/**
 * The variable in scope the description spells out in words, two or more of them in its order
 * ("Set Caddy version" → `caddy_version`); the longest such name.
 */
export function spelledVariable(description: string, variables: readonly string[]): string | undefined {
  const said = ` ${varWords(mainPart(description)).join(' ')} `;
  return variables
    .filter((v) => !v.startsWith('ansible_') && varWords(v).length >= 2 && said.includes(` ${varWords(v).join(' ')} `))
    .sort((a, b) => b.length - a.length || a.localeCompare(b))[0];
}
