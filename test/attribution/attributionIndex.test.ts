import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AttributionIndex, MODULE_SCAN_LIMIT, similarity } from '../../server/src/attribution/attributionIndex';
import { FIXTURE, corpusTask, resolveFixture } from './corpusFixture';

const index = AttributionIndex.build(FIXTURE, resolveFixture);
const byId = (id: string) => FIXTURE.find((t) => t.id === id)!;
const scoreOf = (ix: AttributionIndex, yaml: string, id: string) =>
  ix.search({ yaml }, ix.size).find((m) => m.task.id === id)?.score ?? 0;

describe('AttributionIndex: similarity properties', () => {
  it('an identical task scores 1.0 and ranks first, with its provenance', () => {
    for (const task of FIXTURE) {
      const [first] = index.search({ yaml: task.text });
      assert.equal(first.task.id, task.id, task.text);
      assert.equal(first.score, 1);
      assert.equal(first.snippet, task.text);
      assert.equal(first.license, task.sources[0].license);
      assert.equal(first.collection, task.sources[0].collection);
      assert.deepEqual(first.sources, task.sources);
    }
  });

  it('ignores key order, indentation, quoting and a list marker', () => {
    const reordered = `- mode: '0644'
  ansible.builtin.copy:
      group:   root
      mode:    "0644"
      dest: /etc/motd
      owner: root
      src: files/motd
  name:   Copy the   message of the day
`;
    const s = scoreOf(index, reordered, 'copy-motd');
    assert.equal(s, 1);
    assert.equal(index.search({ yaml: reordered })[0].task.id, 'copy-motd');
  });

  it('a changed value lowers the score but keeps the module match', () => {
    const changed = byId('copy-motd').text.replace('/etc/motd', '/etc/issue');
    const s = scoreOf(index, changed, 'copy-motd');
    assert.ok(s < 1 && s > 0.7, `score ${s}`);
    const twoChanged = changed.replace('owner: root', 'owner: nobody');
    assert.ok(scoreOf(index, twoChanged, 'copy-motd') < s);
    assert.equal(index.search({ yaml: changed })[0].task.id, 'copy-motd');
  });

  it('an unrelated task scores low', () => {
    const unrelated = `name: Reboot the machine
ansible.builtin.reboot:
  reboot_timeout: 600
`;
    // It shares no bucket and no module with any of them: no match at all, however many are asked for.
    assert.deepEqual(index.search({ yaml: unrelated }, FIXTURE.length), []);
    for (const t of FIXTURE) {
      const s = similarity({ yaml: unrelated }, { yaml: t.text }, resolveFixture);
      assert.ok(s < 0.2, `${t.id}: ${s}`);
    }
  });

  it('two option-less calls agree only when they call the same module', () => {
    assert.equal(similarity({ yaml: 'ansible.builtin.ping:' }, { fqcn: 'ansible.builtin.ping', args: {} }), 1);
    assert.equal(similarity({ yaml: 'ansible.builtin.ping:' }, { fqcn: 'ansible.builtin.meta', args: {} }), 0);
    assert.deepEqual(index.search({ fqcn: 'ansible.builtin.gather_facts', args: {} }), []);
    assert.deepEqual(
      index.search({ fqcn: 'ansible.builtin.ping', args: {} }).map((m) => [m.task.id, m.score]),
      [['ping', 1]],
    );
  });

  it('a sibling module with the same options scores in between', () => {
    const s = similarity({ yaml: byId('copy-motd').text }, { yaml: byId('template-motd').text });
    assert.ok(s > 0.2 && s < 0.7, `score ${s}`);
  });

  it('resolves short module names (catalog resolver, or learned from the corpus)', () => {
    const short = byId('apt-nginx').text.replace('ansible.builtin.apt:', 'apt:');
    assert.equal(scoreOf(index, short, 'apt-nginx'), 1);
    const noResolver = AttributionIndex.build(FIXTURE);
    assert.equal(scoreOf(noResolver, short, 'apt-nginx'), 1);
    assert.equal(scoreOf(noResolver, short.replace('apt:', 'ansible.legacy.apt:'), 'apt-nginx'), 1);
    assert.equal(
      index.search({
        fqcn: 'service',
        args: { enabled: true, state: 'started', name: 'nginx' },
        name: 'start and enable NGINX',
      })[0].score,
      1,
    );
  });

  it('Jinja whitespace does not matter, Jinja content does', () => {
    const tight = `name: Print a message
ansible.builtin.debug:
  msg: "Hello {{user|default('world')}}"
`;
    assert.equal(scoreOf(index, tight, 'debug-msg'), 1);
    const loose = tight.replace("{{user|default('world')}}", "{{   user  |  default( 'world' )   }}");
    assert.equal(scoreOf(index, loose, 'debug-msg'), 1);
    const other = tight.replace('user|', 'username|');
    assert.ok(scoreOf(index, other, 'debug-msg') < 1);
  });

  it('free-form k=v equals the mapping form; command words stay raw', () => {
    const kv = `name: Copy the message of the day
copy: src=files/motd dest=/etc/motd owner=root group=root mode=0644
`;
    assert.equal(scoreOf(index, kv, 'copy-motd'), 1);
    const mapping = `name: List the home directory
ansible.builtin.command:
  _raw_params: ls -l
  chdir: /home
`;
    assert.equal(scoreOf(index, mapping, 'command-ls'), 1);
    const a = similarity({ yaml: 'command: echo a=b' }, { fqcn: 'command', args: { _raw_params: 'echo a=b' } });
    assert.equal(a, 1);
    assert.ok(
      similarity({ yaml: 'command: echo a=b' }, { fqcn: 'command', args: { _raw_params: 'echo', a: 'b' } }) < 1,
    );
  });

  it('nested options compare by key path and leaf value', () => {
    const renamed = byId('k8s-ns').text.replace('name: testing', 'name: staging');
    const s = scoreOf(index, renamed, 'k8s-ns');
    assert.ok(s > 0.7 && s < 1, `score ${s}`);
  });

  it('an unnamed query is scored on module, options and values only', () => {
    const [m] = index.search({
      fqcn: 'ansible.builtin.apt',
      args: { name: 'nginx', state: 'present', update_cache: true },
    });
    assert.equal(m.task.id, 'apt-nginx');
    assert.equal(m.score, 1);
  });
});

