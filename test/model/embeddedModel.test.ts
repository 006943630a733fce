// The embedded model on a small fixture corpus with the real module catalog of the installed
// Ansible: module choice, values from the description and from variables in scope, argspec
// validity, attribution, determinism and the stored form.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import type { ModuleCatalog } from '../../server/src/catalog/types';
import { argsFit, EmbeddedModel, type ModelSuggestion, type TaskRequest } from '../../server/src/model/index';
import { nameSubstitutions, substitute, substituteAll } from '../../server/src/model/nameSubstitution';
import { renameVariables } from '../../server/src/model/variableChoice';
import { sharedCatalogCache } from '../helpers/workspace';
import { fixtureCorpus } from './fixtureCorpus';

const PACKAGE_MODULES = [
  'ansible.builtin.package',
  'ansible.builtin.apt',
  'ansible.builtin.dnf',
  'ansible.builtin.yum',
];
const SERVICE_MODULES = ['ansible.builtin.service', 'ansible.builtin.systemd', 'ansible.builtin.systemd_service'];

function request(description: string, context: Partial<TaskRequest['context']> = {}): TaskRequest {
  return {
    description,
    context: {
      previousModules: [],
      collectionsInUse: ['ansible.builtin'],
      variables: [],
      section: 'tasks',
      ...context,
    },
  };
}

