// Role arguments from meta/argument_specs.yml: completion of the keys and values where a role is
// given its variables (a roles: entry, its vars:, include_role/import_role vars: with tasks_from),
// suboptions, hover; a role found in an installed collection; nothing where no spec applies.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver-types';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { argumentSpecsOf } from '../../server/src/project/argumentSpecs';
import type { ProjectLayout } from '../../server/src/service/project/layout';
import {
  ownArgumentMarkdown,
  roleArgumentCompletion,
  roleArgumentHover,
} from '../../server/src/service/project/roleArguments';
import { TempWorkspace } from '../helpers/workspace';

const SPEC = `---
argument_specs:
  main:
    short_description: Installs and runs the web server
    options:
      web_port:
        type: int
        default: 80
        description: The port the server listens on.
      web_user:
        type: str
        required: true
        description:
          - The account the server runs as.
          - Created when C(web_create_user) is true.
      web_create_user:
        type: bool
        default: false
        description: Create the account.
      web_mode:
        type: str
        choices: [proxy, static, app]
        default: static
        description: What the server serves.
      web_tls:
        type: dict
        description: TLS settings.
        options:
          cert:
            type: path
            required: true
            description: Certificate file.
          key:
            type: path
            description: Key file.
  upgrade:
    short_description: Upgrades the web server
    options:
      web_version:
        type: str
        required: true
        description: The version to upgrade to.
`;

const ws = new TempWorkspace();
ws.write('roles/web/meta/argument_specs.yml', SPEC);
ws.write('roles/web/tasks/main.yml', '---\n- ansible.builtin.debug:\n    msg: "{{ web_port }}"\n');
ws.write('roles/plain/tasks/main.yml', '---\n- ansible.builtin.debug:\n    msg: plain\n');
// A role given by FQCN from an installed collection (a collection root the catalog would report),
// with its spec in meta/main.yml.
const installed = join(ws.root, 'installed', 'ansible_collections');
ws.write(
  'installed/ansible_collections/acme/tools/roles/agent/meta/main.yml',
  '---\ngalaxy_info:\n  author: acme\nargument_specs:\n  main:\n    options:\n      agent_token:\n        type: str\n        required: true\n        description: The enrolment token.\n',
);
const layout: ProjectLayout = { workspaceRoots: [ws.root], collectionRoots: () => [installed] };
after(() => ws.dispose());

/** Parses `text` (with `|` at the cursor) as `rel` in the workspace. */
function at(text: string, rel = 'site.yml') {
  const offset = text.indexOf('|');
  const doc = parseAnsibleDocument(pathToFileURL(join(ws.root, rel)).href, text.replace('|', ''));
  return { doc, offset };
}

function complete(text: string, rel?: string): CompletionItem[] | undefined {
  const { doc, offset } = at(text, rel);
  return roleArgumentCompletion(doc, offset, layout);
}

const labels = (items: CompletionItem[] | undefined) => items?.map((i) => i.label).sort();

describe('role argument specs', () => {
  it('reads every entry point, options shaped as a module’s', () => {
    const specs = argumentSpecsOf(join(ws.root, 'roles/web'), 'web');
    assert.deepEqual([...(specs?.keys() ?? [])], ['main', 'upgrade']);
    const main = specs!.get('main')!;
    assert.equal(main.shortDescription, 'Installs and runs the web server');
    assert.equal(main.options.web_user.required, true);
    assert.equal(
      main.options.web_user.description,
      'The account the server runs as.\n\nCreated when `web_create_user` is true.',
    );
    assert.deepEqual(Object.keys(main.options.web_tls.suboptions ?? {}), ['cert', 'key']);
    assert.equal(argumentSpecsOf(join(ws.root, 'roles/plain'), 'plain'), undefined);
  });

  it('sees a changed spec file', () => {
    const tmp = new TempWorkspace();
    try {
      tmp.write('roles/r/meta/argument_specs.yml', 'argument_specs:\n  main:\n    options:\n      a: {type: str}\n');
      assert.deepEqual(Object.keys(argumentSpecsOf(join(tmp.root, 'roles/r'), 'r')!.get('main')!.options), ['a']);
      tmp.write('roles/r/meta/argument_specs.yml', 'argument_specs:\n  main:\n    options:\n      bb: {type: str}\n');
      assert.deepEqual(Object.keys(argumentSpecsOf(join(tmp.root, 'roles/r'), 'r')!.get('main')!.options), ['bb']);
    } finally {
      tmp.dispose();
    }
  });
});

