// Phrase-level intent knowledge for the modules real playbooks use most. Module EXAMPLES alone
// teach "Restart nginx" nothing about ansible.builtin.service (issue 4 measured a kNN vote over
// EXAMPLES names at 8% module match on builtin tasks), so the common intents are written down.
// A rule fires when each of its word groups has a word in the description; its modules get the
// weight as a feature of the re-ranker (which learns how far to trust it).

import { stem, terms } from './text';

interface IntentRule {
  /** Every group needs one word present; words are stemmed like task names. */
  groups: string[][];
  modules: Record<string, number>;
}

const B = 'ansible.builtin.';
const RAW: [string, Record<string, number>][] = [
  [
    'install|uninstall|package|packages|upgrade|dependencies|prerequisites|deps',
    { [B + 'package']: 1, [B + 'apt']: 0.8, [B + 'dnf']: 0.6, [B + 'yum']: 0.6 },
  ],
  ['apt|debian|ubuntu', { [B + 'apt']: 1 }],
  ['apt + key|keys|gpg|signing', { [B + 'apt_key']: 1 }],
  ['apt|ppa + repository|repo|repositories|ppa|source|sources', { [B + 'apt_repository']: 1 }],
  ['yum|dnf|rpm|redhat|centos|rhel|fedora|epel', { [B + 'dnf']: 0.8, [B + 'yum']: 0.8 }],
  ['yum|dnf|epel + repository|repo|repositories', { [B + 'yum_repository']: 1 }],
  ['rpm + key|gpg', { [B + 'rpm_key']: 1 }],
  ['pip|python|virtualenv|venv|requirements|pypi', { [B + 'pip']: 1 }],
  [
    'start|stop|restart|reload|enable|disable|started|running|service|services|daemon|enabled|restarted|stopped',
    { [B + 'service']: 1, [B + 'systemd']: 0.8, [B + 'systemd_service']: 0.4 },
  ],
  [
    'systemd|systemctl|daemon-reload|unit|daemon_reload|mask|unmask|masked',
    { [B + 'systemd']: 1, [B + 'systemd_service']: 0.5 },
  ],
  ['template|templates|render|j2|jinja|generate|configure|config|configuration', { [B + 'template']: 1 }],
  [
    'copy|upload|deploy|push|place|put|install + file|files|script|certificate|cert|key|config|binary',
    { [B + 'copy']: 1 },
  ],
  ['copy|upload|transfer', { [B + 'copy']: 1 }],
  ['directory|directories|dir|dirs|folder|folders|mkdir|path', { [B + 'file']: 1 }],
  ['symlink|link|symbolic|hardlink', { [B + 'file']: 1 }],
  [
    'delete|remove|cleanup|clean|absent|purge|rm|touch + file|files|directory|dir|folder|temp|temporary|tmp',
    { [B + 'file']: 1 },
  ],
  ['permission|permissions|owner|ownership|chmod|chown|mode', { [B + 'file']: 1 }],
  ['line|lines|lineinfile|entry|setting|option|parameter|comment|uncomment|disable|set', { [B + 'lineinfile']: 0.8 }],
  ['block|blockinfile|marker', { [B + 'blockinfile']: 1 }],
  ['replace|substitute|regex|regexp', { [B + 'replace']: 1 }],
  ['user|users|account|accounts|useradd', { [B + 'user']: 1 }],
  ['group|groups|groupadd', { [B + 'group']: 1 }],
  ['authorized|ssh + key|keys', { 'ansible.posix.authorized_key': 1 }],
  ['clone|checkout|git|repository|repo|pull', { [B + 'git']: 1 }],
  ['download|fetch|get + url|file|archive|binary|tarball|release|from', { [B + 'get_url']: 1 }],
  ['download|wget|curl', { [B + 'get_url']: 1 }],
  ['unarchive|extract|unpack|untar|unzip|decompress|tarball|tgz|zip', { [B + 'unarchive']: 1 }],
  [
    'run|execute|exec|invoke|command|cmd|call|perform|migrate|check|get|query|list|initialize|init',
    { [B + 'command']: 1, [B + 'shell']: 0.7 },
  ],
  ['shell|bash|pipe|script|sh', { [B + 'shell']: 1, [B + 'script']: 0.3 }],
  ['debug|print|show|display|output|message|msg|log|dump|report', { [B + 'debug']: 1 }],
  [
    'set|define|compute|calculate|determine|build|prepare|store|save|merge|combine|initialize|init + fact|facts|variable|variables|var|vars|list|dict|value|name|path|version|url',
    { [B + 'set_fact']: 1 },
  ],
  ['fact|facts|variable|variables|var', { [B + 'set_fact']: 0.7 }],
  [
    'include|import|load|run|execute + task|tasks|yml|yaml|steps',
    { [B + 'include_tasks']: 1, [B + 'import_tasks']: 0.8 },
  ],
  ['include|import|apply|run|call|execute + role|roles', { [B + 'include_role']: 1, [B + 'import_role']: 0.8 }],
  ['include|import|load|read|gather + var|vars|variable|variables|defaults', { [B + 'include_vars']: 1 }],
  ['os|distribution|platform|family|specific + var|vars|variable|variables', { [B + 'include_vars']: 1 }],
  ['cron|crontab|cronjob|schedule|scheduled|periodic|job', { [B + 'cron']: 1 }],
  ['mount|mounted|unmount|fstab|nfs|mountpoint', { 'ansible.posix.mount': 1 }],
  ['sysctl|kernel|parameter|parameters|ip_forward|swappiness', { 'ansible.posix.sysctl': 1 }],
  ['firewall|firewalld|port|ports|zone', { 'ansible.posix.firewalld': 1 }],
  ['ufw', { 'community.general.ufw': 1 }],
  ['iptables|iptable', { [B + 'iptables']: 1 }],
  ['uri|url|http|https|api|rest|request|endpoint|webhook|post|get|query|call|health|status', { [B + 'uri']: 0.8 }],
  ['wait|until|ready|available|listening|up|reachable|open', { [B + 'wait_for']: 1 }],
  ['wait + connection|connectivity|ssh|reboot|boot|host|hosts|reachable', { [B + 'wait_for_connection']: 1 }],
  ['stat|exist|exists|existence|present|check|whether|presence', { [B + 'stat']: 1 }],
  [
    'fail|abort|stop|error|unsupported|missing|validate|ensure|require|required|must|check',
    { [B + 'fail']: 0.8, [B + 'assert']: 0.8 },
  ],
  ['assert|assertion|verify|validate|validation|check|test|ensure|confirm|sanity', { [B + 'assert']: 1 }],
  ['gather|collect|facts|setup', { [B + 'setup']: 1 }],
  ['reboot|restart|reboots|rebooting + host|hosts|server|servers|machine|system|node|nodes|vm', { [B + 'reboot']: 1 }],
  ['reboot|rebooting', { [B + 'reboot']: 1 }],
  ['hostname|host name|fqdn', { [B + 'hostname']: 1 }],
  ['timezone|tz|time zone', { 'community.general.timezone': 1 }],
  ['selinux|enforcing|permissive', { 'ansible.posix.selinux': 1 }],
  ['seboolean|sebool|boolean + selinux', { 'ansible.posix.seboolean': 1 }],
  ['find|search|locate|list|lookup|collect + file|files|directory|directories|dirs|logs|backups', { [B + 'find']: 1 }],
  [
    'fetch|retrieve|pull|collect|download + file|files|log|logs|back|from|remote|local|controller',
    { [B + 'fetch']: 1 },
  ],
  ['pause|sleep|wait|prompt|delay', { [B + 'pause']: 1 }],
  ['flush|handler|handlers|meta|end|refresh|inventory|clear|reset', { [B + 'meta']: 1 }],
  ['slurp|read|content|contents|decode|base64', { [B + 'slurp']: 1 }],
  ['add + host|hosts|inventory', { [B + 'add_host']: 1 }],
  ['group_by|group + by|based|dynamic', { [B + 'group_by']: 1 }],
  ['known_hosts|known + host|hosts', { [B + 'known_hosts']: 1 }],
  ['script|scripts', { [B + 'script']: 0.8 }],
  ['service|services + fact|facts|status|state|list|running', { [B + 'service_facts']: 1 }],
  ['package|packages + fact|facts|installed|list|gather', { [B + 'package_facts']: 1 }],
  ['debconf|preseed|selections', { [B + 'debconf']: 1 }],
  ['alternatives|alternative', { 'community.general.alternatives': 1, [B + 'alternatives']: 1 }],
  ['locale|locales|language', { 'community.general.locale_gen': 1 }],
  ['modprobe|module + kernel|load', { 'community.general.modprobe': 1 }],
  ['compress|tar|zip + archive|directory|files|logs|backup', { 'community.general.archive': 0.8 }],
  ['synchronize|sync|rsync|mirror', { 'ansible.posix.synchronize': 1 }],
  ['expect|interactive|answer|prompt|responses', { [B + 'expect']: 1 }],
  ['tempfile|temporary|temp|tmp + file|dir|directory|create|make', { [B + 'tempfile']: 1 }],
  ['getent|passwd|lookup|database|entries', { [B + 'getent']: 1 }],
  ['docker + container|containers|run|start', { 'community.docker.docker_container': 1 }],
  ['docker + image|images|pull|build', { 'community.docker.docker_image': 1 }],
  [
    'docker|compose + compose|stack|up',
    { 'community.docker.docker_compose_v2': 0.6, 'community.docker.docker_compose': 0.6 },
  ],
  ['mysql|mariadb + database|db|schema', { 'community.mysql.mysql_db': 1 }],
  ['mysql|mariadb + user|users|privilege|privileges|grant', { 'community.mysql.mysql_user': 1 }],
  ['postgres|postgresql|psql|pg + database|db', { 'community.postgresql.postgresql_db': 1 }],
  ['postgres|postgresql|psql|pg + user|users|role|roles', { 'community.postgresql.postgresql_user': 1 }],
  ['postgres|postgresql|psql|pg + query|sql|statement|run|execute', { 'community.postgresql.postgresql_query': 1 }],
  ['pam|limits|ulimit|nofile|nproc', { 'community.general.pam_limits': 1 }],
  ['npm|node|nodejs|yarn', { 'community.general.npm': 0.8 }],
  ['gem|ruby|rubygems', { 'community.general.gem': 0.8 }],
  ['snap|snaps', { 'community.general.snap': 1 }],
  ['flatpak', { 'community.general.flatpak': 1 }],
  ['homebrew|brew|mac|macos|osx', { 'community.general.homebrew': 1 }],
  ['ini|section', { 'community.general.ini_file': 1 }],
  ['xml|xpath', { 'community.general.xml': 1 }],
  ['json|yaml + parse|read|convert|load', { [B + 'set_fact']: 0.6 }],
  [
    'k8s|kubernetes|kubectl|manifest|manifests|deployment|namespace|configmap|secret|pod|pods',
    { 'kubernetes.core.k8s': 1 },
  ],
  ['helm|chart|charts', { 'kubernetes.core.helm': 1 }],
  ['win|windows|powershell', { 'ansible.windows.win_shell': 0.5 }],
  [
    'openssl|certificate|cert|csr|private key|self-signed|selfsigned',
    { 'community.crypto.openssl_privatekey': 0.5, 'community.crypto.x509_certificate': 0.5 },
  ],
];

const RULES: IntentRule[] = RAW.map(([pattern, modules]) => ({
  groups: pattern.split(' + ').map((g) =>
    g
      .split('|')
      .flatMap((w) => terms(w).map(stem))
      .filter((w, i, a) => a.indexOf(w) === i),
  ),
  modules,
}));

/** Intent weight per module for a description (only modules some rule names). */
export function intentScores(description: string): Map<string, number> {
  const present = new Set(terms(description));
  const out = new Map<string, number>();
  for (const rule of RULES) {
    // A rule with more groups is more specific: it earns a little more than a one-word match.
    if (!rule.groups.every((g) => g.some((w) => present.has(w)))) continue;
    const bonus = rule.groups.length > 1 ? 1.25 : 1;
    for (const [m, w] of Object.entries(rule.modules)) out.set(m, Math.max(out.get(m) ?? 0, w * bonus));
  }
  return out;
}

/** Every module the table names (candidates even when nothing else proposes them). */
export function intentModules(): string[] {
  return [...new Set(RULES.flatMap((r) => Object.keys(r.modules)))].sort();
}
