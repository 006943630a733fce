import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModuleCatalog, ModuleDoc, ModuleOption } from '../../server/src/catalog/types';
import { FeedbackModel, adaptArgs, preferredValues, type RankingModel } from '../../server/src/feedback/reranker';
import { FeedbackStore } from '../../server/src/feedback/store';
import type { ModelSuggestion, ModuleScore, TaskRequest } from '../../server/src/model/types';

const opt = (name: string, extra: Partial<ModuleOption> = {}): ModuleOption => ({
  name,
  description: '',
  required: false,
  aliases: [],
  type: 'str',
  ...extra,
});
const doc = (fqcn: string, options: ModuleOption[]): ModuleDoc => ({
  fqcn,
  collection: 'ansible.builtin',
  shortDescription: '',
  description: [],
  options: Object.fromEntries(options.map((o) => [o.name, o])),
  freeForm: false,
});
const pkgState = opt('state', { choices: ['present', 'absent', 'latest'] });
const DOCS = new Map(
  [
    doc('ansible.builtin.yum', [opt('name', { type: 'list' }), pkgState]),
    doc('ansible.builtin.apt', [opt('name', { type: 'list' }), pkgState, opt('update_cache', { type: 'bool' })]),
    doc('ansible.builtin.package', [opt('name', { type: 'list' }), pkgState]),
    doc('ansible.builtin.service', [opt('name'), opt('state')]),
  ].map((d) => [d.fqcn, d]),
);
const catalog = {
  getDoc: (f: string) => DOCS.get(f),
  loadDoc: (f: string) => Promise.resolve(DOCS.get(f)),
} as unknown as ModuleCatalog;

/**
 * A deterministic stand-in for the embedded model: "install …" ranks yum, then apt, then package;
 * "restart/start …" ranks service. Arguments: name = the description's last word, state: present.
 */
class FakeBase implements RankingModel {
  calls = 0;
  suggestModules(req: TaskRequest, k: number): ModuleScore[] {
    const d = req.description.toLowerCase();
    const ranked = /install/.test(d)
      ? [
          { fqcn: 'ansible.builtin.yum', score: 0.6 },
          { fqcn: 'ansible.builtin.apt', score: 0.25 },
          { fqcn: 'ansible.builtin.package', score: 0.1 },
        ]
      : [{ fqcn: 'ansible.builtin.service', score: 0.7 }];
    return ranked.slice(0, k);
  }
  suggest(req: TaskRequest): ModelSuggestion | undefined {
    this.calls++;
    const fqcn = this.suggestModules(req, 1)[0].fqcn;
    const name = req.description.trim().split(/\s+/).pop()!;
    const args: Record<string, unknown> =
      fqcn === 'ansible.builtin.service' ? { name, state: 'restarted' } : { name, state: 'present' };
    return { fqcn, args, keywords: {}, yaml: `${fqcn}: ${JSON.stringify(args)}\n`, drewOn: [], confidence: 0.6 };
  }
}

const request = (description: string): TaskRequest => ({
  description,
  context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks' },
});

