// The stored corpus's columns (corpus/compactCorpus.ts): what a StoredTask reads back is exactly
// the record that was stored, field by field, and a damaged file is refused with a reason.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CompactCorpus, encodeCorpus, plainTask } from '../../server/src/corpus/compactCorpus';
import { corpusSchema, loadCorpus, saveCorpus } from '../../server/src/corpus/store';
import type { CorpusTask, Provenance } from '../../server/src/corpus/types';
import { TempWorkspace } from '../helpers/workspace';

const source = (over: Partial<Provenance> = {}): Provenance => ({
  source: 'collection',
  collection: 'ansible.builtin',
  version: '2.14.0',
  path: 'lib/ansible/modules/copy.py',
  line: 12,
  repoUrl: 'https://github.com/ansible/ansible',
  license: 'GPL-3.0-or-later',
  ...over,
});

const records: CorpusTask[] = [
  {
    id: 'a1b2c3d4e5f60708',
    name: 'Copy the motd',
    module: 'copy',
    fqcn: 'ansible.builtin.copy',
    text: 'name: Copy the motd\ncopy:\n  src: motd\n  dest: /etc/motd\n  mode: "0644"',
    args: { src: 'motd', dest: '/etc/motd', mode: '0644', nested: { list: [1, 'two', null, true] } },
    keywords: { when: 'ansible_os_family == "Debian"', notify: ['restart'] },
    origin: 'role',
    context: {
      previousModules: ['ansible.builtin.apt', 'ansible.builtin.template'],
      section: 'handlers',
      variables: ['motd_text', 'app_user'],
    },
    sources: [
      source(),
      source({
        source: 'dir',
        collection: 'team',
        path: 'roles/x/tasks/main.yml',
        line: 3,
        license: 'NOASSERTION',
        repoUrl: '',
        version: '',
      }),
    ],
    split: 'test',
  },
  {
    // Not ASCII anywhere it can be: the old JSON-lines store turned the whole corpus into a two-byte string for this.
    id: 'ffff000011112222',
    name: 'Créer le répertoire « données » ✓',
    module: 'ansible.builtin.file',
    fqcn: 'ansible.builtin.file',
    text: 'name: Créer le répertoire « données » ✓\nansible.builtin.file:\n  path: /srv/données\n  state: directory',
    args: { path: '/srv/données', state: 'directory' },
    keywords: {},
    origin: 'module-examples',
    context: { previousModules: [], section: 'tasks', variables: ['motd_text', 'app_user'] },
    sources: [source({ path: 'lib/ansible/modules/file.py', line: 0 })],
    split: 'train',
  },
  {
    id: '0000000000000000',
    name: '',
    module: '',
    fqcn: '',
    text: 'debug: msg=hi',
    args: {},
    keywords: {},
    origin: 'workspace',
    context: { previousModules: [], section: 'always', variables: [] },
    sources: [],
    split: 'train',
  },
];

describe('compact corpus storage', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());

  it('reads back exactly the stored records, every field', () => {
    const corpus = new CompactCorpus(encodeCorpus(records, corpusSchema), corpusSchema);
    assert.equal(corpus.tasks.length, records.length);
    assert.deepEqual(corpus.tasks.map(plainTask), records);
    // Field by field too, as consumers read them (getters, not own properties).
    corpus.tasks.forEach((t, i) => {
      for (const k of Object.keys(records[i]) as (keyof CorpusTask)[])
        assert.deepEqual(t[k], records[i][k], `${i}.${k}`);
    });
  });

  it('serialises a stored task as its plain record', () => {
    const corpus = new CompactCorpus(encodeCorpus(records, corpusSchema), corpusSchema);
    assert.deepEqual(JSON.parse(JSON.stringify(corpus.tasks[0])), records[0]);
  });

  it('keeps parsed args while they are in use, and parses again after', () => {
    const corpus = new CompactCorpus(encodeCorpus(records, corpusSchema), corpusSchema);
    const t = corpus.tasks[0];
    assert.equal(t.args, t.args, 'the same object while cached');
    const many: CorpusTask[] = Array.from({ length: 1500 }, (_, i) => ({
      ...records[1],
      id: `id-${i}`,
      args: { path: `/srv/${i}` },
    }));
    const big = new CompactCorpus(encodeCorpus(many, corpusSchema), corpusSchema);
    for (const x of big.tasks) assert.equal(x.args.path, `/srv/${x.id.slice(3)}`);
    assert.deepEqual(big.tasks[0].args, { path: '/srv/0' }, 'evicted, then parsed again');
  });

  it('finds tasks by id', () => {
    const corpus = new CompactCorpus(encodeCorpus(records, corpusSchema), corpusSchema);
    for (const r of records) assert.equal(corpus.byId(r.id)?.text, r.text);
    assert.equal(corpus.byId('a1b2c3d4e5f60709'), undefined);
  });

  it('refuses a damaged or foreign file with a reason', () => {
    const data = encodeCorpus(records, corpusSchema);
    assert.throws(() => new CompactCorpus(data.subarray(0, data.length - 7), corpusSchema), /truncated|inconsistent/);
    assert.throws(() => new CompactCorpus(Buffer.from('{"schema":1}\n[]'), corpusSchema), /not a stored corpus/);
    assert.throws(() => new CompactCorpus(data, corpusSchema + 1), /schema/);
    const garbled = Buffer.from(data);
    garbled.write('}}}}', 12, 'latin1');
    assert.throws(() => new CompactCorpus(garbled, corpusSchema), /unreadable header/);
  });

  it('reads texts from the file it opened, also after the corpus folder is rebuilt', () => {
    const dir = join(ws.root, 'rebuilt');
    saveCorpus(dir, records, { schema: corpusSchema, key: 'k', createdAt: 'now', stats: statsOf(records) });
    const loaded = loadCorpus(dir);
    const other = records.map((r) => ({ ...r, text: `${r.text}\n# rebuilt`, args: { changed: true } }));
    saveCorpus(dir, other, { schema: corpusSchema, key: 'k', createdAt: 'later', stats: statsOf(other) });
    assert.deepEqual(loaded.tasks.map(plainTask), records);
    assert.deepEqual(loadCorpus(dir).tasks.map(plainTask), other);
  });

  it('loadCorpus names the folder of a damaged corpus', () => {
    const dir = join(ws.root, 'damaged');
    saveCorpus(dir, records, { schema: corpusSchema, key: 'k', createdAt: 'now', stats: statsOf(records) });
    assert.equal(loadCorpus(dir).tasks.length, 3);
    const file = join(dir, 'tasks.bin');
    writeFileSync(file, readFileSync(file).subarray(0, 40));
    assert.throws(
      () => loadCorpus(dir),
      (e: Error) => e.message.includes(dir) && /unreadable/.test(e.message),
    );
  });
});

function statsOf(tasks: CorpusTask[]) {
  return { tasks: tasks.length, modules: 0, collections: 0, licences: {}, origins: {}, millis: 0 };
}
