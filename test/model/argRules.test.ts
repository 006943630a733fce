// The embedded model's rules for real files: variables only from scope, the fact a set_fact
// defines, the file an include names, a module instead of a command line, and the file's own
// earlier tasks as neighbours.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coherentArgs } from '../../server/src/model/argCoherence';
import { fillArgs } from '../../server/src/model/argFilling';
import {
  describedVariables,
  factSource,
  perOsDefault,
  spelledVariable,
  variableFor,
} from '../../server/src/model/variableChoice';
import { argsFit, fitArgs } from '../../server/src/model/argspec';
import { moduleForCommand, programQuery } from '../../server/src/model/commandModules';
import { extractEntities } from '../../server/src/model/entities';
import { assertedCondition, factName, factValue, hostFactValue, projectPrefix } from '../../server/src/model/factNames';
import { fileNeighbours, nearCopy } from '../../server/src/model/fileNeighbours';
import { argVariables, foreignVariables, jinjaVariables } from '../../server/src/model/jinjaScope';
import { includedFile, qualifiedRole, recurringStepFile, varsFile } from '../../server/src/model/taskFiles';
import { installedCheckArgs, installedCheckModule } from '../../server/src/model/installedCheck';
import { registeredResultFact, shownField } from '../../server/src/model/registeredResult';
import { kernelParameterIn } from '../../server/src/model/kernelParameters';
import type { EarlierTask } from '../../server/src/model/types';

describe('variables a value reads', () => {
  it('roots only: not attributes, filters, tests, keywords, strings or bound names', () => {
    assert.deepEqual(
      [
        ...jinjaVariables(
          "{{ a.b | default(c, true) }} {{ d is defined and 'e' in f }} {% for x in g %}{{ x }}{% endfor %}",
        ),
      ],
      ['a', 'c', 'd', 'f', 'g'],
    );
  });

  it('a call names a function, not a variable; bare expressions are read where a module takes them', () => {
    assert.deepEqual([...jinjaVariables("{{ lookup('first_found', params) | default(range(3)) }}")], ['params']);
    assert.deepEqual(
      [...argVariables('ansible.builtin.assert', { that: ['item.gid is number'], quiet: true })],
      ['item'],
    );
    assert.deepEqual([...argVariables('ansible.builtin.debug', { var: 'result.stdout' })], ['result']);
    assert.deepEqual([...argVariables('ansible.builtin.command', { cmd: 'item.gid' })], []);
  });

  it('foreign: not in scope, not a fact or magic name', () => {
    const scope = new Set(['nginx_port']);
    assert.deepEqual(foreignVariables('--add-port {{ he_webui_forward_port }}/tcp', scope), ['he_webui_forward_port']);
    assert.deepEqual(
      foreignVariables({ port: '{{ nginx_port }}', host: '{{ ansible_host }}', x: '{{ item }}' }, scope),
      [],
    );
  });
});

describe('the condition an assert checks', () => {
  it('the variable the description names, with the test it names', () => {
    assert.equal(assertedCondition('Verify if postgresql_password is set'), 'postgresql_password is defined');
    assert.equal(assertedCondition('Check that agent_datadog_checks is a mapping'), 'agent_datadog_checks is mapping');
    assert.equal(assertedCondition('assert | Test item.gid in users_groups'), 'item.gid is defined');
    assert.equal(assertedCondition('Check the nginx configuration'), undefined);
  });

  it("never another project's variable; else what the task before registered ran well", () => {
    const doc = {
      options: {
        that: { name: 'that', aliases: [], type: 'list', required: true },
        fail_msg: { name: 'fail_msg', aliases: [], type: 'str' },
      },
    } as never;
    const that = (description: string, justRegistered?: string, registeredBy = 'ansible.builtin.command') =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.assert',
        doc,
        examples: [
          {
            task: {
              name: 'Check param',
              args: { that: ['my_param <= 100'], fail_msg: 'Too big' },
              origin: 'module-examples',
            },
            score: 0.4,
          },
        ],
        variables: justRegistered ? [justRegistered] : [],
        entities: extractEntities(description),
        justRegistered,
        projectTasks: justRegistered ? [{ name: 'x', fqcn: registeredBy, args: {}, register: justRegistered }] : [],
      }).args;
    assert.deepEqual(that('Verify Fleet path was detected'), {
      that: '{{ that }}',
      fail_msg: 'Verify Fleet path was detected',
    });
    assert.equal(that('Validate that file exists', 'conf_file', 'ansible.builtin.stat').that, 'conf_file.stat.exists');
    assert.equal(that('Assert that key has been re-enabled', 'restored').that, 'restored is succeeded');
  });
});

