// The eval's independent judge: ansible-lint's command-instead-of-module list (its own test cases:
// `apt-get update` and `systemctl restart sshd` flagged; `git branch`, `systemctl status` not).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintModuleForCommand } from '../../server/src/eval/commandInsteadOfModule';
import { commandWhereModule } from '../../server/src/eval/study';

describe("ansible-lint's command-instead-of-module list", () => {
  it('flags a listed executable by its basename, in command and shell', () => {
    assert.equal(lintModuleForCommand('ansible.builtin.command', 'apt-get update'), 'ansible.builtin.apt');
    assert.equal(lintModuleForCommand('command', 'systemctl restart sshd'), 'ansible.builtin.systemd');
    assert.equal(
      lintModuleForCommand('ansible.builtin.shell', '/usr/bin/service ufw status'),
      'ansible.builtin.service',
    );
    assert.equal(lintModuleForCommand('ansible.builtin.shell', 'sed -i s/a/b/ /etc/x'), 'ansible.builtin.lineinfile');
  });
  it('leaves the executable options it allows, other executables, other modules and non-strings', () => {
    assert.equal(lintModuleForCommand('ansible.builtin.command', 'git branch'), undefined);
    assert.equal(lintModuleForCommand('ansible.builtin.command', 'systemctl status nginx'), undefined);
    assert.equal(lintModuleForCommand('ansible.builtin.command', 'yum clean all'), undefined);
    assert.equal(lintModuleForCommand('ansible.builtin.command', 'kubeadm init'), undefined);
    assert.equal(lintModuleForCommand('ansible.builtin.command', 'constructor'), undefined);
    assert.equal(lintModuleForCommand('ansible.builtin.raw', 'yum install x'), undefined);
    assert.equal(lintModuleForCommand('ansible.builtin.command', undefined), undefined);
  });
  it("the eval's rate counts what ansible-lint flags even when the model's rule would not", () => {
    // The model's rule lets `service x status` pass (no start/stop); ansible-lint's list does not.
    const args = new Map<string, unknown>([['_raw_params', 'service ufw status']]);
    assert.equal(commandWhereModule('ansible.builtin.command', args, 'check ufw'), 'ansible.builtin.service');
    assert.equal(commandWhereModule('ansible.builtin.debug', new Map([['msg', 'service x restart']]), 'x'), undefined);
  });
});