describe('embedded model', () => {
  const corpus = fixtureCorpus();
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  let model: EmbeddedModel;

  before(async () => {
    await catalog.ready();
    model = EmbeddedModel.train(corpus, { seed: 7 });
  });
  after(() => catalog.dispose());

  async function suggest(description: string, context: Partial<TaskRequest['context']> = {}): Promise<ModelSuggestion> {
    const s = await model.suggest(request(description, context), catalog);
    assert.ok(s, `no suggestion for ${description}`);
    const doc = await catalog.loadDoc(s.fqcn);
    assert.ok(doc, `${s.fqcn} is not in the catalog`);
    assert.ok(argsFit(doc, s.args), `${s.fqcn} ${JSON.stringify(s.args)} does not fit the argspec`);
    return s;
  }

  it('installs a package named in the description', async () => {
    const s = await suggest('Install nginx');
    assert.ok(PACKAGE_MODULES.includes(s.fqcn), s.fqcn);
    assert.equal(s.args.name, 'nginx');
    assert.equal(s.args.state, 'present');
  });

  it('uses the portable package module unless the file names its distribution', async () => {
    assert.equal((await suggest('Install nginx')).fqcn, 'ansible.builtin.package');
    const redhat = await suggest('Install nginx', { osHints: ['RedHat'] });
    assert.ok(
      ['ansible.builtin.yum', 'ansible.builtin.dnf', 'ansible.builtin.package'].includes(redhat.fqcn),
      redhat.fqcn,
    );
    const apt = await suggest('Install nginx', { previousModules: ['ansible.builtin.apt'] });
    assert.ok(['ansible.builtin.apt', 'ansible.builtin.package'].includes(apt.fqcn), apt.fqcn);
  });

  it('starts and enables a service', async () => {
    const s = await suggest('Ensure nginx is started and enabled');
    assert.ok(SERVICE_MODULES.includes(s.fqcn), s.fqcn);
    assert.equal(s.args.name, 'nginx');
    assert.equal(s.args.state, 'started');
    assert.equal(s.args.enabled, true);
  });

  it('copies a file to the destination the description names', async () => {
    const s = await suggest('Copy nginx.conf to /etc/nginx/nginx.conf');
    assert.equal(s.fqcn, 'ansible.builtin.copy');
    assert.equal(s.args.src, 'nginx.conf');
    assert.equal(s.args.dest, '/etc/nginx/nginx.conf');
  });

  it('creates a directory', async () => {
    const s = await suggest('Create directory /srv/app');
    assert.equal(s.fqcn, 'ansible.builtin.file');
    assert.equal(s.args.path, '/srv/app');
    assert.equal(s.args.state, 'directory');
  });

  it('restarts a service in handlers, not a cloud instance', async () => {
    const s = await suggest('Restart nginx', { section: 'handlers' });
    assert.ok(SERVICE_MODULES.includes(s.fqcn), s.fqcn);
    assert.equal(s.args.name, 'nginx');
    assert.equal(s.args.state, 'restarted');
  });

  it("restarts a macOS host's service with Homebrew's command", async () => {
    const s = await suggest('Restart nginx', { section: 'handlers', osHints: ['Darwin'] });
    assert.equal(s.fqcn, 'ansible.builtin.command');
    assert.equal(s.args._raw_params, 'brew services restart nginx');
  });

  it('uses a variable in scope named after the thing', async () => {
    const s = await suggest('Install nginx packages', { variables: ['nginx_packages', 'nginx_user'] });
    assert.ok(PACKAGE_MODULES.includes(s.fqcn), s.fqcn);
    assert.equal(s.args.name, '{{ nginx_packages }}');
  });

  it('prefers a module already used in the file', async () => {
    const ranked = model.suggestModules(request('Install git', { previousModules: ['ansible.builtin.apt'] }), 3);
    assert.equal(ranked[0].fqcn, 'ansible.builtin.apt');
    assert.equal(ranked.length, 3);
    assert.ok(ranked.every((r, i) => i === 0 || r.score <= ranked[i - 1].score));
  });

  it('writes the task body as YAML that reads back as module and arguments', async () => {
    const s = await suggest('Create directory /srv/app');
    assert.deepEqual(parse(s.yaml), { [s.fqcn]: s.args });
    assert.ok(!s.yaml.startsWith(' ') && !/^name:/m.test(s.yaml));
  });

  it('draws on real training tasks only, best first', async () => {
    const train = new Set(corpus.filter((t) => t.split === 'train').map((t) => t.id));
    const heldOut = corpus.find((t) => t.split === 'test')!;
    for (const d of ['Install nginx', 'Restart nginx', 'Install zanzibar quux', 'Copy the index page']) {
      const s = await suggest(d);
      assert.ok(s.drewOn.length >= 1 && s.drewOn.length <= 3, d);
      for (const x of s.drewOn) {
        assert.ok(train.has(x.taskId), `${d}: ${x.taskId} is not a training task`);
        assert.notEqual(x.taskId, heldOut.id);
        assert.ok(x.score >= 0 && x.score <= 1);
      }
      assert.ok(
        s.drewOn.every((x, i) => i === 0 || x.score <= s.drewOn[i - 1].score),
        d,
      );
      assert.ok(s.confidence >= 0 && s.confidence <= 1);
    }
  });

  it('is deterministic: same input, same output; same corpus, same model', async () => {
    const a = await suggest('Ensure nginx is started and enabled', { variables: ['nginx_service'] });
    const b = await suggest('Ensure nginx is started and enabled', { variables: ['nginx_service'] });
    assert.deepEqual(a, b);
    assert.equal(EmbeddedModel.train(corpus, { seed: 7 }).serialize(), model.serialize());
  });

  it('round-trips through its stored form', async () => {
    const data = model.serialize();
    const loaded = EmbeddedModel.deserialize(Buffer.from(data), corpus);
    for (const d of ['Install nginx', 'Restart nginx', 'Copy nginx.conf to /etc/nginx/nginx.conf']) {
      assert.deepEqual(await loaded.suggest(request(d), catalog), await model.suggest(request(d), catalog));
    }
    assert.throws(() => EmbeddedModel.deserialize(data, corpus.slice(1)), /another corpus/);
    assert.throws(() => EmbeddedModel.deserialize('{"format":"other"}', corpus), /not a scribe embedded model/);
  });

  it('never throws: empty descriptions and a failing catalog give no suggestion', async () => {
    assert.equal(await model.suggest(request('   '), catalog), undefined);
    const broken = {
      ...catalog,
      getDoc: () => undefined,
      loadDoc: () => Promise.reject(new Error('boom')),
    } as unknown as ModuleCatalog;
    assert.equal(await model.suggest(request('Install nginx'), broken), undefined);
    assert.deepEqual(model.suggestModules(request(''), 3), []);
  });

  it("copies a near-copy that uses one of the project's own modules, unless its name is a known module's misspelt", async () => {
    const begin = {
      id: 'ws-1',
      name: 'Record role begin fingerprint',
      fqcn: 'sr_fingerprint',
      args: { status: 'begin', role_name: 'timesync', role_path: '{{ role_path }}' },
    };
    const s = await model.suggest(request('Record role success fingerprint', { workspaceTasks: [begin] }), catalog);
    assert.deepEqual(s && { fqcn: s.fqcn, args: s.args, drewOn: s.drewOn }, {
      fqcn: 'sr_fingerprint',
      args: { status: 'success', role_name: 'timesync', role_path: '{{ role_path }}' },
      drewOn: [{ taskId: 'ws-1', score: 1 }],
    });
    assert.match(s!.yaml, /^sr_fingerprint:\n {2}status: success\n/);
    // `servce` is the service module misspelt: the model writes its own task instead.
    const typo = { name: 'Restart the nginx web server', fqcn: 'servce', args: { name: 'nginx', state: 'restarted' } };
    const t = await model.suggest(request('Restart the redis web server', { earlierTasks: [typo] }), catalog);
    assert.ok(t && t.fqcn !== 'servce' && t.fqcn.includes('.'), t?.fqcn);
  });

  it("writes a benchmark role's recurring step as its earlier instance, over a closer name of another step", async () => {
    const lineinfile = (name: string, path: string, line: string) => ({
      name,
      fqcn: 'ansible.builtin.lineinfile',
      args: { path, regexp: `^(#)?${line}(\\s|$)`, line, create: true },
    });
    const earlierTasks = [
      lineinfile(
        '1.1.1.6 | PATCH | Ensure cramfs kernel module is not available | blacklist',
        '/etc/modprobe.d/blacklist.conf',
        'blacklist cramfs',
      ),
      lineinfile(
        '1.1.1.7 | PATCH | Ensure squashfs kernel module is not available | Edit modprobe config',
        '/etc/modprobe.d/CIS.conf',
        'install squashfs',
      ),
      lineinfile(
        '1.1.1.7 | PATCH | Ensure squashfs kernel module is not available | blacklist',
        '/etc/modprobe.d/blacklist.conf',
        'blacklist squashfs',
      ),
      lineinfile(
        '1.1.1.8 | PATCH | Ensure usb-storage kernel module is not available | Edit modprobe config',
        '/etc/modprobe.d/CIS.conf',
        'install usb-storage',
      ),
    ];
    const s = await suggest('1.1.1.8 | PATCH | Ensure usb-storage kernel module is not available | blacklist', {
      earlierTasks,
    });
    assert.equal(s.fqcn, 'ansible.builtin.lineinfile');
    assert.deepEqual(
      { path: s.args.path, line: s.args.line },
      { path: '/etc/modprobe.d/blacklist.conf', line: 'blacklist usb-storage' },
    );
  });

  it("includes what the file's near-copy includes, its differing words changed", async () => {
    const include = (name: string, file: string) => ({
      name,
      fqcn: 'ansible.builtin.include_tasks',
      args: { _raw_params: file },
    });
    const earlierTasks = [
      include('cluster rolling restart - apply config changes (first node)', 'manage_node_state.yml'),
      include('Install / Configure telegraf on Windows', 'configure_windows.yml'),
    ];
    const other = await suggest('cluster rolling restart - apply config changes (other nodes)', { earlierTasks });
    assert.deepEqual([other.fqcn, other.args._raw_params], ['ansible.builtin.include_tasks', 'manage_node_state.yml']);
    const mac = await suggest('Install / Configure telegraf on MacOS', { earlierTasks });
    assert.deepEqual([mac.fqcn, mac.args._raw_params], ['ansible.builtin.include_tasks', 'configure_macos.yml']);
  });

  it("keeps the `apply:` the file's own includes give, not the examples'", async () => {
    const apply = { tags: ['keystone-config'] };
    const include = (name: string, file: string) => ({
      name,
      fqcn: 'ansible.builtin.include_tasks',
      args: { file, apply },
    });
    const earlierTasks = [
      include('Including keystone_apache tasks', 'keystone_apache.yml'),
      include('Including keystone_federation_sp_shib_setup tasks', 'keystone_federation_sp_shib_setup.yml'),
    ];
    const s = await suggest('Including keystone_fernet tasks', { earlierTasks });
    assert.deepEqual(s.args, { file: 'keystone_fernet.yml', apply });
    const plain = await suggest('Including keystone_fernet tasks');
    assert.equal(plain.args.apply, undefined);
  });

  it("removes the cron job the file's near-copy made, labelled as the description says when none did", async () => {
    const created = {
      name: 'Create auto rotation job',
      fqcn: 'ansible.builtin.cron',
      args: { name: 'Credential auto rotate job', user: '{{ keystone_user }}', job: '/usr/local/bin/rotate' },
    };
    const removed = await suggest('Remove extra auto rotation job', {
      earlierTasks: [created],
      variables: ['keystone_user'],
    });
    assert.equal(removed.fqcn, 'ansible.builtin.cron');
    assert.deepEqual(
      [removed.args.name, removed.args.user, removed.args.state],
      ['Credential auto rotate job', '{{ keystone_user }}', 'absent'],
    );
    const fresh = await suggest('Create auto rotation job');
    assert.equal(fresh.fqcn, 'ansible.builtin.cron');
    assert.equal(fresh.args.name, 'auto rotation job');
  });

  it("writes the next of a series the file writes alike, its variable named as the others'", async () => {
    const configure = (key: string) => ({
      name: `Configure auditd ${key}`,
      fqcn: 'ansible.builtin.lineinfile',
      args: { dest: '/etc/audit/auditd.conf', regexp: `^${key} =`, line: `${key} = {{ auditd_${key} }}` },
    });
    const earlierTasks = [configure('flush'), configure('max_log_file')];
    const variables = ['auditd_flush', 'auditd_max_log_file'];
    const s = await suggest('Configure auditd num_logs', { earlierTasks, variables });
    assert.equal(s.fqcn, 'ansible.builtin.lineinfile');
    assert.deepEqual([s.args.regexp, s.args.line], ['^num_logs =', 'num_logs = {{ auditd_num_logs }}']);
    // One near-copy alone does not make a series: its variable is not this task's.
    const one = await suggest('Configure auditd num_logs', { earlierTasks: earlierTasks.slice(0, 1), variables });
    assert.notEqual(one.args.line, 'num_logs = {{ auditd_num_logs }}');
  });

  it("takes `{{ item }}` from the file's near-copy with its loop, in the keyword it is written with", async () => {
    const earlierTasks = [
      {
        name: 'Ensure password unlock time is configured',
        fqcn: 'ansible.builtin.replace',
        args: { path: '{{ item }}', regexp: 'unlock_time=\\d+', replace: 'unlock_time=900' },
        loop: ['/etc/pam.d/*'],
        loopWith: 'with_fileglob',
      },
    ];
    const s = await suggest('Ensure password lockout time is configured', { earlierTasks });
    assert.equal(s.fqcn, 'ansible.builtin.replace');
    assert.equal(s.args.path, '{{ item }}');
    assert.deepEqual(s.keywords, { with_fileglob: ['/etc/pam.d/*'] });
  });

  it('loops over a list variable given to an option that takes one name', async () => {
    const started = {
      name: 'Ensure Varnish is started',
      fqcn: 'ansible.builtin.service',
      args: { name: '{{ varnish_enabled_services }}', state: 'started' },
    };
    const s = await suggest('Ensure Varnish services are started and enabled on startup', {
      earlierTasks: [started],
      variables: ['varnish_enabled_services'],
    });
    assert.equal(s.fqcn, 'ansible.builtin.service');
    assert.equal(s.args.name, '{{ item }}');
    assert.equal(s.keywords?.loop, '{{ varnish_enabled_services }}');
  });

  it('loops over several things of a kind the description asks for and does not name', async () => {
    const removed = {
      name: 'Remove user johnd',
      fqcn: 'ansible.builtin.user',
      args: { name: 'johnd', state: 'absent', remove: true },
    };
    const s = await suggest('Remove users', { earlierTasks: [removed] });
    assert.equal(s.fqcn, 'ansible.builtin.user');
    assert.equal(s.args.name, '{{ item }}');
    // A list of the one the examples named shows what it holds; no variable of nobody's.
    assert.deepEqual(s.keywords?.loop, ['johnd']);
    // The file's list of them, when it has one.
    const listed = await suggest('Remove users', { earlierTasks: [removed], variables: ['legacy_users'] });
    assert.equal(listed.keywords?.loop, '{{ legacy_users }}');
    // One named is no loop.
    const one = await suggest('Remove user johnd', { earlierTasks: [removed] });
    assert.equal(one.args.name, 'johnd');
    assert.equal(one.keywords?.loop, undefined);
  });

  it('fills required options the examples did not set', async () => {
    // unarchive requires src and dest; the description gives only the archive.
    const s = await suggest('Extract /tmp/app.tar.gz', { variables: [] });
    assert.equal(s.fqcn, 'ansible.builtin.unarchive');
    assert.ok('src' in s.args && 'dest' in s.args, JSON.stringify(s.args));
  });

  it('names a template after the file it renders', async () => {
    const s = await suggest('Template /etc/nginx/nginx.conf');
    assert.equal(s.fqcn, 'ansible.builtin.template');
    assert.equal(s.args.dest, '/etc/nginx/nginx.conf');
    assert.equal(s.args.src, 'nginx.conf.j2');
  });

  it('prints the registered variable the description names', async () => {
    const s = await suggest('Print the migration result', { variables: ['app_dir', 'migration_result'] });
    assert.equal(s.fqcn, 'ansible.builtin.debug');
    assert.equal(s.args.var, 'migration_result');
  });
});