describe('what a filled task keeps', () => {
  it('systemd: no manager re-execution unless asked, and the unit the description names', () => {
    const reload: Record<string, unknown> = { daemon_reexec: true, daemon_reload: true };
    coherentArgs('ansible.builtin.systemd', reload, { description: 'Reload systemd' });
    assert.deepEqual(reload, { daemon_reload: true });
    const unit: Record<string, unknown> = { enabled: true, state: 'started' };
    coherentArgs('ansible.builtin.systemd', unit, { description: 'Ensure systemd-journal-upload is enabled' });
    assert.deepEqual(unit, { enabled: true, state: 'started', name: 'systemd-journal-upload' });
  });

  it("a socket or timer the description names is that unit of the name's service", () => {
    const socket: Record<string, unknown> = { name: '{{ sshd_service }}', state: 'restarted' };
    coherentArgs('ansible.builtin.service', socket, { description: 'Restart the SSH socket' });
    assert.equal(socket.name, '{{ sshd_service }}.socket');
    const named: Record<string, unknown> = { name: 'sshd.socket', state: 'restarted' };
    coherentArgs('ansible.builtin.service', named, { description: 'Restart the SSH socket' });
    assert.equal(named.name, 'sshd.socket');
    const service: Record<string, unknown> = { name: '{{ sshd_service }}', state: 'restarted' };
    coherentArgs('ansible.builtin.service', service, { description: 'Restart the SSH service' });
    assert.equal(service.name, '{{ sshd_service }}');
  });

  it('a copy writes a src or a content, never both: the file the description names, else the content', () => {
    const both = () => ({ dest: '/etc/containerd/config.toml', src: 'config.toml', content: '{{ out.stdout }}' });
    const named = both();
    coherentArgs('ansible.builtin.copy', named, { description: 'Copy config.toml to /etc/containerd' });
    assert.deepEqual([named.src, named.content], ['config.toml', undefined]);
    const unnamed = both();
    coherentArgs('ansible.builtin.copy', unnamed, { description: 'Write the default containerd configuration' });
    assert.deepEqual([unnamed.src, unnamed.content], [undefined, '{{ out.stdout }}']);
  });

  it("the owner and group the project's file tasks agree on, where it sets none", () => {
    const t = (fqcn: string, args: Record<string, unknown>) => ({ name: 't', fqcn: `ansible.builtin.${fqcn}`, args });
    const project = [
      t('file', { path: '/etc/a', state: 'directory', owner: 'telegraf', group: 'telegraf' }),
      t('template', { src: 'a.j2', dest: '/etc/a/a.conf', owner: 'telegraf', group: 'root' }),
      t('file', { path: '/etc/b', state: 'absent' }),
    ];
    const dir: Record<string, unknown> = { path: '/var/lib/c', state: 'directory' };
    coherentArgs('ansible.builtin.file', dir, { description: 'Create the plugin path', projectTasks: project });
    assert.equal(dir.owner, 'telegraf');
    assert.equal(dir.group, undefined); // telegraf once, root once: no majority
    const own: Record<string, unknown> = { path: '/etc/c', state: 'directory', owner: 'root' };
    coherentArgs('ansible.builtin.file', own, { description: 'Create the plugin path', projectTasks: project });
    assert.equal(own.owner, 'root');
    const gone: Record<string, unknown> = { path: '/etc/c', state: 'absent' };
    coherentArgs('ansible.builtin.file', gone, { description: 'Remove the plugin path', projectTasks: project });
    assert.equal(gone.owner, undefined);
    const few: Record<string, unknown> = { path: '/var/lib/c', state: 'directory' };
    coherentArgs('ansible.builtin.file', few, {
      description: 'Create the plugin path',
      projectTasks: project.slice(1),
    });
    assert.equal(few.owner, undefined);
  });

  it('an account added to groups keeps what it was made with', () => {
    const args: Record<string, unknown> = {
      name: 'telegraf',
      state: 'present',
      create_home: false,
      append: true,
      groups: 'docker',
    };
    coherentArgs('ansible.builtin.user', args, { description: 'Add telegraf user to docker group' });
    assert.deepEqual(args, { name: 'telegraf', append: true, groups: 'docker' });
    const made: Record<string, unknown> = { name: 'telegraf', state: 'present', create_home: false };
    coherentArgs('ansible.builtin.user', made, { description: 'Create telegraf user' });
    assert.deepEqual(made, { name: 'telegraf', state: 'present', create_home: false });
  });

  it("a file written where the system keeps its configuration is root's, not a project account's", () => {
    const unit: Record<string, unknown> = {
      src: 'solr.unit.j2',
      dest: '/etc/systemd/system/solr.service',
      owner: '{{ solr_user }}',
      group: '{{ solr_group }}',
    };
    coherentArgs('ansible.builtin.template', unit, { description: 'Copy solr systemd unit file into place' });
    assert.deepEqual([unit.owner, unit.group], ['root', 'root']);
    const own: Record<string, unknown> = {
      src: 'solr.in.sh.j2',
      dest: '/etc/solr/solr.in.sh',
      owner: '{{ solr_user }}',
    };
    coherentArgs('ansible.builtin.template', own, { description: 'Configure solr' });
    assert.equal(own.owner, '{{ solr_user }}');
    const named: Record<string, unknown> = { path: '/etc/sudoers.d/admins', state: 'file', owner: 'admin' };
    coherentArgs('ansible.builtin.file', named, { description: 'Set sudoers file owner' });
    assert.equal(named.owner, 'admin');
  });

  it("a repository is the one the description names, not the one another project's example describes", () => {
    const repo = (description: string) => {
      const args: Record<string, unknown> = {
        name: 'yum',
        description: 'EPEL YUM repo',
        file: 'sensu',
        gpgcheck: false,
      };
      coherentArgs('ansible.builtin.yum_repository', args, { description });
      return args;
    };
    assert.deepEqual(repo('Add the YUM Docker repository.'), {
      name: 'docker',
      description: 'Docker',
      gpgcheck: false,
    });
    assert.equal(repo('Ensure Kubernetes repository exists.').description, 'Kubernetes');
    // Nothing says whose: the example's stay.
    assert.equal(repo('RedHat | Add yum repository').description, 'EPEL YUM repo');
  });

  it('a temporary file removed is the one the file made for the while', () => {
    const remove = (projectTasks: EarlierTask[]) => {
      const args: Record<string, unknown> = { path: '/tmp/yum.conf', state: 'absent' };
      coherentArgs('ansible.builtin.file', args, { description: 'Remove temporary host keys', projectTasks });
      return args.path;
    };
    const tempfile = { name: 'Create a temporary hostkey', fqcn: 'ansible.builtin.tempfile', args: {}, register: 'hk' };
    const copy = { name: 'Copy config', fqcn: 'ansible.builtin.copy', args: { src: '/tmp/c.toml', dest: '/etc/c' } };
    assert.equal(remove([tempfile]), '{{ hk.path }}');
    assert.equal(remove([tempfile, copy]), '/tmp/c.toml', 'the last one made');
    assert.equal(remove([{ ...copy, id: 'ws-1' }]), '/tmp/yum.conf', "another file's is not this file's");
  });

  it('an account made after its group is in that group; not a looped group, or after another account', () => {
    const group = (name: string, loop?: unknown) => ({
      name: 'Create the group',
      fqcn: 'ansible.builtin.group',
      args: { name },
      loop,
    });
    const user = { name: 'Create another user', fqcn: 'ansible.builtin.user', args: { name: 'x' } };
    const account = (projectTasks: EarlierTask[]) => {
      const args: Record<string, unknown> = { name: 'telegraf', state: 'present' };
      coherentArgs('ansible.builtin.user', args, { description: 'Adding Telegraf user', projectTasks });
      return args.group;
    };
    assert.equal(account([group('telegraf')]), 'telegraf');
    assert.equal(account([group('{{ app_group }}')]), '{{ app_group }}');
    assert.equal(account([group('{{ item }}', ['a', 'b'])]), undefined);
    assert.equal(account([group('telegraf'), user]), undefined);
    assert.equal(account([]), undefined);
  });

  it('a path written as a directory is a directory, with a mode it can be entered by', () => {
    const state = (path: string, st = 'touch') => {
      const args: Record<string, unknown> = { path, state: st, mode: '0644' };
      coherentArgs('ansible.builtin.file', args, { description: 'Precreate it' });
      return [args.state, args.mode];
    };
    assert.deepEqual(state('/etc/mysql/conf.d'), ['directory', '0755']);
    assert.deepEqual(state('/etc/update-motd.d/', 'file'), ['directory', '0755']);
    assert.deepEqual(state('{{ app_dir }}/'), ['directory', '0755']);
    assert.deepEqual(state('/etc/motd'), ['touch', '0644']);
    assert.deepEqual(state('/etc/conf.d', 'absent'), ['absent', undefined]);
  });

  it("a temporary file the file made is what a removal removes and where a copy puts its file, whatever it's called", () => {
    const tempfile = (register: string, state = 'file') => ({
      name: 'Create a temporary file',
      fqcn: 'ansible.builtin.tempfile',
      args: { state },
      register,
    });
    const coherent = (
      fqcn: string,
      args: Record<string, unknown>,
      description: string,
      projectTasks: EarlierTask[],
    ) => {
      coherentArgs(`ansible.builtin.${fqcn}`, args, { description, projectTasks });
      return args;
    };
    const removal = () => ({ path: '/etc/app.conf', state: 'absent' });
    const made = [tempfile('old_tmp'), tempfile('sql_tmp')];
    assert.equal(coherent('file', removal(), 'Remove sql script from the host', made).path, '{{ sql_tmp.path }}');
    assert.equal(
      coherent('copy', { dest: '/tmp' }, 'Copy the sql input file to the host', made).dest,
      '{{ sql_tmp.path }}',
    );
    // Not a directory to copy to, a file not removed, or where the description writes a path.
    assert.equal(coherent('copy', { dest: '/tmp' }, 'Copy the file', [tempfile('d', 'directory')]).dest, '/tmp');
    assert.equal(coherent('file', { path: '/x', state: 'directory' }, 'Create the directory', made).path, '/x');
    assert.equal(coherent('file', removal(), 'Remove /etc/app.conf', made).path, '/etc/app.conf');
  });

  it("root's ownership is written out where the project writes its files' owners", () => {
    const writer = (owner?: string) => ({
      name: 'w',
      fqcn: 'ansible.builtin.file',
      args: { path: '/var/lib/x', state: 'directory', ...(owner ? { owner } : {}) },
    });
    const dropIn = (projectTasks: ReturnType<typeof writer>[]) => {
      const args: Record<string, unknown> = { path: '/etc/systemd/system/x.service.d', state: 'directory' };
      coherentArgs('ansible.builtin.file', args, { description: 'Create folder', projectTasks });
      return [args.owner, args.group];
    };
    assert.deepEqual(dropIn([writer('mysql'), writer()]), ['root', 'root']);
    assert.deepEqual(dropIn([writer('mysql'), writer(), writer()]), [undefined, undefined]);
    // Nothing known of the project: root's, said.
    assert.deepEqual(dropIn([]), ['root', 'root']);
    // Anywhere under /etc likewise, unless the examples said whose; elsewhere nothing is added.
    const write = (path: string, owner?: string) => {
      const args: Record<string, unknown> = { path, state: 'directory', ...(owner ? { owner } : {}) };
      coherentArgs('ansible.builtin.file', args, { description: 'Create folder', projectTasks: [writer('mysql')] });
      return [args.owner, args.group];
    };
    assert.deepEqual(write('/etc/telegraf'), ['root', 'root']);
    assert.deepEqual(write('/etc/telegraf', '{{ telegraf_user }}'), ['{{ telegraf_user }}', 'root']);
    assert.deepEqual(write('/var/lib/telegraf'), [undefined, undefined]);
  });

  it('a line set is put in place, not removed', () => {
    const set: Record<string, unknown> = { dest: '/etc/yum.conf', line: 'clean_requirements=1', state: 'absent' };
    coherentArgs('ansible.builtin.lineinfile', set, { description: 'Set yum.conf clean_requirements' });
    assert.equal(set.state, 'present');
    const removed: Record<string, unknown> = { dest: '/etc/yum.conf', line: 'clean_requirements=1', state: 'absent' };
    coherentArgs('ansible.builtin.lineinfile', removed, { description: 'Remove yum.conf clean_requirements' });
    assert.equal(removed.state, 'absent');
  });

  it("a key's removed lines are the key's, not an example's", () => {
    const description = 'Remove existing SOLR_HEAP configuration.';
    const removed: Record<string, unknown> = {
      path: '/etc/x.conf',
      regexp: '^SSO_FQDNS=.*',
      line: 'SSO_FQDNS=a',
      state: 'absent',
    };
    coherentArgs('ansible.builtin.lineinfile', removed, { description });
    assert.deepEqual(removed, { path: '/etc/x.conf', regexp: '^SOLR_HEAP', state: 'absent' });
    const own: Record<string, unknown> = { path: '/etc/x.conf', regexp: '^#?SOLR_HEAP=', state: 'absent' };
    coherentArgs('ansible.builtin.lineinfile', own, { description });
    assert.equal(own.regexp, '^#?SOLR_HEAP=');
    const added: Record<string, unknown> = { path: '/etc/x.conf', line: 'A=1', state: 'present' };
    coherentArgs('ansible.builtin.lineinfile', added, { description: 'Set SOLR_HEAP' });
    assert.deepEqual(added, { path: '/etc/x.conf', line: 'A=1', state: 'present' });
  });

  it("include_tasks' `apply:` keywords are a mapping, whatever its documentation's type says", () => {
    const includeTasks = {
      fqcn: 'ansible.builtin.include_tasks',
      options: {
        file: { name: 'file', aliases: [], type: 'str' },
        apply: { name: 'apply', aliases: [], type: 'str' },
      },
      freeForm: true,
    } as never;
    const args = { file: 'keystone_fernet.yml', apply: { tags: ['keystone-config'] } };
    assert.equal(argsFit(includeTasks, args), true);
    assert.deepEqual(fitArgs(includeTasks, args), args);
  });

  it('systemd and service: a call that sets no state, flag or reload does not fit, nor a command without one; "unmask" is masked: false', () => {
    const doc = (fqcn: string) =>
      ({
        fqcn,
        options: Object.fromEntries(
          ['name', 'state', 'enabled', 'masked', 'daemon_reload'].map((n) => [
            n,
            { name: n, aliases: [], type: ['enabled', 'masked', 'daemon_reload'].includes(n) ? 'bool' : 'str' },
          ]),
        ),
      }) as never;
    const systemd = doc('ansible.builtin.systemd');
    assert.equal(argsFit(systemd, {}), false);
    assert.equal(argsFit(systemd, { name: 'chronyd' }), false);
    assert.equal(argsFit(systemd, { daemon_reload: true }), true);
    assert.equal(argsFit(doc('ansible.builtin.service'), { name: 'chronyd', enabled: true }), true);
    assert.equal(argsFit(doc('ansible.builtin.service'), { name: 'chronyd' }), false);
    // A command with no command line is refused too.
    const command = { fqcn: 'ansible.builtin.command', options: {}, freeForm: true } as never;
    assert.equal(argsFit(command, {}), false);
    assert.equal(argsFit(command, { _raw_params: '' }), false);
    assert.equal(argsFit(command, { _raw_params: 'docker info' }), true);
    const masked = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.systemd',
        doc: systemd,
        examples: [{ task: { name: 'Reload firewalld', args: { name: 'firewalld' }, origin: 'role' }, score: 0.4 }],
        variables: [],
        entities: extractEntities(description),
      }).args.masked;
    assert.equal(masked('Unmask firewalld service'), false);
    assert.equal(masked('Mask the firewalld service'), true);
    assert.equal(masked('Stop firewalld'), undefined);
  });

  it('updating the package cache installs nothing; a package manager installs the packages named', () => {
    const update: Record<string, unknown> = { name: 'list', state: 'latest', cache_valid_time: 3600 };
    coherentArgs('ansible.builtin.apt', update, { description: 'debian | update package list' });
    assert.deepEqual(update, { cache_valid_time: 3600, update_cache: true });
    const when: Record<string, unknown> = { name: 'cache', state: 'latest' };
    coherentArgs('ansible.builtin.yum', when, { description: 'Update package cache if repo was added.' });
    assert.deepEqual(when, { update_cache: true });
    const install: Record<string, unknown> = { name: 'cache-tools', state: 'present' };
    coherentArgs('ansible.builtin.apt', install, { description: 'Install cache-tools' });
    assert.deepEqual(install, { name: 'cache-tools', state: 'present' });
    // A cache valid for 0 seconds is the default: said by nothing.
    const zero: Record<string, unknown> = { name: 'nginx', update_cache: true, cache_valid_time: 0 };
    coherentArgs('ansible.builtin.apt', zero, { description: 'Install nginx' });
    assert.deepEqual(zero, { name: 'nginx', update_cache: true });
    const doc = {
      options: {
        name: { name: 'name', aliases: ['pkg'], type: 'list', elements: 'str' },
        state: { name: 'state', aliases: [], type: 'str', choices: ['absent', 'present', 'latest'] },
        update_cache: { name: 'update_cache', aliases: [], type: 'bool' },
      },
    } as never;
    const fill = (description: string, args: Record<string, unknown>, variables: string[] = []) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.apt',
        doc,
        examples: [{ task: { name: 'Update apt cache', args, origin: 'role' }, score: 0.4 }],
        variables,
        entities: extractEntities(description),
      }).args;
    const cache = { update_cache: true };
    assert.deepEqual(fill('Install apt-transport-https and gnupg if necessary.', cache).name, [
      'apt-transport-https',
      'gnupg',
    ]);
    assert.equal(fill('Refresh apt-transport-https', cache).name, undefined);
    // "Debian family" is no package: the variable that names the packages, else a placeholder.
    const other = { name: '{{ zabbix_packages }}', state: 'present' };
    assert.equal(fill('Debian family package installation', other, ['packages_debian']).name, '{{ packages_debian }}');
    assert.equal(fill('Debian family package installation', other).name, '{{ name }}');
    // What must not be there is absent.
    assert.equal(fill('Ensure telnet is not installed', { name: 'telnet', state: 'present' }).state, 'absent');
    assert.equal(fill('Ensure telnet is installed', { name: 'telnet', state: 'present' }).state, 'present');
    // A benchmark's step says the state; its title only when the step says none.
    const step = (description: string) => fill(description, { name: 'telnet', state: 'latest' }).state;
    assert.equal(step('2.1 | PATCH | Ensure telnet is removed | Install the replacement client'), 'present');
    assert.equal(step('2.1 | PATCH | Ensure telnet is removed | telnet'), 'absent');
  });

  it('a set_fact in a block that runs while a variable is undefined sets that variable', () => {
    const doc = { options: {} } as never;
    const description = 'Set flag to indicate that systemd runtime operations are available';
    const fill = (blockDefines?: string[]) =>
      Object.keys(
        fillArgs({
          description,
          fqcn: 'ansible.builtin.set_fact',
          doc,
          examples: [],
          variables: ['__is_system_running'],
          entities: extractEntities(description),
          blockDefines,
        }).args,
      );
    assert.deepEqual(fill(['__postgresql_is_booted']), ['__postgresql_is_booted']);
    assert.notDeepEqual(fill(), ['__postgresql_is_booted']);
  });

  it("the file's own near-copy's words beat another file's template it outweighs", () => {
    const doc = { options: { msg: { name: 'msg', aliases: [], type: 'str' } } } as never;
    const fill = (own: number) =>
      fillArgs({
        description: 'Ensure datadog_zypper_gpgkey is not used',
        fqcn: 'ansible.builtin.fail',
        doc,
        examples: [
          { task: { name: 'Stop play', args: { msg: 'Version {{ v }} is wrong' }, origin: 'workspace' }, score: 1 },
          {
            task: { name: 'Ensure datadog_apt_key_url is not used', args: { msg: 'It was removed.' }, origin: 'file' },
            score: own,
          },
        ],
        variables: ['v'],
        entities: extractEntities('Ensure datadog_zypper_gpgkey is not used'),
      }).args.msg;
    assert.equal(fill(0.9), 'It was removed.');
    assert.equal(fill(0.1), 'Version {{ v }} is wrong');
  });

  it("a project's twin task names the parallel variable, not the twin's own or a renamed namespace", () => {
    const doc = {
      options: { cmd: { name: 'cmd', aliases: [], type: 'str' }, chdir: { name: 'chdir', aliases: [], type: 'path' } },
    } as never;
    const fill = (description: string, name: string, args: Record<string, unknown>, variables: string[]) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.command',
        doc,
        examples: [{ task: { name, args, origin: 'workspace' }, score: 0.9 }],
        variables,
        entities: extractEntities(description),
      }).args;
    const flannel = { cmd: 'kubectl apply -f {{ kubernetes_flannel_manifest_file }}' };
    const scope = ['kubernetes_flannel_manifest_file', 'kubernetes_version', 'kubernetes_role', 'kubernetes_packages'];
    assert.equal(
      fill('Configure Calico networking.', 'Configure Flannel networking.', flannel, scope).cmd,
      'kubectl apply -f {{ kubernetes_calico_manifest_file }}',
    );
    // Several words for one (a snake_case key): `auditd_flush` → `auditd_num_logs`.
    const flush = { cmd: 'set flush = {{ auditd_flush }}' };
    const auditd = ['auditd_flush', 'auditd_max_log_file', 'grub_cmdline', 'sshd_port'];
    assert.equal(
      fill('Configure auditd num_logs', 'Configure auditd flush', flush, auditd).cmd,
      'set num_logs = {{ auditd_num_logs }}',
    );
    // A word most of the project's variables have is its name, not the thing this task is about.
    const runner = { cmd: 'verify {{ gitlab_runner_config }}' };
    const runners = ['gitlab_runner_config', 'gitlab_runner_version', 'gitlab_runner_executable'];
    assert.equal(
      fill('Verify the helper', 'Verify the runner', runner, runners).cmd,
      'verify {{ gitlab_runner_config }}',
    );
  });

  it('a one-off action on a service leaves its start at boot alone unless the description speaks of it', () => {
    const restart: Record<string, unknown> = { name: 'chronyd', state: 'restarted', enabled: true };
    coherentArgs('ansible.builtin.service', restart, { description: 'Restart chronyd' });
    assert.deepEqual(restart, { name: 'chronyd', state: 'restarted' });
    const stop: Record<string, unknown> = { name: 'nginx', state: 'stopped', enabled: false };
    coherentArgs('ansible.builtin.systemd', stop, { description: 'Stop and disable nginx' });
    assert.equal(stop.enabled, false);
    const start: Record<string, unknown> = { name: 'haproxy', state: 'started', enabled: true };
    coherentArgs('ansible.builtin.service', start, { description: 'Start haproxy' });
    assert.equal(start.enabled, true);
  });

  it("the default state is left out where the project's tasks of that module never write one", () => {
    const regedit = (args: Record<string, unknown>) => ({ name: 'r', fqcn: 'ansible.windows.win_regedit', args });
    const project = [regedit({ path: 'HKLM:\\A', name: 'a' }), regedit({ path: 'HKLM:\\B' }), regedit({ name: 'c' })];
    const args: Record<string, unknown> = { path: 'HKLM:\\C', state: 'present' };
    coherentArgs('ansible.windows.win_regedit', args, { description: 'Set C', projectTasks: project });
    assert.equal(args.state, undefined);
    const absent: Record<string, unknown> = { path: 'HKLM:\\C', state: 'absent' };
    coherentArgs('ansible.windows.win_regedit', absent, { description: 'Remove C', projectTasks: project });
    assert.equal(absent.state, 'absent');
    const few: Record<string, unknown> = { path: 'HKLM:\\C', state: 'present' };
    coherentArgs('ansible.windows.win_regedit', few, { description: 'Set C', projectTasks: project.slice(0, 2) });
    assert.equal(few.state, 'present');
  });

  it('a script, binary or hook it writes is executable; a mode with an execute bit stays', () => {
    const mode = (fqcn: string, description: string, args: Record<string, unknown>) => {
      coherentArgs(`ansible.builtin.${fqcn}`, args, { description });
      return args.mode;
    };
    assert.equal(
      mode('template', 'Copy solr init script into place.', { src: 'a.j2', dest: '/x', mode: '0640' }),
      '0755',
    );
    assert.equal(mode('copy', 'Copy Caddy Binary', { src: 'caddy', dest: '/x', mode: '0644' }), '0755');
    assert.equal(mode('template', 'Install it', { src: 'a.j2', dest: '/usr/local/bin/run', mode: '0644' }), '0755');
    assert.equal(
      mode('template', 'Copy firewall script into place.', { src: 'a.j2', dest: '/x', mode: '0744' }),
      '0744',
    );
    assert.equal(
      mode('template', 'Copy firewall configuration', { src: 'a.j2', dest: '/etc/x', mode: '0644' }),
      '0644',
    );
  });

  it("a template nothing places is named after the description's subject, not another project's", () => {
    const args: Record<string, unknown> = { src: 'os10_interface.j2', dest: '{{ dest }}', mode: '0644' };
    coherentArgs('ansible.builtin.template', args, { description: 'Create polkit configuration' });
    assert.equal(args.src, 'polkit.j2');
    // A name the description's words make stays.
    const own: Record<string, unknown> = { src: 'os6_bgp.j2', dest: '{{ dest }}' };
    coherentArgs('ansible.builtin.template', own, { description: 'Generating BGP configuration for os6' });
    assert.equal(own.src, 'os6_bgp.j2');
    const placed: Record<string, unknown> = { src: 'polkit.conf.j2', dest: '/etc/polkit.conf' };
    coherentArgs('ansible.builtin.template', placed, { description: 'Create polkit configuration' });
    assert.equal(placed.src, 'polkit.conf.j2');
  });

  it("a private key is its owner's alone, and so is an .ssh directory", () => {
    const mode = (fqcn: string, description: string, args: Record<string, unknown>) => {
      coherentArgs(`ansible.builtin.${fqcn}`, args, { description });
      return args.mode;
    };
    assert.equal(mode('copy', 'Copy the private key', { src: 'k', dest: '/etc/x/k', mode: '0640' }), '0600');
    assert.equal(mode('copy', 'Copy the private key', { src: 'k', dest: '/etc/x/k', mode: '0400' }), '0400');
    assert.equal(
      mode('file', 'Create .ssh directory', { path: '/home/u/.ssh', state: 'directory', mode: '0750' }),
      '0700',
    );
    assert.equal(mode('copy', 'Copy the public key', { src: 'k', dest: '/etc/x/k', mode: '0644' }), '0644');
  });

  it('a directory or file it creates gets a mode, what it removes keeps no attributes', () => {
    const dir: Record<string, unknown> = { path: '/srv/app', state: 'directory' };
    coherentArgs('ansible.builtin.file', dir, { description: 'Ensure the app directory exists' });
    assert.deepEqual(dir, { path: '/srv/app', state: 'directory', mode: '0755' });
    // A file's mode an example came with is made searchable where readable; others stay.
    const mode = (m: string) => {
      const args: Record<string, unknown> = { path: '/etc/app', state: 'directory', mode: m };
      coherentArgs('ansible.builtin.file', args, { description: 'Ensure the app directory exists' });
      return args.mode;
    };
    assert.deepEqual(['0644', '0640', '600', '0750', 'u=rw,g=r', '{{ app_mode }}'].map(mode), [
      '0755',
      '0750',
      '0700',
      '0750',
      'u=rw,g=r',
      '{{ app_mode }}',
    ]);
    const gone: Record<string, unknown> = { path: '/etc/app', state: 'absent', mode: '0644', owner: 'root' };
    coherentArgs('ansible.builtin.file', gone, { description: 'Remove the app directory' });
    assert.deepEqual(gone, { path: '/etc/app', state: 'absent' });
    const config: Record<string, unknown> = { src: 'app.conf.j2', dest: '/etc/app.conf' };
    coherentArgs('ansible.builtin.template', config, { description: 'Configure the app' });
    assert.equal(config.mode, '0644');
    const tree: Record<string, unknown> = { src: 'files/', dest: '/srv/app/' };
    coherentArgs('ansible.builtin.copy', tree, { description: 'Copy the app files' });
    assert.equal(tree.mode, undefined);
  });

  it('a project whose templates mirror where they go names a new one so, and keeps one it already renders', () => {
    const template = (src: string, dest: string) => ({
      name: 't',
      fqcn: 'ansible.builtin.template',
      args: { src, dest },
    });
    const mirrors = [
      template('etc/dhcp/dhcpd.conf.j2', '/etc/dhcp/dhcpd.conf'),
      template('etc/default/lldpd.j2', '/etc/default/lldpd'),
    ];
    const fill = (src: string, projectTasks: ReturnType<typeof template>[]) => {
      const args: Record<string, unknown> = { src, dest: '/etc/ansible/facts.d/apt.fact', mode: '0644' };
      coherentArgs('ansible.builtin.template', args, { description: 'Render the facts', projectTasks });
      return args.src;
    };
    assert.equal(fill('apt.fact.j2', mirrors), 'etc/ansible/facts.d/apt.fact.j2');
    // One is a habit when nothing says otherwise; a source under etc/ counts whatever it renders.
    assert.equal(fill('apt.fact.j2', mirrors.slice(0, 1)), 'etc/ansible/facts.d/apt.fact.j2');
    const underEtc = [template('etc/apt/apt.conf.d/template.conf.j2', '/etc/apt/apt.conf.d/{{ item.filename }}')];
    assert.equal(fill('apt.fact.j2', underEtc), 'etc/ansible/facts.d/apt.fact.j2');
    assert.equal(fill('apt.fact.j2', [...underEtc, template('app.conf.j2', '/etc/app/app.conf')]), 'apt.fact.j2');
    assert.equal(
      fill('apt.fact.j2', [...mirrors, template('app.conf.j2', '/etc/app/app.conf'), template('web.j2', '/srv/web')]),
      'apt.fact.j2',
    );
    assert.equal(fill('etc/dhcp/dhcpd.conf.j2', mirrors), 'etc/dhcp/dhcpd.conf.j2');
  });

  it("local facts are written to /etc/ansible/facts.d from the role's template", () => {
    const args: Record<string, unknown> = { src: '{{ apt__auth_files }}', dest: '{{ apt__auth_files }}', mode: '0644' };
    coherentArgs('ansible.builtin.template', args, { description: 'Save APT local facts' });
    assert.deepEqual(args, { src: 'apt.fact.j2', dest: '/etc/ansible/facts.d/apt.fact', mode: '0644' });
  });
});