describe('FeedbackModel', () => {
  it('after rejecting yum and keeping package for "Install nginx", suggests package for "Install redis"', async () => {
    const store = new FeedbackStore();
    const model = new FeedbackModel(new FakeBase(), store);
    const first = await model.suggest(request('Install nginx'), catalog);
    assert.equal(first?.fqcn, 'ansible.builtin.yum');
    store.record({ kind: 'reject', description: 'Install nginx', fqcn: first.fqcn, args: first.args });
    store.record({
      kind: 'accept',
      description: 'Install nginx',
      fqcn: 'ansible.builtin.package',
      args: { name: 'nginx', state: 'present' },
    });
    const later = await model.suggest(request('Install redis'), catalog);
    assert.equal(later?.fqcn, 'ansible.builtin.package');
    assert.deepEqual(later?.args, { name: 'redis', state: 'present' }, 'the kept example, with the entity swapped');
    assert.match(later!.yaml, /^ansible\.builtin\.package:\n {2}name: redis\n {2}state: present\n$/);
    assert.deepEqual(later?.drewOn, [], 'the user’s own task is not a corpus example');
    assert.equal(model.suggestModules(request('install redis'), 3)[0].fqcn, 'ansible.builtin.package');
    // An unrelated description is untouched.
    assert.equal((await model.suggest(request('Restart sshd'), catalog))?.fqcn, 'ansible.builtin.service');
  });

  it('a rejection alone lets the next candidate rise, written by the base model when it can be nudged', async () => {
    const store = new FeedbackStore();
    const base = new FakeBase();
    base.suggest = function (req: TaskRequest) {
      const fqcn = / apt$/.test(req.description) ? 'ansible.builtin.apt' : this.suggestModules(req, 1)[0].fqcn;
      return { fqcn, args: { name: 'x' }, keywords: {}, yaml: '', drewOn: [], confidence: 0.5 };
    };
    const model = new FeedbackModel(base, store);
    store.record({ kind: 'reject', description: 'Install nginx', fqcn: 'ansible.builtin.yum' });
    assert.deepEqual(
      model.suggestModules(request('Install nginx'), 2).map((m) => m.fqcn),
      ['ansible.builtin.apt', 'ansible.builtin.package'],
    );
    assert.equal((await model.suggest(request('Install nginx'), catalog))?.fqcn, 'ansible.builtin.apt');
  });

  it('uses the base model’s suggestForModule when it has one', async () => {
    const store = new FeedbackStore();
    const base = new FakeBase() as FakeBase & Required<Pick<RankingModel, 'suggestForModule'>>;
    base.suggestForModule = (req, fqcn) => ({
      fqcn,
      args: { name: 'from-base' },
      keywords: {},
      yaml: '',
      drewOn: [{ taskId: 't1', score: 1 }],
      confidence: 0.4,
    });
    store.record({ kind: 'thumbsDown', description: 'Install nginx', fqcn: 'ansible.builtin.yum' });
    store.record({ kind: 'thumbsUp', description: 'Install nginx', fqcn: 'ansible.builtin.package', args: {} });
    const s = await new FeedbackModel(base, store).suggest(request('Install nginx'), catalog);
    assert.equal(s?.fqcn, 'ansible.builtin.package');
    assert.deepEqual(s?.drewOn, [{ taskId: 't1', score: 1 }]);
  });

  it('disabled, it is exactly the base model, whatever was recorded', async () => {
    const store = new FeedbackStore();
    store.record({ kind: 'reject', description: 'Install nginx', fqcn: 'ansible.builtin.yum' });
    store.record({ kind: 'accept', description: 'Install nginx', fqcn: 'ansible.builtin.package', args: {} });
    let on = false;
    const base = new FakeBase();
    const model = new FeedbackModel(base, store, { enabled: () => on });
    for (const d of ['Install nginx', 'Install redis', 'Restart sshd']) {
      assert.deepEqual(await model.suggest(request(d), catalog), base.suggest(request(d)));
      assert.deepEqual(model.suggestModules(request(d), 5), base.suggestModules(request(d), 5));
    }
    on = true;
    assert.equal((await model.suggest(request('Install nginx'), catalog))?.fqcn, 'ansible.builtin.package');
  });

  it('learns a value the user keeps for an option (state: latest), not the entities', async () => {
    const store = new FeedbackStore();
    const model = new FeedbackModel(new FakeBase(), store);
    assert.equal((await model.suggest(request('Install nginx'), catalog))?.args.state, 'present');
    for (const pkg of ['nginx', 'redis', 'git']) {
      store.record({
        kind: 'accept',
        description: `Install ${pkg}`,
        fqcn: 'ansible.builtin.yum',
        args: { name: pkg, state: 'latest' },
      });
    }
    const s = await model.suggest(request('Install htop'), catalog);
    assert.equal(s?.fqcn, 'ansible.builtin.yum');
    assert.deepEqual(s?.args, { name: 'htop', state: 'latest' });
    assert.match(s!.yaml, /state: latest/);
    assert.deepEqual([...preferredValues(store.events(), 'ansible.builtin.yum').keys()], ['state']);
  });

  it('keeps the suggested value when the learned one would not fit the module', async () => {
    const store = new FeedbackStore();
    for (const pkg of ['nginx', 'redis']) {
      store.record({
        kind: 'accept',
        description: `Install ${pkg}`,
        fqcn: 'ansible.builtin.yum',
        args: { name: pkg, state: 'bogus' },
      });
    }
    const s = await new FeedbackModel(new FakeBase(), store).suggest(request('Install htop'), catalog);
    assert.equal(s?.args.state, 'present');
  });

  it('a module of another collection kept elsewhere does not enter a file that uses other collections', async () => {
    const store = new FeedbackStore();
    store.record({ kind: 'accept', description: 'Restart sshd', fqcn: 'community.general.x', args: {} });
    const model = new FeedbackModel(new FakeBase(), store);
    const inUcs = request('Restart sshd');
    inUcs.context.collectionsInUse = ['cisco.ucs'];
    assert.equal(model.suggestModules(inUcs, 1)[0].fqcn, 'ansible.builtin.service');
    inUcs.context.collectionsInUse = ['ansible.builtin', 'community.general'];
    assert.equal(model.suggestModules(inUcs, 1)[0].fqcn, 'community.general.x');
    assert.equal(model.suggestModules(request('Restart sshd'), 1)[0].fqcn, 'community.general.x');
  });

  it('is deterministic', async () => {
    const store = new FeedbackStore();
    store.record({ kind: 'reject', description: 'Install nginx', fqcn: 'ansible.builtin.yum', time: 1 });
    store.record({ kind: 'accept', description: 'Install nginx', fqcn: 'ansible.builtin.apt', args: {}, time: 2 });
    store.record({ kind: 'accept', description: 'Install nginx', fqcn: 'ansible.builtin.package', args: {}, time: 3 });
    const model = new FeedbackModel(new FakeBase(), store);
    const a = model.suggestModules(request('Install nginx'), 3);
    assert.deepEqual(a, model.suggestModules(request('Install nginx'), 3));
    assert.deepEqual(
      a.map((m) => m.fqcn),
      ['ansible.builtin.apt', 'ansible.builtin.package', 'ansible.builtin.yum'],
    );
  });

  it('adaptArgs swaps the one differing word only', () => {
    assert.deepEqual(adaptArgs({ name: 'nginx', state: 'present' }, 'Install nginx', 'Install redis'), {
      name: 'redis',
      state: 'present',
    });
    assert.deepEqual(adaptArgs({ name: 'nginx' }, 'Install nginx', 'Install redis and git'), { name: 'nginx' });
  });
});
