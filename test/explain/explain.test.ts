// Service tier: the explanation of fixture documents against the real installed Ansible's module
// documentation (shared warm catalog cache).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { explainDocument, explanationMarkdown, type TaskExplanation } from '../../server/src/explain/explain';
import { sharedCatalogCache } from '../helpers/workspace';
import { siteConfigRecord, sitePlaybook } from './explainFixture';

const uri = 'file:///project/site.yml';

function flat(ts: TaskExplanation[]): TaskExplanation[] {
  return ts.flatMap((t) => [t, ...flat([...(t.block ?? []), ...(t.rescue ?? []), ...(t.always ?? [])])]);
}

describe('explainDocument', () => {
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  before(() => catalog.ready());
  after(() => catalog.dispose());

  it('explains each play: hosts, privilege, facts and order', async () => {
    const e = await explainDocument(parseAnsibleDocument(uri, sitePlaybook), catalog);
    assert.equal(e.kind, 'playbook');
    assert.deepEqual(
      e.plays.map((p) => [p.title, p.hosts, p.become, p.gatherFacts]),
      [
        ['Web servers', 'webservers', true, true],
        ['Database servers', 'dbservers', false, false],
      ],
    );
    assert.match(e.plays[0].privilege, /privilege escalation, as `root`/);
    assert.deepEqual(e.plays[0].order, [
      'gather facts',
      'pre_tasks',
      'notified handlers',
      'tasks',
      'notified handlers',
    ]);
    assert.deepEqual(e.plays[1].order, ['tasks']);
  });

  it("names every task's module and purpose, and what its keywords mean", async () => {
    const e = await explainDocument(parseAnsibleDocument(uri, sitePlaybook), catalog);
    const tasks = flat(e.plays.flatMap((p) => p.tasks));
    const by = (title: string) => tasks.find((t) => t.title === title)!;
    assert.deepEqual(
      tasks.map((t) => t.title),
      [
        'Refresh the package cache',
        'Install nginx',
        'Create site users',
        'Write the site config',
        'Deploy or roll back',
        'Fetch the release',
        'Report the failure',
        'Check the service',
        'Start postgres',
      ],
    );
    for (const t of tasks.filter((x) => x.kind !== 'block')) {
      assert.ok(t.module?.known && t.module.fqcn?.startsWith('ansible.builtin.'), t.title);
      assert.ok(t.module.purpose && t.module.purpose.length > 5, `${t.title} has the module's purpose`);
    }
    assert.equal(by('Install nginx').module?.purpose, 'Generic OS package manager');
    assert.equal(by('Install nginx').action, 'ensures package `nginx` is present');
    assert.deepEqual(by('Install nginx').notify, ['Restart nginx']);
    assert.deepEqual(by('Refresh the package cache').conditions, ["only when `ansible_os_family == 'Debian'`"]);
    assert.equal(by('Create site users').loop, 'for each item of `{{ site_users }}` (each as `item`)');
    assert.equal(by('Write the site config').register, 'saves the result as `site_conf`');
    assert.match(
      by('Write the site config').action,
      /template from `site\.conf\.j2` to `\/etc\/nginx\/conf\.d\/site\.conf`/,
    );
    const dest = by('Write the site config').options.find((o) => o.name === 'dest');
    assert.ok(dest?.meaning, 'option meaning from the documentation');
    assert.match(by('Deploy or roll back').action, /rescue task/);
    assert.deepEqual(by('Check the service').conditions, ['never reports a change (so it notifies nothing)']);
    assert.match(by('Start postgres').become ?? '', /as user `root`/);
    assert.match(
      by('Start postgres').action,
      /ensures service `postgresql` is running and makes sure it starts at boot/,
    );
  });

  it('lists handlers with their listen topics and the tasks that notify them', async () => {
    const e = await explainDocument(parseAnsibleDocument(uri, sitePlaybook), catalog);
    assert.equal(e.handlers.length, 1);
    const h = e.handlers[0];
    assert.equal(h.title, 'Restart nginx');
    assert.deepEqual(h.listen, ['web config changed']);
    assert.deepEqual(h.notifiedBy, ['Install nginx', 'Write the site config']);
    assert.equal(h.action, 'restarts service `nginx`');
  });

  it('marks the task a provenance record overlaps as AI-written, with its licence', async () => {
    const e = await explainDocument(parseAnsibleDocument(uri, sitePlaybook), catalog, [siteConfigRecord(uri)]);
    const tasks = flat(e.plays.flatMap((p) => p.tasks));
    const marked = tasks.filter((t) => t.aiWritten.length);
    assert.deepEqual(
      marked.map((t) => t.title),
      ['Write the site config'],
    );
    assert.deepEqual(marked[0].aiWritten[0].licenses, ['GPL-3.0-or-later']);
    assert.equal(marked[0].aiWritten[0].model, 'scribe-embedded-1');
    assert.deepEqual(e.aiWritten.licenses, ['GPL-3.0-or-later']);
    assert.equal(e.aiWritten.count, 1);
    assert.deepEqual(e.aiWritten.parts[0].tasks, ['Write the site config']);

    const md = explanationMarkdown(e);
    assert.match(md, /## AI-written content\n\n1 AI-written part\(s\); licences: GPL-3\.0-or-later\./);
    assert.match(
      md,
      /- Lines 23–29 \(\*\*Write the site config\*\*\): AI-written \(model `scribe-embedded-1`; licences: GPL-3\.0-or-later\)/,
    );
    assert.match(md, /from community\.example 1\.2\.0 `roles\/web\/tasks\/main\.yml` \(GPL-3\.0-or-later\)/);
  });

  it('renders Markdown with a section per play, numbered tasks and handlers', async () => {
    const md = explanationMarkdown(await explainDocument(parseAnsibleDocument(uri, sitePlaybook), catalog));
    assert.match(md, /^# What `site\.yml` does/);
    assert.match(md, /^## Play 1: Web servers$/m);
    assert.match(md, /^## Play 2: Database servers$/m);
    assert.match(
      md,
      /^2\. \*\*Install nginx\*\* \(lines 11–15\) — `ansible\.builtin\.package`: Generic OS package manager$/m,
    );
    assert.match(md, /^ {3}- Only when `ansible_os_family == 'Debian'`\.$/m);
    assert.match(md, /^ {3}- Runs for each item of `\{\{ site_users \}\}`/m);
    assert.match(md, /^ {3}- Saves the result as `site_conf`\.$/m);
    assert.match(md, /^ {3}- Rescue \(runs only if a block task fails\):$/m);
    assert.match(md, /^### Handlers$/m);
    assert.match(md, /^ {3}- Notified by: \*\*Install nginx\*\*, \*\*Write the site config\*\*\.$/m);
    assert.match(md, /No AI-written content recorded\./);
  });

  it('explains a role task file, saying an unknown module is unknown', async () => {
    const text = [
      '- name: Install packages',
      '  ansible.builtin.apt:',
      '    name: [git, curl]',
      '    state: latest',
      '- name: Frobnicate',
      '  acme.widgets.frobnicate:',
      '    level: 11',
      '  with_items: "{{ widgets }}"',
      '',
    ].join('\n');
    const e = await explainDocument(parseAnsibleDocument('file:///r/roles/web/tasks/main.yml', text), catalog);
    assert.equal(e.kind, 'tasks');
    assert.equal(e.plays.length, 0);
    assert.equal(e.tasks[0].action, 'ensures packages `git, curl` are installed at the latest version');
    const unknown = e.tasks[1];
    assert.equal(unknown.module?.known, false);
    assert.equal(unknown.module?.purpose, undefined);
    assert.match(unknown.action, /`acme\.widgets\.frobnicate`, which is not a module known to the installed Ansible/);
    assert.equal(unknown.loop, 'for each item of `{{ widgets }}` (each as `item`)');
    const md = explanationMarkdown(e);
    assert.match(md, /A task file with 2 task\(s\)/);
    assert.match(md, /^2\. \*\*Frobnicate\*\* \(lines 5–8\) — `acme\.widgets\.frobnicate` \(unknown module\)$/m);
  });

  it('explains a role handler file', async () => {
    const text =
      '- name: Reload nginx\n  ansible.builtin.systemd:\n    name: nginx\n    state: reloaded\n  listen: reload web\n';
    const e = await explainDocument(parseAnsibleDocument('file:///r/roles/web/handlers/main.yml', text), catalog);
    assert.equal(e.kind, 'handlers');
    assert.deepEqual(
      e.handlers.map((h) => [h.title, h.action, h.listen]),
      [['Reload nginx', 'reloads service `nginx`', ['reload web']]],
    );
    assert.match(explanationMarkdown(e), /A handler file with 1 handler\(s\)[\s\S]*Notified from other files\./);
  });

  it('is deterministic', async () => {
    const doc = parseAnsibleDocument(uri, sitePlaybook);
    const a = await explainDocument(doc, catalog, [siteConfigRecord(uri)]);
    const b = await explainDocument(doc, catalog, [siteConfigRecord(uri)]);
    assert.equal(explanationMarkdown(a), explanationMarkdown(b));
    assert.equal(JSON.stringify(a), JSON.stringify(b));
  });
});
