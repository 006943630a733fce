// Post-processing of messy remote model output, against a small plain-data module catalog.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { ModuleCatalog, ModuleDoc, ModuleOption, ResolvedModule } from '../../server/src/catalog/types';
import { postprocess } from '../../server/src/remote/postprocess';

function option(name: string, extra: Partial<ModuleOption> = {}): ModuleOption {
  return { name, description: '', required: false, aliases: [], ...extra };
}

function moduleDoc(fqcn: string, options: ModuleOption[], freeForm = false): ModuleDoc {
  return {
    fqcn,
    collection: fqcn.split('.').slice(0, 2).join('.'),
    shortDescription: '',
    description: [],
    options: Object.fromEntries(options.map((o) => [o.name, o])),
    freeForm,
  };
}

const docs = [
  moduleDoc('ansible.builtin.package', [
    option('name', { type: 'list', required: true, aliases: ['pkg'] }),
    option('state', { type: 'str', choices: ['present', 'absent', 'latest'] }),
  ]),
  moduleDoc('ansible.builtin.service', [
    option('name', { type: 'str', required: true }),
    option('state', { type: 'str', choices: ['started', 'stopped', 'restarted', 'reloaded'] }),
    option('enabled', { type: 'bool' }),
  ]),
  moduleDoc('ansible.builtin.copy', [
    option('src', { type: 'path' }),
    option('dest', { type: 'path', required: true }),
    option('mode', { type: 'raw' }),
    option('content', { type: 'str' }),
  ]),
  moduleDoc('ansible.builtin.command', [option('chdir', { type: 'path' }), option('creates', { type: 'path' })], true),
];
const byFqcn = new Map(docs.map((d) => [d.fqcn, d]));

const catalog: Pick<ModuleCatalog, 'resolve' | 'loadDoc'> = {
  resolve(name: string): ResolvedModule | undefined {
    const fqcn = byFqcn.has(name)
      ? name
      : byFqcn.has(`ansible.builtin.${name}`)
        ? `ansible.builtin.${name}`
        : undefined;
    return fqcn ? { written: name, fqcn } : undefined;
  },
  loadDoc: async (fqcn: string) => byFqcn.get(fqcn),
};

async function ok(
  raw: string,
): Promise<{ yaml: string; fqcn: string; args: Record<string, unknown>; keywords: Record<string, unknown> }> {
  const out = await postprocess(raw, catalog);
  assert.ok(out.suggestion, `rejected: ${out.reason}`);
  const { yaml } = out.suggestion;
  assert.doesNotMatch(yaml.replace(/\n$/, ''), /^\s*$/m, 'no blank lines');
  assert.doesNotMatch(yaml, /[ \t]$/m, 'no trailing spaces');
  assert.doesNotMatch(yaml, /^\s*-?\s*name:/, 'no repeated name line');
  assert.match(yaml, /^\S/, 'indent 0');
  assert.match(yaml, /\n$/);
  if (!('_raw_params' in out.suggestion.args))
    assert.deepEqual(parse(yaml), { [out.suggestion.fqcn]: out.suggestion.args, ...out.suggestion.keywords });
  assert.deepEqual(out.suggestion.drewOn, []);
  return { ...out.suggestion };
}

