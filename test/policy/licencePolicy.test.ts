import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluatePolicy, licenceMatches, parseLicenceExpression } from '../../server/src/policy/licencePolicy';

const policy = (warnLicenses: string[], blockLicenses: string[], threshold = 0.8) => ({
  warnLicenses,
  blockLicenses,
  threshold,
});
const match = (license: string, score = 0.93) => ({
  license,
  score,
  collection: 'community.general',
  version: '6.6.2',
  path: 'plugins/modules/x.py',
});

void describe('licence patterns', () => {
  void it('matches families, suffix globs and exact ids, case-insensitively', () => {
    for (const id of ['GPL-2.0-only', 'GPL-3.0-or-later', 'gpl-3.0-only', 'GPL-2.0+'])
      assert.ok(licenceMatches(id, ['GPL-*']), id);
    for (const id of ['LGPL-3.0-only', 'AGPL-3.0-or-later', 'MIT', 'Apache-2.0'])
      assert.ok(!licenceMatches(id, ['GPL-*']), `${id} is not in the GPL family`);
    assert.ok(licenceMatches('LGPL-2.1-only', ['*-only']));
    assert.ok(!licenceMatches('LGPL-2.1-or-later', ['*-only']));
    assert.ok(licenceMatches('apache-2.0', ['Apache-2.0']));
    assert.ok(!licenceMatches('Apache-2.0', ['Apache-2']), 'an exact id is not a prefix');
    assert.ok(!licenceMatches('GPL-3.0-only', []));
    assert.ok(!licenceMatches('GPL-3.0-only', ['']), 'an empty pattern matches nothing');
  });

  void it('AND: any excluded part excludes; OR: only when every alternative is excluded', () => {
    assert.ok(licenceMatches('Apache-2.0 AND GPL-3.0-or-later', ['GPL-*']));
    assert.ok(licenceMatches('GPL-3.0-only AND BSD-3-Clause', ['GPL-*']));
    assert.ok(!licenceMatches('MIT AND BSD-3-Clause', ['GPL-*']));
    assert.ok(!licenceMatches('GPL-2.0-or-later OR MIT', ['GPL-*']), 'the user may choose MIT');
    assert.ok(licenceMatches('GPL-2.0-only OR GPL-3.0-only', ['GPL-*']));
    assert.ok(licenceMatches('(MIT OR GPL-3.0-only) AND GPL-2.0-only', ['GPL-2.0-only']));
    assert.ok(!licenceMatches('(MIT OR GPL-3.0-only) AND Apache-2.0', ['GPL-*']));
    // AND binds tighter than OR: MIT OR (GPL AND BSD) — MIT is a way out.
    assert.ok(!licenceMatches('MIT OR GPL-3.0-only AND BSD-3-Clause', ['GPL-*']));
    assert.ok(licenceMatches('GPL-2.0-only WITH Classpath-exception-2.0', ['GPL-*']));
    assert.ok(licenceMatches('gpl-3.0-only and mit', ['GPL-*']), 'operators in lower case');
  });

  void it('parses expressions and refuses what is not one', () => {
    assert.deepEqual(parseLicenceExpression('A OR B AND C'), {
      kind: 'or',
      parts: [
        { kind: 'id', id: 'A' },
        {
          kind: 'and',
          parts: [
            { kind: 'id', id: 'B' },
            { kind: 'id', id: 'C' },
          ],
        },
      ],
    });
    assert.equal(parseLicenceExpression('(A AND B'), undefined);
    assert.equal(parseLicenceExpression('A AND'), undefined);
    // Not an expression: judged conservatively, any id counts.
    assert.ok(licenceMatches('(GPL-3.0-only AND', ['GPL-*']));
  });

  void it('NOASSERTION is matched only by name or by *', () => {
    assert.ok(!licenceMatches('NOASSERTION', ['GPL-*', '*-only']));
    assert.ok(licenceMatches('NOASSERTION', ['noassertion']));
    assert.ok(licenceMatches('NOASSERTION', ['*']));
    assert.ok(licenceMatches('', ['NOASSERTION']), 'an empty licence is unknown');
  });
});