describe("a service's name", () => {
  it('is the unit the description names by its file, and never systemd itself', () => {
    const doc = {
      options: {
        name: { name: 'name', aliases: [], type: 'str' },
        state: { name: 'state', aliases: [], type: 'str', choices: ['reloaded', 'restarted', 'started', 'stopped'] },
      },
    } as never;
    const name = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.service',
        doc,
        examples: [
          { task: { name: 'Restart nginx', args: { name: 'nginx', state: 'restarted' }, origin: 'role' }, score: 0.3 },
        ],
        variables: [],
        entities: extractEntities(description),
      }).args.name;
    assert.equal(name('Make sure automation-gateway-proxy.service is online'), 'automation-gateway-proxy.service');
    assert.equal(name('Reload systemd and restart containerd.'), 'containerd');
    assert.equal(name('Restart systemd-journald'), 'systemd-journald');
    assert.equal(name('ensure {{ mariadb_systemd_service_name }} is started'), '{{ mariadb_systemd_service_name }}');
    assert.equal(name('Restart nginx on {{ ansible_hostname }}'), 'nginx');
    assert.equal(name('Restart_apache'), 'apache');
    // systemd's own daemons by their short names.
    assert.equal(name('Restart sysctl'), 'systemd-sysctl');
    assert.equal(name('Restart journald'), 'systemd-journald');
    // An instance of a service is that service.
    assert.equal(name('Enable and start existing instance of postgresql server'), 'postgresql');
  });
});

