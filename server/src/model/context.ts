// What a request's context says beyond its fields: collections in use, OS hints, and the request a
// corpus task would have made (for training, and for measuring on the held-out split).

import type { CorpusTask } from '../corpus/types';
import type { EarlierTask, TaskRequest } from './types';
import { words } from './text';

export function collectionOf(fqcn: string): string {
  const parts = fqcn.split('.');
  return parts.length >= 3 ? `${parts[0]}.${parts[1]}` : 'ansible.builtin';
}

const DEBIAN_MODULES = new Set([
  'ansible.builtin.apt',
  'ansible.builtin.apt_key',
  'ansible.builtin.apt_repository',
  'ansible.builtin.deb822_repository',
  'ansible.builtin.debconf',
]);
const REDHAT_MODULES = new Set([
  'ansible.builtin.yum',
  'ansible.builtin.dnf',
  'ansible.builtin.yum_repository',
  'ansible.builtin.rpm_key',
  'ansible.builtin.dnf5',
  'community.general.rhsm_repository',
  'community.general.redhat_subscription',
]);
const DEBIAN_WORDS = new Set(['debian', 'ubuntu', 'apt', 'deb', 'ppa']);
const REDHAT_WORDS = new Set([
  'redhat',
  'rhel',
  'centos',
  'fedora',
  'rocky',
  'alma',
  'almalinux',
  'yum',
  'dnf',
  'rpm',
  'epel',
  'el7',
  'el8',
  'el9',
]);

export type OsFamily = 'debian' | 'redhat';

/** The OS families a request points at: its hints, the modules used before, and its own words. */
export function osFamilies(req: TaskRequest): Set<OsFamily> {
  const out = new Set<OsFamily>();
  for (const h of req.context.osHints ?? []) {
    for (const w of words(h)) {
      if (DEBIAN_WORDS.has(w)) out.add('debian');
      if (REDHAT_WORDS.has(w)) out.add('redhat');
    }
  }
  for (const m of req.context.previousModules) {
    if (DEBIAN_MODULES.has(m)) out.add('debian');
    if (REDHAT_MODULES.has(m)) out.add('redhat');
  }
  for (const w of words(req.description)) {
    if (DEBIAN_WORDS.has(w)) out.add('debian');
    if (REDHAT_WORDS.has(w)) out.add('redhat');
  }
  return out;
}

/** Package managers of the families that have their own (Debian's apt; RedHat files keep `package`). */
const FAMILY_PACKAGE_MANAGER: Record<string, string> = {
  debian: 'ansible.builtin.apt',
  suse: 'community.general.zypper',
  archlinux: 'community.general.pacman',
  freebsd: 'community.general.pkgng',
  alpine: 'community.general.apk',
  darwin: 'community.general.homebrew',
};
const OTHER_FAMILY_WORDS: Record<string, string> = {
  suse: 'suse',
  opensuse: 'suse',
  sles: 'suse',
  zypper: 'suse',
  archlinux: 'archlinux',
  arch: 'archlinux',
  pacman: 'archlinux',
  freebsd: 'freebsd',
  pkgng: 'freebsd',
  alpine: 'alpine',
  apk: 'alpine',
  darwin: 'darwin',
  macos: 'darwin',
  macosx: 'darwin',
  osx: 'darwin',
  homebrew: 'darwin',
};

/**
 * The package manager of the one OS family a request targets (`setup-Archlinux.yml` → pacman,
 * "FreeBSD | Install telegraf" → pkgng), when it targets exactly one that has its own.
 */
export function familyPackageManager(req: TaskRequest): string | undefined {
  const only = onlyFamily(req);
  return only && FAMILY_PACKAGE_MANAGER[only];
}

/** The one OS family a request targets (`setup-RedHat.yml`, "FreeBSD | …"), if exactly one. */
export function onlyFamily(req: TaskRequest): string | undefined {
  const said = [...(req.context.osHints ?? []).flatMap((h) => words(h)), ...words(req.description)];
  return single(new Set([...osFamilies(req), ...familiesIn(said)]));
}

/**
 * The OS family whose package database a query asks ("Check if firewalld package is installed (on
 * RHEL)." in a file for several): the one family the description names, else `onlyFamily`'s.
 * (Package tasks go by `onlyFamily` alone: "… for Debian-based distributions" is still written
 * with `package` there.)
 */
export function queriedFamily(req: TaskRequest): string | undefined {
  return namedFamily(req.description) ?? onlyFamily(req);
}

/** The one OS family a description names ("RedHat family UFW installation" → redhat), if exactly one. */
export function namedFamily(description: string): string | undefined {
  return single(familiesIn(words(description)));
}

/** The OS families words name (`rhel` → redhat, `homebrew` → darwin). */
function familiesIn(said: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of said) {
    if (DEBIAN_WORDS.has(w)) out.add('debian');
    if (REDHAT_WORDS.has(w)) out.add('redhat');
    if (OTHER_FAMILY_WORDS[w]) out.add(OTHER_FAMILY_WORDS[w]);
  }
  return out;
}

function single(families: ReadonlySet<string>): string | undefined {
  const [only] = families;
  return families.size === 1 ? only : undefined;
}

/** The OS family a package manager is for (apt → debian, dnf → redhat, pacman → archlinux). */
export function managerFamily(fqcn: string): string | undefined {
  return moduleFamily(fqcn) ?? Object.entries(FAMILY_PACKAGE_MANAGER).find(([, m]) => m === fqcn)?.[0];
}

/** The family's own package manager, where it has one (RedHat files keep `package`). */
export function familyManager(family: string): string | undefined {
  return FAMILY_PACKAGE_MANAGER[family];
}

export function moduleFamily(fqcn: string): OsFamily | undefined {
  if (DEBIAN_MODULES.has(fqcn)) return 'debian';
  if (REDHAT_MODULES.has(fqcn)) return 'redhat';
  return undefined;
}

/** Collections in use: the request's, plus those of modules used before; ansible.builtin always. */
export function collectionsInUse(req: TaskRequest): Set<string> {
  const out = new Set<string>(['ansible.builtin', 'ansible.legacy']);
  for (const c of req.context.collectionsInUse) out.add(c);
  for (const m of req.context.previousModules) out.add(collectionOf(m));
  // A collection the workspace's other files use is installed and chosen by the project.
  for (const t of req.context.workspaceTasks ?? []) out.add(collectionOf(t.fqcn));
  return out;
}

/**
 * The request the editor would have sent for a corpus task (its name and recorded context, and
 * the named tasks before it in its file when known). A role or playbook inside a collection
 * resolves short names in that collection first: the editor counts it as in use there too.
 */
export function requestFromCorpusTask(task: CorpusTask, earlierTasks?: EarlierTask[]): TaskRequest {
  // A stored corpus task builds `context` and `sources` on each access: read them once.
  const ctx = task.context;
  const src = task.origin !== 'module-examples' ? task.sources[0] : undefined;
  const own = src?.source === 'collection' ? src.collection : undefined;
  const collections = [
    ...new Set(['ansible.builtin', ...(own ? [own] : []), ...ctx.previousModules.map(collectionOf)]),
  ];
  return {
    description: task.name,
    context: {
      previousModules: [...ctx.previousModules],
      collectionsInUse: collections,
      variables: [...ctx.variables],
      section: ctx.section,
      earlierTasks,
    },
  };
}
