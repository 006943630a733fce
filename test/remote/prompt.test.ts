// The remote prompt: context trimmed to the enclosing play and the nearest tasks, licensed
// few-shot examples, a completions prompt ending with the `- name:` line, chat messages.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import type { CorpusTask } from '../../server/src/corpus/types';
import { buildPrompt, descriptionIndent, trimContext } from '../../server/src/remote/prompt';
import type { TaskRequest } from '../../server/src/suggest/types';

function example(name: string, body: string, license: string): CorpusTask {
  return {
    id: name,
    name,
    module: 'ansible.builtin.package',
    fqcn: 'ansible.builtin.package',
    text: `name: ${name}\n${body}`,
    args: {},
    keywords: {},
    origin: 'role',
    context: { previousModules: [], section: 'tasks', variables: [] },
    sources: [
      {
        source: 'collection',
        collection: 'demo.web',
        version: '1.0.0',
        path: 'roles/x.yml',
        line: 1,
        repoUrl: '',
        license,
      },
    ],
    split: 'train',
  };
}

const firstPlay = '- hosts: db\n  tasks:\n    - name: Old play task\n      ansible.builtin.ping:\n';
const secondPlay =
  '- name: Web servers\n  hosts: web\n  become: true\n  vars:\n    http_port: 80\n  tasks:\n' +
  Array.from(
    { length: 30 },
    (_, i) => `    - name: Task number ${i}\n      ansible.builtin.debug:\n        msg: step ${i}\n`,
  ).join('');

function request(description: string, fileText: string): TaskRequest {
  return {
    description,
    context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks', fileText },
  };
}

describe('prompt', () => {
  it('keeps only the enclosing play when it fits', () => {
    const text = trimContext(firstPlay + '- hosts: web\n  tasks:\n    - name: A\n      ansible.builtin.ping:\n', 2000);
    assert.ok(!text.includes('Old play task'));
    assert.match(text, /^- hosts: web/);
  });

  it('trims a long play to its header and the nearest tasks, still YAML', () => {
    const text = trimContext(firstPlay + secondPlay, 600);
    assert.ok(text.length <= 600, `${text.length} chars`);
    assert.match(text, /^- name: Web servers\n {2}hosts: web\n {2}become: true\n {2}tasks:\n {4}- name: Task number/);
    assert.ok(text.includes('Task number 29'), 'the nearest task is kept');
    assert.ok(!text.includes('Task number 0\n'), 'far tasks are dropped');
    assert.ok(!text.includes('http_port'), 'vars blocks are dropped');
    assert.doesNotThrow(() => parse(text));
  });

  it('finds the indentation of the next task in the list', () => {
    assert.equal(descriptionIndent(secondPlay, 'tasks'), 4);
    assert.equal(descriptionIndent('- hosts: all\n  tasks:\n', 'tasks'), 4);
    assert.equal(descriptionIndent('- name: a\n  ansible.builtin.ping:\n', 'tasks'), 0);
    assert.equal(descriptionIndent('', 'tasks'), 0);
  });

  it('ends the completions prompt with the name line and puts licensed examples first', () => {
    const p = buildPrompt(request('Install nginx: the web server', firstPlay + secondPlay), [
      example('Install apache', 'ansible.builtin.package:\n  name: apache2\n', 'MIT'),
      example('Install unknown', 'ansible.builtin.package:\n  name: x\n', 'NOASSERTION'),
      example('Install php', 'ansible.builtin.package:\n  name: php\n', 'Apache-2.0'),
    ]);
    assert.equal(p.examples, 2);
    assert.ok(p.completion.endsWith('\n    - name: "Install nginx: the web server"\n'), p.completion.slice(-80));
    assert.ok(p.completion.startsWith('# Similar tasks'));
    assert.ok(p.completion.includes('# - name: Install apache\n#   ansible.builtin.package:\n#     name: apache2'));
    assert.ok(!p.completion.includes('Install unknown'), 'an example of unknown licence is not used');
    assert.doesNotThrow(() => parse(p.completion), 'the prompt is a YAML file');
    assert.equal(p.indent, 4);
    assert.equal(p.messages[0].role, 'system');
    assert.match(p.messages[0].content, /YAML only/);
    const user = p.messages[1].content;
    assert.ok(user.includes('- name: Install php'));
    assert.ok(user.includes('    - name: "Install nginx: the web server"\n```'));
  });

  it('writes a prompt without file context or examples', () => {
    const p = buildPrompt(request('Install nginx', ''), []);
    assert.equal(p.completion, '---\n- name: Install nginx\n');
    assert.equal(p.examples, 0);
  });
});