describe('a Windows registry value', () => {
  it('is named as the description spells it, not by a subject word', () => {
    const doc = {
      options: {
        path: { name: 'path', aliases: ['key'], type: 'str', required: true },
        name: { name: 'name', aliases: ['entry', 'value'], type: 'str' },
        data: { name: 'data', aliases: [], type: 'raw' },
      },
    } as never;
    const args = { path: 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\LLTD', name: 'AllowLLTDIOOnDomain', data: 0 };
    const name = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.windows.win_regedit',
        doc,
        examples: [{ task: { name: '18.6.9.1 | PATCH | Ensure Turn on Mapper', args, origin: 'file' }, score: 0.6 }],
        variables: [],
        entities: extractEntities(description),
      }).args.name;
    assert.equal(
      name('18.6.9.2 | PATCH | Ensure Turn on Responder RSPNDR driver is set to Disabled | AllowRspndrOnPublicNet'),
      'AllowRspndrOnPublicNet',
    );
    assert.equal(name('18.6.9.3 | PATCH | Ensure Turn on Responder driver is set to Disabled'), 'AllowLLTDIOOnDomain');
  });
});

describe('a description that asks whether a package is installed', () => {
  it("asks the family's package database for the package it names, or reads package facts", () => {
    const command = 'ansible.builtin.command';
    assert.deepEqual(installedCheckArgs('Check if snmpd is installed', command, 'debian'), {
      _raw_params: 'dpkg-query -W snmpd',
    });
    assert.deepEqual(installedCheckArgs('Check if firewalld package is installed', command, 'archlinux'), {
      _raw_params: 'pacman -Q firewalld',
    });
    assert.equal(installedCheckArgs('Check if other time daemons are installed', command, 'debian'), undefined);
    assert.equal(installedCheckArgs('Check if snmpd is installed', command, 'redhat'), undefined);
    assert.deepEqual(installedCheckArgs('Check if snmpd is installed', 'ansible.builtin.package_facts', undefined), {
      manager: 'auto',
    });
    assert.equal(installedCheckArgs('Install snmpd', command, 'debian'), undefined);
    assert.equal(installedCheckModule('redhat'), 'ansible.builtin.package_facts');
    assert.equal(installedCheckModule('debian'), command);
  });
});

describe('the result of the command before', () => {
  const command = 'ansible.builtin.command';
  const before = (register: string, line = 'fail2ban-server -V') => [
    { name: 'get fail2ban version', fqcn: 'ansible.builtin.shell', args: { _raw_params: `${line}\n` }, register },
  ];
  it('is read into a fact named after the registered variable, without its "result" suffix', () => {
    const args = { _raw_params: 'fail2ban-server  -V' };
    assert.deepEqual(
      registeredResultFact('register fail2ban version', command, args, before('_fail2ban_version_raw')),
      {
        fail2ban_version: '{{ _fail2ban_version_raw.stdout }}',
      },
    );
    assert.deepEqual(registeredResultFact('Extract the version', command, args, before('f2b')), {
      f2b_value: '{{ f2b.stdout }}',
    });
  });
  it('only by a description that speaks of a result, after the same command line, registered', () => {
    const args = { _raw_params: 'fail2ban-server -V' };
    assert.equal(registeredResultFact('Restart fail2ban', command, args, before('f2b')), undefined);
    assert.equal(registeredResultFact('Extract the version', command, args, before('f2b', 'fail2ban -V')), undefined);
    assert.equal(
      registeredResultFact('Extract the version', command, args, [{ ...before('f2b')[0], register: undefined }]),
      undefined,
    );
    assert.equal(registeredResultFact('Extract the version', 'ansible.builtin.debug', args, before('f2b')), undefined);
  });
});

describe('the field of a registered result a debug shows', () => {
  const registered = (fqcn: string, register: string, id?: string) => ({
    id,
    name: 'Run it',
    fqcn: `ansible.builtin.${fqcn}`,
    args: {},
    register,
  });
  it("is the one the description names, of that module's result", () => {
    assert.equal(shownField('Print the init output to screen', 'init', [registered('command', 'init')]), 'init.stdout');
    assert.equal(shownField('Show the errors (stderr)', 'r', [registered('shell', 'r')]), 'r.stderr');
    assert.equal(shownField('Display /api/v2/ping results', 'ping', [registered('uri', 'ping')]), 'ping.json');
    assert.equal(shownField('Show diffs', 'fw', [registered('template', 'fw')]), 'fw.diff');
  });
  it('the whole result when it names none, the module has no such field, or another file registered it', () => {
    assert.equal(shownField('Print whoami', 'whoami', [registered('command', 'whoami')]), 'whoami');
    assert.equal(shownField('Show the output', 'st', [registered('stat', 'st')]), 'st');
    assert.equal(shownField('Show the output', 'x', [registered('command', 'x', 'ws:1')]), 'x');
    assert.equal(shownField('Show the output', 'x', []), 'x');
  });
});

describe('a service the description does not name', () => {
  it("is the project's: its one service variable, else its variables' prefix; not another project's", () => {
    const doc = {
      options: { name: { name: 'name', aliases: [], type: 'str' }, state: { name: 'state', aliases: [], type: 'str' } },
    } as never;
    const fill = (variables: string[]) =>
      fillArgs({
        description: 'start and enable service',
        fqcn: 'ansible.builtin.service',
        doc,
        examples: [
          { task: { name: 'Start aimprv', args: { name: 'aimprv', state: 'started' }, origin: 'role' }, score: 0.5 },
        ],
        variables,
        entities: extractEntities('start and enable service'),
      }).args.name;
    const f2b = ['fail2ban_loglevel', 'fail2ban_logtarget', 'fail2ban_bantime', 'fail2ban_maxretry', 'fail2ban_jails'];
    assert.equal(fill(f2b), 'fail2ban');
    assert.equal(fill([...f2b, 'fail2ban_service']), '{{ fail2ban_service }}');
    assert.equal(fill(['a_x', 'b_y']), 'aimprv');
  });
});

describe('what a debug prints', () => {
  const doc = {
    options: { msg: { name: 'msg', aliases: [], type: 'str' }, var: { name: 'var', aliases: [], type: 'str' } },
  } as never;
  const msg = (description: string, variables: string[], justRegistered?: string) =>
    fillArgs({
      description,
      fqcn: 'ansible.builtin.debug',
      doc,
      examples: [],
      variables,
      entities: extractEntities(description),
      justRegistered,
    }).args.msg;
  it('the variable named, else the result the task just before registered, else the words', () => {
    assert.equal(msg('Print the rendered config', ['rendered_config', 'other'], 'other'), '{{ rendered_config }}');
    assert.equal(msg('print to terminal screen', ['rendered_config'], 'rendered_config'), '{{ rendered_config }}');
    assert.equal(msg('print to terminal screen', ['rendered_config']), 'To terminal screen');
    // A message is no print-out of a result.
    assert.equal(msg('Reboot is needed to apply changes', ['r'], 'r'), 'Reboot is needed to apply changes');
  });
});

describe('an option the description writes as option=value', () => {
  it('takes that value, over what the examples set', () => {
    const doc = {
      options: {
        key: { name: 'key', aliases: [], type: 'str', required: true },
        state: { name: 'state', aliases: [], type: 'str', choices: ['present', 'absent'] },
      },
    } as never;
    const fill = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.rpm_key',
        doc,
        examples: [
          { task: { name: 'Remove a key', args: { key: 'DEADB33F', state: 'absent' }, origin: 'role' }, score: 0.5 },
        ],
        variables: [],
        entities: extractEntities(description),
      }).args;
    assert.deepEqual(fill('Ensure GPG key is not present in the RPM db, key={{ item }}'), {
      key: '{{ item }}',
      state: 'absent',
    });
    assert.equal(fill("Remove the key key='/tmp/old.asc'").key, '/tmp/old.asc');
    assert.equal(fill('Remove the old GPG key').key, 'DEADB33F');
  });
});

describe("a fail's message", () => {
  const doc = { options: { msg: { name: 'msg', aliases: [], type: 'str' } } } as never;
  const fill = (section: 'rescue' | 'block', origin: 'file' | 'role', description = 'Re-raise the error') =>
    fillArgs({
      description,
      fqcn: 'ansible.builtin.fail',
      doc,
      examples: [
        { task: { name: 'Fail if engine is down', args: { msg: 'Engine VM is not running' }, origin }, score: 0.4 },
      ],
      variables: [],
      entities: extractEntities(description),
      section,
    }).args.msg;
  it('in a rescue re-raises the failure it handles, unless the file says it its own way', () => {
    assert.equal(fill('rescue', 'role'), '{{ ansible_failed_result }}');
    assert.equal(fill('block', 'role'), 'Engine VM is not running');
    assert.equal(fill('rescue', 'file'), 'Engine VM is not running');
  });

  it("says why in the description's words, not another project's", () => {
    assert.equal(fill('block', 'role', 'Fail if OS is not supported'), 'OS is not supported');
    assert.equal(fill('block', 'role', 'Stop play if my_version is too old'), 'my_version is too old');
    assert.equal(fill('block', 'file', 'Fail if OS is not supported'), 'Engine VM is not running');
  });
});

describe('an account looked up', () => {
  it('in the user database (the group database for a group) by the name the description gives', () => {
    const doc = {
      options: {
        database: { name: 'database', aliases: [], type: 'str', required: true },
        key: { name: 'key', aliases: [], type: 'str' },
      },
    } as never;
    const fill = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.getent',
        doc,
        examples: [
          { task: { name: 'Get a group', args: { database: 'group', key: 'http' }, origin: 'role' }, score: 0.5 },
        ],
        variables: ['mariadb_sst_username'],
        entities: extractEntities(description),
      }).args;
    assert.deepEqual(fill('Check if {{ mariadb_sst_username }} exists in the system'), {
      database: 'passwd',
      key: '{{ mariadb_sst_username }}',
    });
    assert.deepEqual(fill('Check if user mysql exists'), { database: 'passwd', key: 'mysql' });
    assert.deepEqual(fill('Check if group docker exists'), { database: 'group', key: 'docker' });
  });
});

