// The embedded model's stored form (name indexes, statistics and entry tables as columns of one
// Buffer): a model read back answers exactly as the one that was trained, in both stored forms,
// and a damaged, foreign or older file is refused (the engine then retrains).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { corpusSchema, saveCorpus } from '../../server/src/corpus/store';
import { embeddedTrainer } from '../../server/src/engine/embedded';
import { openEnvironment } from '../../server/src/engine/environment';
import { EmbeddedModel, type TaskRequest } from '../../server/src/model/index';
import { decodeColumns } from '../../server/src/model/columns';
import { NameIndex } from '../../server/src/model/nameIndex';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';
import { fixtureCorpus } from './fixtureCorpus';

/** Many requests: every fixture name, variations of them, unseen words, and file contexts. */
function requests(names: readonly string[]): TaskRequest[] {
  const verbs = ['Install', 'Restart', 'Start', 'Remove', 'Create', 'Copy', 'Ensure', 'Print', 'Add', 'Open'];
  const objects = ['nginx', 'the web server', 'port 443 in the firewall', 'a user named deploy', 'zanzibar quux'];
  const descriptions = [
    ...names,
    ...names.map((n) => n.toLowerCase().split(' ').reverse().join(' ')),
    ...verbs.flatMap((v) => objects.map((o) => `${v} ${o}`)),
    'role | install | Install haproxy',
    'Template {{ app_name }} config',
  ];
  const contexts: Partial<TaskRequest['context']>[] = [
    {},
    { previousModules: ['ansible.builtin.apt'], osHints: ['Debian'] },
    { section: 'handlers' },
    { collectionsInUse: ['ansible.builtin', 'community.docker'], variables: ['app_name', 'nginx_user'] },
    { earlierTasks: [{ name: 'Install nginx', fqcn: 'ansible.builtin.yum', args: { name: 'nginx' } }] },
  ];
  return descriptions.flatMap((description, i) => [
    {
      description,
      context: {
        previousModules: [],
        collectionsInUse: ['ansible.builtin'],
        variables: [],
        section: 'tasks' as const,
        ...contexts[i % contexts.length],
      },
    },
  ]);
}

