// The Jinja filter and test catalog against the real ansible-doc: the installed Ansible plus a
// collection this test writes (a documented filter, one whose documentation is broken YAML, one
// without documentation, and a test plugin), on ANSIBLE_COLLECTIONS_PATH, with a fresh cache.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { JinjaPluginCatalog } from '../../server/src/catalog/jinjaPlugins';

const FILTERS_PY = `def shout(value, times=1):
    return str(value).upper() + '!' * times

def whisper(value):
    return str(value).lower()

def bare(value):
    return value

class FilterModule(object):
    def filters(self):
        return {'shout': shout, 'whisper': whisper, 'bare': bare}
`;

const SHOUT_YML = `DOCUMENTATION:
  name: shout
  short_description: make a string loud
  description:
    - Upper-cases the C(value) and adds exclamation marks.
  positional: times
  options:
    _input:
      description: The text.
      type: str
      required: true
    times:
      description: How many exclamation marks.
      type: int
      default: 1
EXAMPLES: |
  loud: "{{ 'hi' | acme.jinja.shout(3) }}"
RETURN:
  _value:
    description: The loud text.
    type: str
`;

/** ansible-doc lists its short description but cannot read the rest: one such plugin fails a whole batch. */
const WHISPER_YML = `DOCUMENTATION:
  name: whisper
  short_description: make a string quiet
  description: [ unclosed
    - broken: : :
`;

const TESTS_PY = `def loud(value):
    return str(value).isupper()

class TestModule(object):
    def tests(self):
        return {'loud': loud}
`;

const LOUD_YML = `DOCUMENTATION:
  name: loud
  short_description: is the string upper case
  description: Whether every letter is upper case.
  options:
    _input:
      description: The text.
      type: str
      required: true
`;

