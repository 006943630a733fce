// The host's platform in the try order (tryOrder.ts): what installs packages, or adds a key or
// repository (a key when it speaks of keys), follows the one OS family the file targets or the
// description names (the portable `package` when it names none); a service is started with the
// portable `service` unless systemd is spoken of; a Windows host gets the Windows twin of a POSIX
// module (unless the file uses the POSIX one itself), a network device its platform's command and
// facts modules (facts only when the description says facts), and a macOS host's service a command
// (`brew services`).

import {
  collectionOf,
  familyManager,
  familyPackageManager,
  managerFamily,
  moduleFamily,
  namedFamily,
  onlyFamily,
  osFamilies,
} from './context';
import { B, first, type ModuleIds, type RankedModule } from './rankedModules';
import { mainPart, terms } from './text';
import type { TaskRequest } from './types';

export const PORTABLE = 'ansible.builtin.package';
export const OS_PACKAGE_MANAGERS = new Set([
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
export function packageManagers<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
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
export function portableService<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
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
export function familyTwins<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
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
export function windowsTwins<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
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
export function macServices<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
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
export function networkTwins<R extends RankedModule>(ranked: R[], req: TaskRequest, ids: ModuleIds): R[] {
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