describe('accounts, groups and files a description names', () => {
  const opt = (name: string, type = 'str', choices?: string[]) => ({ name, aliases: [], type, choices });
  const fill = (description: string, short: string, options: ReturnType<typeof opt>[], args: Record<string, unknown>) =>
    fillArgs({
      description,
      fqcn: `ansible.builtin.${short}`,
      doc: { options: Object.fromEntries(options.map((o) => [o.name, o])) } as never,
      examples: [{ task: { name: 'Do it', args, origin: 'role' }, score: 0.5 }],
      variables: [],
      entities: extractEntities(description),
    }).args;
  it('the name after the kind of account; the group an account is added to, appended', () => {
    assert.equal(fill('Create su group sugroup', 'group', [opt('name')], { name: 'x' }).name, 'sugroup');
    assert.equal(fill('Create the docker group', 'group', [opt('name')], { name: 'x' }).name, 'docker');
    // A variable the description names is the account's name.
    assert.equal(fill('Ensure solr_group exists.', 'group', [opt('name')], { name: 'x' }).name, '{{ solr_group }}');
    const user = [
      opt('name'),
      opt('groups', 'list'),
      opt('append', 'bool'),
      opt('state', 'str', ['present', 'absent']),
    ];
    // (The default state of an account added to groups is left out: argCoherence.ts.)
    assert.deepEqual(fill('Add telegraf user to docker group', 'user', user, { name: 'x', state: 'present' }), {
      name: 'telegraf',
      groups: 'docker',
      append: true,
    });
    assert.deepEqual(fill('Add telegraf user', 'user', user, { name: 'x', state: 'present' }), {
      name: 'telegraf',
      state: 'present',
    });
  });
  it('a file a reading module needs is the one the description names, when nothing else fills it', () => {
    const read = [opt('src', 'path')];
    (read[0] as { required?: boolean }).required = true;
    assert.equal(fill('Get existing config.toml', 'slurp', read, {}).src, 'config.toml');
    assert.equal(fill('Get the existing configuration', 'slurp', read, {}).src, '{{ src }}');
  });

  it("another project's literal credential becomes a variable, or none on an account not asked one; the file's own is kept", () => {
    const account = [opt('name'), opt('password'), opt('update_password')];
    const made = fill('Create the keystone user', 'user', account, { name: 'x', password: 'foobarbaz' });
    assert.equal(made.password, undefined);
    const asked = fill('Create the keystone user with a password', 'user', account, {
      name: 'x',
      password: 'foobarbaz',
    });
    assert.equal(asked.password, '{{ password }}');
    // A choice about a password is no password (`update_password: on_create`).
    const choice = [opt('name'), opt('update_password', 'str', ['always', 'on_create'])];
    const kept = fill('Create the keystone database user', 'mysql_user', choice, {
      name: 'x',
      update_password: 'on_create',
    });
    assert.equal(kept.update_password, 'on_create');
    const login = [opt('name'), opt('login_password')];
    const db = fill('Create the keystone database', 'mysql_db', login, { name: 'x', login_password: '123456' });
    assert.equal(db.login_password, '{{ login_password }}');
    const own = fillArgs({
      description: 'Create the keystone user',
      fqcn: 'ansible.builtin.user',
      doc: { options: Object.fromEntries(account.map((o) => [o.name, o])) } as never,
      examples: [
        {
          task: { name: 'Create the glance user', args: { name: 'glance', password: 'x' }, origin: 'file' },
          score: 0.9,
        },
      ],
      variables: [],
      entities: extractEntities('Create the keystone user'),
    }).args;
    assert.equal(own.password, 'x');
  });
  it('a directory named after the subject is the one the project already uses', () => {
    const dir = [opt('path', 'path'), opt('state', 'str', ['absent', 'directory', 'file'])];
    const made = (description: string, paths: string[]) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.file',
        doc: { options: Object.fromEntries(dir.map((o) => [o.name, o])) } as never,
        examples: [
          {
            task: {
              name: 'Create zabbix directory',
              args: { path: '/srv/web', state: 'directory' },
              origin: 'role',
            },
            score: 0.5,
          },
        ],
        variables: [],
        entities: extractEntities(description),
        projectTasks: paths.map((p) => ({
          name: 't',
          fqcn: 'ansible.builtin.template',
          args: { src: 'x.j2', dest: p },
        })),
      }).args.path;
    assert.equal(made('Create telegraf directory', ['/etc/telegraf/', '/etc/sysconfig/telegraf']), '/etc/telegraf');
    // Two such directories, or none: the examples' say.
    assert.equal(made('Create telegraf directory', ['/etc/telegraf', '/var/lib/telegraf']), '/srv/web');
    assert.equal(made('Create telegraf directory', ['/etc/sysconfig/telegraf']), '/srv/web');
  });
  it("a service's account or group is a system one when the description says so", () => {
    const account = [opt('name'), opt('system', 'bool')];
    assert.equal(fill('Create the keystone system user', 'user', account, { name: 'x' }).system, true);
    assert.equal(fill('Create system groups', 'group', account, { name: 'x' }).system, true);
    assert.equal(fill('Create the keystone user', 'user', account, { name: 'x' }).system, undefined);
  });
  it('a drop-in directory is created; the file that includes another is the one edited', () => {
    const file = [opt('path', 'path'), opt('state', 'str', ['absent', 'directory', 'file'])];
    const dir = 'Create a directory for drop-in configuration snippets';
    assert.equal(fill(dir, 'file', file, { path: '/etc/x', state: 'directory' }).state, 'directory');
    const line = [opt('path', 'path'), opt('line')];
    const sudoers = "Ensure that '/etc/sudoers' includes '/etc/sudoers.d'";
    assert.equal(fill(sudoers, 'lineinfile', line, { path: '/etc/x', line: 'y' }).path, '/etc/sudoers');
    assert.equal(fill('Copy /tmp/a to /etc/b', 'lineinfile', line, { path: '/etc/x', line: 'y' }).path, '/etc/b');
    // A file named and the directory it goes to: the file in that directory.
    const copy = [opt('src', 'path'), opt('dest', 'path')];
    const { src, dest } = fill('Copy config.toml to /etc/containerd', 'copy', copy, { src: 'a', dest: '/b' });
    assert.deepEqual({ src, dest }, { src: 'config.toml', dest: '/etc/containerd/config.toml' });
    assert.equal(
      fill('Template nginx.conf.j2 to /etc/nginx/', 'template', copy, { src: 'a', dest: '/b' }).dest,
      '/etc/nginx/nginx.conf',
    );
    assert.equal(fill('Copy app.conf to /etc/app.conf', 'copy', copy, { src: 'a', dest: '/b' }).dest, '/etc/app.conf');
    const stat = [opt('path', 'path')];
    assert.equal(
      fill('Check if transactional-update exists in /sbin', 'stat', stat, { path: '/x' }).path,
      '/sbin/transactional-update',
    );
  });
});

describe('a kernel parameter', () => {
  it('is named by its sysctl key however the description names it', () => {
    assert.equal(kernelParameterIn('system_perfromance_tuning | configure swappiness'), 'vm.swappiness');
    assert.equal(
      kernelParameterIn('3.3.7 | PATCH | Ensure Reverse Path Filtering is enabled'),
      'net.ipv4.conf.all.rp_filter',
    );
    assert.equal(kernelParameterIn('Set net.core.rmem_max.'), 'net.core.rmem_max');
    assert.equal(kernelParameterIn('Enable nf_conntrack_tcp_be_liberal'), 'net.netfilter.nf_conntrack_tcp_be_liberal');
    assert.equal(kernelParameterIn('Install the ip_forwarder package'), undefined);
    assert.equal(kernelParameterIn('Copy kernel.conf'), undefined);
  });

  it('sysctl sets that key, to 1 or 0 when the description enables or disables it', () => {
    const doc = {
      options: {
        name: { name: 'name', aliases: ['key'], type: 'str', required: true },
        value: { name: 'value', aliases: ['val'], type: 'str' },
      },
    } as never;
    const fill = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.posix.sysctl',
        doc,
        examples: [
          {
            task: { name: 'Set somaxconn', args: { name: 'net.core.somaxconn', value: '4096' }, origin: 'role' },
            score: 0.5,
          },
        ],
        variables: [],
        entities: extractEntities(description),
      }).args;
    assert.deepEqual(fill('Enable IP forwarding'), { name: 'net.ipv4.ip_forward', value: '1' });
    assert.deepEqual(fill('Disable TCP SYN cookies'), { name: 'net.ipv4.tcp_syncookies', value: '0' });
    assert.deepEqual(fill('Set swappiness to 10'), { name: 'vm.swappiness', value: '10' });
    assert.deepEqual(fill('Set vm.max_map_count for Elasticsearch'), { name: 'vm.max_map_count', value: '4096' });
  });
});

describe('a registered result', () => {
  it("is no option's value whole: a stat's result is not the path, a getent's not the owner", () => {
    const fill = (register?: string) =>
      fillArgs({
        description: 'Create GitLab SSL configuration folder',
        fqcn: 'ansible.builtin.file',
        doc: {
          options: Object.fromEntries(
            ['path', 'state', 'owner'].map((o) => [o, { name: o, aliases: [], type: 'str' }]),
          ),
        } as never,
        examples: [
          {
            task: { name: 'Create a dir', args: { path: '/etc/app', state: 'directory' }, origin: 'module-examples' },
            score: 0.5,
          },
        ],
        variables: ['gitlab_config_file'],
        projectTasks: [{ name: 'Check the config', fqcn: 'ansible.builtin.stat', args: {}, register }],
        entities: extractEntities('Create GitLab SSL configuration folder'),
      }).args.path;
    assert.equal(fill(), '{{ gitlab_config_file }}');
    assert.notEqual(fill('gitlab_config_file'), '{{ gitlab_config_file }}');
  });
});

describe('the variable a description spells out in words', () => {
  it('is the longest in scope whose two or more words it writes in order', () => {
    const vars = ['caddy_version', 'caddy_home', 'version', 'caddy_version_file'];
    assert.equal(spelledVariable('Set Caddy version', vars), 'caddy_version');
    assert.equal(spelledVariable('Write the Caddy version file', vars), 'caddy_version_file');
    assert.equal(spelledVariable('Set version', vars), undefined);
    assert.equal(spelledVariable('Set the version of Caddy', vars), undefined);
  });
  it("fills a copy's content", () => {
    const content = fillArgs({
      description: 'Set Caddy version',
      fqcn: 'ansible.builtin.copy',
      doc: {
        options: Object.fromEntries(['content', 'dest'].map((o) => [o, { name: o, aliases: [], type: 'str' }])),
      } as never,
      examples: [
        {
          task: { name: 'Write packages', args: { content: '{{ pkgs | join(",") }}', dest: '/tmp/x' }, origin: 'role' },
          score: 0.5,
        },
      ],
      variables: ['caddy_version', 'pkgs'],
      entities: extractEntities('Set Caddy version'),
    }).args.content;
    assert.equal(content, '{{ caddy_version }}');
  });
});

describe('facts gathered again', () => {
  const fill = (description: string) =>
    fillArgs({
      description,
      fqcn: 'ansible.builtin.setup',
      doc: {
        options: Object.fromEntries(
          ['filter', 'gather_subset'].map((o) => [o, { name: o, aliases: [], type: 'list' }]),
        ),
      } as never,
      examples: [{ task: { name: 'Gather facts', args: {}, origin: 'module-examples' }, score: 0.5 }],
      variables: [],
      entities: extractEntities(description),
    }).args;
  it("are only the host's local facts when the description says so", () => {
    assert.deepEqual(fill('Refresh local facts'), { filter: 'ansible_local', gather_subset: '!all' });
    assert.deepEqual(fill('Reload custom facts'), { filter: 'ansible_local', gather_subset: '!all' });
    assert.deepEqual(fill('Update current facts'), {});
  });
});

describe('how long a wait or a pause lasts', () => {
  const fill = (description: string, fqcn: string, options: string[], args: Record<string, unknown>) =>
    fillArgs({
      description,
      fqcn: `ansible.builtin.${fqcn}`,
      doc: { options: Object.fromEntries(options.map((o) => [o, { name: o, aliases: [], type: 'int' }])) } as never,
      examples: [{ task: { name: 'Wait a bit', args, origin: 'module-examples' }, score: 0.5 }],
      variables: [],
      entities: extractEntities(description),
    }).args;
  it('is the time the description says', () => {
    assert.deepEqual(fill('Sleep for extra 15 seconds', 'wait_for', ['timeout'], { timeout: 300 }), { timeout: 15 });
    assert.deepEqual(fill('Wait 2 minutes for the node', 'wait_for', ['timeout'], { timeout: 300 }), {
      timeout: 120,
    });
    assert.deepEqual(fill('Pause for 30 seconds', 'pause', ['seconds', 'minutes'], { minutes: 5 }), { seconds: 30 });
    assert.deepEqual(fill('Pause for 2 minutes', 'pause', ['seconds', 'minutes'], { seconds: 10 }), { minutes: 2 });
    assert.deepEqual(fill('Wait for the port', 'wait_for', ['timeout'], { timeout: 300 }), { timeout: 300 });
  });
});