describe('AttributionIndex: ranking, k and filter', () => {
  it('returns at most k matches, best first', () => {
    const q = { yaml: byId('copy-motd').text };
    const all = index.search(q, 100);
    for (const k of [0, 1, 2, 3, 5]) assert.equal(index.search(q, k).length, Math.min(k, all.length));
    assert.ok(all.length >= 3 && all.length <= FIXTURE.length);
    assert.equal(new Set(all.map((m) => m.task.id)).size, all.length, 'one match per task');
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].score >= all[i].score);
    assert.deepEqual(
      index.search(q, 2).map((m) => m.task.id),
      all.slice(0, 2).map((m) => m.task.id),
    );
    assert.equal(index.search(q, 0).length, 0);
    assert.equal(index.search(q, 1).length, 1);
    assert.deepEqual(
      all.slice(0, 3).map((m) => m.task.id),
      ['copy-motd', 'copy-config', 'template-motd'],
    );
  });

  it('a filter keeps out excluded licences', () => {
    const noApache = (t: { sources: { license: string }[] }) => t.sources.every((s) => s.license !== 'Apache-2.0');
    const q = { yaml: byId('user-alice').text };
    assert.equal(index.search(q, 1)[0].license, 'Apache-2.0');
    assert.deepEqual(index.search(q, 3, noApache), [], 'its only match is under Apache-2.0');
    const copy = { yaml: byId('copy-motd').text };
    const kept = index.search(copy, 3, noApache);
    assert.equal(kept.length, 3);
    assert.deepEqual(kept, index.search(copy, 3));
  });

  it('rejects a query that is not a task', () => {
    assert.throws(() => index.search({ yaml: '- a\n- b\n' }), /not a task/);
    assert.throws(() => index.search({ yaml: 'a: [' }), /not a task/);
  });
});

