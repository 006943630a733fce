// The command that starts, stops or restarts a macOS host's service (model/macServices.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brewServicesCommand } from '../../server/src/model/macServices';

describe("a macOS service's command", () => {
  it("is Homebrew's, with the formula named in lower case and hyphens", () => {
    assert.equal(brewServicesCommand('Restart MacOS Telegraf'), 'brew services restart telegraf');
    assert.equal(brewServicesCommand('Restart_gitlab_runner_macos'), 'brew services restart gitlab-runner');
    assert.equal(
      brewServicesCommand("Start GitLab Runner (If it wasn't running)"),
      'brew services start gitlab-runner',
    );
    assert.equal(brewServicesCommand('Stop the redis service on macOS'), 'brew services stop redis');
    assert.equal(brewServicesCommand('reload nginx'), 'brew services restart nginx');
  });

  it('is none for a description that does not start, stop or restart something named', () => {
    assert.equal(brewServicesCommand('Install Telegraf'), undefined);
    assert.equal(brewServicesCommand('Restart'), undefined);
    assert.equal(brewServicesCommand('Restart the service'), undefined);
  });
});
