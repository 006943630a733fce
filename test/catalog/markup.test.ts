import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { paragraphs, stripMarkup } from '../../server/src/catalog/markup';

void test('classic markup becomes markdown-ish text', () => {
  assert.equal(stripMarkup('Use C(dest) with I(src) and B(care).'), 'Use `dest` with *src* and **care**.');
  assert.equal(stripMarkup('See M(ansible.builtin.template).'), 'See `ansible.builtin.template`.');
  assert.equal(stripMarkup('U(https://x.org/a)'), 'https://x.org/a');
  assert.equal(
    stripMarkup('L(the guide,https://docs.ansible.com/g.html)'),
    '[the guide](https://docs.ansible.com/g.html)',
  );
  assert.equal(stripMarkup('R(Become,become)'), 'Become');
  assert.equal(stripMarkup('a HORIZONTALLINE b'), 'a --- b');
});

void test('semantic markup: O/V/E/RV/P, with escapes and plugin prefixes', () => {
  assert.equal(stripMarkup('Set O(state=absent) or V(present).'), 'Set `state=absent` or `present`.');
  assert.equal(stripMarkup('O(ansible.builtin.copy#module:dest)'), '`dest`');
  assert.equal(stripMarkup('O(ignore:foo)'), '`foo`');
  assert.equal(stripMarkup('E(HOME) and RV(changed)'), '`HOME` and `changed`');
  assert.equal(stripMarkup('P(ansible.builtin.file#lookup)'), '`ansible.builtin.file`');
  assert.equal(stripMarkup('V(a\\)b)'), '`a)b`');
});

void test('text that only looks like markup is kept', () => {
  assert.equal(stripMarkup('ABC(x) and C(unclosed'), 'ABC(x) and C(unclosed');
  assert.equal(stripMarkup('no markup here'), 'no markup here');
});

void test('descriptions flatten to paragraphs', () => {
  assert.deepEqual(paragraphs(['One C(a).', ['Two.'], '', null]), ['One `a`.', 'Two.']);
  assert.deepEqual(paragraphs('Single'), ['Single']);
  assert.deepEqual(paragraphs(undefined), []);
});
