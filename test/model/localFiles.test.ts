// The file a template or copy task names, from the role's own templates/ and files/, and the task
// file an include names, from the folder's (model/localFiles.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  destinationOf,
  localFileFor,
  taskFileFor,
  taskFilesOf,
  templateInstead,
} from '../../server/src/model/localFiles';

describe("a task's src from the role's files", () => {
  const templates = ['haproxy.cfg.j2', 'etc/default/haproxy.j2', 'firewall.bash.j2', 'config.j2'];

  it('the listed file the description names most, the shorter on a tie; words every template has do not count', () => {
    assert.equal(localFileFor('Copy HAProxy configuration in place.', templates), 'haproxy.cfg.j2');
    assert.equal(localFileFor('Copy firewall script into place.', templates), 'firewall.bash.j2');
    assert.equal(localFileFor('Render the configuration template', templates), undefined);
    assert.equal(localFileFor('Install nginx', []), undefined);
  });

  it('copying what the role has only as a template is a template task', () => {
    const local = { templates, files: ['haproxy.pem'] };
    assert.equal(templateInstead('ansible.builtin.copy', 'Copy firewall script into place.', local), true);
    // files/ has a haproxy file too: the copy stays.
    assert.equal(templateInstead('ansible.builtin.copy', 'Copy HAProxy certificate', local), false);
    assert.equal(templateInstead('ansible.builtin.file', 'Copy firewall script into place.', local), false);
    assert.equal(templateInstead('ansible.builtin.copy', 'Copy firewall script into place.', undefined), false);
  });

  it("a dest that follows the role's file, not the other project's example", () => {
    const t = 'ansible.builtin.template';
    assert.equal(destinationOf(t, 'etc/default/haproxy.j2', '/etc/conjur.identity'), '/etc/default/haproxy');
    assert.equal(destinationOf(t, 'haproxy.cfg.j2', '/etc/conjur.identity'), '/etc/haproxy/haproxy.cfg');
    assert.equal(
      destinationOf('ansible.builtin.copy', 'ca.pem', '/etc/ssl/certs/www.example.com.crt'),
      '/etc/ssl/certs/ca.pem',
    );
    assert.equal(destinationOf('ansible.builtin.copy', 'ca.pem', '/etc/ssl/certs/'), '/etc/ssl/certs/');
  });
});

describe('the task file an include names, from the folder it is in', () => {
  const listing = taskFilesOf(
    ['main.yml', 'find_ports.yml', 'install_service.yml', 'certificates.yml', 'vars/main.yml', 'README.md'],
    'main.yml',
  );

  it('lists YAML next to the file, not itself, not vars', () => {
    assert.deepEqual(listing, ['find_ports.yml', 'install_service.yml', 'certificates.yml']);
  });

  it('the file a word of the description names, else the one most of its words name', () => {
    assert.equal(taskFileFor('Find SSHD ports', listing), 'find_ports.yml');
    assert.equal(taskFileFor('Install and start systemd service', listing), 'install_service.yml');
    assert.equal(taskFileFor('Including certificates tasks', listing), 'certificates.yml');
    assert.equal(taskFileFor('Configure the firewall', listing), undefined);
    // A file name it spells that is not there yet is not another file sharing its words.
    assert.equal(taskFileFor('Including install_packages tasks', listing), undefined);
  });
});
