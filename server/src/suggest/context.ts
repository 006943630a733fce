// What the file says around a description: modules and collections used above it, variables in
// scope, target OS hints. Read from the parsed text above the description (the file "so far"),
// the play that holds it and, for a role's task file, the role's defaults/vars next to it.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ModuleCatalog } from '../catalog/types';
import { argVariables, expressionVariables, jinjaVariables } from '../model/jinjaScope';
import type { EarlierTask, LocalFiles } from '../model/types';
import { NOT_TASK_FOLDERS, taskFilesOf } from '../model/localFiles';
import { isProjectModuleName } from '../model/projectModules';
import { allTasks, type AnsibleDocument, type Entry, type Play, type Task } from '../document/model';

export type ReadText = (path: string) => string | undefined;
/** The files under a folder, relative to it (`etc/nginx.conf.j2`); [] when there is none. */
/** Files under `dir`, relative to it; folders whose name `skip` matches are not walked into. */
export type ListFiles = (dir: string, skip?: RegExp) => string[];

export const readTextFromDisk: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export interface ContextSources {
  /** The document parsed up to and including the description's line. */
  above: AnsibleDocument;
  /** The task standing at the description's line (in `above`), excluded from "earlier". */
  current: Task;
  /** The play holding the line, from the whole document when it parses there (its vars may follow). */
  play?: Play;
  /** Blocks holding the line, outermost first (their `when:` usually follows the block). */
  blocks: Task[];
  uri: string;
  catalog: Pick<ModuleCatalog, 'resolve'>;
  readText: ReadText;
  listFiles: ListFiles;
}

export interface GatheredContext {
  previousModules: string[];
  collectionsInUse: string[];
  variables: string[];
  osHints: string[];
  earlierTasks: EarlierTask[];
  localFiles?: LocalFiles;
  /** Variables an enclosing block runs only while undefined (TaskRequest `blockDefines`). */
  blockDefines: string[];
}

/** Earlier tasks kept for the model (the nearest ones in a long file). */
const EARLIER_TASKS = 200;

/** Modules whose use says which OS family the file targets. */
const familyOfModule: Record<string, string> = {
  apt: 'Debian',
  apt_key: 'Debian',
  apt_repository: 'Debian',
  deb822_repository: 'Debian',
  dpkg_selections: 'Debian',
  dnf: 'RedHat',
  dnf5: 'RedHat',
  yum: 'RedHat',
  yum_repository: 'RedHat',
  rpm_key: 'RedHat',
  zypper: 'Suse',
  apk: 'Alpine',
  pacman: 'Archlinux',
  homebrew: 'Darwin',
};

/** File names such as `setup-Debian.yml` or `redhat.yml` name the OS they are for. */
const familyOfFileWord: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  redhat: 'RedHat',
  centos: 'RedHat',
  rhel: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  suse: 'Suse',
  opensuse: 'Suse',
  zypper: 'Suse',
  // Files named after a family's package manager (`packages-apt.yml`, `install-dnf.yml`).
  apt: 'Debian',
  dnf: 'RedHat',
  yum: 'RedHat',
  apk: 'Alpine',
  freebsd: 'FreeBSD',
  pacman: 'Archlinux',
  alpine: 'Alpine',
  archlinux: 'Archlinux',
  windows: 'Windows',
  win: 'Windows',
  darwin: 'Darwin',
  macos: 'Darwin',
  macosx: 'Darwin',
};