describe('AttributionIndex: persistence and updates', () => {
  it('serialize/deserialize gives the same results', () => {
    const data = index.serialize();
    const loaded = AttributionIndex.deserialize(data, FIXTURE, resolveFixture);
    assert.equal(loaded.size, index.size);
    for (const t of FIXTURE) {
      const q = { yaml: t.text.replace(/\n {2}(\w+): .*\n/, '\n') };
      assert.deepEqual(
        loaded.search(q, 5).map((m) => [m.task.id, m.score]),
        index.search(q, 5).map((m) => [m.task.id, m.score]),
      );
    }
    const fromBase64 = AttributionIndex.deserialize(data.toString('base64'), FIXTURE, resolveFixture);
    assert.equal(fromBase64.search({ yaml: FIXTURE[0].text })[0].score, 1);
    assert.throws(() => AttributionIndex.deserialize(Buffer.from('nonsense'), FIXTURE), /not an index/);
  });

  it('deserialize drops tasks that are gone and adds new ones', () => {
    const data = index.serialize();
    const extra = corpusTask(
      'file-dir',
      'name: Make a directory\nansible.builtin.file:\n  path: /srv/app\n  state: directory\n',
    );
    const loaded = AttributionIndex.deserialize(
      data,
      [...FIXTURE.filter((t) => t.id !== 'apt-nginx'), extra],
      resolveFixture,
    );
    assert.equal(loaded.size, FIXTURE.length);
    assert.notEqual(loaded.search({ yaml: byId('apt-nginx').text })[0]?.task.id, 'apt-nginx');
    assert.equal(loaded.search({ yaml: extra.text })[0].task.id, 'file-dir');
  });

  it('adds, replaces and removes tasks incrementally', () => {
    const ix = AttributionIndex.build(FIXTURE.slice(0, 5), resolveFixture);
    assert.equal(ix.size, 5);
    const user = byId('user-alice');
    assert.notEqual(ix.search({ yaml: user.text })[0]?.task.id, 'user-alice');
    ix.add([user]);
    assert.equal(ix.size, 6);
    assert.equal(ix.search({ yaml: user.text })[0].score, 1);
    // Same id, new content (a workspace file changed).
    const edited = corpusTask('user-alice', user.text.replace('alice', 'bob'));
    ix.add([edited]);
    assert.equal(ix.size, 6);
    const [m] = ix.search({ yaml: edited.text });
    assert.equal(m.task, edited);
    assert.equal(m.score, 1);
    // The same id twice in one batch: the last one wins, the first leaves no ghost behind.
    ix.add([
      corpusTask('twice', 'name: One\nansible.builtin.ping:\n'),
      corpusTask('twice', 'name: Two\nansible.builtin.ping:\n'),
    ]);
    assert.equal(ix.size, 7);
    assert.deepEqual(
      ix.search({ fqcn: 'ansible.builtin.ping', args: {} }, 10).map((x) => x.task.name),
      ['Two'],
    );
    ix.remove(['twice']);
    assert.equal(ix.search({ fqcn: 'ansible.builtin.ping', args: {} }, 10).length, 0);
    ix.remove(['user-alice', 'no-such-id']);
    assert.equal(ix.size, 5);
    // No other task of the five calls the user module: nothing is left to match it.
    assert.deepEqual(ix.search({ yaml: edited.text }, 10), []);
    // Serialising after removals keeps only live tasks.
    const reloaded = AttributionIndex.deserialize(ix.serialize(), FIXTURE, resolveFixture);
    assert.equal(reloaded.size, FIXTURE.length);
  });

  it('stays right across many additions and removals (bucket merges, compaction)', () => {
    const base = byId('copy-motd');
    const many = Array.from({ length: 6000 }, (_, i) =>
      corpusTask(
        `gen-${i}`,
        base.text.replace('/etc/motd', `/etc/motd.${i}`).replace('files/motd', `files/motd${i % 7}`),
      ),
    );
    const ix = AttributionIndex.build(FIXTURE, resolveFixture);
    ix.add(many);
    assert.equal(ix.size, FIXTURE.length + many.length);
    assert.equal(ix.search({ yaml: many[4321].text })[0].task.id, 'gen-4321');
    ix.remove(many.slice(0, 5000).map((t) => t.id));
    assert.equal(ix.size, FIXTURE.length + 1000);
    assert.equal(ix.search({ yaml: many[5500].text })[0].task.id, 'gen-5500');
    assert.equal(ix.search({ yaml: base.text })[0].task.id, 'copy-motd');
    const near = ix.search({ yaml: many[10].text }, 5);
    assert.equal(near.length, 5);
    assert.ok(
      near.every((m) => !/^gen-(\d{1,3}|[0-4]\d{3})$/.test(m.task.id)),
      near.map((m) => m.task.id).join(),
    );
    assert.ok(many.length < MODULE_SCAN_LIMIT);
  });
});

describe('AttributionIndex: searchByName', () => {
  it('finds tasks by their description (BM25)', () => {
    const hits = index.searchByName('install nginx web server', 3);
    assert.equal(hits[0].task.id, 'apt-nginx');
    assert.ok(hits.length >= 2 && hits.some((h) => h.task.id === 'service-nginx'));
    assert.equal(index.searchByName('nothing matches zzz', 3).length, 0);
    assert.equal(index.searchByName('nginx', 3, (t) => t.id !== 'apt-nginx')[0].task.id !== 'apt-nginx', true);
  });

  it('leaves very common words out of a query that has rarer ones', () => {
    const bulk = Array.from({ length: 20_050 }, (_, i) => ({
      ...byId('ping'),
      id: `bulk-${i}`,
      name: `Deploy service ${i}`,
      text: `name: Deploy service ${i}\nansible.builtin.ping:\n`,
    }));
    const ix = AttributionIndex.build([...bulk, corpusTask('zebra', 'name: Deploy zebra\nansible.builtin.ping:\n')]);
    // 'deploy' is in 20,051 names: only 'zebra' is looked up.
    assert.deepEqual(
      ix.searchByName('deploy the zebra', 5).map((h) => h.task.id),
      ['zebra'],
    );
    // Only common words: the rarest one is kept, so there is still an answer.
    assert.equal(ix.searchByName('deploy service', 3).length, 3);
  });

  it('follows additions and removals', () => {
    const ix = AttributionIndex.build(FIXTURE, resolveFixture);
    assert.equal(ix.searchByName('alice')[0].task.id, 'user-alice');
    ix.remove(['user-alice']);
    assert.equal(ix.searchByName('alice').length, 0);
    ix.add([corpusTask('user-carol', 'name: Create user carol\nansible.builtin.user:\n  name: carol\n')]);
    assert.equal(ix.searchByName('carol')[0].task.id, 'user-carol');
  });
});
