// The status bar's text from the server's `scribe/status` notification (client/src/statusSummary.ts),
// fed with the statuses the server sends: each fixture is typed as the protocol's StatusParams
// (no casts), and its message is the one the server file named beside it writes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarize, summarizeModel } from '../../client/src/statusSummary';
import type { ComponentStatus, StatusParams } from '../../server/src/protocol';

describe('status summary', () => {
  const base: StatusParams = {
    catalog: { state: 'ready', modules: 7734, ansibleVersion: '2.14.18' },
    lint: { state: 'ready' },
    yamllint: { state: 'disabled' },
    settings: [],
  };

  it('is a quiet check mark when all is well', () => {
    const s = summarize(base);
    assert.equal(s.severity, 'ok');
    assert.equal(s.text, '$(check) Scribe');
    assert.match(s.details[0], /7,734 modules, Ansible 2\.14\.18/);
  });

  it('names the worst problem first', () => {
    const s = summarize({
      ...base,
      catalog: { state: 'unavailable', modules: 0, message: 'ansible-doc not found' },
      lint: { state: 'unavailable', message: "ansible-lint not found at 'x'" },
      settings: ['scribe.lint.timeoutMs: expected a positive integer'],
    });
    assert.equal(s.severity, 'warning');
    assert.equal(s.text, '$(warning) Scribe: Ansible not found');
    assert.ok(s.details.some((d) => d.startsWith('Setting: scribe.lint.timeoutMs')));
    assert.equal(summarize({ ...base, lint: { state: 'error', message: 'timed out' } }).severity, 'error');
    assert.equal(
      summarize({ ...base, catalog: { state: 'loading', modules: 0 } }).text,
      '$(sync~spin) Scribe: loading modules',
    );
  });

  it('says when the model could not be prepared (engine/resources.ts)', () => {
    const model: ComponentStatus = { state: 'error', message: 'suggestions unavailable: no training corpus' };
    const s = summarize({ ...base, model });
    assert.equal(s.text, '$(warning) Scribe: model unavailable');
    assert.ok(s.details.includes('Embedded model: error — suggestions unavailable: no training corpus'));
  });
});

describe('model status bar item', () => {
  it('not started yet: no model status', () => {
    const s = summarizeModel(undefined, false);
    assert.equal(s.severity, 'ok');
    assert.equal(s.text, '$(sparkle) Scribe AI');
    assert.deepEqual(s.details, ['Model: not started yet (it is prepared for the first suggestion)']);
  });

  it('preparing: the worker loads the catalog, the corpus and the model (engine/resources.ts)', () => {
    for (const message of [
      'loading the module catalog',
      'checking the training corpus',
      'loading 24613 training tasks and the model',
    ]) {
      const s = summarizeModel({ state: 'loading', message }, false);
      assert.equal(s.severity, 'busy');
      assert.equal(s.text, '$(sync~spin) Scribe AI: preparing');
      assert.deepEqual(s.details, [`Model: loading — ${message}`]);
    }
  });

  it('ready: names the embedded model from the server message (engine/resources.ts)', () => {
    const s = summarizeModel({ state: 'ready', message: 'embedded model, 24613 training tasks' }, false);
    assert.equal(s.severity, 'ok');
    assert.equal(s.text, '$(sparkle) embedded model');
    assert.deepEqual(s.details, ['Model: ready — embedded model, 24613 training tasks']);
  });

  it('ready after a suggestion: the model that wrote it (lsp/inlineCompletion.ts)', () => {
    assert.equal(
      summarizeModel({ state: 'ready', message: 'embedded model' }, false).text,
      '$(sparkle) embedded model',
    );
    const remote = summarizeModel({ state: 'ready', message: 'granite-code:8b at http://127.0.0.1:11434/v1' }, false);
    assert.equal(remote.severity, 'ok');
    assert.equal(remote.text, '$(sparkle) granite-code:8b at http://127.0.0.1:11434/v1');
  });

  it('working while a suggestion is in flight, whatever the state (lsp/inlineCompletion.ts)', () => {
    const writing = summarizeModel({ state: 'loading', message: 'writing a suggestion' }, true);
    assert.equal(writing.severity, 'busy');
    assert.equal(writing.text, '$(sync~spin) Scribe AI: working');
    const ready = summarizeModel({ state: 'ready', message: 'embedded model' }, true);
    assert.equal(ready.text, '$(sync~spin) embedded model: working');
  });

  it('withheld by the licence policy: the server message is shown (lsp/inlineCompletion.ts)', () => {
    const message =
      'suggestion withheld by licence policy: closely matches (0.93) community.general@9.1.0 roles/x/tasks/main.yml under GPL-3.0-or-later, which scribe.attribution.blockLicenses excludes';
    const s = summarizeModel({ state: 'degraded', message }, false);
    assert.equal(s.severity, 'warning');
    assert.equal(s.text, `$(warning) Scribe AI: ${message}`);
  });

  it('a remote model that cannot be reached (lsp/inlineCompletion.ts, remote/openaiModel.ts)', () => {
    const message = 'model endpoint http://127.0.0.1:11434/v1 unreachable: connect ECONNREFUSED 127.0.0.1:11434';
    const s = summarizeModel({ state: 'unavailable', message }, false);
    assert.equal(s.severity, 'error');
    assert.equal(s.text, '$(error) Scribe AI: unreachable');
    assert.deepEqual(s.details, [`Model: unavailable — ${message}`]);
  });

  it('a suggestion worker that stopped (engine/suggestionHost.ts)', () => {
    const s = summarizeModel({ state: 'error', message: 'suggestion worker stopped (exit code 1)' }, false);
    assert.equal(s.severity, 'error');
    assert.equal(s.text, '$(error) Scribe AI: unreachable');
    assert.deepEqual(s.details, ['Model: error — suggestion worker stopped (exit code 1)']);
  });
});