void describe('Jinja filters and tests of the installed Ansible', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scribe-jinja-'));
  const collection = join(dir, 'collections', 'ansible_collections', 'acme', 'jinja');
  const cacheDir = join(dir, 'cache');
  const env = { ...process.env, ANSIBLE_COLLECTIONS_PATH: join(dir, 'collections') };
  const lines: string[] = [];
  const catalogs: JinjaPluginCatalog[] = [];
  const open = (options: Partial<ConstructorParameters<typeof JinjaPluginCatalog>[0]> = {}) => {
    const c = new JinjaPluginCatalog({ cacheDir, env, log: (l) => lines.push(l), ...options });
    catalogs.push(c);
    return c;
  };
  let catalog: JinjaPluginCatalog;

  before(() => {
    mkdirSync(join(collection, 'plugins', 'filter'), { recursive: true });
    mkdirSync(join(collection, 'plugins', 'test'), { recursive: true });
    writeFileSync(join(collection, 'galaxy.yml'), 'namespace: acme\nname: jinja\nversion: 1.0.0\nauthors: [x]\n');
    writeFileSync(join(collection, 'plugins', 'filter', 'shout.py'), FILTERS_PY);
    writeFileSync(join(collection, 'plugins', 'filter', 'shout.yml'), SHOUT_YML);
    writeFileSync(join(collection, 'plugins', 'filter', 'whisper.yml'), WHISPER_YML);
    writeFileSync(join(collection, 'plugins', 'test', 'loud.py'), TESTS_PY);
    writeFileSync(join(collection, 'plugins', 'test', 'loud.yml'), LOUD_YML);
    mkdirSync(join(collection, 'meta'), { recursive: true });
    writeFileSync(
      join(collection, 'meta', 'runtime.yml'),
      'plugin_routing:\n  filter:\n    yell:\n      redirect: acme.jinja.shout\n    gone:\n      redirect: acme.jinja.nowhere\n',
    );
    catalog = open();
  });
  after(() => {
    for (const c of catalogs) c.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  void it("knows Jinja2's own filters and tests before anything is loaded, spawning nothing", () => {
    assert.equal(catalog.state, 'idle');
    const filters = catalog.list('filter').map((p) => p.fqcn);
    for (const name of ['default', 'join', 'map', 'selectattr', 'length', 'lower', 'int', 'unique'])
      assert.ok(filters.includes(name), name);
    assert.ok(catalog.list('test').some((p) => p.fqcn === 'defined' && p.origin === 'jinja2'));
    assert.equal(catalog.find('filter', 'default')?.shortDescription.includes('default value'), true);
    assert.equal(catalog.spawnCount, 0);
  });

  void it('lists the installed filter and test plugins by FQCN, ansible.builtin also by short name', async () => {
    await catalog.ready();
    assert.equal(catalog.state, 'ready', catalog.problem);
    assert.equal(catalog.find('filter', 'to_json')?.fqcn, 'ansible.builtin.to_json');
    assert.equal(catalog.find('filter', 'ansible.builtin.to_json'), catalog.find('filter', 'to_json'));
    assert.equal(catalog.find('filter', 'ansible.legacy.to_json')?.fqcn, 'ansible.builtin.to_json');
    assert.equal(catalog.find('filter', 'community.general.json_query')?.origin, 'ansible');
    assert.equal(catalog.find('filter', 'shout'), undefined, "a collection's filter needs its FQCN");
    assert.equal(catalog.find('filter', 'acme.jinja.shout')?.shortDescription, 'make a string loud');
    assert.equal(catalog.find('filter', 'acme.jinja.bare')?.documented, false);
    // ansible.builtin.random replaces Jinja's random under the short name; Jinja's default stays.
    assert.equal(catalog.find('filter', 'random')?.fqcn, 'ansible.builtin.random');
    assert.equal(catalog.find('filter', 'default')?.origin, 'jinja2');
    assert.equal(catalog.find('test', 'version')?.fqcn, 'ansible.builtin.version');
    assert.equal(catalog.find('test', 'acme.jinja.loud')?.shortDescription, 'is the string upper case');
    assert.equal(catalog.find('test', 'defined')?.origin, 'jinja2');
    // Redirects: ansible-core's short names that moved to collections, and a collection's own.
    assert.equal(catalog.find('filter', 'json_query')?.fqcn, 'community.general.json_query');
    assert.equal(catalog.find('filter', 'ipaddr')?.fqcn, 'ansible.utils.ipaddr', 'two hops, via ansible.netcommon');
    assert.equal(catalog.find('filter', 'ansible.netcommon.ipaddr')?.fqcn, 'ansible.utils.ipaddr');
    assert.equal(catalog.find('filter', 'acme.jinja.yell')?.fqcn, 'acme.jinja.shout');
    assert.equal(catalog.find('filter', 'acme.jinja.gone'), undefined);
    const filters = catalog.list('filter');
    assert.equal(new Set(filters).size, filters.length, 'each plugin once');
    assert.ok(!filters.some((p) => p.fqcn === 'json_query' || p.fqcn === 'acme.jinja.yell'), 'redirects not listed');
    assert.ok(filters.length > 100, `${filters.length} filters`);
  });

  void it('documents a filter from ansible-doc: description, options, examples, returns', async () => {
    const doc = await catalog.loadDoc('filter', 'to_yaml');
    assert.ok(doc, lines.join('\n'));
    assert.equal(doc.fqcn, 'ansible.builtin.to_yaml');
    assert.match(doc.description[0], /YAML string/);
    assert.deepEqual(
      doc.options.map((o) => o.name),
      ['indent', 'sort_keys'],
    );
    assert.match(doc.examples ?? '', /to_yaml/);
    assert.equal(catalog.getDoc('filter', 'ansible.builtin.to_yaml'), doc, 'kept in memory');
    // The whole collection came in the same run.
    assert.ok(catalog.getDoc('filter', 'to_json'));
  });

  void it('documents a collection filter although a sibling has broken docs; gives up on that one', async () => {
    const shout = await catalog.loadDoc('filter', 'acme.jinja.shout');
    assert.ok(shout);
    assert.deepEqual(shout.positional, ['times']);
    assert.deepEqual(shout.options[0], {
      name: 'times',
      description: 'How many exclamation marks.',
      type: 'int',
      required: false,
      default: 1,
    });
    assert.equal(shout.returns, 'The loud text.');
    assert.equal(shout.description[0], 'Upper-cases the `value` and adds exclamation marks.');
    assert.equal(await catalog.loadDoc('filter', 'acme.jinja.whisper'), undefined);
    assert.ok(lines.some((l) => /no documentation for filter acme\.jinja\.whisper/.test(l)));
    const loud = await catalog.loadDoc('test', 'acme.jinja.loud');
    assert.equal(loud?.description[0], 'Whether every letter is upper case.');
  });

  void it("asks nothing for Jinja's own or for an undocumented plugin", async () => {
    const before = catalog.spawnCount;
    assert.equal(await catalog.loadDoc('filter', 'default'), undefined);
    assert.equal(await catalog.loadDoc('filter', 'acme.jinja.bare'), undefined);
    assert.equal(await catalog.loadDoc('filter', 'no.such.filter'), undefined);
    assert.equal(catalog.spawnCount, before);
  });

  void it('starts warm from the disk cache: no process', async () => {
    const warm = open();
    await warm.ready();
    assert.equal(warm.state, 'ready');
    assert.equal(warm.find('filter', 'acme.jinja.shout')?.shortDescription, 'make a string loud');
    assert.deepEqual(
      await warm.loadDoc('filter', 'acme.jinja.shout'),
      await catalog.loadDoc('filter', 'acme.jinja.shout'),
    );
    assert.ok(await warm.loadDoc('filter', 'to_yaml'));
    assert.equal(warm.spawnCount, 0);
  });

  void it('lists again when a filter plugin is added to a collection', async () => {
    writeFileSync(
      join(collection, 'plugins', 'filter', 'extra.py'),
      'class FilterModule(object):\n    def filters(self):\n        return {"extra": lambda v: v}\n',
    );
    const next = open();
    await next.ready();
    assert.ok(next.spawnCount > 0);
    assert.equal(next.find('filter', 'acme.jinja.extra')?.documented, false);
  });

  void it('in an untrusted workspace runs ansible-doc from the neutral folder, and still lists', async () => {
    const untrusted = open({ cacheDir: join(dir, 'cache-untrusted'), trusted: false });
    await untrusted.ready();
    assert.equal(untrusted.state, 'ready', untrusted.problem);
    assert.ok(existsSync(join(dir, 'cache-untrusted', 'untrusted', 'ansible.cfg')));
    assert.equal(untrusted.find('filter', 'to_json')?.fqcn, 'ansible.builtin.to_json');
  });

  void it('says why when ansible-doc is missing, and still offers Jinja2 builtins', async () => {
    const missing = open({ ansiblePath: join(dir, 'nowhere') });
    await missing.ready();
    assert.equal(missing.state, 'unavailable');
    assert.match(missing.problem, /ansible-doc not found/);
    assert.ok(missing.list('filter').some((p) => p.fqcn === 'default'));
    assert.equal(missing.find('filter', 'to_json'), undefined);
  });
});
