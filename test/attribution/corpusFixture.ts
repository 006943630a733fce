// Small hand-written corpus for the attribution tests: CorpusTask records built from task YAML,
// with provenance in a few licences.

import type { CorpusTask, Provenance } from '../../server/src/corpus/types';
import { structuredFromYaml } from '../../server/src/attribution/normalise';

const BUILTIN: Record<string, string> = {
  copy: 'ansible.builtin.copy',
  template: 'ansible.builtin.template',
  file: 'ansible.builtin.file',
  apt: 'ansible.builtin.apt',
  service: 'ansible.builtin.service',
  command: 'ansible.builtin.command',
  shell: 'ansible.builtin.shell',
  lineinfile: 'ansible.builtin.lineinfile',
  user: 'ansible.builtin.user',
  debug: 'ansible.builtin.debug',
  ping: 'ansible.builtin.ping',
};

/** A catalog-like resolver for the fixtures: short builtin names and FQCNs. */
export function resolveFixture(name: string): string | undefined {
  if (BUILTIN[name]) return BUILTIN[name];
  if (name.startsWith('ansible.legacy.')) return BUILTIN[name.slice('ansible.legacy.'.length)];
  return name.includes('.') ? name : undefined;
}

export function corpusTask(id: string, text: string, source: Partial<Provenance> = {}): CorpusTask {
  const s = structuredFromYaml(text, resolveFixture);
  const args =
    s.args === null || s.args === undefined
      ? {}
      : typeof s.args === 'object'
        ? (s.args as Record<string, unknown>)
        : { _raw_params: String(s.args) };
  return {
    id,
    name: s.name ?? '',
    module: s.fqcn,
    fqcn: resolveFixture(s.fqcn) ?? '',
    text,
    args,
    keywords: {},
    origin: 'module-examples',
    context: { previousModules: [], section: 'tasks', variables: [] },
    sources: [
      {
        source: 'collection',
        collection: 'ansible.builtin',
        version: '2.14.0',
        path: `lib/ansible/modules/${id}.py`,
        line: 1,
        repoUrl: 'https://github.com/ansible/ansible',
        license: 'GPL-3.0-or-later',
        ...source,
      },
    ],
    split: 'train',
  };
}

export const FIXTURE: CorpusTask[] = [
  corpusTask(
    'copy-motd',
    `name: Copy the message of the day
ansible.builtin.copy:
  src: files/motd
  dest: /etc/motd
  owner: root
  group: root
  mode: '0644'
`,
  ),
  corpusTask(
    'copy-config',
    `name: Copy nginx configuration
ansible.builtin.copy:
  src: "{{ nginx_conf }}"
  dest: /etc/nginx/nginx.conf
  backup: true
`,
  ),
  corpusTask(
    'template-motd',
    `name: Template the message of the day
ansible.builtin.template:
  src: motd.j2
  dest: /etc/motd
  mode: '0644'
`,
  ),
  corpusTask(
    'apt-nginx',
    `name: Install nginx
ansible.builtin.apt:
  name: nginx
  state: present
  update_cache: yes
`,
  ),
  corpusTask(
    'service-nginx',
    `name: Start and enable nginx
ansible.builtin.service:
  name: nginx
  state: started
  enabled: true
`,
  ),
  corpusTask(
    'command-ls',
    `name: List the home directory
ansible.builtin.command: ls -l chdir=/home
`,
  ),
  corpusTask(
    'user-alice',
    `name: Create user alice
ansible.builtin.user:
  name: alice
  shell: /bin/bash
  groups: [wheel, docker]
`,
    { collection: 'example.users', version: '1.0.0', license: 'Apache-2.0', repoUrl: 'https://example.org/users' },
  ),
  corpusTask(
    'k8s-ns',
    `name: Create a namespace
kubernetes.core.k8s:
  state: present
  definition:
    apiVersion: v1
    kind: Namespace
    metadata:
      name: testing
`,
    { collection: 'kubernetes.core', version: '3.0.0', license: 'GPL-3.0-or-later' },
  ),
  corpusTask(
    'debug-msg',
    `name: Print a message
ansible.builtin.debug:
  msg: "Hello {{ user | default('world') }}"
`,
  ),
  corpusTask('ping', `ansible.builtin.ping:\n`),
];
