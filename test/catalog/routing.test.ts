// Routing read from real files: a collection tree and an ansible-core-like folder in a temp dir.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRoutingTable, resolveModule, splitName, type RoutingTable } from '../../server/src/catalog/routing';

const BUILTIN_RUNTIME = `
plugin_routing:
  modules:
    ec2:
      redirect: amazon.aws.ec2_instance
    copy:
      redirect: somewhere.else.copy
    bigip_facts:
      tombstone:
        removal_date: 2019-11-06
        warning_text: bigip_facts has been removed please use bigip_device_info module.
`;

const ACME_RUNTIME = `
plugin_routing:
  modules:
    old_thing:
      redirect: acme.demo.thing
    thing:
      deprecation:
        removal_version: 3.0.0
        warning_text: Use
          acme.demo.better instead.
    gone:
      tombstone:
        removal_version: 2.0.0
        warning_text: Use acme.demo.thing instead.
    loop_a:
      redirect: acme.demo.loop_b
    loop_b:
      redirect: acme.demo.loop_a
    cloud.sub_thing:
      redirect: acme.demo.thing
  lookup:
    thing:
      redirect: acme.demo.other
`;

void describe('runtime.yml routing', () => {
  let dir = '';
  let table: RoutingTable = {};
  const installed = new Set([
    'ansible.builtin.copy',
    'amazon.aws.ec2_instance',
    'acme.demo.thing',
    'ansible.builtin.shell',
  ]);
  const known = (fqcn: string) => installed.has(fqcn);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scribe-routing-'));
    const core = join(dir, 'ansible');
    mkdirSync(join(core, 'config'), { recursive: true });
    writeFileSync(join(core, 'config', 'ansible_builtin_runtime.yml'), BUILTIN_RUNTIME);
    const first = join(dir, 'first', 'ansible_collections');
    const second = join(dir, 'second', 'ansible_collections');
    mkdirSync(join(first, 'acme', 'demo', 'meta'), { recursive: true });
    writeFileSync(join(first, 'acme', 'demo', 'meta', 'runtime.yml'), ACME_RUNTIME);
    // The same collection later on the search path is shadowed by the first.
    mkdirSync(join(second, 'acme', 'demo', 'meta'), { recursive: true });
    writeFileSync(
      join(second, 'acme', 'demo', 'meta', 'runtime.yml'),
      'plugin_routing: {modules: {x: {redirect: a.b.c}}}',
    );
    mkdirSync(join(second, 'broken', 'coll', 'meta'), { recursive: true });
    writeFileSync(join(second, 'broken', 'coll', 'meta', 'runtime.yml'), 'plugin_routing: [unclosed');
    table = await readRoutingTable(core, [first, second, join(dir, 'missing')], () => undefined);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('reads module routes only, first root wins', () => {
    assert.deepEqual(Object.keys(table).sort(), ['acme.demo', 'ansible.builtin']);
    assert.ok(table['acme.demo'].old_thing);
    assert.equal(table['acme.demo'].x, undefined);
    assert.equal(table['acme.demo'].thing.deprecation?.message, 'Use acme.demo.better instead.');
    assert.equal(table['acme.demo'].thing.deprecation?.removedIn, '3.0.0');
    assert.equal(table['ansible.builtin'].bigip_facts.tombstone?.removalVersion, '2019-11-06');
  });

  void it('short builtin names and ansible.legacy', () => {
    assert.deepEqual(resolveModule('copy', table, known), { written: 'copy', fqcn: 'ansible.builtin.copy' });
    assert.equal(resolveModule('ansible.legacy.shell', table, known)?.fqcn, 'ansible.builtin.shell');
    assert.equal(resolveModule('nope', table, known), undefined);
  });

  void it('redirects from the builtin runtime and from a collection', () => {
    assert.deepEqual(resolveModule('ec2', table, known), {
      written: 'ec2',
      fqcn: 'amazon.aws.ec2_instance',
      redirectedFrom: 'ec2',
    });
    const r = resolveModule('acme.demo.old_thing', table, known);
    assert.equal(r?.fqcn, 'acme.demo.thing');
    assert.equal(r?.redirectedFrom, 'acme.demo.old_thing');
    // The redirect target is deprecated: the deprecation is reported too.
    assert.equal(r?.deprecation?.removedIn, '3.0.0');
    assert.equal(resolveModule('acme.demo.cloud.sub_thing', table, known)?.fqcn, 'acme.demo.thing');
  });

  void it('deprecation of an installed module; tombstones; loops', () => {
    assert.equal(resolveModule('acme.demo.thing', table, known)?.deprecation?.message, 'Use acme.demo.better instead.');
    const gone = resolveModule('acme.demo.gone', table, known);
    assert.deepEqual(gone?.removed, { message: 'Use acme.demo.thing instead.', removalVersion: '2.0.0' });
    assert.equal(resolveModule('bigip_facts', table, known)?.removed?.removalVersion, '2019-11-06');
    assert.equal(resolveModule('acme.demo.loop_a', table, known), undefined);
  });

  void it('splits names', () => {
    assert.deepEqual(splitName('a.b.c.d'), { collection: 'a.b', name: 'c.d' });
    assert.deepEqual(splitName('ansible.legacy.copy'), { collection: 'ansible.builtin', name: 'copy' });
    assert.deepEqual(splitName('copy'), { collection: 'ansible.builtin', name: 'copy' });
  });
});
