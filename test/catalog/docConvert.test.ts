// Conversion of real ansible-doc 2.14 output (captured with
// `ansible-doc -t module -j ansible.builtin.copy ansible.builtin.command ansible.builtin.include_vars
//  community.general.kdeconfig arista.eos.eos_logging`).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertDeprecation, convertDocOutput } from '../../server/src/catalog/docConvert';

const raw: unknown = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'catalog', 'ansible-doc-2.14-sample.json'), 'utf8'),
);
const docs = convertDocOutput(raw);

void test('copy: options with type, required, default, aliases; markup stripped', () => {
  const copy = docs.get('ansible.builtin.copy');
  assert.ok(copy);
  assert.equal(copy.collection, 'ansible.builtin');
  assert.equal(copy.shortDescription, 'Copy files to remote locations');
  assert.equal(copy.freeForm, false);
  assert.equal(copy.options.dest.required, true);
  assert.equal(copy.options.dest.type, 'path');
  assert.equal(copy.options.backup.default, false);
  assert.deepEqual(copy.options.attributes.aliases, ['attr']);
  assert.ok(copy.description[0].startsWith('The `copy` module copies'), copy.description[0]);
  assert.ok(!JSON.stringify(copy).includes('C('), 'no C() markup left');
  assert.equal(copy.versionAdded, 'historical');
  assert.ok(copy.notes?.length);
  // Examples, return values, authors, attributes and seealso are not kept.
  const keys = Object.keys(copy);
  for (const dropped of ['examples', 'return', 'author', 'attributes', 'seealso']) assert.ok(!keys.includes(dropped));
});

void test('copy: choices and list elements survive', () => {
  const copy = docs.get('ansible.builtin.copy');
  assert.ok(copy?.options.checksum);
  const kde = docs.get('community.general.kdeconfig');
  assert.ok(kde);
  assert.equal(kde.options.values.type, 'list');
  assert.equal(kde.options.values.elements, 'dict');
  const sub = kde.options.values.suboptions;
  assert.ok(sub?.key, 'suboptions of values');
  assert.equal(sub.key.type, 'str');
});

void test('free-form modules: command (MODULE_REQUIRE_ARGS) and include_vars (free-form option)', () => {
  assert.equal(docs.get('ansible.builtin.command')?.freeForm, true);
  assert.equal(docs.get('ansible.builtin.include_vars')?.freeForm, true);
  assert.equal(docs.get('community.general.kdeconfig')?.freeForm, false);
});

void test('module deprecation from the doc', () => {
  const dep = docs.get('arista.eos.eos_logging')?.deprecated;
  assert.ok(dep);
  assert.equal(dep.removedIn, '2024-01-01');
  assert.equal(dep.alternative, 'eos_logging_global');
  assert.match(dep.message, /more functionality.*eos_logging_global/);
  assert.equal(docs.get('ansible.builtin.copy')?.deprecated, undefined);
});

void test('broken entries are skipped, odd deprecations still read', () => {
  assert.equal(convertDocOutput({ 'a.b.c': { nodoc: 1 } }).size, 0);
  assert.equal(convertDocOutput('not json object').size, 0);
  assert.deepEqual(convertDeprecation({ why: 'Old.', removed_in: '2.0' }), { message: 'Old.', removedIn: '2.0' });
  assert.equal(convertDeprecation(undefined), undefined);
});