void describe('evaluatePolicy', () => {
  void it('allows when nothing close is excluded', () => {
    assert.deepEqual(evaluatePolicy([match('MIT')], policy(['GPL-*'], ['AGPL-*'])), { action: 'allow' });
    assert.deepEqual(evaluatePolicy([], policy(['*'], ['*'])), { action: 'allow' });
  });

  void it('warns and blocks by family and by exact id, naming the match', () => {
    const warn = evaluatePolicy([match('GPL-3.0-or-later')], policy(['GPL-*'], []));
    assert.equal(warn.action, 'warn');
    assert.equal(
      warn.reason,
      'closely matches (0.93) community.general@6.6.2 plugins/modules/x.py under GPL-3.0-or-later, which scribe.attribution.warnLicenses excludes',
    );
    const block = evaluatePolicy([match('GPL-3.0-or-later')], policy([], ['GPL-3.0-or-later']));
    assert.equal(block.action, 'block');
    assert.equal(
      block.reason,
      'closely matches (0.93) community.general@6.6.2 plugins/modules/x.py under GPL-3.0-or-later, which scribe.attribution.blockLicenses excludes',
    );
  });

  void it('block beats warn, whatever the order of matches and scores', () => {
    const d = evaluatePolicy(
      [match('GPL-3.0-only', 0.99), match('AGPL-3.0-only', 0.85)],
      policy(['GPL-*'], ['AGPL-*']),
    );
    assert.equal(d.action, 'block');
    assert.match(d.reason ?? '', /\(0\.85\).*AGPL-3\.0-only.*blockLicenses/);
    // The same licence in both lists blocks.
    assert.equal(evaluatePolicy([match('GPL-3.0-only')], policy(['GPL-*'], ['GPL-*'])).action, 'block');
  });

  void it('counts only matches at or above the threshold, and names the closest one', () => {
    assert.equal(evaluatePolicy([match('GPL-3.0-only', 0.79)], policy([], ['GPL-*'], 0.8)).action, 'allow');
    assert.equal(evaluatePolicy([match('GPL-3.0-only', 0.8)], policy([], ['GPL-*'], 0.8)).action, 'block');
    const d = evaluatePolicy(
      [match('GPL-2.0-only', 0.81), match('GPL-3.0-only', 0.95), match('GPL-3.0-only', 0.5)],
      policy(['GPL-*'], [], 0.8),
    );
    assert.match(d.reason ?? '', /^closely matches \(0\.95\) .* under GPL-3\.0-only, .* \(and 1 more close match\)$/);
  });

  void it('compound licences and NOASSERTION in matches', () => {
    assert.equal(evaluatePolicy([match('Apache-2.0 AND GPL-3.0-or-later')], policy([], ['GPL-*'])).action, 'block');
    assert.equal(evaluatePolicy([match('GPL-3.0-only OR MIT')], policy([], ['GPL-*'])).action, 'allow');
    assert.equal(evaluatePolicy([match('NOASSERTION')], policy([], ['GPL-*'])).action, 'allow');
    const unknown = evaluatePolicy([match('NOASSERTION')], policy(['NOASSERTION'], ['GPL-*']));
    assert.equal(unknown.action, 'warn');
    assert.match(unknown.reason ?? '', /under NOASSERTION, which scribe\.attribution\.warnLicenses excludes/);
  });

  void it('reads matches without a location', () => {
    const d = evaluatePolicy([{ license: 'GPL-2.0-only', score: 1 }], policy([], ['GPL-*']));
    assert.equal(
      d.reason,
      'closely matches (1.00) training content under GPL-2.0-only, which scribe.attribution.blockLicenses excludes',
    );
  });
});
