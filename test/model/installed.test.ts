// The embedded model trained on the corpus of the installed Ansible, measured on its held-out
// split with the `scribe eval` metrics. Floors sit well below what was measured (see the commit
// log) so that they flag regressions without being flaky.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { buildCorpus } from '../../server/src/corpus/build';
import { discoverInstalledAnsible } from '../../server/src/corpus/installed';
import type { CorpusTask } from '../../server/src/corpus/types';
import { evaluate, type GroupScores } from '../../server/src/eval/run';
import { heldOutSamples } from '../../server/src/eval/samples';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import type { ListFiles } from '../../server/src/suggest/context';
import { buildTaskRequests } from '../../server/src/suggest/request';
import { EmbeddedModel } from '../../server/src/model/index';
import { sharedCatalogCache } from '../helpers/workspace';

describe('embedded model on the installed Ansible corpus', () => {
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  let tasks: CorpusTask[];
  let model: EmbeddedModel;
  let groups: Partial<Record<string, GroupScores>>;

  before(async () => {
    await catalog.ready();
    const installed = await discoverInstalledAnsible();
    tasks = (await buildCorpus({ core: installed.core, collectionRoots: installed.collectionRoots })).tasks;
    model = EmbeddedModel.train(tasks, { modules: catalog.list() });
    // Every real-use sample, and every fourth EXAMPLES sample (a fixed subset: samples are in id order).
    const samples = heldOutSamples(tasks).filter((s, i) => s.origin === 'real' || i % 4 === 0);
    groups = (await evaluate(samples, [{ name: 'embedded', model }], catalog)).systems[0].groups;
  });
  after(() => catalog.dispose());

  /** The request and the model's suggestion for line `line` (0-based) of `text` at `uri`; no role files read. */
  async function suggestAt(uri: string, text: string, line: number, listFiles?: ListFiles) {
    const set = buildTaskRequests(parseAnsibleDocument(uri, text), line, catalog, {
      readText: () => undefined,
      ...(listFiles && { listFiles }),
    });
    assert.ok(!('reason' in set), 'reason' in set ? set.reason : '');
    return { request: set.requests[0], suggestion: await model.suggest(set.requests[0], catalog) };
  }

  it('picks the module of real-use builtin tasks', () => {
    const g = groups['real builtin']!;
    assert.ok(g.n > 50, `n ${g.n}`);
    assert.ok(g.moduleMatch >= 0.5, `module match ${g.moduleMatch}`);
    assert.ok(g.keyF1 >= 0.45, `key F1 ${g.keyF1}`);
  });

  it('scores on real use and EXAMPLES well above chance', () => {
    const real = groups.real!;
    assert.ok(real.moduleMatch >= 0.4, `real module match ${real.moduleMatch}`);
    assert.ok(real.valueMatch >= 0.15, `real value match ${real.valueMatch}`);
    assert.ok(real.ansibleAware >= 0.35, `real Ansible Aware ${real.ansibleAware}`);
    assert.ok(groups.examples!.moduleMatch >= 0.2, `examples module match ${groups.examples!.moduleMatch}`);
  });

  it('only suggests argspec-valid tasks', () => {
    assert.ok(groups.all!.schemaCorrect >= 0.98, `schema correct ${groups.all!.schemaCorrect}`);
  });

  it('loads from its stored form with the same answers', async () => {
    const loaded = EmbeddedModel.deserialize(model.serialize(), tasks);
    const samples = heldOutSamples(tasks).slice(0, 50);
    assert.equal(samples.length, 50);
    for (const s of samples) {
      assert.deepEqual(
        await loaded.suggest(s.request, catalog),
        await model.suggest(s.request, catalog),
        s.request.description,
      );
    }
  });

  it("writes the issue's three-step comment as a user would: it is nginx, a module opens the port", async () => {
    const text =
      '- hosts: web\n  become: true\n  tasks:\n    # install nginx & start it & open port 80 in the firewall\n';
    const set = buildTaskRequests(parseAnsibleDocument('file:///work/site.yml', text), 3, catalog, {
      readText: () => undefined,
    });
    assert.ok(!('reason' in set), 'reason' in set ? set.reason : '');
    const out = [];
    for (const req of set.requests) out.push(await model.suggest(req, catalog));
    assert.deepEqual(
      out.map((o) => o?.fqcn),
      ['ansible.builtin.package', 'ansible.builtin.service', 'ansible.posix.firewalld'],
    );
    assert.equal(out[0]!.args.name, 'nginx');
    assert.equal(out[1]!.args.name, 'nginx');
    assert.equal(out[2]!.args.port, '80/tcp');
    // Nothing of another project: no Jinja at all, since the play defines no variables.
    for (const o of out) assert.doesNotMatch(o!.yaml, /\{\{/, o!.yaml);
  });

  it("follows the file's own habits: a near-copy's module, options and loop, no corpus variables", async () => {
    const text = [
      '- name: Web',
      '  hosts: web',
      '  tasks:',
      '    - name: Set ssh port option',
      '      ansible.builtin.lineinfile:',
      '        path: "{{ runner_config }}"',
      '        regexp: "^port ="',
      '        line: "port = {{ runner_ssh_port }}"',
      '    - name: Render the site configuration files',
      '      ansible.builtin.template:',
      '        src: "{{ item }}.j2"',
      '        dest: "/etc/site/{{ item }}"',
      '      loop: "{{ site_files }}"',
      '    - name: Set ssh user option',
      '    - name: Render the app configuration files',
      '',
    ].join('\n');
    const doc = parseAnsibleDocument('file:///work/site.yml', text);
    const at = (line: number) => {
      const set = buildTaskRequests(doc, line, catalog, { readText: () => undefined });
      assert.ok(!('reason' in set), 'reason' in set ? set.reason : '');
      return model.suggest(set.requests[0], catalog);
    };
    const option = await at(13);
    assert.equal(option?.fqcn, 'ansible.builtin.lineinfile');
    assert.equal(option?.args.path, '{{ runner_config }}');
    assert.match(String(option?.args.line), /^user = /);
    const files = await at(14);
    assert.equal(files?.fqcn, 'ansible.builtin.template');
    // The word that differs between the two names differs in the values too.
    assert.equal(files?.args.dest, '/etc/app/{{ item }}');
    assert.equal(files?.keywords.loop, '{{ site_files }}');
  });

  it('does not follow an earlier name whose differing word named its module: a user after a group', async () => {
    const text = [
      '---',
      '- name: Adding Telegraf group',
      '  ansible.builtin.group:',
      '    name: telegraf',
      '    state: present',
      '',
      '- name: Adding Telegraf user',
      '',
    ].join('\n');
    const user = (await suggestAt('file:///work/roles/telegraf/tasks/docker.yml', text, 6)).suggestion;
    assert.equal(user?.fqcn, 'ansible.builtin.user');
    assert.equal(user?.args.name, 'telegraf');
  });

  it('leaves out what the task has nothing to apply to: a unit state beside a daemon reload, a foreign debug var', async () => {
    const at = async (description: string) =>
      (await suggestAt('file:///work/roles/app/handlers/main.yml', `---\n- name: ${description}\n`, 1)).suggestion;
    const reload = await at('Reload systemctl');
    assert.equal(reload?.fqcn, 'ansible.builtin.systemd');
    assert.equal(reload?.args.daemon_reload, true);
    assert.ok(!('state' in (reload?.args ?? {})) || 'name' in (reload?.args ?? {}), JSON.stringify(reload?.args));
    const show = await at('Show the audit summary');
    assert.equal(show?.fqcn, 'ansible.builtin.debug');
    // No variable is in scope: a `var:` could only name another project's.
    assert.ok(!('var' in (show?.args ?? {})), JSON.stringify(show?.args));
    // Nor an empty debug (it prints "Hello world!"): what the description says is shown.
    assert.equal(show?.args.msg, 'The audit summary', JSON.stringify(show?.args));
  });

  it("follows the description's verb over a file full of set_facts", async () => {
    const text = [
      '---',
      '- name: Set variable with loaded JSON dictionary',
      '  ansible.builtin.set_fact:',
      '    caddy_releases_json: "{{ caddy_releases_data[\'content\'] | b64decode | from_json }}"',
      '',
      '- name: Set variable with list of available releases',
      '  ansible.builtin.set_fact:',
      '    caddy_available_releases: "{{ caddy_releases_json | json_query(\'[].ref\') }}"',
      '',
      '- name: Show available Caddy releases',
      '',
    ].join('\n');
    const { suggestion } = await suggestAt('file:///work/roles/caddy/tasks/github-url.yml', text, 9);
    assert.equal(suggestion?.fqcn, 'ansible.builtin.debug');
  });

  it("writes a Windows host's task with the Windows twin of the POSIX module", async () => {
    const at = async (path: string, above = '') => {
      const text = `---\n${above}- name: Create the log directory\n`;
      const line = text.split('\n').length - 2;
      return (await suggestAt(`file:///work/roles/agent/tasks/${path}`, text, line)).suggestion?.fqcn;
    };
    assert.equal(await at('main.yml'), 'ansible.builtin.file');
    assert.equal(await at('configure_windows.yml'), 'ansible.windows.win_file');
    const winShellAbove = '- name: Read the agent version\n  ansible.windows.win_shell: agent.exe --version\n';
    assert.equal(await at('agent.yml', winShellAbove), 'ansible.windows.win_file');
  });

  it("names the role's own template, and templates what the role has only as a template", async () => {
    const listFiles: ListFiles = (dir) =>
      dir === '/work/roles/haproxy/templates'
        ? ['haproxy.cfg.j2', 'firewall.bash.j2']
        : dir.endsWith('/files')
          ? ['ca.pem']
          : [];
    const at = async (description: string) => {
      const text = `---\n- name: ${description}\n`;
      const { request, suggestion } = await suggestAt('file:///work/roles/haproxy/tasks/main.yml', text, 1, listFiles);
      assert.deepEqual(request.context.localFiles, {
        templates: ['haproxy.cfg.j2', 'firewall.bash.j2'],
        files: ['ca.pem'],
      });
      return suggestion;
    };
    const config = await at('Copy HAProxy configuration in place.');
    assert.equal(config?.fqcn, 'ansible.builtin.template');
    assert.equal(config?.args.src, 'haproxy.cfg.j2');
    assert.equal(config?.args.dest, '/etc/haproxy/haproxy.cfg');
    const script = await at('Render the firewall script');
    assert.equal(script?.fqcn, 'ansible.builtin.template');
    assert.equal(script?.args.src, 'firewall.bash.j2');
  });

  it("writes a family's own manager in a file for that family only, the portable package module elsewhere", async () => {
    const at = async (path: string) =>
      (await suggestAt(`file:///work/roles/redis/tasks/${path}`, '---\n- name: Ensure Redis is installed.\n', 1))
        .suggestion?.fqcn;
    assert.equal(await at('setup-Debian.yml'), 'ansible.builtin.apt');
    assert.equal(await at('main.yml'), 'ansible.builtin.package');
    assert.equal(await at('setup-RedHat.yml'), 'ansible.builtin.package');
    assert.equal(await at('setup-Archlinux.yml'), 'community.general.pacman');
    assert.equal(await at('setup-FreeBSD.yml'), 'community.general.pkgng');
    assert.equal(await at('packages-zypper.yml'), 'community.general.zypper');
    assert.equal(await at('packages-apt.yml'), 'ansible.builtin.apt');
  });

  it("says Ansible's own idioms with their module: flush handlers, per-OS variables, a temporary file, facts", async () => {
    const at = async (description: string, above = '') => {
      const text = `---\n${above}- name: ${description}\n`;
      return (await suggestAt('file:///work/roles/app/tasks/main.yml', text, text.split('\n').length - 2)).suggestion;
    };
    const templateAbove =
      '- name: Configure the app\n  ansible.builtin.template:\n    src: app.conf.j2\n    dest: /etc/app.conf\n';
    const flush = await at('Flush handlers', templateAbove);
    assert.equal(flush?.fqcn, 'ansible.builtin.meta');
    assert.equal(flush?.args._raw_params ?? flush?.args.free_form, 'flush_handlers');
    const now = await at('Make sure the app is restarted, if necessary', templateAbove);
    assert.equal(now?.fqcn, 'ansible.builtin.meta', now?.yaml);
    assert.equal(now?.args._raw_params ?? now?.args.free_form, 'flush_handlers', now?.yaml);
    const setFactAbove = '- name: Set the app port\n  ansible.builtin.set_fact:\n    app_port: 8080\n';
    const vars = await at('Set OS dependent variables', setFactAbove);
    assert.equal(vars?.fqcn, 'ansible.builtin.include_vars');
    // No example's file whose variables are out of scope here: the OS family's own.
    assert.equal(vars?.args._raw_params ?? vars?.args.file, "{{ ansible_facts['os_family'] }}.yml", vars?.yaml);
    assert.equal((await at('Create temporary file'))?.fqcn, 'ansible.builtin.tempfile');
    assert.equal((await at('Update current facts', setFactAbove))?.fqcn, 'ansible.builtin.setup');
  });

  it('defines a fact where the description says fact, variable or flag; sets an option in a file', async () => {
    const commandAbove = [
      '- name: Read the agent certificate',
      '  ansible.builtin.command: cat /etc/agent/cert.pem',
      '  register: agent_cert',
      '  changed_when: false',
      '',
    ].join('\n');
    const at = async (description: string, above: string) => {
      const text = `---\n${above}- name: ${description}\n`;
      return (await suggestAt('file:///work/roles/agent/tasks/main.yml', text, text.split('\n').length - 2)).suggestion;
    };
    const flag = await at('Initialize custom repo file deletion flag to False', commandAbove);
    assert.equal(flag?.fqcn, 'ansible.builtin.set_fact', flag?.yaml);
    assert.deepEqual(Object.values(flag?.args ?? {}), [false], flag?.yaml);
    const setFactAbove = '- name: Set the runner name\n  ansible.builtin.set_fact:\n    runner_name: ci\n\n';
    const option = await at('Set concurrent limit option', setFactAbove);
    assert.equal(option?.fqcn, 'ansible.builtin.lineinfile', option?.yaml);
  });

  it('reads the result the command just before registered, where the description speaks of a result', async () => {
    const text = (description: string) =>
      [
        '---',
        '- name: Check mariadb version on target system',
        '  ansible.builtin.command: mariadb -V',
        '  register: mariadb_version_check',
        '  changed_when: false',
        '',
        `- name: ${description}`,
        '',
      ].join('\n');
    const at = async (description: string) =>
      (await suggestAt('file:///work/roles/db/tasks/main.yml', text(description), 6)).suggestion;
    const extract = await at('Extract MariaDB version');
    assert.equal(extract?.fqcn, 'ansible.builtin.set_fact', extract?.yaml);
    assert.deepEqual(extract?.args, { mariadb_version: '{{ mariadb_version_check.stdout }}' });
    const again = await at('Check mariadb version again');
    assert.equal(again?.fqcn, 'ansible.builtin.command', again?.yaml);
  });

  it('checks the variable the description names: a near-copy turned onto it, else defined', async () => {
    const text = [
      '---',
      '- name: assert | Test users_cron_allow',
      '  ansible.builtin.assert:',
      '    that:',
      '      - users_cron_allow is defined',
      '      - users_cron_allow is boolean',
      '    quiet: true',
      '',
      '- name: assert | Test users_shell',
      '',
    ].join('\n');
    const turned = (await suggestAt('file:///work/roles/users/tasks/assert.yml', text, 8)).suggestion;
    assert.equal(turned?.fqcn, 'ansible.builtin.assert', turned?.yaml);
    assert.deepEqual(turned?.args.that, ['users_shell is defined', 'users_shell is boolean'], turned?.yaml);
    const alone = await suggestAt(
      'file:///work/roles/db/tasks/main.yml',
      '---\n- name: Verify if db_password is set\n',
      1,
    );
    assert.equal(alone.suggestion?.fqcn, 'ansible.builtin.assert', alone.suggestion?.yaml);
    assert.deepEqual(alone.suggestion?.args.that, ['db_password is defined'], alone.suggestion?.yaml);
  });

  it('takes away with file what a series of templates wrote, and writes a configuration file from a template', async () => {
    const text = [
      '---',
      '- name: Copy telegraf extra plugins',
      '  ansible.builtin.template:',
      '    src: telegraf-extra-plugin.conf.j2',
      '    dest: "/etc/telegraf/telegraf.d/{{ item.key }}.conf"',
      '  loop: "{{ telegraf_plugins_extra | dict2items }}"',
      '',
      '- name: Remove telegraf extra plugins',
      '',
    ].join('\n');
    const { suggestion } = await suggestAt('file:///work/roles/telegraf/tasks/configure.yml', text, 7);
    assert.equal(suggestion?.fqcn, 'ansible.builtin.file', suggestion?.yaml);
    assert.equal(suggestion?.args.state, 'absent', suggestion?.yaml);
    // And the other way: `file` writes no content, a configuration file comes from a template.
    const overrides = await suggestAt(
      'file:///work/roles/mariadb/tasks/max-open-files.yml',
      [
        '---',
        '- name: Create the override directory',
        '  ansible.builtin.file:',
        '    path: /etc/systemd/system/mariadb.service.d',
        '    state: directory',
        '',
        '- name: Add the overriding file',
        '',
      ].join('\n'),
      6,
    );
    assert.equal(overrides.suggestion?.fqcn, 'ansible.builtin.template', overrides.suggestion?.yaml);
  });

  it('starts a service with the portable service module unless the description or file speaks systemd', async () => {
    const at = async (description: string, above = '') => {
      const text = `---\n${above}- name: ${description}\n`;
      return (await suggestAt('file:///work/roles/kube/tasks/main.yml', text, text.split('\n').length - 2)).suggestion
        ?.fqcn;
    };
    assert.equal(await at('Ensure kubelet is started and enabled at boot.'), 'ansible.builtin.service');
    const systemdAbove = '- name: Reload systemd\n  ansible.builtin.systemd:\n    daemon_reload: true\n';
    assert.equal(await at('Ensure kubelet is started and enabled at boot.', systemdAbove), 'ansible.builtin.systemd');
  });

  it("runs a network device's commands with its platform's module", async () => {
    const text = [
      '---',
      '- name: Collect the state of the EOS switches',
      '  hosts: eos',
      '  connection: httpapi',
      '  gather_facts: false',
      '  tasks:',
      '    - name: Create the output directory',
      '      ansible.builtin.file:',
      '        path: /tmp/cli',
      '        state: directory',
      '    - name: Run show version on EOS devices',
      '',
    ].join('\n');
    const { suggestion } = await suggestAt('file:///work/playbooks/collect.yml', text, 10);
    assert.equal(suggestion?.fqcn, 'arista.eos.eos_command', suggestion?.yaml);
    assert.deepEqual(suggestion?.args.commands, ['show version'], suggestion?.yaml);
  });

  it("adds a key or repository with the module of the file's one OS family", async () => {
    const at = async (path: string, description: string) =>
      (await suggestAt(`file:///work/roles/docker/tasks/${path}`, `---\n- name: ${description}\n`, 1)).suggestion?.fqcn;
    assert.equal(await at('setup-RedHat.yml', 'Add Docker GPG key.'), 'ansible.builtin.rpm_key');
    assert.equal(await at('setup-Debian.yml', 'Add Docker GPG key.'), 'ansible.builtin.apt_key');
    assert.equal(
      await at('setup-RedHat.yml', 'Ensure Kubernetes repository exists.'),
      'ansible.builtin.yum_repository',
    );
    assert.equal(
      await at('setup-Suse.yml', 'Ensure Kubernetes repository exists.'),
      'community.general.zypper_repository',
    );
  });

  it("follows the workspace's habits where the file has none: its other files' modules and collections", async () => {
    const text = ['- name: Workers', '  hosts: workers', '  tasks:', '    - name: Restart the queue worker', ''].join(
      '\n',
    );
    const set = buildTaskRequests(parseAnsibleDocument('file:///work/roles/app/tasks/queue.yml', text), 3, catalog, {
      readText: () => undefined,
    });
    assert.ok(!('reason' in set), 'reason' in set ? set.reason : '');
    const req = set.requests[0];
    const alone = await model.suggest(req, catalog);
    assert.notEqual(alone?.fqcn, 'community.general.supervisorctl', 'a lone file gets an everyday module');
    const workspaceTasks = [
      {
        name: 'Restart the web worker',
        fqcn: 'community.general.supervisorctl',
        args: { name: 'web', state: 'restarted' },
      },
      {
        name: 'Stop the cron worker',
        fqcn: 'community.general.supervisorctl',
        args: { name: 'cron', state: 'stopped' },
      },
      { name: 'Install packages', fqcn: 'ansible.builtin.apt', args: { name: '{{ item }}' } },
    ];
    const inProject = await model.suggest({ ...req, context: { ...req.context, workspaceTasks } }, catalog);
    assert.equal(inProject?.fqcn, 'community.general.supervisorctl');
    assert.equal(inProject?.args.state, 'restarted');
  });
});
