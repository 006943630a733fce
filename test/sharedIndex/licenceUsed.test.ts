// Which licence training content is used under, for an allow list: SPDX ids and expressions.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { licenceUsed } from '../../server/src/sharedIndex/trainingData';

describe('licenceUsed', () => {
  const allow = ['MIT', 'Apache-2.0'];
  const cases: [string, string | undefined][] = [
    ['MIT', 'MIT'],
    ['mit', 'MIT'],
    ['GPL-3.0-only', undefined],
    ['GPL-3.0-or-later OR MIT', 'MIT'],
    ['MIT OR Apache-2.0', 'MIT'],
    ['MIT AND Apache-2.0', 'MIT AND Apache-2.0'],
    ['MIT AND GPL-2.0-only', undefined],
    ['(GPL-2.0-only AND MIT) OR Apache-2.0', 'Apache-2.0'],
    ['Apache-2.0 WITH LLVM-exception', 'Apache-2.0'],
    ['MIT OR', undefined],
    ['NOASSERTION', undefined],
    ['', undefined],
  ];
  for (const [licence, want] of cases)
    it(`${JSON.stringify(licence)} → ${want ?? 'not allowed'}`, () => {
      assert.equal(licenceUsed(licence, allow, false), want);
    });

  it('allows unknown-licence content only when asked', () => {
    assert.equal(licenceUsed('NOASSERTION', allow, true), 'NOASSERTION');
    assert.equal(licenceUsed('', allow, true), 'NOASSERTION');
  });
});