/** The one word substitution between an example's name and a description, if exactly one. */
function sub1(exampleName: string, description: string): [string, string] | undefined {
  const pairs = nameSubstitutions(exampleName, description, 1);
  return pairs.length === 1 ? pairs[0] : undefined;
}

describe('argument filling helpers', () => {
  it('renames out-of-scope variables to their in-scope sibling', () => {
    const scope = new Set(['zabbix_proxy_dbhost', 'zabbix_proxy_dbport']);
    assert.equal(
      renameVariables('{{ zabbix_server_dbhost }}:{{ zabbix_server_dbport }}', scope),
      '{{ zabbix_proxy_dbhost }}:{{ zabbix_proxy_dbport }}',
    );
    assert.equal(renameVariables('{{ other_thing }}', scope), '{{ other_thing }}');
    // Ansible's own variables are nobody's to rename, even with a one-word sibling in scope.
    assert.equal(
      renameVariables('{{ ansible_facts.os_family }}.yml', new Set(['ansible_verbosity'])),
      '{{ ansible_facts.os_family }}.yml',
    );
  });

  it('carries a one-word name difference into values', () => {
    const sub = sub1('Generating BGP configuration for os10', 'Generating BGP configuration for os6');
    assert.deepEqual(sub, ['os10', 'os6']);
    assert.deepEqual(substitute({ src: 'os10_bgp.j2', dest: '{{ build_dir }}/bgp10_{{ hostname }}.conf' }, sub!), {
      src: 'os6_bgp.j2',
      dest: '{{ build_dir }}/bgp6_{{ hostname }}.conf',
    });
    assert.equal(sub1('Install nginx', 'Remove the nginx package'), undefined);
  });

  it('the word after the same verb of a two-word name, in the case the value writes it', () => {
    const sub = sub1('Configure AuditBackend', 'Configure AuditFilePath');
    assert.deepEqual(sub, ['auditbackend', 'AuditFilePath']);
    assert.deepEqual(
      substitute({ regexp: '(^|^#)AuditBackend', line: 'AuditBackend={{ usbguard_auditbackend }}' }, sub!),
      { regexp: '(^|^#)AuditFilePath', line: 'AuditFilePath={{ usbguard_auditfilepath }}' },
    );
    assert.equal(substitute('PASS_MIN_DAYS {{ min_days }}', ['min', 'Warn']), 'PASS_WARN_DAYS {{ warn_days }}');
    // A verb the value says in its own word.
    assert.equal(substitute('keystone-manage fernet_setup', ['create', 'Rotate']), 'keystone-manage fernet_rotate');
    assert.equal(substitute('rm -rf {{ d }}', ['remove', 'Move']), 'rm -rf {{ d }}');
    // A name's parts joined as the value joins them.
    assert.equal(
      substitute('{{ common_account_template }}', ['common-account', 'system-auth']),
      '{{ system_auth_template }}',
    );
    assert.equal(substitute('src: limits.conf.j2', ['limits.conf', 'login']), 'src: login.j2');
    // A name the value writes short, in the way the value writes names.
    assert.equal(substitute('agent-win.yml', ['windows', 'MacOS']), 'agent-macos.yml');
    assert.equal(substitute('{{ check_win.stdout }}', ['windows', 'macOS']), '{{ check_macos.stdout }}');
    assert.equal(substitute('apt-mark auto {{ p }}', ['automatically', 'manually']), 'apt-mark manual {{ p }}');
    // …not a common word's start: /usr/bin is no /usr/unit for binary → unit.
    assert.equal(substitute('/usr/bin/', ['binary', 'unit']), '/usr/bin/');
    assert.equal(sub1('Install nginx', 'Configure git'), undefined);
    // Benchmark section ids are not words of the name; a key's id is.
    assert.deepEqual(
      sub1(
        '5.1.9 | PATCH | Ensure sshd GSSAPIAuthentication is disabled',
        '5.1.20 | PATCH | Ensure sshd PermitRootLogin is disabled',
      ),
      ['gssapiauthentication', 'PermitRootLogin'],
    );
    assert.equal(sub1('Stat if 20200908 key exists', 'Stat if 20280418 key exists')?.[1], '20280418');
    // A snake_case name is one word, and its one differing part is substituted too.
    assert.deepEqual(nameSubstitutions('Including osa.db_setup role', 'Including osa.mq_setup role'), [
      ['db_setup', 'mq_setup'],
      ['db', 'mq'],
    ]);
    assert.deepEqual(
      nameSubstitutions('Configure auditd action_mail_acct', 'Configure auditd admin_space_left_action'),
      [['action_mail_acct', 'admin_space_left_action']],
    );
    // A plural names its singular in values too.
    const jails = nameSubstitutions('copy filters', 'copy jails');
    assert.deepEqual(jails, [
      ['filters', 'jails'],
      ['filter', 'jail'],
      ['filterd', 'jaild'],
    ]);
    assert.equal(substitute('/etc/fail2ban/filter.d/', ['filter', 'jail']), '/etc/fail2ban/jail.d/');
    assert.equal(substituteAll('{{ fail2ban_filterd_path }}', jails), '{{ fail2ban_jaild_path }}');
    // A part of a CamelCase name too, in the case it is written.
    assert.equal(substitute('^\\s*BucketName =', ['name', 'location']), '^\\s*BucketLocation =');
    assert.equal(substitute('AllowUsers {{ x }}', ['users', 'groups']), 'AllowGroups {{ x }}');
    assert.equal(substitute('Username', ['name', 'location']), 'Username');
    // One thing in another number is the same thing: only "first" → "other" differs.
    assert.deepEqual(nameSubstitutions('restart (first node)', 'restart (other nodes)'), [['first', 'other']]);
    // Names of different lengths: the one word between a shared beginning and end, kinds of thing left out.
    assert.deepEqual(nameSubstitutions('Remove docs, if not needed.', 'Remove example dir, if not needed.'), [
      ['docs', 'example'],
    ]);
    assert.deepEqual(nameSubstitutions('Set ssh port option', 'Set ssh identity file option'), [['port', 'identity']]);
    assert.deepEqual(nameSubstitutions('Remove docs', 'Remove all the old docs'), []);
    // Steps of two benchmark rules: their last parts, where the rules' titles cannot be paired.
    assert.deepEqual(
      nameSubstitutions(
        '5.4.1.1 | PATCH | Ensure password expiration is configured | Set /etc/login.defs PASS_MAX_DAYS',
        '5.4.1.3 | PATCH | Ensure password expiration warning days is configured | Set /etc/login.defs PASS_WARN_AGE',
      ),
      [['pass_max_days', 'PASS_WARN_AGE']],
    );
    // Two words for one, in the file's own series: what the thing is, or one name for a name.
    const crt = nameSubstitutions('Check TLS crt file', 'Check TLS private key file');
    assert.deepEqual(crt, [['crt', 'private key']]);
    assert.equal(substitute('{{ postgresql_cert_name }}.crt', crt[0]), '{{ postgresql_cert_name }}.key');
    const dsn = nameSubstitutions('Add log_level to config', 'Add sentry dsn to config');
    assert.equal(substitute('log_level = "{{ runner_log_level }}"', dsn[0]), 'sentry_dsn = "{{ runner_sentry_dsn }}"');
    assert.equal(substitute('find_ports.yml', ['ports', 'bind addresses']), 'find_bind_addresses.yml');
    assert.deepEqual(nameSubstitutions('Check TLS crt file', 'Check TLS private key file', 1), []);
    // A daemon names its software without the d.
    assert.deepEqual(nameSubstitutions('Generate chronyd sysconfig file', 'Generate ntpd sysconfig file'), [
      ['chronyd', 'ntpd'],
      ['chrony', 'ntp'],
    ]);
    // A hyphenated name is one word too.
    assert.deepEqual(
      nameSubstitutions(
        'Ensure squashfs module is not available | blacklist',
        'Ensure usb-storage module is not available | blacklist',
      ),
      [['squashfs', 'usb-storage']],
    );
  });
});