export function gatherContext(src: ContextSources): GatheredContext {
  const earlier = [...allTasks(src.above)]
    .filter((t) => t !== src.current && t.span.start < src.current.span.start)
    .sort((a, b) => a.span.start - b.span.start);
  const previousModules: string[] = [];
  const variables: string[] = [];
  const osHints: string[] = [];
  const collections: string[] = [];
  const blockDefines: string[] = [];

  const play = src.play;
  if (play) {
    variables.push(...mappingKeys(entry(play.entries, 'vars')?.value));
    variables.push(...promptNames(entry(play.entries, 'vars_prompt')?.value));
    collections.push(...stringList(entry(play.entries, 'collections')?.value));
    const target = playTarget(play);
    collections.push(...target.collections);
    osHints.push(...target.osHints);
  }
  for (const b of src.blocks) {
    variables.push(...mappingKeys(b.keywords.get('vars')?.value));
    collections.push(...stringList(b.keywords.get('collections')?.value));
    osHints.push(...osHintsOfWhen(b.keywords.get('when')?.value));
    blockDefines.push(...undefinedIn(b.keywords.get('when')?.value));
  }

  const path = filePath(src.uri);
  const role = path && roleDir(path);
  const localFiles = path ? localFilesOf(role || path.slice(0, path.lastIndexOf('/')), path, src.listFiles) : undefined;
  if (role) {
    for (const dir of ['defaults', 'vars']) variables.push(...mappingKeys(readYaml(src.readText, role, dir)));
    const meta = readYaml(src.readText, role, 'meta');
    if (isRecord(meta)) collections.push(...stringList(meta.collections));
  }
  // Content inside a collection resolves short names in its own collection first.
  const own = path && /\/ansible_collections\/(\w+)\/(\w+)\/(?:roles|playbooks)\//.exec(path);
  if (own) collections.unshift(`${own[1]}.${own[2]}`);
  if (path) {
    const base = path
      .split('/')
      .pop()!
      .replace(/\.ya?ml$/i, '');
    for (const w of base.toLowerCase().split(/[-_.\s]+/)) if (familyOfFileWord[w]) osHints.push(familyOfFileWord[w]);
  }

  // Short names of non-builtin modules resolve through the `collections:` search path, as in Ansible.
  const searchPath = unique(collections);
  const earlierTasks: EarlierTask[] = [];
  // Variables the file's tasks already use are defined somewhere the task can see (role defaults,
  // inventory): a role's file rarely defines what it uses.
  const used: string[] = [];
  for (const t of earlier) {
    const registered = t.keywords.get('register')?.value;
    const register = typeof registered === 'string' && /^\w+$/.test(registered) ? registered : undefined;
    if (register) variables.push(register);
    osHints.push(...osHintsOfWhen(t.keywords.get('when')?.value));
    // A block's condition too: `when: not __sshd_is_ostree is defined` names the flag its tasks set.
    if (t.kind === 'block') used.push(...conditionVariables(t.keywords.get('when')?.value));
    if (t.kind === 'block' || !t.module) continue;
    const fqcn = resolveName(t.module.name, src.catalog, searchPath);
    if (!fqcn) {
      // A module the catalog does not know, as written: the project's own (model/projectModules.ts).
      if (t.name && isProjectModuleName(t.module.name))
        earlierTasks.push({ name: t.name, fqcn: t.module.name, args: argsOf(t) });
      continue;
    }
    previousModules.push(fqcn);
    // What the task's own `vars:` defines is the task's alone.
    const own = new Set([loopVariable(t), 'item', ...mappingKeys(t.keywords.get('vars')?.value)]);
    // Conditions (`when:`, an assert's `that:`) are Jinja without braces; the facts they test
    // (`ansible_os_family == "Debian"`) are in scope everywhere.
    const bare = ['when', 'failed_when', 'changed_when', 'until'].map((k) => t.keywords.get(k)?.value);
    const args = argsOf(t);
    const read = [
      ...t.entries.flatMap((e) => [...jinjaVariables(e.value)]),
      ...argVariables(fqcn, args),
      ...conditionVariables(bare.flat()),
    ];
    for (const name of read) if (!own.has(name)) used.push(name);
    if (t.name) {
      const loopWith = [...t.keywords.keys()].find((k) => k === 'loop' || /^with_[a-z0-9_]+$/.test(k));
      const loop = loopWith && t.keywords.get(loopWith)?.value;
      earlierTasks.push({
        name: t.name,
        fqcn,
        args,
        ...(loop === undefined ? {} : { loop, ...(loopWith !== 'loop' && { loopWith }) }),
        ...(register && { register }),
      });
    }
    const short = fqcn.split('.').pop()!;
    if (fqcn.startsWith('ansible.') && familyOfModule[short]) osHints.push(familyOfModule[short]);
    if (/^ansible\.windows\.|\.win_/.test(fqcn)) osHints.push('Windows');
    if (fqcn === 'ansible.builtin.set_fact')
      variables.push(...t.module.args.map((a) => a.name).filter((n) => n !== 'cacheable' && /^\w+$/.test(n)));
  }

  for (const m of previousModules) collections.push(m.split('.').slice(0, 2).join('.'));
  return {
    previousModules,
    collectionsInUse: unique(collections),
    variables: unique([...variables, ...used]),
    osHints: unique(osHints),
    earlierTasks: earlierTasks.slice(-EARLIER_TASKS),
    blockDefines: unique(blockDefines),
    ...(localFiles && { localFiles }),
  };
}

