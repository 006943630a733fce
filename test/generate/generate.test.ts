// Goal → outline → playbook / role on the stored corpus of the installed Ansible, with the real
// embedded model, attribution index, catalog and built-in validator. The corpus is the user's cached
// one, or built into a temporary folder (ensureCorpus, ~20 s) when there is none.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { defaultCacheDir } from '../../server/src/cacheDir';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { discoverInstalledAnsible, ensureCorpus } from '../../server/src/corpus/index';
import { outlineFor, OutlineError, splitGoal } from '../../server/src/generate/outline';
import { generatePlaybook } from '../../server/src/generate/playbook';
import { generateRole, RoleError, writeRole } from '../../server/src/generate/role';
import type { GenerateDeps } from '../../server/src/generate/tasks';
import { embeddedTrainer } from '../../server/src/engine/embedded';
import { defaultCorpusDir, openEnvironment, type SuggestEnvironment } from '../../server/src/engine/environment';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const GOALS = ['Install and start nginx', 'Create a deploy user with an SSH key', 'Set up a PostgreSQL server'];

describe('generation on the installed corpus', () => {
  const ws = new TempWorkspace();
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, ansiblePath: '', prefetch: false });
  let env: SuggestEnvironment;
  let deps: GenerateDeps;
  before(async () => {
    await catalog.ready();
    let corpusDir = defaultCorpusDir(defaultCacheDir());
    if (!corpusDir) {
      const installed = await discoverInstalledAnsible('');
      const built = await ensureCorpus({
        build: { core: installed.core, collectionRoots: installed.collectionRoots },
        cacheDir: ws.root,
        catalog,
      });
      corpusDir = built.dir;
    }
    env = openEnvironment({
      corpusDir,
      trainer: embeddedTrainer(catalog.list()),
      resolve: (n) => catalog.resolve(n)?.fqcn,
    });
    deps = { model: env.model, catalog, index: env.index, lookup: env.lookup };
  });
  after(() => {
    catalog.dispose();
    ws.dispose();
  });

  it('outlines a known goal from a real role or playbook file, attributed at file level', () => {
    const o = outlineFor('Install and start nginx', env);
    assert.ok(o.steps.length >= 2 && o.steps.length <= 8, JSON.stringify(o.steps));
    assert.equal(o.sources.length, 1);
    const s = o.sources[0];
    assert.ok(s.collection && s.path && s.license, JSON.stringify(s));
    assert.match(s.path, /(^|\/)(roles|playbooks)\//);
    assert.ok(
      o.steps.some((x) => /nginx/i.test(x)),
      JSON.stringify(o.steps),
    );
    assert.equal(new Set(o.steps).size, o.steps.length, 'no duplicate steps');
  });

  it('falls back to the goal split into steps, and refuses an empty goal', () => {
    const o = outlineFor('Frobnicate the quux, then wibble zorp', env);
    assert.deepEqual(o, { steps: ['Frobnicate the quux', 'Wibble zorp'], sources: [] });
    assert.deepEqual(splitGoal('Install and start nginx'), ['Install nginx', 'Start nginx']);
    assert.throws(() => outlineFor('  ', env), OutlineError);
  });

  for (const goal of GOALS)
    it(`generates a valid, clean, attributed playbook: ${goal}`, async () => {
      const o = outlineFor(goal, env);
      const p = await generatePlaybook(goal, o.steps, deps);
      const plays = parse(p.yaml) as Record<string, unknown>[];
      assert.ok(Array.isArray(plays) && plays.length === 1, p.yaml);
      const play = plays[0];
      assert.equal(play.name, goal);
      assert.equal(play.hosts, 'all');
      const tasks = play.tasks as Record<string, unknown>[];
      assert.equal(tasks.length, p.tasks.length, p.yaml);
      assert.ok(p.tasks.length >= 1, p.yaml);
      for (const t of p.tasks) {
        assert.ok(catalog.resolve(t.fqcn), `known module: ${t.fqcn}`);
        assert.ok(t.drewOn.length + t.similar.length > 0, `attribution for "${t.step}"`);
        for (const m of [...t.drewOn, ...t.similar]) assert.ok(m.collection && m.path && m.license, JSON.stringify(m));
      }
      // Every task in the YAML is one of the generated, attributed tasks (same order, same module).
      tasks.forEach((t, i) => assert.ok(p.tasks[i].fqcn in t, `${p.tasks[i].fqcn} in task ${i}`));
      assert.deepEqual(
        p.problems.filter((x) => x.severity === 'error'),
        [],
        p.yaml,
      );
      // Every {{ variable }} the tasks use is defined in the play's vars.
      const vars = (play.vars ?? {}) as Record<string, unknown>;
      for (const m of p.yaml.matchAll(/\{\{\s*([a-z_]\w*)/g))
        if (!/^(item|ansible_|inventory_)/.test(m[1])) assert.ok(m[1] in vars, `var ${m[1]} defined`);
      // A package or service task needs root; the play says so.
      if (p.tasks.some((t) => /\.(package|apt|dnf|yum|service|user)$/.test(t.fqcn))) assert.equal(play.become, true);
    });

  it('follows an edited outline: one task per step, in order', async () => {
    const steps = ['Install nginx', 'Start nginx', 'Create a user called deploy'];
    const p = await generatePlaybook('Web server', steps, deps);
    assert.deepEqual(
      p.tasks.map((t) => t.step),
      steps,
    );
    const play = (parse(p.yaml) as Record<string, unknown>[])[0];
    assert.deepEqual(
      (play.tasks as { name: string }[]).map((t) => t.name),
      steps,
    );
    assert.equal(play.become, true);
  });

  it('generates a role, writes the expected files, and refuses to overwrite it', async () => {
    const r = await generateRole('web', 'Install and start nginx', ['Install nginx', 'Start nginx'], deps);
    assert.ok(r.tasks.length === 2, JSON.stringify(r.tasks.map((t) => t.step)));
    const tasks = parse(r.files['tasks/main.yml'] ?? '') as Record<string, unknown>[];
    assert.equal(tasks.length, 2);
    const meta = parse(r.files['meta/main.yml'] ?? '') as { galaxy_info: Record<string, unknown> };
    assert.equal(meta.galaxy_info.role_name, 'web');
    assert.equal(meta.galaxy_info.description, 'Install and start nginx');
    assert.equal(meta.galaxy_info.min_ansible_version, '2.14');
    const defaults = (parse(r.files['defaults/main.yml'] ?? '') ?? {}) as Record<string, unknown>;
    for (const v of Object.keys(r.defaults)) assert.ok(v in defaults, v);
    // Every {{ variable }} the tasks use has a default (unless Ansible or a task defines it).
    for (const m of (r.files['tasks/main.yml'] ?? '').matchAll(/\{\{\s*([a-z_]\w*)/g))
      if (!/^(item|ansible_|inventory_)/.test(m[1])) assert.ok(m[1] in defaults, `default for ${m[1]}`);
    assert.deepEqual(
      r.problems.filter((x) => x.severity === 'error'),
      [],
    );

    const dir = join(ws.root, 'roles');
    const written = await writeRole(dir, 'web', r.files);
    for (const f of ['tasks/main.yml', 'defaults/main.yml', 'meta/main.yml'])
      assert.ok(existsSync(join(dir, 'web', f)), f);
    assert.equal(written.length, Object.keys(r.files).length);
    const before = readFileSync(join(dir, 'web', 'tasks/main.yml'), 'utf8');
    await assert.rejects(writeRole(dir, 'web', { 'tasks/main.yml': '---\n[]\n' }), RoleError);
    assert.equal(readFileSync(join(dir, 'web', 'tasks/main.yml'), 'utf8'), before);
  });

  it('writes handlers for notified names', async () => {
    const r = await generateRole('notify_demo', 'Configure nginx', ['Copy the nginx config and restart nginx'], deps);
    const notified = r.tasks.some((t) => /notify:/.test(t.text));
    assert.equal('handlers/main.yml' in r.files, notified, r.files['tasks/main.yml']);
  });
});
