// `scribe.attribution.databaseEnv` (issue 13, part 2): the name of the environment variable holding
// the shared index's URL, checked like the other settings; a URL put there by mistake is refused
// without being repeated in the status (it may carry a password).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSettings } from '../../server/src/settings';

describe('scribe.attribution.databaseEnv', () => {
  it('defaults to no shared index and takes a variable name', () => {
    assert.equal(readSettings({}).settings.attribution.databaseEnv, '');
    const r = readSettings({ attribution: { databaseEnv: 'SCRIBE_DATABASE_URL' } });
    assert.equal(r.settings.attribution.databaseEnv, 'SCRIBE_DATABASE_URL');
    assert.deepEqual(r.problems, []);
  });

  it('refuses a URL or another value with one line that does not repeat it', () => {
    for (const value of ['postgres://scribe:s3cret@db.example.com/scribe', 'MY VAR', 42]) {
      const r = readSettings({ attribution: { databaseEnv: value, threshold: 0.5 } });
      assert.equal(r.settings.attribution.databaseEnv, '');
      assert.equal(r.settings.attribution.threshold, 0.5); // the rest is kept
      assert.equal(r.problems.length, 1);
      assert.match(r.problems[0], /^scribe\.attribution\.databaseEnv: expected the name of an environment variable/);
      assert.doesNotMatch(r.problems[0], /s3cret|MY VAR|42/);
    }
  });
});
