// Filters after `|` and tests after `is` inside Jinja and bare expressions: completion, resolve and
// hover, over the real catalog (the installed Ansible through ansible-doc). The cursor is `¦`
// (a `|` is Jinja's filter bar here).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { JinjaPluginCatalog } from '../../server/src/catalog/jinjaPlugins';
import {
  jinjaPluginCompletion,
  jinjaPluginHover,
  pluginMarkdown,
  resolveJinjaPluginItem,
} from '../../server/src/service/project/jinjaPlugins';
import { withCursor } from '../fixtures/service/cursor';
import { sharedCatalogCache } from '../helpers/workspace';

const at = (text: string) => withCursor(text, 'file:///w/site.yml', '¦');

const task = (body: string) => `- name: Web\n  hosts: all\n  tasks:\n    - name: Say\n${body}`;

void describe('filter and test completion and hover inside Jinja', () => {
  const catalog = new JinjaPluginCatalog({ cacheDir: sharedCatalogCache });
  const complete = async (text: string) => {
    const { doc, offset } = at(text);
    const list = await jinjaPluginCompletion(doc, offset, catalog);
    return list && { ...list, doc, labels: list.items.map((i) => i.label) };
  };
  const hover = async (text: string) => {
    const { doc, offset } = at(text);
    const h = await jinjaPluginHover(doc, offset, catalog);
    const range = h?.range;
    const hovered = range ? doc.text.slice(doc.lines.offsetAt(range.start), doc.lines.offsetAt(range.end)) : '';
    return { value: h ? (h.contents as MarkupContent).value : '', hovered };
  };

  before(() => catalog.ready());
  after(() => catalog.dispose());

  void it('offers filters after `|` in {{ }}: short and FQCN names for ansible.builtin, FQCN for collections', async () => {
    const list = await complete(task('      ansible.builtin.debug:\n        msg: "{{ users | ¦ }}"\n'));
    assert.ok(list);
    assert.equal(list.isIncomplete, false);
    for (const name of ['to_json', 'ansible.builtin.to_json', 'default', 'join', 'community.general.json_query'])
      assert.ok(list.labels.includes(name), name);
    assert.ok(!list.labels.includes('json_query'), "a collection's filter is offered by FQCN only");
    assert.equal(new Set(list.labels).size, list.labels.length, 'no name twice');
    const toJson = list.items.find((i) => i.label === 'to_json');
    assert.equal(toJson?.kind, 3 /* Function */);
    assert.equal(toJson?.detail, 'Convert variable to JSON string');
    assert.equal(list.items.find((i) => i.label === 'default')?.labelDetails?.description, 'Jinja2');
    assert.ok(list.labels.indexOf('to_json') >= 0);
    const sorted = [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.ok(
      sorted.findIndex((i) => i.label === 'to_json') < sorted.findIndex((i) => i.label === 'ansible.builtin.to_json'),
      'short names first',
    );
  });

  void it('replaces the name typed so far, dots included', async () => {
    const list = await complete(
      task('      ansible.builtin.debug:\n        msg: "{{ users | map(attribute=\'n\') | ansible.bu¦ }}"\n'),
    );
    const item = list?.items.find((i) => i.label === 'ansible.builtin.to_yaml') as CompletionItem;
    const edit = item.textEdit as TextEdit;
    const line = list!.doc.lines.lineText(edit.range.start.line);
    assert.equal(line.slice(edit.range.start.character, edit.range.end.character), 'ansible.bu');
  });

  void it('offers tests after `is ` and `is not `, in when: and assert that:', async () => {
    for (const text of [
      task('      ansible.builtin.debug:\n        msg: hi\n      when: result is ¦\n'),
      task('      ansible.builtin.debug:\n        msg: hi\n      when: result is not ¦\n'),
      task('      ansible.builtin.debug:\n        msg: "{{ x is ¦ }}"\n'),
      task('      ansible.builtin.assert:\n        that:\n          - result is ¦\n'),
    ]) {
      const list = await complete(text);
      assert.ok(list, text);
      for (const name of ['defined', 'none', 'failed', 'ansible.builtin.failed', 'version'])
        assert.ok(list.labels.includes(name), `${name} in ${text}`);
      assert.ok(!list.labels.includes('to_json'), 'tests, not filters');
    }
  });

  void it('offers filters after `|` in a bare expression and after {% filter', async () => {
    const bare = await complete(task('      ansible.builtin.debug:\n        msg: hi\n      when: names | len¦\n'));
    assert.ok(bare?.labels.includes('length'));
    const changed = await complete(task('      ansible.builtin.command: ls\n      changed_when: out.stdout | ¦\n'));
    assert.ok(changed?.labels.includes('ansible.builtin.regex_search'));
    const block = await complete(
      task('      ansible.builtin.debug:\n        msg: "{% filter up¦ %}x{% endfilter %}"\n'),
    );
    assert.ok(block?.labels.includes('upper'));
  });

  void it('leaves variables and text outside Jinja alone', async () => {
    // A variable inside {{ }}: variable completion answers there.
    assert.equal(await complete(task('      ansible.builtin.debug:\n        msg: "{{ use¦ }}"\n')), undefined);
    // A filter already written, the cursor after it and a space: a new variable or operator comes next.
    assert.equal(await complete(task('      ansible.builtin.debug:\n        msg: "{{ x | int ¦}}"\n')), undefined);
    // A bar in plain text is no filter.
    assert.equal(await complete(task('      ansible.builtin.debug:\n        msg: a | ¦\n')), undefined);
    assert.equal(await complete(task('      ansible.builtin.shell: cat x | ¦\n')), undefined);
    assert.equal(await complete(task('      ansible.builtin.debug:\n        msg: "{{ x }} is ¦"\n')), undefined);
  });

  void it('hovers a filter with its documentation: description, arguments, examples', async () => {
    const { value, hovered } = await hover(
      task('      ansible.builtin.debug:\n        msg: "{{ cfg | to_y¦aml(indent=2) }}"\n'),
    );
    assert.equal(hovered, 'to_yaml');
    assert.match(value, /^\*\*ansible\.builtin\.to\\_yaml\*\* \(filter\) — Convert variable to YAML string/);
    assert.match(value, /Converts an Ansible variable into a YAML string representation/);
    assert.match(value, /- `indent` \(integer\) — Number of spaces/);
    assert.match(value, /- `sort_keys` \(bool, default `true`\)/);
    assert.match(value, /\*\*Examples\*\*\n\n```yaml\n/);
    const fqcn = await hover(
      task('      ansible.builtin.debug:\n        msg: "{{ cfg | ansible.builtin.to_y¦aml }}"\n'),
    );
    assert.equal(fqcn.hovered, 'ansible.builtin.to_yaml');
    assert.equal(fqcn.value, value);
  });

  void it("hovers a test, Jinja2's own names, and a plugin without documentation", async () => {
    const version = await hover(
      task('      ansible.builtin.debug:\n        msg: hi\n      when: v is vers¦ion("2", ">=")\n'),
    );
    assert.match(version.value, /\*\*ansible\.builtin\.version\*\* \(test\) — compare version strings/);
    assert.match(version.value, /Also: `version_compare`/);
    const defined = await hover(task('      ansible.builtin.debug:\n        msg: hi\n      when: v is not defi¦ned\n'));
    assert.match(defined.value, /\*\*defined\*\* \(Jinja2 builtin test\) — Whether the variable is defined/);
    assert.match(
      defined.value,
      /\(https:\/\/jinja\.palletsprojects\.com\/en\/3\.1\.x\/templates\/#jinja-tests\.defined\)/,
    );
    const routed = await hover(task('      ansible.builtin.debug:\n        msg: "{{ data | json_qu¦ery(\'a\') }}"\n'));
    assert.match(routed.value, /^\*\*community\.general\.json\\_query\*\* \(filter\)/);
    assert.match(routed.value, /\*`json_query` is redirected to `community\.general\.json_query`\.\*/);
    assert.match(routed.value, /`expr` \(positional, string, required\)/);
    const undocumented = await hover(
      task('      ansible.builtin.debug:\n        msg: "{{ x | ansible.netcommon.comp_ty¦pe5 }}"\n'),
    );
    assert.match(undocumented.value, /ansible-doc has no documentation for this filter/);
    // A variable, and a name that is not installed: nothing from here.
    assert.equal((await hover(task('      ansible.builtin.debug:\n        msg: "{{ c¦fg | to_yaml }}"\n'))).value, '');
    assert.equal(
      (await hover(task('      ansible.builtin.debug:\n        msg: "{{ cfg | no.such.fil¦ter }}"\n'))).value,
      '',
    );
  });

  void it('resolves a completion item with its documentation; leaves other items alone', async () => {
    const list = await complete(task('      ansible.builtin.debug:\n        msg: "{{ x | ¦ }}"\n'));
    const item = list!.items.find((i) => i.label === 'community.general.json_query')!;
    const resolved = await resolveJinjaPluginItem(item, catalog);
    assert.match((resolved?.documentation as MarkupContent).value, /query a complex JSON structure/);
    assert.equal(
      await resolveJinjaPluginItem({ label: 'copy', data: { fqcn: 'ansible.builtin.copy' } }, catalog),
      undefined,
    );
  });

  void it('escapes documentation text it does not control', () => {
    const plugin = catalog.find('filter', 'to_json')!;
    const md = pluginMarkdown(plugin, {
      fqcn: plugin.fqcn,
      type: 'filter',
      shortDescription: 'x <img src=https://e.example/a.png>',
      description: ['See [run](command:workbench.action.quit) <b>bold</b>'],
      positional: [],
      options: [],
      aliases: [],
      notes: [],
      requirements: [],
    });
    assert.doesNotMatch(md, /(^|[^\\])<|\(command:/);
  });
});

void describe('the first completion after `|` while the list is still loading', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'scribe-jinja-cold-'));
  const catalog = new JinjaPluginCatalog({ cacheDir });
  after(() => {
    catalog.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  void it("answers Jinja2's own filters at once, marked incomplete, and everything once loaded", async () => {
    const { doc, offset } = at(task('      ansible.builtin.debug:\n        msg: "{{ x | ¦ }}"\n'));
    const started = Date.now();
    const first = await jinjaPluginCompletion(doc, offset, catalog, 0);
    assert.ok(Date.now() - started < 500, 'did not wait');
    assert.ok(first);
    assert.equal(first.isIncomplete, true);
    const labels = first.items.map((i) => i.label);
    assert.ok(labels.includes('default') && labels.includes('selectattr'));
    assert.ok(!labels.includes('ansible.builtin.to_json'));
    await catalog.ready();
    const next = await jinjaPluginCompletion(doc, offset, catalog, 0);
    assert.equal(next?.isIncomplete, false);
    assert.ok(next?.items.some((i) => i.label === 'ansible.builtin.to_json'));
  });

  void it('starts loading on a completion elsewhere inside Jinja, without waiting', async () => {
    const fresh = new JinjaPluginCatalog({ cacheDir: join(cacheDir, 'other') });
    try {
      const { doc, offset } = at(task('      ansible.builtin.debug:\n        msg: "{{ us¦ }}"\n'));
      assert.equal(await jinjaPluginCompletion(doc, offset, fresh), undefined);
      assert.equal(fresh.state, 'loading');
      const outside = new JinjaPluginCatalog({ cacheDir: join(cacheDir, 'third') });
      const plain = at(task('      ansible.builtin.debug:\n        msg: us¦\n'));
      assert.equal(await jinjaPluginCompletion(plain.doc, plain.offset, outside), undefined);
      assert.equal(outside.state, 'idle', 'nothing starts outside Jinja');
      outside.dispose();
      await fresh.ready();
    } finally {
      fresh.dispose();
    }
  });
});