describe('a standard system file the description names', () => {
  const opt = (name: string, type = 'path') => ({ name, aliases: [], type });
  const fill = (description: string, fqcn: string, options: string[], args: Record<string, unknown>) =>
    fillArgs({
      description,
      fqcn: `ansible.builtin.${fqcn}`,
      doc: { options: Object.fromEntries(options.map((o) => [o, opt(o)])) } as never,
      examples: [{ task: { name: 'Configure the app', args, origin: 'module-examples' }, score: 0.5 }],
      variables: [],
      entities: extractEntities(description),
    }).args;

  it('by its file name is that file, and a template is named after it', () => {
    const example = { path: '/etc/app.conf', line: 'x=1' };
    assert.equal(
      fill('Set yum.conf clean_requirements', 'lineinfile', ['path', 'line'], example).path,
      '/etc/yum.conf',
    );
    assert.equal(fill('Remove floppy from fstab', 'lineinfile', ['path', 'line'], example).path, '/etc/fstab');
    const template = { src: 'demo.j2', dest: '/tmp/demo.txt' };
    const motd = fill('Template out motd', 'template', ['src', 'dest'], template);
    assert.deepEqual([motd.src, motd.dest], ['motd.j2', '/etc/motd']);
    const limits = fill('Configure limits.conf', 'template', ['src', 'dest'], template);
    assert.deepEqual([limits.src, limits.dest], ['limits.conf.j2', '/etc/security/limits.conf']);
  });

  it('not a file of that name elsewhere, an everyday word, or a name inside a path', () => {
    const example = { path: '/etc/app.conf', line: 'x=1' };
    assert.equal(fill('Set app.conf option', 'lineinfile', ['path', 'line'], example).path, 'app.conf');
    assert.equal(
      fill('Configure shadow password suite', 'lineinfile', ['path', 'line'], example).path,
      '/etc/app.conf',
    );
    assert.equal(fill('Disable motd-news', 'lineinfile', ['path', 'line'], example).path, '/etc/app.conf');
    assert.equal(
      fill('Set /etc/update-motd.d permission', 'file', ['path'], { path: '/x' }).path,
      '/etc/update-motd.d',
    );
  });

  it("a program's configuration directory is under /etc (Ansible's local facts' too); a folder in a directory written is in it", () => {
    const path = (description: string) => fill(description, 'file', ['path'], { path: '/usr/local/bin/' }).path;
    assert.equal(path('Ensure containerd config directory exists.'), '/etc/containerd');
    assert.equal(path('Make sure the Docker daemon configuration directory exists.'), '/etc/docker');
    assert.equal(path('Create GitLab SSL configuration folder'), '/etc/gitlab/ssl');
    assert.equal(path('Create postgresql directory in /etc'), '/etc/postgresql');
    assert.equal(path('Create the directory in /srv'), '/srv');
    assert.equal(path('Ensure Solr conf directories exist'), '/usr/local/bin/');
    assert.equal(
      path('Create the systemd overrides directory for containerd.'),
      '/etc/systemd/system/containerd.service.d',
    );
    assert.equal(path('Make sure that Ansible local fact directory exists'), '/etc/ansible/facts.d');
    assert.equal(path('Ensure .kube directory exists.'), '~/.kube');
    assert.equal(path('Ensure the local facts folder is present'), '/etc/ansible/facts.d');
    assert.equal(path('Ensure custom facts directory exists'), '/usr/local/bin/');
    assert.equal(path('(MacOS) Precreate directory {{ gitlab_runner_directory }}'), '{{ gitlab_runner_directory }}');
    assert.equal(path('Ensure directory permissions {{ runn_name_prefix }}'), '/usr/local/bin/');
    const stat = (description: string) => fill(description, 'stat', ['path'], { path: '/etc/app.conf' }).path;
    assert.equal(stat('Check if system is ostree'), '/run/ostree-booted');
    assert.equal(stat('Check if the app is configured'), '/etc/app.conf');
    const template = (description: string) =>
      fill(description, 'template', ['src', 'dest'], { src: 'app.conf.j2', dest: '/etc/app.conf' });
    const { src, dest } = template('Override the systemd unit for Docker.');
    assert.deepEqual(
      { src, dest },
      { src: 'override.conf.j2', dest: '/etc/systemd/system/docker.service.d/override.conf' },
    );
  });
});

describe('the variable in scope that fills an option', () => {
  const pick = (key: string, fqcn: string, description: string, variables: string[]) =>
    variableFor(key, `ansible.builtin.${fqcn}`, variables, extractEntities(description));

  it('names the thing the description names, every one of its own words', () => {
    assert.equal(pick('name', 'service', 'restart redis', ['redis_port', 'redis_daemon']), 'redis_daemon');
    assert.equal(pick('name', 'apt', 'Ensure Varnish is installed.', ['varnish_package_name']), 'varnish_package_name');
    // The public variable, not the role's private per-OS default behind it.
    assert.equal(
      pick('name', 'apt', 'Ensure Redis is installed.', ['__redis_package', 'redis_package']),
      'redis_package',
    );
    // "mac" is not the description's: the macOS account is not the one it creates.
    assert.equal(pick('owner', 'template', 'Create telegraf user', ['telegraf_mac_user']), undefined);
    assert.equal(pick('name', 'service', 'Restart postgresql', ['postgresql_cert_name']), undefined);
    // A daemon is named after its program: sshd for ssh, firewalld for the firewall.
    assert.equal(pick('name', 'service', 'Restart the SSH service', ['sshd_service', 'ssh_port']), 'sshd_service');
    assert.equal(pick('name', 'service', 'Start firewalld', ['__firewall_service']), '__firewall_service');
    assert.equal(pick('name', 'service', 'Restart ssh', ['ss_service']), undefined);
    // conf, config, cfg and configuration are one word.
    assert.equal(
      pick('path', 'file', 'Ensure sysctl configuration dir exists', ['sysctl_conf_dir']),
      'sysctl_conf_dir',
    );
    assert.equal(pick('path', 'file', 'Ensure sysctl dir exists', ['sysctl_conf_dir']), undefined);
    // "Solr install files" names the thing in two of the description's words; the option says the rest.
    const solr = ['solr_install_path', 'solr_user'];
    assert.equal(
      pick('path', 'file', 'Ensure Solr install files are owned by the solr_user.', solr),
      'solr_install_path',
    );
    // …but one word of a qualifier is not the thing: `packages_redhat` is no UFW.
    assert.equal(pick('name', 'dnf', 'RedHat family UFW installation', ['packages_redhat']), undefined);
  });

  it('not a flag, a state or another kind of thing', () => {
    const es = ['elasticsearch_service_enabled', 'elasticsearch_service_state'];
    assert.equal(pick('name', 'service', 'restart elasticsearch', es), undefined);
    assert.equal(pick('name', 'service', 'restart varnish', ['varnish_package_name']), undefined);
    assert.equal(pick('name', 'apt', 'Install docker', ['docker_service_name']), undefined);
  });

  it("a project's template variable over a template name made up from the file's; one the description writes stays", () => {
    const doc = {
      options: {
        src: { name: 'src', aliases: [], type: 'path' },
        dest: { name: 'dest', aliases: [], type: 'path', required: true },
      },
    } as never;
    const src = (description: string, variables: string[]) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.template',
        doc,
        examples: [{ task: { name: 'x', args: { src: 'x.j2', dest: '/etc/x' }, origin: 'role' }, score: 0.3 }],
        variables,
        entities: extractEntities(description),
      }).args.src;
    assert.equal(src('Configure limits.conf', []), 'limits.conf.j2');
    assert.equal(src('Configure limits.conf', ['limits_conf_template']), '{{ limits_conf_template }}');
    assert.equal(src('Configure limits.conf from limits.j2', ['limits_conf_template']), 'limits.j2');
  });

  it("a state the verb only implies is the file's near-copy's; a regex fits an option whose choices say *regex*", () => {
    const doc = {
      options: {
        path: { name: 'path', aliases: [], type: 'path' },
        line: { name: 'line', aliases: [], type: 'str' },
        state: { name: 'state', aliases: [], type: 'str', choices: ['absent', 'present'] },
        insertafter: { name: 'insertafter', aliases: [], type: 'str', choices: ['EOF', '*regex*'] },
      },
    } as never;
    const nearCopy = {
      path: '/etc/gitlab-runner/config.toml',
      line: '  port = 22',
      state: "{{ 'present' if ssh_port is defined else 'absent' }}",
      insertafter: '^\\s*\\[runners\\.ssh\\]',
    };
    const fill = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.lineinfile',
        doc,
        examples: [{ task: { name: 'Set ssh port option', args: nearCopy, origin: 'file' }, score: 0.8 }],
        variables: ['ssh_port', 'ssh_user'],
        entities: extractEntities(description),
      }).args;
    const user = fill('Set ssh user option');
    assert.equal(user.state, "{{ 'present' if ssh_user is defined else 'absent' }}");
    assert.equal(user.insertafter, nearCopy.insertafter);
    assert.equal(fill('Remove ssh port option').state, 'absent');
  });

  it("a near-copy asking for the opposite (Delete against Create) gives no state; the project's other copy does; the copy's path beats a variable guessed from the words", () => {
    const doc = {
      options: {
        path: { name: 'path', aliases: [], type: 'path', required: true },
        state: { name: 'state', aliases: [], type: 'str', choices: ['absent', 'directory', 'file', 'link', 'touch'] },
      },
    } as never;
    const path = '{{ telegraf_agent_config_path }}/telegraf.d/';
    const remove = {
      task: { name: 'Delete telegraf extra plugin path', args: { state: 'absent', path }, origin: 'file' },
    };
    const create = {
      task: { name: 'Create telegraf plugin path', args: { state: 'directory', path }, origin: 'workspace' },
    };
    const filled = (description: string, examples: never[]) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.file',
        doc,
        examples,
        // `telegraf_directory` is a stat registered earlier: its words fit a path, the copy's template fits better.
        variables: ['telegraf_agent_config_path', 'telegraf_directory'],
        entities: extractEntities(description),
      }).args;
    const fill = (description: string, examples: never[]) => filled(description, examples).state;
    const both = [
      { ...remove, score: 0.8 },
      { ...create, score: 0.9 },
    ] as never[];
    assert.equal(fill('Create telegraf extra plugin path', both), 'directory');
    assert.equal(fill('Remove telegraf extra plugin path', both), 'absent');
    assert.equal(fill('Create telegraf extra plugin path', [{ ...remove, score: 0.8 }] as never[]), undefined);
    assert.equal(filled('Create telegraf extra plugin path', both).path, path);
    assert.equal(filled('Create telegraf directory', []).path, '{{ telegraf_directory }}');
  });

  it("a subject the file's earlier task of the module named has that task's expression; another word keeps the word", () => {
    const state = { name: 'state', aliases: [], choices: ['started', 'stopped', 'restarted'], type: 'str' };
    const doc = { options: { name: { name: 'name', aliases: [], type: 'str' }, state } } as never;
    const earlier = { name: '{{ mariadb_systemd_service_name }}', state: 'restarted' };
    const fill = (description: string, variables: string[]) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.service',
        doc,
        examples: [
          {
            task: { name: 'galera_monitoring | restarting mysql on first node', args: earlier, origin: 'file' },
            score: 0.4,
          },
        ],
        variables,
        entities: extractEntities(description),
      }).args.name;
    const scope = ['mariadb_systemd_service_name'];
    assert.equal(fill('galera_monitoring | waiting for mysql to start on other nodes', scope), earlier.name);
    assert.equal(fill('Start redis', scope), 'redis');
    // Out of scope, the expression is another file's.
    assert.equal(fill('galera_monitoring | waiting for mysql to start on other nodes', []), 'mysql');
  });

  it("a one-off action the description names beats a state variable; a package's state is no service's", () => {
    const state = { name: 'state', aliases: [], choices: ['started', 'stopped', 'restarted', 'reloaded'], type: 'str' };
    const doc = { options: { name: { name: 'name', aliases: [], type: 'str' }, state } } as never;
    const fill = (description: string, fqcn: string, variables: string[]) =>
      fillArgs({
        description,
        fqcn: `ansible.builtin.${fqcn}`,
        doc,
        examples: [{ task: { name: 'x', args: { name: 'x', state: 'started' }, origin: 'role' }, score: 0.5 }],
        variables,
        entities: extractEntities(description),
      }).args.state;
    assert.equal(fill('restart docker', 'service', ['docker_service_state']), 'restarted');
    assert.equal(fill('Ensure docker is running', 'service', ['docker_service_state']), '{{ docker_service_state }}');
    assert.equal(fill('Ensure gitlab runner is running', 'service', ['gitlab_runner_package_state']), 'started');
    state.choices = ['mounted', 'remounted', 'unmounted'];
    assert.equal(fill('Remounting /tmp', 'mount', []), 'remounted');
  });
});