/**
 * What `src:` of a template or copy task can name: the role's (or the playbook folder's)
 * `templates/` and `files/`; and what an include can name: the task files next to `path`.
 */
function localFilesOf(base: string, path: string, list: ListFiles): LocalFiles | undefined {
  const templates = list(`${base}/templates`);
  const files = list(`${base}/files`);
  const dir = path.slice(0, path.lastIndexOf('/'));
  const tasks = taskFilesOf(list(dir, NOT_TASK_FOLDERS), path.slice(dir.length + 1));
  if (!templates.length && !files.length && !tasks.length) return undefined;
  return { templates, files, ...(tasks.length ? { tasks } : {}) };
}

/** At most this many names per folder, this deep: a role's templates, not a vendored tree. */
const LOCAL_FILES = 200;
const LOCAL_DEPTH = 3;

export const listFilesFromDisk: ListFiles = (dir, skip) => {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(rel ? `${dir}/${rel}` : dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= LOCAL_FILES || e.name.startsWith('.')) continue;
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.isFile()) out.push(name);
      else if (e.isDirectory() && depth < LOCAL_DEPTH && !skip?.test(e.name)) walk(name, depth + 1);
    }
  };
  walk('', 1);
  return out;
};

/** Network OS names (as in `ansible_network_os`, or a play's hosts) → the collection of their modules. */
const networkCollections: Record<string, string> = {
  eos: 'arista.eos',
  ios: 'cisco.ios',
  iosxr: 'cisco.iosxr',
  nxos: 'cisco.nxos',
  asa: 'cisco.asa',
  junos: 'junipernetworks.junos',
  vyos: 'vyos.vyos',
  routeros: 'community.routeros',
  frr: 'frr.frr',
};
const NETWORK_CONNECTIONS = /(^|\.)(network_cli|httpapi|netconf)$/;

/**
 * What a play's header says about its targets: network devices (`hosts: eos`, `connection:
 * httpapi`, `ansible_network_os: arista.eos.eos`) use their platform's collection; `connection:
 * winrm` / `psrp` hosts are Windows.
 */
function playTarget(play: Play): { collections: string[]; osHints: string[] } {
  const connection = entry(play.entries, 'connection')?.value;
  const vars = entry(play.entries, 'vars')?.value;
  const networkOs = isRecord(vars) ? vars.ansible_network_os : undefined;
  const words = [
    ...(play.hosts ?? '').toLowerCase().split(/[^a-z0-9]+/),
    ...(typeof networkOs === 'string' ? [networkOs.split('.').pop()!.toLowerCase()] : []),
  ];
  // A play's name counts only on a network connection ("backup EOS conf").
  if (typeof connection === 'string' && NETWORK_CONNECTIONS.test(connection))
    words.push(...(play.name ?? '').toLowerCase().split(/[^a-z0-9]+/));
  const collections = unique(words.flatMap((w) => (networkCollections[w] ? [networkCollections[w]] : [])));
  const windows = typeof connection === 'string' && /(^|\.)(winrm|psrp)$/.test(connection);
  return { collections, osHints: windows ? ['Windows'] : [] };
}

function argsOf(t: Task): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!t.module) return out;
  if (t.module.freeForm) out._raw_params = t.module.freeForm.text;
  for (const a of t.module.args) out[a.name] = a.value;
  return out;
}

/** The name a task's loop binds (`item`, or `loop_control.loop_var`): not in scope outside it. */
function loopVariable(t: Task): string {
  const control = t.keywords.get('loop_control')?.value;
  return isRecord(control) && typeof control.loop_var === 'string' ? control.loop_var : 'item';
}

