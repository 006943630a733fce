// The rules the embedded model applies over its re-ranker's order (model/tryOrder.ts), on a
// ranked list written out: each moves the module the description or the file asks for first, and
// leaves the order alone otherwise.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inTryOrder } from '../../server/src/model/tryOrder';
import type { TaskRequest } from '../../server/src/model/types';

const MODULES = [
  'ansible.builtin.assert',
  'ansible.builtin.command',
  'ansible.builtin.copy',
  'ansible.builtin.package',
  'ansible.builtin.debug',
  'ansible.builtin.fail',
  'ansible.builtin.stat',
  'ansible.builtin.file',
  'ansible.builtin.meta',
  'ansible.builtin.service',
  'ansible.builtin.set_fact',
  'ansible.builtin.systemd',
  'ansible.builtin.template',
  'ansible.builtin.tempfile',
  'ansible.builtin.user',
  'ansible.builtin.group',
  'ansible.builtin.include_tasks',
  'ansible.builtin.import_tasks',
  'ansible.builtin.git',
  'ansible.builtin.find',
  'ansible.builtin.setup',
  'ansible.builtin.get_url',
  'ansible.builtin.lineinfile',
  'ansible.builtin.include_vars',
  'ansible.builtin.shell',
  'ansible.posix.authorized_key',
  'community.general.modprobe',
  'ansible.builtin.fetch',
  'ansible.builtin.service_facts',
  'ansible.builtin.pip',
  'ansible.builtin.slurp',
  'ansible.builtin.uri',
  'ansible.builtin.apt',
  'arista.eos.eos_command',
  'arista.eos.eos_facts',
  'ansible.posix.sysctl',
  'ansible.builtin.package_facts',
  'ansible.posix.firewalld',
  'community.general.elasticsearch_plugin',
  'ansible.windows.win_service',
  'ansible.builtin.getent',
  'ansible.builtin.cron',
  'ansible.builtin.unarchive',
  'amazon.aws.lambda',
  'community.mysql.mysql_db',
  'ansible.builtin.rpm_key',
  'ansible.builtin.yum_repository',
  'ansible.builtin.apt_key',
  'ansible.builtin.apt_repository',
  'ansible.builtin.yum',
  'grafana.grafana.folder',
  'ansible.builtin.replace',
  'ansible.builtin.wait_for',
  'ansible.builtin.dnf',
];
const ids = { modules: MODULES, index: new Map(MODULES.map((m, i) => [m, i])) };

/** The FQCNs in the order tried for `description` when the re-ranker ranked `ranked` (best first). */
function order(description: string, ranked: string[], context: Partial<TaskRequest['context']> = {}): string[] {
  const req: TaskRequest = {
    description,
    context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks', ...context },
  };
  const list = ranked.map((m, i) => ({
    module: ids.index.get(`ansible.builtin.${m}`) ?? ids.index.get(m)!,
    p: 1 - i / 10,
  }));
  return inTryOrder(list, req, ids).map((r) => MODULES[r.module].replace('ansible.builtin.', ''));
}

