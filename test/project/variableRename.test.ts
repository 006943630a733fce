// Find references and rename for variables across the fixture project (role defaults, group_vars,
// a playbook's Jinja, a Jinja template), and every refusal: a name reached from a string inside
// Jinja or built from pieces, Ansible's own variables, a name defined nowhere, a bad or taken new name.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextEdit } from 'vscode-languageserver-types';
import type { AnsibleDocument } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { WorkspaceFiles } from '../../server/src/project/workspaceFiles';
import { renameVariable, variableNameAt, variableReferences } from '../../server/src/service/project/variableRename';

const root = resolve(__dirname, '../fixtures/project');
const files = new WorkspaceFiles(root);
const docs = [...files.documents(() => undefined), ...files.templates()];
const rel = (uri: string) => fileURLToPath(uri).slice(root.length + 1);
const site = docs.find((d) => d.uri.endsWith('/site.yml'))!;

/** The fixture's documents with `rel` replaced by `text`. */
function withFile(relPath: string, text: string): AnsibleDocument[] {
  const uri = pathToFileURL(join(root, relPath)).href;
  return [...docs.filter((d) => d.uri !== uri), parseAnsibleDocument(uri, text)];
}

describe('variable references and rename', () => {
  it('finds the variable under the cursor at a use and at a definition', () => {
    const use = site.text.indexOf('web_port }}') + 2;
    assert.deepEqual(variableNameAt(site, use), {
      name: 'web_port',
      span: { start: use - 2, end: use - 2 + 'web_port'.length },
    });
    const defaults = docs.find((d) => d.uri.endsWith('roles/web/defaults/main.yml'))!;
    assert.equal(variableNameAt(defaults, defaults.text.indexOf('web_user') + 1)?.name, 'web_user');
    assert.equal(variableNameAt(site, site.text.indexOf('hosts: webservers') + 1), undefined, 'a keyword');
  });

  it('lists definitions and uses across files, templates included', () => {
    const refs = variableReferences('web_port', docs).map((l) => `${rel(l.uri)}:${l.range.start.line + 1}`);
    assert.deepEqual(refs.sort(), [
      'group_vars/webservers.yml:2',
      'roles/web/defaults/main.yml:2',
      'roles/web/templates/nginx.conf.j2:1',
      'site.yml:25',
    ]);
    const usesOnly = variableReferences('web_port', docs, false).map((l) => rel(l.uri));
    assert.deepEqual(usesOnly.sort(), ['roles/web/templates/nginx.conf.j2', 'site.yml']);
  });

  it('renames every definition and use as one edit, and only the name', () => {
    const result = renameVariable('web_port', 'http_port', docs);
    assert.ok('edit' in result, 'refused' in result ? result.refused : '');
    const changes = result.edit.changes!;
    const after = (relPath: string) => {
      const uri = pathToFileURL(join(root, relPath)).href;
      const text = readFileSync(join(root, relPath), 'utf8');
      const doc = docs.find((d) => d.uri === uri)!;
      const edits = [...(changes[uri] ?? [])].sort(
        (a: TextEdit, b: TextEdit) => doc.lines.offsetAt(b.range.start) - doc.lines.offsetAt(a.range.start),
      );
      return edits.reduce(
        (t, e) => t.slice(0, doc.lines.offsetAt(e.range.start)) + e.newText + t.slice(doc.lines.offsetAt(e.range.end)),
        text,
      );
    };
    assert.equal(Object.keys(changes).length, 4);
    assert.match(after('site.yml'), /msg: "hello \{\{ http_port \}\}"/);
    assert.equal(after('roles/web/defaults/main.yml'), '---\nhttp_port: 80\nweb_user: www-data\n');
    assert.equal(after('group_vars/webservers.yml'), '---\nhttp_port: 8080\n');
    assert.equal(after('roles/web/templates/nginx.conf.j2').split('\n')[0], 'listen {{ http_port }};');
  });

  it('refuses when a string inside Jinja may name the variable, quoted whole or built from pieces', () => {
    for (const expression of [
      "{{ vars['web_port'] }}",
      "{{ lookup('vars', 'web_port') }}",
      "{{ hostvars[inventory_hostname]['web_port'] }}",
      "{{ vars[prefix ~ '_port'] }}",
    ]) {
      const extra = `- name: Dynamic\n  ansible.builtin.debug:\n    msg: "${expression.replace(/"/g, '\\"')}"\n`;
      const result = renameVariable('web_port', 'http_port', withFile('tasks/dynamic.yml', extra));
      assert.ok('refused' in result, expression);
      assert.match(result.refused, /dynamic\.yml:3: .* may name 'web_port' from a string/, result.refused);
    }
    const bare = `- name: Check\n  ansible.builtin.assert:\n    that:\n      - "'web_port' in vars"\n`;
    assert.ok('refused' in renameVariable('web_port', 'http_port', withFile('tasks/dynamic.yml', bare)));
    // A string that only shares a word with the name is not a reason to refuse.
    const harmless = `- name: Say\n  ansible.builtin.debug:\n    msg: "{{ 'port' }} {{ web_port }}"\n`;
    assert.ok('edit' in renameVariable('web_port', 'http_port', withFile('tasks/dynamic.yml', harmless)));
  });

  it("refuses Ansible's own names, names defined nowhere, and bad or taken new names", () => {
    const refused = (name: string, newName: string) => {
      const r = renameVariable(name, newName, docs);
      return 'refused' in r ? r.refused : 'renamed';
    };
    assert.match(refused('inventory_hostname', 'host'), /Ansible's own variable/);
    assert.match(refused('web_port', '2port'), /not a variable name/);
    assert.match(refused('web_port', 'web port'), /not a variable name/);
    assert.match(refused('web_port', 'hostvars'), /reserved/);
    assert.match(refused('web_port', 'web_user'), /'web_user' is already defined/);
    assert.match(refused('only_used_somewhere', 'x'), /defined nowhere in the workspace/);
  });
});