/**
 * FQCN of a module name as written: the catalog's resolution (FQCN, builtin short name, routing),
 * else the short name looked up in the `collections:` search path; FQCN-shaped names the catalog
 * does not know are kept as written.
 */
export function resolveName(
  name: string,
  catalog: Pick<ModuleCatalog, 'resolve'>,
  searchPath: readonly string[] = [],
): string | undefined {
  if (/\{\{/.test(name)) return undefined;
  const r = catalog.resolve(name);
  if (r) return r.fqcn;
  if (/^\w+$/.test(name)) {
    for (const c of searchPath) {
      const found = catalog.resolve(`${c}.${name}`);
      if (found) return found.fqcn;
    }
  }
  return /^\w+\.\w+\.\w+$/.test(name) ? name : undefined;
}

/**
 * OS families and distributions a `when:` condition selects: `ansible_os_family == "Debian"`,
 * `ansible_facts['distribution'] in ['Ubuntu', 'Debian']`. Negations (`!=`, `not in`) select nothing.
 */
export function osHintsOfWhen(when: unknown): string[] {
  const conditions = Array.isArray(when) ? when : [when];
  const out: string[] = [];
  const fact =
    /(?:ansible_|ansible_facts\[\s*['"]|ansible_facts\.)(os_family|distribution)(?:['"]\s*\])?\s*(==|in)\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/g;
  for (const c of conditions) {
    if (typeof c !== 'string') continue;
    for (const m of c.matchAll(fact)) {
      // `x not in [...]`, `not x == '...'` (Jinja's `not` binds looser than `==`): not this family.
      if (m[2] === 'in' && /\bnot\s*$/.test(c.slice(0, m.index + m[0].indexOf(m[2])))) continue;
      if (/\bnot\s*\(?\s*$/.test(c.slice(0, m.index))) continue;
      for (const s of m[3].matchAll(/['"]([^'"]+)['"]/g)) out.push(s[1]);
    }
  }
  return out;
}

function entry(entries: Entry[], key: string): Entry | undefined {
  return entries.find((e) => e.key === key);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mappingKeys(v: unknown): string[] {
  return isRecord(v) ? Object.keys(v).filter((k) => /^[A-Za-z_]\w*$/.test(k)) : [];
}

function promptNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((p) => (isRecord(p) && typeof p.name === 'string' ? [p.name] : []));
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function filePath(uri: string): string | undefined {
  try {
    return (uri.startsWith('file:') ? fileURLToPath(uri) : uri).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}

/** `…/roles/web/tasks/sub/x.yml` → `…/roles/web` (also a role opened on its own). */
export function roleDir(path: string): string | undefined {
  const m = /^(.+)\/(?:tasks|handlers)\/(?:[^/]+\/)*[^/]+$/.exec(path);
  return m?.[1];
}

function readYaml(read: ReadText, role: string, dir: string): unknown {
  for (const name of ['main.yml', 'main.yaml']) {
    const text = read(`${role}/${dir}/${name}`);
    if (text === undefined) continue;
    try {
      return parseYaml(text, { strict: false, customTags: unsafeTags }) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Ansible's `!vault` / `!unsafe` tags load as plain strings. */
const unsafeTags = ['!vault', '!unsafe'].map((tag) => ({ tag, resolve: (s: string) => s }));

/** Variables a condition tests as undefined (`x is not defined`, `not x is defined`, `x is undefined`). */
function undefinedIn(value: unknown): string[] {
  const test = /^\s*(?:not\s+(\w+)\s+is\s+defined|(\w+)\s+is\s+(?:not\s+defined|undefined))\s*$/;
  return [value].flat().flatMap((c) => {
    const m = typeof c === 'string' ? test.exec(c) : null;
    return m ? [m[1] ?? m[2]] : [];
  });
}

/** Variables a condition (Jinja without braces) reads; Ansible's own facts are in scope everywhere. */
function conditionVariables(value: unknown): string[] {
  return [...expressionVariables(value)].filter((name) => !name.startsWith('ansible_'));
}
