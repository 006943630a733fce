import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings, readSettings } from '../../server/src/settings';

describe('readSettings', () => {
  it('gives the defaults for nothing, and no problems', () => {
    assert.deepEqual(readSettings(undefined), { settings: defaultSettings, problems: [] });
    assert.deepEqual(readSettings({}), { settings: defaultSettings, problems: [] });
  });

  it('keeps good values', () => {
    const { settings, problems } = readSettings({
      lint: { enabled: false, arguments: ['-x', 'yaml'] },
      model: { provider: 'openai', endpoint: 'http://127.0.0.1:11434/v1', name: 'granite', api: 'chat' },
      attribution: { blockLicenses: ['GPL-*'], threshold: 0.9 },
      inline: { debounceMs: 0 },
    });
    assert.deepEqual(problems, []);
    assert.equal(settings.lint.enabled, false);
    assert.deepEqual(settings.lint.arguments, ['-x', 'yaml']);
    assert.equal(settings.model.provider, 'openai');
    assert.equal(settings.model.api, 'chat');
    assert.deepEqual(settings.attribution.blockLicenses, ['GPL-*']);
    assert.equal(settings.inline.debounceMs, 0);
  });

  it('reports each wrong value once, in a line a user can act on, and uses the default', () => {
    const { settings, problems } = readSettings({
      lint: { timeoutMs: -5, path: 42 },
      model: { provider: 'skynet', endpoint: 'ftp://x', timeoutMs: '10s' },
      attribution: { threshold: 3 },
    });
    assert.equal(settings.lint.timeoutMs, defaultSettings.lint.timeoutMs);
    assert.equal(settings.lint.path, 'ansible-lint');
    assert.equal(settings.model.provider, 'embedded');
    assert.equal(settings.attribution.threshold, 0.8);
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      [
        'scribe.lint.path',
        'scribe.lint.timeoutMs',
        'scribe.model.provider',
        'scribe.model.endpoint',
        'scribe.model.timeoutMs',
        'scribe.attribution.threshold',
      ],
    );
    assert.match(problems[0], /expected a path, got 42; using "ansible-lint"/);
  });

  it('keeps other workspace files out of remote prompts unless the user opts in', () => {
    assert.equal(defaultSettings.model.workspaceExamples, false);
    assert.equal(readSettings({ model: { workspaceExamples: true } }).settings.model.workspaceExamples, true);
    const bad = readSettings({ model: { workspaceExamples: 'yes' } });
    assert.equal(bad.settings.model.workspaceExamples, false);
    assert.deepEqual(bad.problems, ['scribe.model.workspaceExamples: expected true or false, got "yes"; using false']);
  });

  it('falls back to the embedded model when an OpenAI provider has no endpoint', () => {
    const { settings, problems } = readSettings({ model: { provider: 'openai' } });
    assert.equal(settings.model.provider, 'embedded');
    assert.match(problems[0], /endpoint is empty/);
  });

  it('survives a section of the wrong shape', () => {
    const { settings } = readSettings({ lint: 'yes', model: [1, 2] });
    assert.deepEqual(settings, defaultSettings);
  });
});
