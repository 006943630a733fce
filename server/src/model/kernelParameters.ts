// Kernel parameters a description names, as sysctl spells them: by their key (`net.ipv4.ip_forward`),
// by the key's last part alone ("configure swappiness", "Ensure ptrace_scope is restricted"), or by
// the words hardening benchmarks use for them ("Ensure Reverse Path Filtering is enabled"). Only
// parameters whose last part or phrase means one key on every Linux.

const BY_NAME: Readonly<Record<string, string>> = {
  swappiness: 'vm.swappiness',
  overcommit_memory: 'vm.overcommit_memory',
  max_map_count: 'vm.max_map_count',
  ptrace_scope: 'kernel.yama.ptrace_scope',
  randomize_va_space: 'kernel.randomize_va_space',
  dmesg_restrict: 'kernel.dmesg_restrict',
  kptr_restrict: 'kernel.kptr_restrict',
  suid_dumpable: 'fs.suid_dumpable',
  somaxconn: 'net.core.somaxconn',
  ip_forward: 'net.ipv4.ip_forward',
  'ip forwarding': 'net.ipv4.ip_forward',
  tcp_syncookies: 'net.ipv4.tcp_syncookies',
  'tcp syn cookies': 'net.ipv4.tcp_syncookies',
  rp_filter: 'net.ipv4.conf.all.rp_filter',
  'reverse path filtering': 'net.ipv4.conf.all.rp_filter',
  accept_redirects: 'net.ipv4.conf.all.accept_redirects',
  send_redirects: 'net.ipv4.conf.all.send_redirects',
  accept_source_route: 'net.ipv4.conf.all.accept_source_route',
  log_martians: 'net.ipv4.conf.all.log_martians',
  'bridge-nf-call-iptables': 'net.bridge.bridge-nf-call-iptables',
  'bridge-nf-call-ip6tables': 'net.bridge.bridge-nf-call-ip6tables',
  'bridged traffic': 'net.bridge.bridge-nf-call-iptables',
};

const NAMED = new RegExp(
  `(?<![\\w.-])(?:${Object.keys(BY_NAME)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('|')})(?![\\w-])`,
  'i',
);

/** The kernel parameter the description names, as its sysctl key, or undefined. */
export function kernelParameterIn(description: string): string | undefined {
  // Not a file named like one (`kernel.conf`, `net.j2`).
  const key =
    /(?<![\w./-])(?:net|vm|kernel|fs)\.[a-z0-9_-]+(?:\.[\w-]+)*(?<!\.(?:conf|d|ya?ml|j2|cfg|txt|sh|py|json|ini))(?![\w/-])/i.exec(
      description,
    );
  if (key) return key[0];
  const conntrack = /(?<![\w.-])nf_conntrack_\w+/i.exec(description);
  if (conntrack) return `net.netfilter.${conntrack[0].toLowerCase()}`;
  const named = NAMED.exec(description);
  return named ? BY_NAME[named[0].toLowerCase()] : undefined;
}