describe('postprocess', () => {
  it('strips a code fence and the prose around it', async () => {
    const s = await ok(
      'Sure! Here is the task you asked for:\n\n```yaml\nansible.builtin.package:\n  name: nginx\n  state: present\n```\n\nThis installs nginx.',
    );
    assert.equal(s.yaml, 'ansible.builtin.package:\n  name: nginx\n  state: present\n');
  });

  it('strips prose without a fence', async () => {
    const s = await ok(
      'Here is the task:\nansible.builtin.service:\n  name: nginx\n  state: started\nThis starts nginx.\n',
    );
    assert.equal(s.yaml, 'ansible.builtin.service:\n  name: nginx\n  state: started\n');
  });

  it('dedents a completion that continues an indented task, stopping at the next task', async () => {
    const s = await ok(
      '      ansible.builtin.service:\n        name: nginx\n\n        state: started   \n    - name: Next task\n      ansible.builtin.command: ls\n',
    );
    assert.equal(s.yaml, 'ansible.builtin.service:\n  name: nginx\n  state: started\n');
  });

  it('copes with wrongly indented arguments', async () => {
    const s = await ok('ansible.builtin.copy:\n        src: motd\n        dest: /etc/motd\n');
    assert.deepEqual(s.args, { src: 'motd', dest: '/etc/motd' });
    assert.equal(s.yaml, 'ansible.builtin.copy:\n  src: motd\n  dest: /etc/motd\n');
  });

  it('takes the first task of a list and drops its repeated name', async () => {
    const s = await ok(
      '- name: Install nginx\n  ansible.builtin.package:\n    name: nginx\n- name: Start nginx\n  ansible.builtin.service:\n    name: nginx\n',
    );
    assert.equal(s.fqcn, 'ansible.builtin.package');
    assert.deepEqual(s.args, { name: 'nginx' });
  });

  it('drops a repeated name from a mapping task and keeps task keywords', async () => {
    const s = await ok(
      'name: Start nginx\nservice:\n  name: nginx\n  state: started\nbecome: true\nnotify: restart nginx\n',
    );
    assert.equal(
      s.yaml,
      'ansible.builtin.service:\n  name: nginx\n  state: started\nbecome: true\nnotify: restart nginx\n',
    );
  });

  it('does not re-admit run keywords written among the arguments (they are judged by the output policy where a task has them)', async () => {
    const s = await ok(
      'command: id become=yes\nargs:\n  chdir: /tmp\n  delegate_to: evil\n  environment: {LD_PRELOAD: /x.so}\n',
    );
    assert.deepEqual(s.args, { _raw_params: 'id', chdir: '/tmp' });
    assert.deepEqual(s.keywords, {});
    assert.doesNotMatch(s.yaml, /become|delegate_to|environment|LD_PRELOAD/);
    const nested = await ok('service:\n  name: nginx\n  become: true\n  no_log: true\n');
    assert.deepEqual(nested.args, { name: 'nginx' });
    assert.deepEqual(nested.keywords, {});
  });

  it('rewrites a short module name to its FQCN', async () => {
    const s = await ok('copy:\n  src: motd\n  dest: /etc/motd\n  mode: 0644\n');
    assert.equal(s.fqcn, 'ansible.builtin.copy');
    assert.equal(s.args.mode, '0644', 'octal mode kept as Ansible reads it');
  });

  it('drops unknown options but keeps aliases', async () => {
    const s = await ok('ansible.builtin.package:\n  pkg: nginx\n  state: present\n  update_cache_forever: yes\n');
    assert.deepEqual(s.args, { pkg: 'nginx', state: 'present' });
  });

  it('drops a value outside the choices and fills a missing required option', async () => {
    const s = await ok('ansible.builtin.service:\n  state: running\n  enabled: yes\n');
    assert.deepEqual(s.args, { enabled: true, name: '{{ name }}' });
  });

  it('reads key=value words and keeps free-form text for free-form modules', async () => {
    assert.deepEqual((await ok('service: name=nginx state=started')).args, { name: 'nginx', state: 'started' });
    const c = await ok('command: ./manage.py migrate chdir=/srv/app');
    assert.deepEqual(c.args, { _raw_params: './manage.py migrate', chdir: '/srv/app' });
    assert.equal(c.yaml, 'ansible.builtin.command: ./manage.py migrate\nargs:\n  chdir: /srv/app\n');
  });

  it('rejects an unknown module with a reason', async () => {
    const out = await postprocess('```yaml\nfrobnicate_everything:\n  level: 11\n```', catalog);
    assert.equal(out.suggestion, undefined);
    assert.match(out.reason ?? '', /unknown module 'frobnicate_everything'/);
  });

  it('rejects prose without YAML and broken YAML', async () => {
    assert.match((await postprocess('I cannot help with that.', catalog)).reason ?? '', /no YAML/);
    assert.ok((await postprocess('ansible.builtin.copy: {src: [unclosed\n', catalog)).reason);
    assert.match((await postprocess('', catalog)).reason ?? '', /no YAML/);
  });
});