describe('the fact a set_fact defines', () => {
  it('takes its value from the registered result or private variable named like it', () => {
    assert.equal(
      factSource('haproxy_version', ['haproxy_template', 'haproxy_version_result']),
      '{{ haproxy_version_result.stdout }}',
    );
    assert.equal(factSource('redis_package', ['redis_port', '__redis_package']), '{{ __redis_package }}');
    assert.equal(factSource('redis_package', ['redis_port', 'redis_package_name']), undefined);
    assert.equal(
      factSource('__timesync_is_ostree', ['timesync_ntp', '__ostree_booted_stat']),
      '{{ __ostree_booted_stat.stat.exists }}',
    );
    assert.equal(factSource('__timesync_is_ostree', ['timesync_ntp', '__transactional_update_stat']), undefined);
  });

  it("the project's variables a description writes bare are its variables", () => {
    const scope = ['homebrew_install_path', 'homebrew_user', 'item'];
    const said = 'Ensure ownership on homebrew_brew_bin_path dirs (see /etc/x_y and {{ homebrew_prefix }}).';
    assert.deepEqual(describedVariables(said, scope), ['homebrew_brew_bin_path']);
    // Not in the namespace of two variables in scope: a package or a file name.
    assert.deepEqual(describedVariables('Install node_exporter', scope), []);
    assert.deepEqual(describedVariables('Ensure homebrew_user exists', scope), []);
  });

  it("defined from the OS's private value where the project loads per-OS variable files", () => {
    const loaded = [{ fqcn: 'ansible.builtin.include_vars' }];
    assert.equal(perOsDefault('Define redis_package.', 'redis_package', loaded), '{{ __redis_package }}');
    assert.equal(
      perOsDefault('Define redis_package.', 'redis_package', [{ fqcn: 'ansible.builtin.template' }]),
      undefined,
    );
    assert.equal(perOsDefault('Set redis_package.', 'redis_package', loaded), undefined);
  });

  it('a flag is named for what it says, private where the project keeps its own so', () => {
    const scope = [
      '__timesync_ntp_keys',
      'timesync_ntp_servers',
      'timesync_ptp',
      'timesync_dhcp',
      'timesync_mode',
      'timesync_x',
    ];
    assert.equal(factName('Set flag to indicate system is ostree', scope), '__timesync_is_ostree');
    assert.equal(factName('Set flag if transactional-update exists', scope), '__timesync_is_transactional');
    assert.equal(factName('Set flag if transactional-update exists', scope.slice(1)), 'timesync_is_transactional');
    assert.equal(factName('Set before 6/7.40.0 flag', scope), 'timesync_before_flag');
  });

  it('the variable in scope the words name, under whatever prefix the project gives it', () => {
    const scope = ['datadog_agent_binary_path_macos', 'datadog_agent_binary_path', 'agent_dd_user'];
    assert.equal(factName('Set Agent binary path', scope), 'datadog_agent_binary_path');
    assert.equal(factName('Set flag to indicate system is ostree', ['__sshd_is_ostree']), '__sshd_is_ostree');
    // A result registered under the bare words is where the fact comes from, not the fact.
    const caddy = ['caddy_home', 'caddy_user', 'caddy_version', 'caddy_url', '__systemd_version'];
    assert.equal(factName('Set systemd version fact', caddy), 'caddy_systemd_version');
  });

  it('an identifier the description writes', () => {
    assert.equal(factName('Define redis_package.', []), 'redis_package');
  });

  it('the value a description gives: a setting, an empty list or mapping to start, a flag raised', () => {
    assert.equal(factValue('Set the retry flag to False'), false);
    assert.equal(factValue('Set workers to 3'), 3);
    assert.deepEqual(factValue('Initialze runner list'), []);
    assert.deepEqual(factValue('Reset firewall config mapping'), {});
    assert.equal(factValue('Register that this role has run'), true);
    assert.equal(factValue('Register the role version'), undefined);
  });

  it('the words after a defining verb, with the role prefix most variables share', () => {
    assert.equal(factName('Set HAProxy version.', []), 'haproxy_version');
    const vars = ['caddy_home', 'caddy_user', 'caddy_version', 'caddy_url', 'caddy_tag'];
    assert.equal(projectPrefix(vars), 'caddy');
    assert.equal(factName('Set systemd version fact', vars), 'caddy_systemd_version');
  });

  it('none for a description that does not define something, unless any words will do', () => {
    const d = '6.3.3.5 | PATCH | Ensure events that modify the network are collected';
    assert.equal(factName(d, []), undefined);
    assert.equal(factName('Use RHEL 7 packages for Fedora', [], { anyWords: true }), 'use_rhel_packages');
  });

  it("named after what Ansible gathers about the host: the host's own, spelt as the project reads facts", () => {
    assert.equal(hostFactValue('telegraf_agent_package_arch'), "{{ ansible_facts['architecture'] }}");
    const injected = [{ args: { name: '{{ ansible_hostname }}' } }];
    assert.equal(hostFactValue('telegraf_agent_package_arch', injected), '{{ ansible_architecture }}');
    assert.equal(hostFactValue('telegraf_agent_package'), undefined);
  });

  it('an architecture the description names, as packages name it; two leave it to the host', () => {
    const arch = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.set_fact',
        doc: undefined,
        examples: [
          {
            task: {
              name: 'Set telegraf_agent_package_arch',
              args: { telegraf_agent_package_arch: '{{ a }}' },
              origin: 'file',
            },
            score: 0.8,
          },
        ],
        variables: [],
        entities: extractEntities(description),
      }).args.telegraf_agent_package_arch;
    assert.equal(arch('Set telegraf_agent_package_arch specific for x86_64'), 'amd64');
    assert.equal(arch('Set telegraf_agent_package_arch specific for aarch64'), 'arm64');
    assert.equal(arch('Set telegraf_agent_package_arch specific for arm64/x86_64'), '{{ a }}');
  });

  it('of unknown value right after a registered result: that result as its module returns it, when it is wanted', () => {
    const after = (description: string, fqcn: string, register: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.set_fact',
        doc: undefined,
        examples: [{ task: { name: 'Set a fact', args: { other_fact: true }, origin: 'role' }, score: 0.3 }],
        variables: [register],
        entities: extractEntities(description),
        justRegistered: register,
        projectTasks: [{ name: 'before', fqcn: `ansible.builtin.${fqcn}`, args: {}, register }],
      }).args;
    assert.deepEqual(after('(MacOS) Set fact -> gitlab_runner_exists', 'stat', 'gitlab_runner_exists'), {
      gitlab_runner_exists: '{{ gitlab_runner_exists.stat.exists }}',
    });
    assert.deepEqual(after('Set install_info from the install.json file', 'slurp', 'install_json'), {
      install_info: '{{ install_json.content | b64decode | from_json }}',
    });
    assert.deepEqual(after('Set kernel_version from the output', 'command', 'uname_out'), {
      kernel_version: '{{ uname_out.stdout }}',
    });
    // A stat says whether, not where: a path fact is not its flag.
    assert.deepEqual(after('Set agent_binary_path', 'stat', 'bin_agent'), { agent_binary_path: '' });
  });

  const setFact = (description: string, examples: { name: string; args: Record<string, unknown>; score: number }[]) =>
    fillArgs({
      description,
      fqcn: 'ansible.builtin.set_fact',
      doc: undefined,
      examples: examples.map((e) => ({
        task: { name: e.name, args: e.args, origin: 'file' as const },
        score: e.score,
      })),
      variables: ['kubelet_environment_file', 'kubelet_environment_file_path', 'rhel9cis_flush_ipv4_route'],
      entities: extractEntities(description),
    }).args;

  it("never none: the file's nearest set_fact's facts, its changed words changed in them too", () => {
    const ipv4 = { rhel9cis_sysctl_update: true, rhel9cis_flush_ipv4_route: true };
    const other = { rhel9cis_audit_update: true };
    const d = '3.3.8 | PATCH | Ensure source routed packets are not accepted | IPv6 | Set Fact';
    assert.deepEqual(
      setFact(d, [
        {
          name: '3.3.8 | PATCH | Ensure source routed packets are not accepted | IPv4 | Set Fact',
          args: ipv4,
          score: 0.9,
        },
        { name: '6.2.1 | PATCH | Ensure audit rules are collected | Set Fact', args: other, score: 0.4 },
      ]),
      { rhel9cis_sysctl_update: true, rhel9cis_flush_ipv6_route: true },
    );
  });

  it("an account only another project's example names becomes root; this project's, or one the description names, stays", () => {
    const owned = (description: string, origin: 'role' | 'workspace', variables: string[] = []) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.file',
        doc: undefined,
        examples: [
          { task: { name: 'Create the config dir', args: { owner: 'zabbix', group: 'zabbix' }, origin }, score: 0.8 },
        ],
        variables,
        entities: extractEntities(description),
      }).args;
    assert.deepEqual(owned('Create the redis config dir', 'role'), { owner: 'root', group: 'root' });
    assert.deepEqual(owned('Create the redis config dir', 'workspace'), { owner: 'zabbix', group: 'zabbix' });
    assert.deepEqual(owned('Create the zabbix config dir', 'role'), { owner: 'zabbix', group: 'zabbix' });
    assert.deepEqual(owned('Create the config dir', 'role', ['zabbix_user']), { owner: 'zabbix', group: 'zabbix' });
  });

  it("keeps a role's private facts (`__redis_package`), not Ansible's own internal arguments", () => {
    const doc = {
      fqcn: 'ansible.builtin.set_fact',
      collection: 'ansible.builtin',
      shortDescription: '',
      description: [],
      options: {},
      freeForm: true,
    };
    const args = { __redis_package: 'redis', _uses_shell: true, _ansible_check_mode: true, redis_port: 6379 };
    assert.deepEqual(fitArgs(doc, args), { __redis_package: 'redis', redis_port: 6379 });
  });

  it("a fact's value comes from the examples, not from a variable whose name looks like the fact", () => {
    const args = setFact("Set facts for kubelet args if environment file doesn't exist", [
      {
        name: 'Set facts for kubelet args if environment file exists',
        args: { kubelet_args_path: '{{ kubelet_environment_file_path }}', kubelet_args_regexp: '^KUBELET_EXTRA_ARGS=' },
        score: 0.9,
      },
    ]);
    assert.deepEqual(args, {
      kubelet_args_path: '{{ kubelet_environment_file_path }}',
      kubelet_args_regexp: '^KUBELET_EXTRA_ARGS=',
    });
  });
});