describe('role argument completion', () => {
  it('offers the arguments not yet given as keys of a roles: entry, required first', () => {
    const items = complete('---\n- hosts: all\n  roles:\n    - role: web\n      web_port: 8080\n      |\n');
    assert.deepEqual(labels(items), ['web_create_user', 'web_mode', 'web_tls', 'web_user']);
    const user = items!.find((i) => i.label === 'web_user')!;
    assert.equal(user.detail, 'str, required');
    assert.ok(user.sortText!.startsWith('0_'));
    assert.ok(items!.find((i) => i.label === 'web_mode')!.sortText!.startsWith('1_'));
    const doc = (user.documentation as MarkupContent).value;
    assert.match(doc, /\*\*web\\_user\*\* \(str, required\) — argument of role `web`/);
    assert.match(doc, /The account the server runs as/);
    assert.match((user.textEdit as { newText: string }).newText, /^web_user: /);
  });

  it('offers them under the entry’s vars:, and for `name:` entries', () => {
    assert.deepEqual(
      labels(complete('---\n- hosts: all\n  roles:\n    - name: web\n      vars:\n        web_mode: app\n        |\n')),
      ['web_create_user', 'web_port', 'web_tls', 'web_user'],
    );
  });

  it('picks the entry the cursor is in among several', () => {
    const text = '---\n- hosts: all\n  roles:\n    - role: plain\n    - role: web\n      web_u|\n    - role: plain\n';
    assert.ok(labels(complete(text))?.includes('web_user'));
    assert.equal(complete('---\n- hosts: all\n  roles:\n    - role: plain\n      |\n    - role: web\n'), undefined);
  });

  it('offers a dict argument’s suboptions', () => {
    const items = complete('---\n- hosts: all\n  roles:\n    - role: web\n      web_tls:\n        |\n');
    assert.deepEqual(labels(items), ['cert', 'key']);
    assert.match((items![0].documentation as MarkupContent).value, /argument of role `web` › web_tls/);
  });

  it('offers a bool’s and a choice’s values, the default marked', () => {
    const mode = complete('---\n- hosts: all\n  roles:\n    - role: web\n      web_mode: |\n');
    assert.deepEqual(
      mode?.map((i) => [i.label, i.detail]),
      [
        ['proxy', undefined],
        ['static', 'default'],
        ['app', undefined],
      ],
    );
    assert.deepEqual(labels(complete('---\n- hosts: all\n  roles:\n    - role: web\n      web_create_user: |\n')), [
      'false',
      'true',
    ]);
    // No choices: nothing, so the variables or the language service answer.
    assert.equal(complete('---\n- hosts: all\n  roles:\n    - role: web\n      web_port: |\n'), undefined);
  });

  it('offers the tasks_from entry point’s arguments in include_role / import_role vars:', () => {
    const task = (module: string, extra: string) =>
      `---\n- name: Upgrade\n  ${module}:\n    name: web\n${extra}  vars:\n    |\n`;
    assert.deepEqual(
      labels(complete(task('ansible.builtin.include_role', '    tasks_from: upgrade.yml\n'), 'tasks.yml')),
      ['web_version'],
    );
    assert.deepEqual(labels(complete(task('import_role', ''), 'roles/other/tasks/main.yml')), [
      'web_create_user',
      'web_mode',
      'web_port',
      'web_tls',
      'web_user',
    ]);
  });

  it('finds the include_role task in a play, among other tasks, vars: still empty', () => {
    const text =
      '---\n- hosts: all\n  tasks:\n    - name: a\n      ansible.builtin.debug:\n    - name: b\n      ansible.builtin.include_role:\n        name: web\n      vars:\n        web_user: www\n        |\n    - name: c\n      ansible.builtin.debug:\n';
    assert.deepEqual(labels(complete(text)), ['web_create_user', 'web_mode', 'web_port', 'web_tls']);
  });

  it('finds a role of an installed collection by FQCN, with its spec in meta/main.yml', () => {
    assert.deepEqual(labels(complete('---\n- hosts: all\n  roles:\n    - role: acme.tools.agent\n      |\n')), [
      'agent_token',
    ]);
  });

  it('answers nothing where no role is given variables', () => {
    assert.equal(complete('---\n- hosts: all\n  vars:\n    |\n'), undefined);
    assert.equal(complete('---\n- name: x\n  ansible.builtin.debug:\n    |\n', 'tasks.yml'), undefined);
    assert.equal(complete('---\n- hosts: all\n  roles:\n    - role: missing\n      |\n'), undefined);
    // A task's vars: that is not include_role's.
    assert.equal(
      complete('---\n- name: x\n  ansible.builtin.debug:\n    msg: hi\n  vars:\n    |\n', 'tasks.yml'),
      undefined,
    );
  });
});

