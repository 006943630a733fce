// The model's status bar text: the model in use and its state, from the server's `model` status.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeModel } from '../../client/src/statusSummary';

describe('model status bar item', () => {
  it('ready: names the model from the server message', () => {
    const s = summarizeModel({ state: 'ready', message: 'embedded model, 24613 training tasks' }, false);
    assert.equal(s.severity, 'ok');
    assert.equal(s.text, '$(sparkle) embedded model');
    assert.match(s.details[0], /24613 training tasks/);
  });

  it('working while a suggestion is in flight, whatever the state', () => {
    const s = summarizeModel({ state: 'ready', message: 'embedded model, 1 training tasks' }, true);
    assert.equal(s.severity, 'busy');
    assert.match(s.text, /working$/);
  });

  it('a remote model that cannot be reached', () => {
    const s = summarizeModel({ state: 'error', provider: 'openai', name: 'granite' } as never, false);
    assert.equal(s.severity, 'error');
    assert.equal(s.text, '$(error) openai: granite: unreachable');
  });

  it('withheld by policy: the server message is shown', () => {
    const s = summarizeModel({ state: 'degraded', message: 'withheld by policy: GPL-3.0 match 0.93' }, false);
    assert.equal(s.severity, 'warning');
    assert.equal(s.text, '$(warning) Scribe AI: withheld by policy: GPL-3.0 match 0.93');
  });

  it('not started yet', () => {
    assert.equal(summarizeModel(undefined, false).text, '$(sparkle) Scribe AI');
  });
});