describe('the file an include names', () => {
  it("names a task file of the folder the description names, after an earlier include's section", () => {
    const listing = ['find_ports.yml', 'certificates.yml'];
    assert.equal(includedFile('Find SSHD ports', extractEntities('Find SSHD ports'), [], listing), 'find_ports.yml');
    const os = 'Include OS-specific tasks';
    assert.equal(includedFile(os, extractEntities(os), [], listing), undefined);
    // The folder's task file that sets the variables picks the host's.
    const vars = 'Set platform/version specific variables';
    assert.equal(includedFile(vars, extractEntities(vars), [], [...listing, 'set_vars.yml']), 'set_vars.yml');
    assert.equal(includedFile(vars, extractEntities(vars), [], listing), undefined);
    assert.equal(includedFile(vars, extractEntities(vars), [], [...listing, 'check_vars.yml']), undefined);
    // The folder not known: the name most such roles give it.
    assert.equal(includedFile(vars, extractEntities(vars), []), 'set_vars.yml');
    // A host-specific include the folder has a file for by two of its words.
    const version = 'Include Windows Agent version tasks';
    const datadog = ['agent-win.yml', 'parse-version-windows.yml', 'parse-version.yml'];
    assert.equal(includedFile(version, extractEntities(version), [], datadog), 'parse-version-windows.yml');
    assert.equal(
      includedFile(version, extractEntities(version), [], ['agent-win.yml', 'parse-version.yml']),
      undefined,
    );
  });

  it("variables per OS: the family's file, the distribution's when only distributions are named", () => {
    const injected = [{ name: 'Show it', fqcn: 'ansible.builtin.debug', args: { msg: '{{ ansible_distribution }}' } }];
    const vars = (d: string, tasks: EarlierTask[] = []) => varsFile(d, extractEntities(d), tasks);
    assert.equal(vars('Include OS-specific variables.'), "{{ ansible_facts['os_family'] }}.yml");
    assert.equal(vars('Include OS-specific variables.', injected), '{{ ansible_os_family }}.yml');
    assert.equal(vars('Include OS-specific variables for Fedora or FreeBSD.'), '{{ ansible_facts.distribution }}.yml');
    assert.equal(
      vars('Include OS-specific variables for Fedora or FreeBSD.', injected),
      '{{ ansible_distribution }}.yml',
    );
    assert.equal(vars('Include OS-specific variables for Ubuntu and RedHat.'), "{{ ansible_facts['os_family'] }}.yml");
    assert.equal(vars('Include audit specific variables'), 'audit.yml');
  });

  it("a benchmark control's warning count: the role's warning file, unless the folder lists one the words name", () => {
    const d = '1.2.1.4 | AUDIT | Ensure package manager repositories are configured | Warn Count';
    assert.equal(includedFile(d, extractEntities(d), []), 'warning_facts.yml');
    assert.equal(includedFile(d, extractEntities(d), [], ['warn_count.yml']), 'warn_count.yml');
    const message = '4.2.1 | AUDIT | Ensure nftables is installed | Warn Message';
    assert.notEqual(includedFile(message, extractEntities(message), []), 'warning_facts.yml');
  });

  it("the warning file is imported as `file:`, as the benchmark roles write it, whatever the example's form", () => {
    const d = '1.2.1.4 | AUDIT | Ensure package manager repositories are configured | Warn Count';
    const args = fillArgs({
      description: d,
      fqcn: 'ansible.builtin.import_tasks',
      doc: { options: { file: { name: 'file', aliases: [], type: 'str' } } } as never,
      examples: [
        { task: { name: 'Import checks', args: { _raw_params: 'checks.yml' }, origin: 'module-examples' }, score: 0.5 },
      ],
      variables: [],
      entities: extractEntities(d),
    }).args;
    assert.deepEqual(args, { file: 'warning_facts.yml' });
  });

  it('the task file the description spells, listed yet or not', () => {
    const said = 'Including keystone_service_bootstrap tasks';
    assert.equal(includedFile(said, extractEntities(said), []), 'keystone_service_bootstrap.yml');
    const listed = ['keystone_service_bootstrap.yaml'];
    assert.equal(includedFile(said, extractEntities(said), [], listed), 'keystone_service_bootstrap.yaml');
  });

  it("after the description's subject", () => {
    assert.equal(includedFile('Configure auditd', extractEntities('Configure auditd'), []), 'auditd.yml');
    // An OS: its file as listed, else as the description writes the OS.
    const os = 'Install on RedHat';
    assert.equal(includedFile(os, extractEntities(os), []), 'RedHat.yml');
    assert.equal(includedFile(os, extractEntities(os), [], ['redhat.yml', 'debian.yml']), 'redhat.yml');
  });

  it('after a two-word object, both words, joined as the file joins its names', () => {
    const file = (d: string, earlier: { name: string; value: string }[] = []) =>
      includedFile(d, extractEntities(d), earlier);
    assert.equal(file('Configure local facts'), 'local_facts.yml');
    assert.equal(file('Create hello-world deployment'), 'hello-world-deployment.yml');
    assert.equal(
      file('Configure automatic updates', [{ name: 'Install it', value: 'install-packages.yml' }]),
      'automatic-updates.yml',
    );
    // The second word says what kind of thing the first is, or the object is longer.
    assert.equal(file('Configure kernel settings'), 'kernel.yml');
    assert.equal(file('Import dovecot handlers'), 'dovecot.yml');
    assert.equal(file('Configure the local facts cache'), 'local.yml');
  });

  it("an earlier include with the description's section id", () => {
    const d = 'SECTION | 5.4.2.x | Configure root accounts';
    assert.equal(
      includedFile(d, extractEntities(d), [{ name: 'SECTION | 5.3.1.x | Configure PAM', value: 'cis_5.3.1.x.yml' }]),
      'cis_5.4.2.x.yml',
    );
    // The earlier name's section may lack the `.x` its file has, or have one the description lacks.
    const earlier = (name: string, value: string) => [{ name, value }];
    assert.equal(
      includedFile(d, extractEntities(d), earlier('SECTION | 5.2 | Configure privilege escalation', 'cis_5.2.x.yml')),
      'cis_5.4.2.x.yml',
    );
    const selinux = 'SECTION | 1.3.1 | Configure SELinux';
    assert.equal(
      includedFile(selinux, extractEntities(selinux), earlier('SECTION | 1.1.1.x | Filesystems', 'cis_1.1.1.x.yml')),
      'cis_1.3.1.x.yml',
    );
  });

  it('the one file the earlier includes of a recurring benchmark step import', () => {
    const step = (control: string, file: unknown) => ({
      name: `${control} | AUDIT | Ensure something | Set warning count`,
      fqcn: 'ansible.builtin.import_tasks',
      args: { file },
    });
    const d = '7.2.5 | AUDIT | Ensure no duplicate GIDs exist | Set warning count';
    const twice = [step('4.2.1', 'warning_facts.yml'), step('4.2.2', 'warning_facts.yml')];
    assert.equal(recurringStepFile(d, twice), 'warning_facts.yml');
    assert.equal(recurringStepFile(d, twice.slice(1)), undefined);
    assert.equal(recurringStepFile(d, [...twice, step('4.2.3', 'other.yml')]), undefined);
    assert.equal(recurringStepFile('Set warning count', twice), undefined);
  });

  it('none when the file depends on the host (the lookups of the examples say it better)', () => {
    const d = 'Include OS-specific variables';
    assert.equal(includedFile(d, extractEntities(d), []), undefined);
  });
});

describe('a role the description names', () => {
  const role = (name: string, id?: string) => ({
    id,
    name: 'Include a role',
    fqcn: 'ansible.builtin.include_role',
    args: { name },
  });
  it("is qualified as the file's earlier role of its collection, or the same role, names it", () => {
    assert.equal(qualifiedRole('osa.mq_setup', [role('openstack.osa.db_setup')]), 'openstack.osa.mq_setup');
    assert.equal(qualifiedRole('reprepro', [role('debops.debops.reprepro')]), 'debops.debops.reprepro');
  });
  it("not a standalone role, another collection's, one already qualified, or after another file's", () => {
    assert.equal(qualifiedRole('uwsgi', [role('openstack.osa.db_setup')]), undefined);
    assert.equal(qualifiedRole('foo.mq_setup', [role('openstack.osa.db_setup')]), undefined);
    assert.equal(qualifiedRole('a.b.c', [role('openstack.osa.db_setup')]), undefined);
    assert.equal(qualifiedRole('osa.mq_setup', [role('openstack.osa.db_setup', 'ws:1')]), undefined);
  });
});

describe('the command line a description quotes', () => {
  it('is the command; a quoted name is not', () => {
    const doc = { options: {}, freeForm: true } as never;
    const line = (description: string) =>
      fillArgs({
        description,
        fqcn: 'ansible.builtin.command',
        doc,
        examples: [
          { task: { name: 'Check docker', args: { _raw_params: 'docker info' }, origin: 'role' }, score: 0.4 },
        ],
        variables: [],
        entities: extractEntities(description),
      }).args._raw_params;
    assert.equal(line('Run "docker swarm init" on the manager'), 'docker swarm init');
    assert.equal(line('Check if "Swarm Mode" is enabled.'), 'docker info');
  });
});

describe('a module instead of a command line', () => {
  it('firewall-cmd, systemctl, mkdir have modules', () => {
    assert.equal(
      moduleForCommand('firewall-cmd --zone=public --add-port 80/tcp', 'open port 80 in the firewall'),
      'ansible.posix.firewalld',
    );
    assert.equal(moduleForCommand('sudo systemctl restart nginx', 'Restart nginx'), 'ansible.builtin.systemd');
    assert.equal(moduleForCommand('mkdir -p /opt/app', 'Create the app folder'), 'ansible.builtin.file');
  });

  it('queries and descriptions that ask for a command keep the command', () => {
    assert.equal(moduleForCommand('systemctl is-active nginx', 'Check nginx'), undefined);
    assert.equal(moduleForCommand('systemctl restart nginx', 'Run systemctl restart'), undefined);
    assert.equal(moduleForCommand('kubeadm init', 'Initialise the cluster'), undefined);
  });
});

describe('a version or a place asked of one program', () => {
  it('is its --version, by the name of its command-line program, or its own way of telling it', () => {
    assert.equal(programQuery('Get HAProxy version.'), 'haproxy -v');
    assert.equal(programQuery('Get Java version'), 'java -version');
    assert.equal(programQuery('get fail2ban version'), 'fail2ban --version');
    assert.equal(programQuery('Get systemd version'), 'systemctl --version');
    assert.equal(programQuery('Check the installed nodejs version'), 'node --version');
  });

  it('not a version of several things, of something described, or a version to install', () => {
    assert.equal(programQuery('Get Kubernetes version for Weave installation.'), undefined);
    assert.equal(programQuery('Get macOS Agent version'), undefined);
    assert.equal(programQuery('Install nginx version 1.2'), undefined);
    // Where a program is.
    assert.equal(programQuery('Find path of smartctl'), 'which smartctl');
    assert.equal(programQuery('Get the full path to the kubectl binary'), 'which kubectl');
    assert.equal(programQuery('Find path of the certificates for each node'), undefined);
  });

  it("is what a command asking it runs, not another program's example", () => {
    const description = 'Get HAProxy version.';
    const { args } = fillArgs({
      description,
      fqcn: 'ansible.builtin.command',
      doc: { fqcn: 'ansible.builtin.command', options: {}, freeForm: true } as never,
      examples: [
        {
          task: {
            name: 'Set release',
            args: { _raw_params: 'subscription-manager release --set=8.6' },
            origin: 'role',
          },
          score: 0.4,
        },
      ],
      variables: [],
      entities: extractEntities(description),
    });
    assert.equal(args._raw_params, 'haproxy -v');
  });
});

describe("the file's earlier tasks as neighbours", () => {
  it('nearest name first; words no corpus name has weigh most', () => {
    const earlier = [
      { name: 'Set ssh port option', fqcn: 'ansible.builtin.lineinfile', args: {} },
      { name: 'Install gitlab runner', fqcn: 'ansible.builtin.package', args: {} },
    ];
    const ns = fileNeighbours('Set ssh password option', earlier, () => 1);
    assert.equal(ns[0].task.fqcn, 'ansible.builtin.lineinfile');
    assert.ok(ns[0].score > 0.5);
    assert.deepEqual(
      fileNeighbours('Set ssh password option', [], () => 1),
      [],
    );
  });

  it('a near copy carries its module over, unless the words it changes are what named that module', () => {
    const port = { name: 'Set ssh port option', fqcn: 'ansible.builtin.lineinfile', args: {} };
    const group = { name: 'Adding Telegraf group', fqcn: 'ansible.builtin.group', args: {} };
    assert.equal(nearCopy('Set ssh password option', [port]), port);
    assert.equal(nearCopy('Adding Telegraf user', [group]), undefined);
    assert.equal(nearCopy('Adding Prometheus group', [group]), group);
  });
});
