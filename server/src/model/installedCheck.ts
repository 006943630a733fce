// "Check if snmpd is installed": a description that asks whether a package is installed wants a
// query, never a package task (which would install it). Where the file targets Debian or Arch Linux
// the query is that family's package database command, as roles write it; elsewhere the portable
// package_facts module, which reports every package without changing any (RedHat's `rpm -q` and
// `yum list installed` are what ansible-lint's command-instead-of-module rule flags).

const ASKS_INSTALLED = /^(?:check|test|determine|find out)\b(?!.*\balready\b).*\b(?:is|are) installed\b/i;

/** The package a description asks about, when it names one ("Check if firewalld package is installed"). */
const ASKED_PACKAGE = /(?:^|\s)(\{\{[^}]+\}\}|[\w.+-]+)\s+(?:package\s+)?(?:is|are) installed\b/i;
const NOT_A_PACKAGE = /^(?:it|they|packages?|daemons?|services?|tools?|dependencies|requirements|everything|all)$/i;

/** Package database queries ansible-lint accepts, by the family name `onlyFamily` gives. */
const QUERIES: Record<string, string> = { debian: 'dpkg-query -W', archlinux: 'pacman -Q' };

/** Whether the description asks if something is installed (not "already installed": a file check). */
export function asksInstalled(description: string): boolean {
  return ASKS_INSTALLED.test(description);
}

/**
 * The options of `fqcn` for a description that asks whether a package is installed: package_facts
 * reads whichever package database the host has; a command asks the family's for the package the
 * description names. Undefined when the description asks no such thing (or names no package).
 */
export function installedCheckArgs(
  description: string,
  fqcn: string,
  family: string | undefined,
): Record<string, unknown> | undefined {
  if (!asksInstalled(description)) return undefined;
  if (fqcn === 'ansible.builtin.package_facts') return { manager: 'auto' };
  if (fqcn !== 'ansible.builtin.command') return undefined;
  const name = ASKED_PACKAGE.exec(description)?.[1];
  if (!name || NOT_A_PACKAGE.test(name)) return undefined;
  const query = QUERIES[family ?? ''];
  return query ? { _raw_params: `${query} ${name}` } : undefined;
}

/** The module that asks whether a package is installed on a host of `family`. */
export function installedCheckModule(family: string | undefined): string {
  return QUERIES[family ?? ''] ? 'ansible.builtin.command' : 'ansible.builtin.package_facts';
}
