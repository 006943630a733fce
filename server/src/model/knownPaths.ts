// Where standard system files live (the Filesystem Hierarchy Standard and the distributions'
// defaults): a description that names one by its file name ("Configure limits.conf", "Template
// out motd", "Set yum.conf clean_requirements") means that file, wherever the examples' files were.
// Only names that mean one place on every distribution that has them; names that are also
// everyday words (hosts, group, shadow, login, profile, exports) count only when written as a path.

const FILES: readonly string[] = [
  // /etc itself
  '/etc/anacrontab',
  '/etc/at.allow',
  '/etc/at.deny',
  '/etc/bash.bashrc',
  '/etc/bashrc',
  '/etc/cron.allow',
  '/etc/cron.deny',
  '/etc/crontab',
  '/etc/crypttab',
  '/etc/fstab',
  '/etc/gai.conf',
  '/etc/host.conf',
  '/etc/hosts.allow',
  '/etc/hosts.deny',
  '/etc/idmapd.conf',
  '/etc/inittab',
  '/etc/issue.net',
  '/etc/krb5.conf',
  '/etc/ld.so.conf',
  '/etc/locale.conf',
  '/etc/locale.gen',
  '/etc/login.defs',
  '/etc/logrotate.conf',
  '/etc/motd',
  '/etc/nsswitch.conf',
  '/etc/ntp.conf',
  '/etc/ptp4l.conf',
  '/etc/resolv.conf',
  '/etc/rsyslog.conf',
  '/etc/securetty',
  '/etc/sudo.conf',
  '/etc/sudoers',
  '/etc/sysctl.conf',
  '/etc/vconsole.conf',
  '/etc/yum.conf',
  // drop-in folders
  '/etc/apt/sources.list.d',
  '/etc/cron.d',
  '/etc/logrotate.d',
  '/etc/modprobe.d',
  '/etc/profile.d',
  '/etc/rsyslog.d',
  '/etc/sudoers.d',
  '/etc/sysctl.d',
  '/etc/update-motd.d',
  '/etc/yum.repos.d',
  // in their own folders
  '/etc/apt/sources.list',
  '/etc/audit/auditd.conf',
  '/etc/dnf/dnf.conf',
  '/etc/docker/daemon.json',
  '/etc/fail2ban/fail2ban.local',
  '/etc/fail2ban/jail.local',
  '/etc/haproxy/haproxy.cfg',
  '/etc/nginx/nginx.conf',
  '/etc/pam.d/common-account',
  '/etc/pam.d/common-auth',
  '/etc/pam.d/common-password',
  '/etc/pam.d/common-session',
  '/etc/pam.d/password-auth',
  '/etc/pam.d/system-auth',
  '/etc/postfix/main.cf',
  '/etc/postfix/master.cf',
  '/etc/security/access.conf',
  '/etc/security/faillock.conf',
  '/etc/security/limits.conf',
  '/etc/security/pwquality.conf',
  '/etc/ssh/ssh_config',
  '/etc/ssh/sshd_config',
  '/etc/sssd/sssd.conf',
  '/etc/systemd/journald.conf',
  '/etc/systemd/logind.conf',
  '/etc/systemd/system.conf',
  '/etc/systemd/timesyncd.conf',
];

const BY_NAME = new Map(FILES.map((p) => [p.slice(p.lastIndexOf('/') + 1), p]));

/** The standard place of a file given by its name alone (`sysctl.conf` → /etc/sysctl.conf). */
export function knownPath(fileName: string): string | undefined {
  return BY_NAME.get(fileName.toLowerCase());
}

/** "Check if system is ostree": a question /run/ostree-booted answers. */
export const ASKS_OSTREE = /^(?:check|determine|find out)\b.*\b(?:is|booted) ostree\b/i;

/**
 * The standard file a description names by its name, as a word of its own ("Template out motd"),
 * or by what it tells ("Check if system is ostree": /run/ostree-booted exists on ostree systems;
 * "Override the systemd unit for Docker": /etc/systemd/system/docker.service.d/override.conf).
 */
export function knownFileIn(description: string): string | undefined {
  if (ASKS_OSTREE.test(description)) return '/run/ostree-booted';
  // "Override the systemd unit for Docker.": the unit's drop-in override file.
  const unit = /\boverride (?:the )?systemd (?:unit|service)(?: file)? (?:for|of) (?:the )?([a-z][\w@-]*)/i.exec(
    description,
  )?.[1];
  if (unit) return `/etc/systemd/system/${unit.toLowerCase()}.service.d/override.conf`;
  for (const m of description.toLowerCase().matchAll(/(?<![\w./-])[a-z][\w.-]*[a-z0-9_]/g)) {
    const path = BY_NAME.get(m[0]);
    if (path) return path;
  }
  return undefined;
}

/** Words before "config directory" that name no program: verbs, articles, kinds of configuration. */
const NOT_A_PROGRAM = new Set(
  'ensure create make sure add set the a an its main default custom local global new daemon service'.split(' '),
);

/** A folder the description places in a directory it writes: "postgresql directory in /etc" → /etc/postgresql. */
export function folderIn(description: string): string | undefined {
  const m = /\b([a-z][\w-]*)\s+(?:dir|directory|folder)\s+(?:in|under)\s+(\/[\w./-]*[\w-])/.exec(
    description.toLowerCase(),
  );
  return m && !NOT_A_PROGRAM.has(m[1]) ? `${m[2]}/${m[1]}` : undefined;
}

/**
 * Where a program's configuration directory named by the description is, by convention:
 * "containerd config directory" → /etc/containerd, "Docker daemon configuration directory" →
 * /etc/docker, "GitLab SSL configuration folder" → /etc/gitlab/ssl, "the systemd overrides
 * directory for Docker" → /etc/systemd/system/docker.service.d (its unit's drop-in directory),
 * "Ansible local fact directory" → /etc/ansible/facts.d, ".kube directory" → ~/.kube.
 */
export function configDirectoryOf(description: string): string | undefined {
  // "Make sure that Ansible local fact directory exists": where Ansible reads local facts from.
  if (/\b(?:ansible (?:local )?|local )facts? (?:dir|directory|folder)\b/i.test(description))
    return '/etc/ansible/facts.d';
  const dropIn =
    /\bsystemd (?:unit )?(?:overrides?|override files|drop-?ins?) (?:dir|directory|folder) for (?:the )?([a-z][\w@-]*)/.exec(
      description.toLowerCase(),
    );
  if (dropIn) return `/etc/systemd/system/${dropIn[1]}.service.d`;
  // "Ensure .kube directory exists": a dot folder is the user's, in their home.
  const dot = /(?:^|\s)(\.[a-z][\w.-]*)\s+(?:dir|directory|folder)\b/i.exec(description)?.[1];
  if (dot) return `~/${dot}`;
  const m = /\b([a-z][\w-]*)(?:\s+([a-z][\w-]*))?\s+(?:config|configuration|conf)\s+(?:dir|directory|folder)\b/.exec(
    description.toLowerCase(),
  );
  const names = m ? [m[1], m[2]].filter((w): w is string => !!w && !NOT_A_PROGRAM.has(w)) : [];
  return names.length ? `/etc/${names.join('/')}` : undefined;
}