describe('the order the embedded model tries modules in', () => {
  it('a description that asks changes nothing: the best candidate that changes no state', () => {
    assert.equal(order('Get HAProxy version.', ['service', 'template', 'command'])[0], 'command');
    assert.equal(order('Restart HAProxy.', ['service', 'command'])[0], 'service');
    // One program asked its version needs no shell.
    assert.equal(order('get fail2ban version', ['shell', 'command'])[0], 'command');
    assert.equal(order('Find path of smartctl', ['set_fact'])[0], 'command');
    assert.equal(order('Check ansible version', ['assert'])[0], 'assert');
    assert.equal(order('Get Kubernetes version for Weave installation.', ['shell', 'command'])[0], 'shell');
  });

  it('a description that defines a variable or builds a value is a set_fact; one that initializes something is not', () => {
    assert.equal(order('(MacOS) Set fact -> gitlab_runner_exists', ['stat', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Define the Gitlab package name.', ['command', 'debug'])[0], 'set_fact');
    assert.equal(order('Initialize the control plane with kubeadm init', ['command', 'set_fact'])[0], 'command');
    // A value built from others is a fact too.
    assert.equal(order('Create list of configured runners', ['command', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Check if single PTP is needed', ['command', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Check if only NTP is needed', ['stat', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Prefix the Docker package version with a dash', ['package', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Create the runner configuration file', ['copy', 'set_fact'])[0], 'copy');
  });

  it("a Windows host's service is a win_service, unless the file uses service itself or the description names another system", () => {
    const windows = { osHints: ['Windows'] };
    assert.equal(order('restart datadog-agent', ['service'], windows)[0], 'ansible.windows.win_service');
    const linuxHandler = [{ name: 'restart agent', fqcn: 'ansible.builtin.service', args: {} }];
    assert.equal(order('restart datadog-agent', ['service'], { ...windows, earlierTasks: linuxHandler })[0], 'service');
    assert.equal(order('Restart Linux Telegraf', ['service'], windows)[0], 'service');
    assert.equal(
      order('Restart the agent on Windows', ['service'], { ...windows, earlierTasks: linuxHandler })[0],
      'ansible.windows.win_service',
    );
  });

  it('a macOS host has no service manager Ansible drives: its services are started with a command', () => {
    assert.equal(order('Restart MacOS Telegraf', ['service', 'command'])[0], 'command');
    assert.equal(order('Restart_gitlab_runner_macos', ['systemd'])[0], 'command');
    assert.equal(order('Restart Telegraf', ['ansible.windows.win_service'], { osHints: ['Darwin'] })[0], 'command');
    assert.equal(order('Restart Telegraf', ['service'], { osHints: ['Darwin', 'FreeBSD'] })[0], 'service');
    assert.equal(order('Restart Telegraf', ['service'])[0], 'service');
    // Its disk images are attached and detached with hdiutil.
    assert.equal(order('Attach agent dmg', ['set_fact', 'command'])[0], 'command');
    assert.equal(order('Detach mounted dmg', ['set_fact'])[0], 'command');
  });

  it('words that put a module aside are read again for the module they put first', () => {
    // A copy over a command line, and a copy into place a template.
    assert.equal(order('Copy solr init script into place.', ['command', 'copy', 'template'])[0], 'template');
  });

  it('a file that only includes others includes the next one too, as does a task file named', () => {
    const include = (name: string) => ({ name, fqcn: 'ansible.builtin.import_tasks', args: { file: 'x.yml' } });
    const main = {
      earlierTasks: ['Configure sysctl', 'Configure kernel', 'Disable modules', 'Install UFW'].map(include),
    };
    assert.equal(order('Disable IPv6', ['command', 'import_tasks'], main)[0], 'import_tasks');
    // Three includes are no such file yet.
    assert.equal(
      order('Disable IPv6', ['command', 'import_tasks'], { earlierTasks: main.earlierTasks.slice(1) })[0],
      'command',
    );
    // A task file it names, imported or included as it says; a vars file is no task file.
    assert.equal(order('Import assert.yml', ['assert', 'include_tasks', 'import_tasks'])[0], 'import_tasks');
    assert.equal(order('Include checks.yml', ['assert', 'import_tasks', 'include_tasks'])[0], 'include_tasks');
    assert.notEqual(order('Include vars/main.yml', ['include_vars', 'include_tasks'])[0], 'include_tasks');
  });

  it("a package for the family the description names is installed with that family's manager", () => {
    // The file installs with apt for Debian and dnf for RedHat.
    const both = { previousModules: ['ansible.builtin.dnf', 'ansible.builtin.apt'] };
    assert.equal(order('RedHat family UFW installation', ['apt', 'dnf'], both)[0], 'dnf');
    assert.equal(order('Debian family UFW installation', ['apt', 'dnf'], both)[0], 'apt');
    // RedHat files keep the portable module where the file has no manager of theirs.
    assert.equal(
      order('RedHat family UFW installation', ['apt'], { previousModules: ['ansible.builtin.apt'] })[0],
      'package',
    );
  });

  it('a service is started with the portable service module unless systemd is spoken of', () => {
    assert.equal(order('Ensure kubelet is started and enabled at boot.', ['systemd', 'service'])[0], 'service');
    assert.equal(order('Reload systemd and restart kubelet.', ['systemd', 'service'])[0], 'systemd');
    const systemdAbove = { previousModules: ['ansible.builtin.systemd'] };
    assert.equal(order('Ensure kubelet is started.', ['systemd', 'service'], systemdAbove)[0], 'systemd');
  });

  it('a description that verifies is an assert, not a command or a fact', () => {
    assert.equal(order('Verify if postgresql_password is set', ['command', 'assert'])[0], 'assert');
    assert.equal(order("Check that variable 'timesync_services' is defined", ['set_fact', 'debug'])[0], 'assert');
    assert.equal(order('Check the nginx configuration', ['command', 'debug'])[0], 'command');
    assert.equal(order('enforce major and minor version are at least RHEL 8.4', ['fail', 'assert'])[0], 'assert');
  });

  it('a restart asked for now runs the notified handlers, except in a handler', () => {
    const now = 'Ensure containerd is restarted immediately if necessary.';
    assert.equal(order(now, ['service', 'systemd'])[0], 'meta');
    assert.equal(order(now, ['service', 'systemd'], { section: 'handlers' })[0], 'service');
  });

  it("follows the file's own way with the description's verb when its earlier tasks agree", () => {
    const task = (name: string, fqcn: string) => ({ name, fqcn: `ansible.builtin.${fqcn}`, args: {} });
    const templates = [
      task('Copy Varnish configuration.', 'template'),
      task('Copy override for systemd unit.', 'template'),
    ];
    assert.equal(order('Copy varnish secret.', ['copy', 'template'], { earlierTasks: templates })[0], 'template');
    const mixed = [templates[0], task('Copy the CA bundle.', 'copy')];
    assert.equal(order('Copy varnish secret.', ['copy', 'template'], { earlierTasks: mixed })[0], 'copy');
    // "Ensure …" says too little: the file's ensures are of every kind.
    const ensures = [
      task('Ensure varnish is installed.', 'package'),
      task('Ensure its dependencies are present.', 'package'),
    ];
    assert.equal(
      order('Ensure the cache daemon runs.', ['service', 'package'], { earlierTasks: ensures })[0],
      'service',
    );
    // "Set …" says the file's module once the file has said it four times or more, three in four of its sets.
    const options = ['privileged', 'tlsverify', 'shm_size', 'pull_policy'].map((o) =>
      task(`Set docker ${o} option {{ prefix }}`, 'lineinfile'),
    );
    const setCache = (earlierTasks: ReturnType<typeof task>[], ranked = ['set_fact', 'lineinfile']) =>
      order('Set cache section {{ prefix }}', ranked, { earlierTasks })[0];
    assert.equal(setCache(options), 'lineinfile');
    assert.equal(setCache(options.slice(1)), 'set_fact');
    assert.equal(setCache([...options, task('Set a fact', 'set_fact'), task('Set b', 'set_fact')]), 'set_fact');
    // …but not over the module the description names.
    assert.equal(order('Set cache git', ['git', 'lineinfile'], { earlierTasks: options })[0], 'git');
  });

  it('a directory made sure of is a file task; one checked for is not', () => {
    assert.equal(order('Make sure the required directory exists', ['fail', 'file'])[0], 'file');
    assert.equal(order('Check if the plugins directory exists', ['stat', 'file'])[0], 'stat');
    assert.equal(order('Check if the plugins directory exists', ['file', 'stat'])[0], 'stat');
    assert.equal(order('Check if Solr is already installed.', ['fail', 'stat'])[0], 'stat');
    assert.equal(order('Check if the configuration directory is a git repository', ['assert', 'stat'])[0], 'stat');
    assert.equal(order('Check if system is ostree', ['fail', 'stat'])[0], 'stat');
    assert.equal(order('Assert that key has been re-enabled', ['file', 'assert'])[0], 'assert');
    assert.equal(order('Set flag to indicate system is ostree', ['set_fact', 'stat'])[0], 'set_fact');
    assert.equal(order('Check if GitLab configuration file already exists.', ['command', 'stat'])[0], 'stat');
    assert.equal(order('Create the systemd overrides directory for Docker.', ['set_fact', 'file'])[0], 'file');
    assert.equal(order('Create temporary directory', ['file', 'set_fact'])[0], 'tempfile');
    assert.equal(order('Create the deploy user with a home directory', ['user', 'file'])[0], 'user');
  });

  it('a configuration file is templated, what takes one away is a file', () => {
    assert.equal(order('Add the overriding file', ['file', 'command'])[0], 'template');
    assert.equal(order('Create the override directory', ['file', 'template'])[0], 'file');
    assert.equal(order('Remove telegraf extra plugins', ['template', 'command'])[0], 'file');
    const db = 'community.mysql.mysql_db';
    assert.equal(order('mysql_databases | delete init scripts from the server', [db, 'command'])[0], 'file');
    assert.equal(order('Remove sql script from the host', ['shell', 'command'])[0], 'file');
    assert.equal(order('Remove Redis Sentinel instance systemd override if requested', ['systemd'])[0], 'file');
    assert.equal(order('Remove the test database', [db, 'command'])[0], db);
    // What the module is named after is that module's to remove.
    assert.equal(order('Delete a Folder in Grafana', ['grafana.grafana.folder'])[0], 'grafana.grafana.folder');
    assert.equal(order('Remove file system named fs1 from pool', [db])[0], db);
    assert.equal(order('Delete the array_admin directory service role', [db])[0], db);
  });

  it("a key is added with the family's key module, a repository with its repository module", () => {
    assert.equal(order('Add Kubernetes GPG keys.', ['yum_repository', 'yum'])[0], 'rpm_key');
    assert.equal(order('Add Elasticsearch repository.', ['rpm_key', 'yum'])[0], 'yum_repository');
    assert.equal(order('Add the Docker repository and its key', ['apt_repository', 'apt'])[0], 'apt_repository');
    const debian = { previousModules: ['ansible.builtin.apt'] };
    assert.equal(order('Add Kubernetes GPG keys.', ['yum_repository', 'yum'], debian)[0], 'apt_key');
    assert.equal(order('Remove old log lines from the file', ['lineinfile', 'command'])[0], 'lineinfile');
    // After the stat of a path, deleting it is no stat.
    assert.equal(order('Delete telegraf extra plugin path', ['stat', 'set_fact', 'file'])[0], 'file');
    assert.equal(order('Check telegraf extra plugin path', ['stat', 'set_fact', 'file'])[0], 'stat');
    assert.equal(order('Copy HAProxy configuration in place.', ['copy', 'file'])[0], 'template');
    assert.equal(order('Template systemd service', ['systemd', 'file'])[0], 'template');
    assert.equal(order('Override the systemd unit for Docker.', ['set_fact', 'template'])[0], 'template');
    assert.equal(order('Override the default timeout fact', ['set_fact', 'template'])[0], 'set_fact');
    assert.equal(order('Copy the CA certificate', ['copy', 'template'])[0], 'copy');
    assert.equal(order('Save APT local facts', ['set_fact', 'template'])[0], 'template');
    assert.equal(order('Refresh local facts', ['set_fact', 'setup'])[0], 'setup');
  });

  it('a system file the description names is edited, not set as a fact, included or started', () => {
    assert.equal(order('Set default bash.bashrc umask', ['set_fact', 'template', 'file'])[0], 'template');
    assert.equal(order('Remove floppy from fstab', ['import_tasks', 'file'])[0], 'lineinfile');
    assert.equal(order('Set default umask in /etc/profile.d', ['set_fact', 'file'])[0], 'file');
    assert.equal(order('Set default umask', ['set_fact', 'file'])[0], 'set_fact');
    // A service disabled in a system file is a line of it.
    assert.equal(order('Disable serial console in /etc/inittab', ['service', 'stat'])[0], 'lineinfile');
    assert.equal(order('Disable serial console', ['service', 'stat'])[0], 'service');
    assert.equal(order('Include the shadow suite tasks', ['import_tasks', 'file'])[0], 'import_tasks');
  });

  it('what goes into or out of a system file the description names is a line of it, not the file', () => {
    assert.equal(order('Remove floppy from fstab', ['file', 'lineinfile'])[0], 'lineinfile');
    // A system file cleaned keeps the file: its lines go.
    assert.equal(order('Clean securetty', ['file'])[0], 'lineinfile');
    assert.equal(order('Clean the build directory', ['file'])[0], 'file');
    assert.equal(
      order("Ensure that '/etc/sudoers' includes '/etc/sudoers.d'", ['file', 'lineinfile'])[0],
      'lineinfile',
    );
    assert.equal(order('Make sure the include path is present in the main sshd_config', ['file'])[0], 'lineinfile');
    assert.equal(order('Ensure /etc/sudoers.d exists', ['file', 'lineinfile'])[0], 'file');
    assert.equal(order('Remove the /etc/nginx/sites-enabled/default file', ['file', 'lineinfile'])[0], 'file');
    assert.equal(order('Remove old releases from the app folder', ['file', 'lineinfile'])[0], 'file');
  });

  it('a service started, stopped or enabled is a service task, not a command or a package', () => {
    assert.equal(order('Disable chronyd', ['command', 'service'])[0], 'service');
    assert.equal(order('Disable the ufw firewall (on Ubuntu, if configured).', ['command'])[0], 'service');
    assert.equal(order('redhat | ensuring mariadb mysql is enabled on boot', ['package', 'service'])[0], 'service');
    assert.equal(order('Disable swap', ['command', 'service'])[0], 'command');
    assert.equal(order('Enable password authentication', ['command', 'lineinfile'])[0], 'command');
    assert.equal(order('Start and enable the configured', ['command'])[0], 'command');
  });

  it('installing what a module is named after installs its package', () => {
    assert.equal(order('Install firewalld', ['ansible.posix.firewalld', 'package'])[0], 'package');
    assert.equal(order('Install firewalld', ['command'])[0], 'package');
    assert.equal(order('Install Elasticsearch.', ['community.general.elasticsearch_plugin'])[0], 'package');
    assert.equal(
      order('Install Elasticsearch plugins', ['community.general.elasticsearch_plugin'])[0],
      'community.general.elasticsearch_plugin',
    );
    assert.equal(order('Install from Brewfile.', ['command'])[0], 'command');
  });

  it('a description that asks whether a package is installed is a query, never a package task', () => {
    assert.equal(order('Check if snmpd is installed', ['package', 'command'])[0], 'package_facts');
    const debian = { osHints: ["ansible_os_family == 'Debian'"] };
    assert.equal(order('Check if snmpd is installed', ['apt', 'command'], debian)[0], 'command');
    assert.equal(order('Ensure snmpd is installed', ['package', 'command'])[0], 'package');
    assert.equal(order('Check if GitLab is already installed.', ['package', 'stat'])[0], 'package');
    // The family the description names, in a file for several: that family's package database.
    const both = { osHints: ['Ubuntu', 'Archlinux'] };
    assert.equal(order('Check if ufw package is installed (on Archlinux).', ['package_facts'], both)[0], 'command');
    assert.equal(order('Check if ufw package is installed.', ['command'], both)[0], 'package_facts');
  });

  it('a kernel parameter is set with sysctl, whether the description does or checks it', () => {
    assert.equal(order('configure swappiness', ['template', 'file'])[0], 'ansible.posix.sysctl');
    assert.equal(order('1.5.2 | PATCH | Ensure ptrace_scope is restricted', ['package'])[0], 'ansible.posix.sysctl');
    assert.equal(order('Configure the kernel', ['template', 'file'])[0], 'template');
  });

  it('a unit file installed is templated', () => {
    assert.equal(order('Install service unit file', ['copy', 'template'])[0], 'template');
    assert.equal(order('Archlinux | Copy telegraf unit file', ['copy'])[0], 'copy');
  });

  it('words inside lines are replaced, whole lines are lineinfile', () => {
    assert.equal(order('Replace apparmor settings when exists', ['lineinfile', 'replace'])[0], 'replace');
    assert.equal(order('Remove minlen from pam files NOT AuthSelect', ['lineinfile'])[0], 'replace');
    assert.equal(
      order('if exists remove unlock_time from faillock line in pam-auth conf files', ['lineinfile'])[0],
      'replace',
    );
    assert.equal(order('Remove floppy from fstab', ['lineinfile'])[0], 'lineinfile');
  });

  it('keys and certificates are generated by a command, not a file task or a template', () => {
    assert.equal(order('Create self-signed certificate.', ['file', 'command'])[0], 'command');
    assert.equal(order('Generate a private key for the CA', ['copy'])[0], 'command');
    assert.equal(
      order('Create self-signed certificate.', ['community.general.elasticsearch_plugin'])[0],
      'community.general.elasticsearch_plugin',
    );
    assert.equal(order('Install postgresql server private key', ['file'])[0], 'file');
  });

  it('templates applied or configured are rendered, not included; an AWX template is launched', () => {
    assert.equal(order('Configure snapper templates', ['import_tasks', 'template'])[0], 'template');
    assert.equal(order('POST | AUDITD | Apply auditd template for section 6.2.4.x', ['import_tasks'])[0], 'template');
    assert.equal(order('Run Z / SETUP / Workshop deployment workflow template', ['include_tasks'])[0], 'include_tasks');
    assert.equal(order('(Update config: template) Load existing runner fields', ['include_tasks'])[0], 'include_tasks');
  });

  it("a signing key imported is the OS family's key module, not a package", () => {
    assert.equal(order('Import Docker APT public key.', ['apt', 'apt_key'])[0], 'apt_key');
    assert.equal(order('RedHat | Import Nodesource RPM key.', ['yum'], { osHints: ['RedHat'] })[0], 'rpm_key');
    assert.notEqual(order('Install the keyring package', ['apt'])[0], 'apt_key');
  });

  it("a package repository added is the OS family's repository module, not a package, a file or a command", () => {
    assert.equal(order('Add Varnish packagecloud.io yum repo.', ['yum', 'yum_repository'])[0], 'yum_repository');
    assert.equal(order('Ensure Kubernetes repository exists.', ['file'])[0], 'yum_repository');
    assert.equal(
      order('Debian | Add the Docker repository', ['command'], { osHints: ['Debian'] })[0],
      'apt_repository',
    );
    assert.equal(order('Update apt cache if repo was added.', ['apt'])[0], 'apt');
    assert.equal(order('Remove custom repository file', ['file'])[0], 'file');
  });

  it('secrets or credentials brought in are a vars file read, not a module of what they are for', () => {
    assert.equal(order('Bring in vaulted Ansible Tower secrets', ['apt'])[0], 'include_vars');
    assert.equal(order('IMPORT LOGIN CREDENTIALS FOR SERVICENOW', ['community.mysql.mysql_db'])[0], 'include_vars');
    assert.equal(order('Import the credential keys', ['copy'])[0], 'copy');
    assert.equal(order('Get a Keycloak client secret, authentication with credentials', ['command'])[0], 'command');
  });

  it('what must be running before the play goes on is waited for; what must be started first is a service', () => {
    assert.equal(order('Make sure Elasticsearch is running before proceeding.', ['service'])[0], 'wait_for');
    assert.equal(order('ensure node is fully started before continuing', ['service'])[0], 'service');
  });

  it('an archive expanded or extracted is unarchived; a value extracted is a fact', () => {
    assert.equal(order('Expand Solr.', ['set_fact', 'unarchive'])[0], 'unarchive');
    assert.equal(order('Extract Caddy', ['stat'])[0], 'unarchive');
    assert.equal(order('Extract MariaDB version', ['set_fact'])[0], 'set_fact');
    assert.equal(order('Extract the name of the latest release tag.', ['command'])[0], 'set_fact');
  });

  it('software installed by its name alone is its package, not a check or a message', () => {
    assert.equal(order('Install chrony', ['fail', 'package'])[0], 'package');
    assert.equal(order('Install chrony', ['assert'])[0], 'package');
    assert.equal(order('Install chrony key file', ['fail'])[0], 'fail');
  });

  it('a key of a configuration file, spelled as one, is a line of that file', () => {
    assert.equal(order('Configure AuditFilePath', ['import_tasks', 'lineinfile'])[0], 'lineinfile');
    assert.equal(order('Configure KUBELET_EXTRA_ARGS. (deprecated)', ['template', 'file'])[0], 'lineinfile');
    assert.equal(order('Configure GitLab', ['import_tasks', 'lineinfile'])[0], 'import_tasks');
    assert.equal(order('Set facts for KUBELET_EXTRA_ARGS', ['set_fact', 'lineinfile'])[0], 'set_fact');
    // Removed or added, and a key in snake case added to the configuration.
    assert.equal(order('Remove existing SOLR_HEAP configuration.', ['file', 'lineinfile'])[0], 'lineinfile');
    assert.equal(order('Add listen_address to config', ['file'])[0], 'lineinfile');
    assert.equal(order('Add listen_address to the inventory', ['file'])[0], 'file');
  });

  it("variables the folder's own task file sets are set by including it", () => {
    const description = 'Set platform/version specific variables';
    const withFile = { localFiles: { templates: [], files: [], tasks: ['main.yml', 'set_vars.yml'] } };
    assert.equal(order(description, ['include_vars', 'set_fact'], withFile)[0], 'include_tasks');
    // As the first task of its file, too; not after others, and not "Include … variables".
    assert.equal(order(description, ['include_vars', 'set_fact'])[0], 'include_tasks');
    const after = { earlierTasks: [{ name: 'Check if system is ostree', fqcn: 'ansible.builtin.stat', args: {} }] };
    assert.equal(order(description, ['include_vars', 'set_fact'], after)[0], 'include_vars');
    assert.equal(order('Include OS-specific variables.', ['include_vars'])[0], 'include_vars');
  });

  it("a file's permissions or ownership are set with file, not a fact, a command or a line", () => {
    assert.equal(order('Set appropriate file ownership on the SP key-pair', ['set_fact', 'file'])[0], 'file');
    assert.equal(order('Make sure private hostkeys have expected permissions', ['shell', 'stat'])[0], 'file');
    assert.equal(order('Set cron permissions', ['lineinfile', 'file'])[0], 'file');
    assert.equal(order('Determine Homebrew ownership variables', ['set_fact', 'file'])[0], 'set_fact');
  });

  it('authorized keys are authorized_key, a kernel module made sure of is modprobe', () => {
    assert.equal(
      order('Deploy authorized keys for {{ user.name }}', ['command', 'file'])[0],
      'ansible.posix.authorized_key',
    );
    assert.equal(
      order('Ensure module br_netfilter is loaded', ['package', 'command'])[0],
      'community.general.modprobe',
    );
    assert.equal(order('Ensure br_netfilter package is installed', ['package', 'command'])[0], 'package');
  });

  it('masking and daemon reloads are systemd, service facts service_facts', () => {
    assert.equal(order('Unmask firewalld service', ['include_tasks', 'service', 'systemd'])[0], 'systemd');
    assert.equal(order('Run systemd daemon_reload (RHEL 7+ workaround).', ['command', 'systemd'])[0], 'systemd');
    assert.equal(order('Populate service facts', ['service', 'service_facts'])[0], 'service_facts');
    assert.equal(order('Restart firewalld service', ['service', 'systemd'])[0], 'service');
    assert.equal(order('Run systemctl', ['systemd', 'command'])[0], 'command');
  });

  it('Python packages are pip, pip itself a system package', () => {
    assert.equal(order('Pip passlib installation', ['package', 'pip'])[0], 'pip');
    assert.equal(order('Install docker-py.', ['package', 'pip'])[0], 'pip');
    assert.equal(order('Install the Python SNI python-pip dependencies.', ['apt', 'pip'])[0], 'pip');
    assert.equal(order('Install python-pip.', ['pip', 'package'])[0], 'package');
    assert.equal(order('Install pipx', ['package', 'pip'])[0], 'package');
  });

  it("a file's content read into a variable is slurped", () => {
    assert.equal(order('Load JSON list of releases', ['uri', 'slurp'])[0], 'slurp');
    assert.equal(order('(Update config: template) Read config.toml file', ['template', 'slurp'])[0], 'slurp');
    assert.equal(order('Get existing config.toml', ['stat', 'slurp'])[0], 'slurp');
    assert.equal(order('Fetch custom repository file', ['include_tasks', 'slurp'])[0], 'slurp');
    assert.equal(order('copy commands output in the save directory', ['file', 'copy'])[0], 'copy');
    assert.equal(order('Get information about Caddy config file', ['get_url', 'stat'])[0], 'stat');
    assert.equal(order('Attempt to stop and disable conflicting services', ['command', 'service'])[0], 'service');
    assert.equal(order('Enable and start existing instance of postgresql', ['command', 'service'])[0], 'service');
    assert.equal(order('Get information about the latest release', ['uri', 'stat'])[0], 'uri');
    assert.equal(order('Copy the app config', ['template', 'copy'])[0], 'template');
    assert.equal(order('Get current stats of the config.toml file', ['stat', 'slurp'])[0], 'stat');
    assert.equal(order('Fetch custom repository file', ['set_fact', 'slurp'])[0], 'slurp');
    assert.equal(order('Load existing runner fields from config.toml', ['include_tasks', 'slurp'])[0], 'include_tasks');
    assert.equal(order('Fetch the release JSON from GitHub', ['uri', 'slurp'])[0], 'uri');
  });

  it("a benchmark role's recurring step keeps the module its earlier ones agree on", () => {
    const warn = (name: string, fqcn: string) => ({ name, fqcn, args: {} });
    const earlier = {
      earlierTasks: [warn('1.1.1 | AUDIT | Ensure x | Warn Count', 'ansible.builtin.import_tasks')],
      // A closing full stop writes the same step.
      workspaceTasks: [warn('2.2.2 | AUDIT | Ensure y | Warn Count.', 'ansible.builtin.import_tasks')],
    };
    const desc = '9.2.5 | AUDIT | Ensure the firewall log size is set | Warn Count';
    assert.equal(order(desc, ['debug', 'import_tasks'], earlier)[0], 'import_tasks');
    assert.equal(order(desc, ['debug', 'import_tasks'], { earlierTasks: earlier.earlierTasks })[0], 'debug');
    const mixed = { ...earlier, workspaceTasks: [warn('3.3 | AUDIT | z | Warn Count', 'ansible.builtin.debug')] };
    assert.equal(order(desc, ['command', 'import_tasks'], mixed)[0], 'command');
  });

  it("a control's warning count in a block that sets the warning control id imports the warning file", () => {
    const block = {
      fileText: "- name: 1.2.1.4 | AUDIT | Ensure x\n  vars:\n    warn_control_id: '1.2.1.4'\n  block:\n",
    };
    const desc = '1.2.1.4 | AUDIT | Ensure package manager repositories are configured | Warn Count';
    assert.equal(order(desc, ['debug', 'command'], block)[0], 'import_tasks');
    assert.equal(order('4.3.3.4 | AUDIT | Ensure y | Set warning count', ['command'], block)[0], 'import_tasks');
    assert.equal(order('1.1.1.9 | AUDIT | Ensure z | Capture Warning', ['command'], block)[0], 'import_tasks');
    // A warning printed is a debug message; no control id set, no warning file.
    assert.equal(order('4.2.1 | AUDIT | Ensure nftables is installed | Warn Message', ['debug'], block)[0], 'debug');
    assert.equal(order(desc, ['debug'], { fileText: '- name: x\n  block:\n' })[0], 'debug');
  });

  it('a name written again right after itself takes the module the file writes such second tasks with', () => {
    const t = (name: string, fqcn: string) => ({ name, fqcn: `ansible.builtin.${fqcn}`, args: {} });
    const pairs = [
      t('1.5.1 | PATCH | Ensure ASLR is enabled', 'set_fact'),
      t('1.5.1 | PATCH | Ensure ASLR is enabled', 'debug'),
      t('3.3.1 | PATCH | Ensure forwarding is disabled | Set Fact', 'set_fact'),
      t('3.3.1 | PATCH | Ensure forwarding is disabled', 'debug'),
    ];
    const desc = '3.3.8 | PATCH | Ensure source routed packets are not accepted | IPv4';
    const earlierTasks = [...pairs, t(`${desc} | Set Fact`, 'set_fact')];
    assert.equal(order(desc, ['set_fact', 'debug'], { earlierTasks })[0], 'debug');
    // One pair says nothing; nor does a name that is not the one just before.
    assert.equal(order(desc, ['set_fact'], { earlierTasks: [...pairs.slice(2), t(desc, 'set_fact')] })[0], 'set_fact');
    assert.equal(order('3.3.9 | PATCH | Other', ['set_fact'], { earlierTasks })[0], 'set_fact');
  });

  it("a benchmark file's one-task controls of a kind in a section keep the module four in five of them use", () => {
    const control = (id: string, fqcn: string) => ({
      name: `${id} | PATCH | Ensure something is collected`,
      fqcn: `ansible.builtin.${fqcn}`,
      args: {},
    });
    const facts = ['6.3.3.1', '6.3.3.2', '6.3.3.3', '6.3.3.4'].map((id) => control(id, 'set_fact'));
    const desc = '6.3.3.12 | PATCH | Ensure login and logout events are collected';
    // The verb's own module (assert for "Ensure …") does not take it back either.
    assert.equal(order(desc, ['assert', 'set_fact'], { earlierTasks: facts })[0], 'set_fact');
    assert.equal(order(desc, ['set_fact', 'assert'], { earlierTasks: facts })[0], 'set_fact');
    assert.equal(order(desc, ['assert', 'set_fact'], { earlierTasks: facts.slice(1) })[0], 'assert');
    // Another section's controls say nothing of this one's.
    const other = ['5.3.3.1', '5.3.3.2', '5.3.3.3', '5.3.3.4'].map((id) => control(id, 'set_fact'));
    assert.equal(order(desc, ['assert', 'set_fact'], { earlierTasks: other })[0], 'assert');
  });

  it('what prints is a debug, what downloads a get_url, a config dropped in place or generated a template, scripts installed a copy', () => {
    assert.equal(order('Print the output of psql command', ['command', 'debug'])[0], 'debug');
    assert.equal(order('Warn if the same key value is used with different IDs', ['set_fact', 'debug'])[0], 'debug');
    assert.equal(order('Notify user that reboot is needed to apply changes', ['fail', 'debug'])[0], 'debug');
    assert.equal(order('Notify systemd to reload the daemon', ['systemd', 'debug'])[0], 'systemd');
    assert.equal(order('Display some facts', ['arista.eos.eos_facts', 'debug'])[0], 'debug');
    assert.equal(order("Download NodeSource's signing key.", ['command', 'get_url'])[0], 'get_url');
    assert.equal(order('Download file from remote host', ['fetch', 'get_url'])[0], 'fetch');
    assert.equal(order('Download file from Remote host', ['get_url', 'fetch'])[0], 'fetch');
    assert.equal(order('Check if {{ mariadb_sst_username }} exists in the system', ['fail', 'stat'])[0], 'getent');
    assert.equal(order('Check if the sst user config exists', ['fail', 'stat'])[0], 'stat');
    assert.equal(order('Get latest Caddy release details', ['command', 'uri'])[0], 'uri');
    assert.equal(order('Check if Caddy releases file has been created already', ['stat', 'uri'])[0], 'stat');
    assert.equal(order('Get list of existing UNIX accounts', ['command', 'getent'])[0], 'getent');
    assert.equal(order('Create auto rotation job', ['template', 'cron'])[0], 'cron');
    assert.equal(order('Install on RedHat', ['package', 'include_tasks'])[0], 'include_tasks');
    assert.equal(order('Install on RedHat systems the EPEL repository', ['package', 'include_tasks'])[0], 'package');
    assert.equal(order('Parse install.json file if it exists', ['stat', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Initialze runner list', ['import_tasks', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Save lambda function ARN', ['amazon.aws.lambda', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Register that this role has run', ['command', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Save iptables rules', ['command', 'set_fact'])[0], 'command');
    // The verb's own module (unarchive for "Extract …") does not take it back.
    assert.equal(order('Extract the name of the latest release tag.', ['unarchive', 'set_fact'])[0], 'set_fact');
    assert.equal(order('Extract Caddy', ['set_fact', 'unarchive'])[0], 'unarchive');
    assert.equal(order('Set sudo options for {{ user.name }}', ['set_fact', 'template'])[0], 'template');
    assert.equal(order('Set user /home directories permission', ['user', 'file'])[0], 'file');
    assert.equal(order('Ensure Solr install files are owned by the solr_user.', ['command', 'file'])[0], 'file');
    assert.equal(order('Check existence of /etc/cron.allow', ['cron', 'file'])[0], 'file');
    assert.equal(order('Remove extra auto rotation job', ['cron', 'file'])[0], 'cron');
    assert.equal(order('Drop fernet key auto rotate script', ['command', 'template'])[0], 'template');
    assert.equal(order('Drop the PostgreSQL database', ['command', 'template'])[0], 'command');
    assert.equal(order('Generate systemd units', ['systemd', 'template'])[0], 'template');
    assert.equal(order('Generate Mosquitto listener configuration', ['file', 'template'])[0], 'template');
    assert.equal(order('Generate the TLS certificates', ['file', 'template'])[0], 'file');
    assert.equal(order('Install custom backup scripts', ['package', 'copy'])[0], 'copy');
    assert.equal(order('Install Apache', ['template', 'package'])[0], 'package');
    assert.equal(order('Install chrony', ['include_tasks', 'package'])[0], 'package');
    assert.equal(order('Install FTP server when host in ftpserver group', ['group', 'package'])[0], 'package');
    assert.equal(order('Install on RedHat', ['include_tasks', 'package'])[0], 'include_tasks');
    assert.equal(order('Install the Apache vhost', ['template', 'package'])[0], 'template');
    assert.equal(order('Install the backup script package', ['package', 'copy'])[0], 'package');
  });

  it('what is installed is a package, what is running a service, a named account a user or group', () => {
    assert.equal(order('Ensure HAProxy is installed.', ['service', 'package'])[0], 'package');
    assert.equal(order('Ensure required packages are installed', ['fail', 'debug'])[0], 'package');
    assert.equal(order('Ensure Redis is running.', ['fail', 'service'])[0], 'service');
    assert.equal(order('Ensure rsyslog is installed', ['file', 'package'])[0], 'package');
    assert.equal(order('Ensure .ssh directory is present', ['file', 'package'])[0], 'file');
    assert.equal(order('Ensure solr_user exists.', ['file', 'user'])[0], 'user');
    assert.equal(order('Ensure solr_group exists.', ['file', 'group'])[0], 'group');
    assert.equal(order('Ensure solr_user exists.', ['fail', 'user'])[0], 'user');
    assert.equal(order('Ensure solr_group exists.', ['assert', 'group'])[0], 'group');
    assert.equal(order('Ensure the solr directory exists.', ['file', 'user'])[0], 'file');
    assert.equal(order('Restart HAProxy once it is installed.', ['service', 'package'])[0], 'service');
  });

  it('keys are generated by a command, a repository cloned with git, a play stopped with fail', () => {
    assert.equal(order('Install specified plugins from git repositories', ['file', 'git'])[0], 'git');
    assert.equal(order('Install docker-py.', ['include_tasks', 'pip'])[0], 'pip');
    assert.equal(order('Generate the Shibboleth SP key-pair', ['template', 'command'])[0], 'command');
    assert.equal(order('Create credential keys for Keystone', ['find', 'command'])[0], 'command');
    assert.equal(order('Generate chrony key file', ['template', 'command'])[0], 'template');
    assert.equal(order('Create Trusted user CA Keys directory', ['file', 'command'])[0], 'file');
    assert.equal(order('Clone workshops repo', ['include_tasks', 'git'])[0], 'git');
    assert.equal(order('Stop play if the versions are not compatible', ['service', 'fail'])[0], 'fail');
    assert.equal(order('Stop nginx', ['service', 'fail'])[0], 'service');
  });

  it('users are created with user and added to groups with it, groups with group, not a cloud group', () => {
    assert.equal(order('Create Caddy user', ['include_tasks', 'user'])[0], 'user');
    assert.equal(order("Add specified users to 'docker' group", ['set_fact', 'group', 'user'])[0], 'user');
    assert.equal(order('Create system groups', ['file', 'group'])[0], 'group');
    assert.equal(order('Create security group', ['command', 'group'])[0], 'command');
    assert.equal(order('Create MySQL users', ['command', 'user'])[0], 'command');
    // Jinja names no user: this creates a directory.
    assert.equal(order('Create local ssh_key_directory for {{ user.name }}', ['file', 'user'])[0], 'file');
  });

  it("a network device's commands and facts are its platform's modules", () => {
    const eos = { collectionsInUse: ['arista.eos'] };
    assert.equal(order('Run show version', ['command', 'debug'], eos)[0], 'arista.eos.eos_command');
    assert.equal(order('Collect facts from EOS devices', ['debug', 'setup'], eos)[0], 'arista.eos.eos_facts');
    assert.equal(order('Run show version', ['command', 'debug'])[0], 'command');
    // Only facts are gathered by the facts module: a status is a show command.
    assert.equal(order('collect fan status', ['arista.eos.eos_facts', 'debug'], eos)[0], 'arista.eos.eos_command');
    assert.equal(
      order('collect facts from EOS devices', ['arista.eos.eos_facts', 'debug'], eos)[0],
      'arista.eos.eos_facts',
    );
    // A check on a device is a show command, unless an earlier task collected what it checks.
    assert.equal(order('validate temperature', ['assert', 'debug'], eos)[0], 'arista.eos.eos_command');
    const collected = {
      ...eos,
      earlierTasks: [{ name: 'collect fan status', fqcn: 'arista.eos.eos_command', args: {} }],
    };
    assert.equal(order('validate fan status (fan tray)', ['assert', 'debug'], collected)[0], 'assert');
    assert.equal(order('validate temperature', ['assert', 'debug'])[0], 'assert');
    // Another play of the workspace on EOS switches does not make this one's hosts switches.
    const elsewhere = { workspaceTasks: [{ name: 'Show version', fqcn: 'arista.eos.eos_command', args: {} }] };
    assert.equal(order('Run the migration', ['command', 'debug'], elsewhere)[0], 'command');
  });
});