describe('role argument hover', () => {
  const hover = (text: string, rel?: string) => {
    const { doc, offset } = at(text, rel);
    const h = roleArgumentHover(doc, offset, layout);
    return h && { value: (h.contents as MarkupContent).value, range: h.range };
  };

  it('shows the argument on its key in a roles: entry and in include_role vars:', () => {
    const h = hover('---\n- hosts: all\n  roles:\n    - role: web\n      web_mo|de: proxy\n');
    assert.match(h!.value, /\*\*web\\_mode\*\* \(str\) — argument of role `web`/);
    assert.match(h!.value, /Choices: `proxy`, `static`, `app`/);
    assert.match(h!.value, /Default: `static`/);
    assert.deepEqual(h!.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 14 } });
    const task = hover(
      '---\n- name: u\n  ansible.builtin.include_role:\n    name: web\n    tasks_from: upgrade\n  vars:\n    web_ver|sion: "2.0"\n',
      'tasks.yml',
    );
    assert.match(task!.value, /argument of role `web` \(entry point `upgrade`\)/);
    assert.match(task!.value, /The version to upgrade to/);
  });

  it('shows nothing on a value, an unknown key or a key of a role without a spec', () => {
    assert.equal(hover('---\n- hosts: all\n  roles:\n    - role: web\n      web_mode: pro|xy\n'), null);
    assert.equal(hover('---\n- hosts: all\n  roles:\n    - role: web\n      oth|er: 1\n'), null);
    assert.equal(hover('---\n- hosts: all\n  roles:\n    - role: plain\n      web_mo|de: proxy\n'), null);
  });
});

describe('a role argument inside the role', () => {
  it("describes the variable in the role's own files, from any entry point", () => {
    const { doc } = at('---\n- ansible.builtin.debug:\n    msg: "{{ web_port }}"\n', 'roles/web/tasks/main.yml');
    assert.match(
      ownArgumentMarkdown(doc, 'web_port') ?? '',
      /argument of role `web`[\s\S]*The port the server listens on/,
    );
    assert.match(ownArgumentMarkdown(doc, 'web_version') ?? '', /entry point `upgrade`/);
    assert.equal(ownArgumentMarkdown(doc, 'other'), undefined);
    const outside = at('---\n- ansible.builtin.debug:\n    msg: "{{ web_port }}"\n', 'tasks.yml').doc;
    assert.equal(ownArgumentMarkdown(outside, 'web_port'), undefined, 'not outside the role');
  });
});