describe('embedded model, stored form', () => {
  const corpus = fixtureCorpus();
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  let model: EmbeddedModel;
  let stored: Buffer;

  before(async () => {
    await catalog.ready();
    // The catalog's module list adds synthetic names (short descriptions) to the name index.
    const modules = catalog.list().filter((m) => /^(ansible\.builtin|ansible\.posix|community\.docker)\./.test(m.fqcn));
    assert.ok(modules.length > 50, `${modules.length} catalog modules`);
    model = EmbeddedModel.train(corpus, { seed: 7, modules });
    stored = model.toBuffer();
  });
  after(() => catalog.dispose());

  it('answers every request exactly as the trained model, read back from either stored form', async () => {
    const reqs = requests(corpus.map((t) => t.name));
    assert.ok(reqs.length > 100, `${reqs.length} requests`);
    const forms = [EmbeddedModel.deserialize(stored, corpus), EmbeddedModel.deserialize(model.serialize(), corpus)];
    let suggested = 0;
    for (const req of reqs) {
      const want = model.suggestModules(req, 15);
      const wantTask = await model.suggest(req, catalog);
      if (wantTask) suggested++;
      for (const loaded of forms) {
        assert.deepEqual(loaded.suggestModules(req, 15), want, req.description);
        assert.deepEqual(await loaded.suggest(req, catalog), wantTask, req.description);
      }
    }
    assert.ok(suggested > reqs.length / 2, `only ${suggested} suggestions`);
    assert.deepEqual(forms[0].weights(), model.weights());
    // Stored again, it is the same bytes.
    assert.ok(forms[0].toBuffer().equals(stored));
  });

  it('stores the name indexes themselves (a read-back index searches as the built one)', () => {
    const built = NameIndex.build(
      corpus.map((t, i) => ({ task: i, module: i % 7, text: t.name, weight: 1 + (i % 3), group: i % 5 })),
      7,
    );
    const back = NameIndex.fromArrays(built.toArrays());
    for (const q of ['Install nginx', 'restart the service', 'unseen words only']) {
      assert.deepEqual(back.search(q, 10), built.search(q, 10));
      assert.deepEqual(back.logPosterior(q), built.logPosterior(q));
      assert.equal(back.featureWeight(q.split(' ')[0]), built.featureWeight(q.split(' ')[0]));
    }
    const arrays = built.toArrays();
    assert.throws(() => NameIndex.fromArrays({ ...arrays, norms: arrays.norms.subarray(1) }), /norms/);
  });

  it('refuses a damaged, truncated, foreign or older file, and another corpus', () => {
    const flipped = Buffer.from(stored);
    flipped[flipped.length - 100] ^= 0xff;
    assert.throws(() => EmbeddedModel.deserialize(flipped, corpus), /damaged/);
    assert.throws(() => EmbeddedModel.deserialize(stored.subarray(0, stored.length - 8), corpus), /damaged/);
    assert.throws(() => EmbeddedModel.deserialize(stored.subarray(0, 20), corpus));
    assert.throws(() => EmbeddedModel.deserialize(Buffer.alloc(0), corpus), /not a scribe embedded model/);
    const text = model.serialize();
    assert.throws(() => EmbeddedModel.deserialize(text.slice(0, text.length - 40), corpus), /damaged/);
    // The previous stored form (JSON of the weights alone) is refused, not misread.
    assert.throws(
      () => EmbeddedModel.deserialize('{"format":"scribe-embedded-model","version":2}', corpus),
      /not a scribe embedded model/,
    );
    const meta = decodeColumns(stored).meta as { version: number };
    const older = Buffer.from(stored.toString('latin1').replace(`"version":${meta.version}`, '"version":0'), 'latin1');
    assert.throws(() => EmbeddedModel.deserialize(older, corpus), /version 0/);
    assert.throws(() => EmbeddedModel.deserialize(stored, corpus.slice(1)), /another corpus/);
    const renamed = corpus.map((t, i) => (i === 3 ? { ...t, id: `${t.id}x` } : t));
    assert.throws(() => EmbeddedModel.deserialize(stored, renamed), /another corpus/);
  });

  it('through the engine: a cache file damaged inside its arrays is retrained, with the same answers', async () => {
    const ws = new TempWorkspace();
    try {
      const dir = join(ws.root, 'corpus');
      saveCorpus(dir, corpus, {
        schema: corpusSchema,
        key: 'fixture',
        createdAt: '2026-12-01T00:00:00Z',
        stats: { tasks: corpus.length, modules: 0, collections: 0, licences: {}, origins: {}, millis: 0 },
      });
      const open = () => {
        const logs: string[] = [];
        const env = openEnvironment({
          corpusDir: dir,
          trainer: embeddedTrainer([]),
          codeVersion: 'c1',
          log: (l) => logs.push(l),
        });
        return { env, logs };
      };
      const first = open();
      assert.equal(first.env.cached.model, false);
      const reread = open();
      assert.equal(reread.env.cached.model, true, reread.logs.join('\n'));
      const file = join(
        dir,
        readdirSync(dir).find((n) => n.startsWith('model-'))!,
      );
      const bytes = readFileSync(file);
      // One base64 digit in the middle of the stored arrays: the checksum, not the layout, notices.
      const at = Math.floor(bytes.length / 2);
      bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
      writeFileSync(file, bytes);
      const damaged = open();
      assert.equal(damaged.env.cached.model, false);
      assert.match(damaged.logs.join('\n'), /model cache unreadable, retraining: .*damaged/);
      for (const req of requests(corpus.map((t) => t.name)).slice(0, 60)) {
        assert.deepEqual(damaged.env.model.suggestModules(req, 10), first.env.model.suggestModules(req, 10));
        assert.deepEqual(reread.env.model.suggestModules(req, 10), first.env.model.suggestModules(req, 10));
      }
      assert.equal(open().env.cached.model, true, 'rewritten');
    } finally {
      ws.dispose();
    }
  });
});
