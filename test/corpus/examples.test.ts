// EXAMPLES from module sources: the Python string literal, then its tasks (task lists, plays,
// mixed documents, Ansible's YAML tags, broken documents).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { examplesTasks } from '../../server/src/corpus/examples';
import { extractExamples } from '../../server/src/corpus/examplesSource';

const resolve = (n: string) => (n.includes('.') ? n : `ansible.builtin.${n}`);

describe('extractExamples', () => {
  it('reads raw and plain literals with either quote style, and where they start', () => {
    assert.deepEqual(extractExamples(`DOC = 1\nEXAMPLES = r'''\n- a: 1\n'''\n`), {
      kind: 'found',
      text: '\n- a: 1\n',
      line: 2,
    });
    assert.deepEqual(extractExamples(`EXAMPLES = """\n- a: "x"\n"""\nRETURN = ''`), {
      kind: 'found',
      text: '\n- a: "x"\n',
      line: 1,
    });
    assert.deepEqual(extractExamples(`EXAMPLES = u'''- a: 1'''`), { kind: 'found', text: '- a: 1', line: 1 });
    assert.deepEqual(extractExamples(`EXAMPLES = \\\n  r"""- a: 1"""\n`), { kind: 'found', text: '- a: 1', line: 2 });
  });

  it('unescapes plain literals but not raw ones', () => {
    assert.equal((extractExamples(`EXAMPLES = '''a\\tb \\\\d \\'q\\' '''`) as { text: string }).text, "a\tb \\d 'q' ");
    assert.equal((extractExamples(`EXAMPLES = r'''a\\tb \\d'''`) as { text: string }).text, 'a\\tb \\d');
  });

  it('reports no EXAMPLES and non-literal EXAMPLES', () => {
    assert.deepEqual(extractExamples(`DOCUMENTATION = '''x'''\n`), { kind: 'none' });
    assert.deepEqual(extractExamples(`EXAMPLES = '''a''' + OTHER\n`), { kind: 'unsupported' });
    assert.deepEqual(extractExamples(`EXAMPLES = '''a''' % dict(x=1)\n`), { kind: 'unsupported' });
    assert.deepEqual(extractExamples(`EXAMPLES = build_examples()\n`), { kind: 'unsupported' });
    assert.deepEqual(extractExamples(`EXAMPLES = '''never closed\n`), { kind: 'unsupported' });
  });
});

describe('examplesTasks', () => {
  const module = (examples: string) => `# header\nEXAMPLES = r'''${examples}'''\n`;

  it('takes tasks from task lists and from plays, in order, with lines in the module file', () => {
    const out = examplesTasks(
      module(`
- name: First
  copy:
    src: a
    dest: b

# A play that shows the module in context (no hosts: is common in EXAMPLES)
- tasks:
    - name: In a play
      ansible.builtin.file:
        path: /x
        state: absent
---
- name: Second document
  command: echo hi
`),
      resolve,
    );
    assert.deepEqual(
      out.tasks.map((t) => [t.name, t.fqcn, t.line, t.context.previousModules]),
      [
        ['First', 'ansible.builtin.copy', 3, []],
        ['In a play', 'ansible.builtin.file', 10, ['ansible.builtin.copy']],
        ['Second document', 'ansible.builtin.command', 15, ['ansible.builtin.copy', 'ansible.builtin.file']],
      ],
    );
    assert.deepEqual(out.tasks[2].args, { _raw_params: 'echo hi' });
    assert.equal(out.brokenDocuments, 0);
  });

  it('loads !unsafe and !vault values', () => {
    const out = examplesTasks(
      module(`
- name: Tags
  debug:
    msg: !unsafe '{{ raw }}'
  vars:
    secret: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      3131
`),
      resolve,
    );
    assert.equal(out.tasks.length, 1);
    assert.deepEqual(out.tasks[0].args, { msg: '{{ raw }}' });
  });

  it('skips a broken document, counts it, and keeps the others', () => {
    const out = examplesTasks(module(`\n- name: Bad\n  debug: [\n---\n- name: Good\n  debug:\n    msg: ok\n`), resolve);
    assert.equal(out.brokenDocuments, 1);
    assert.deepEqual(
      out.tasks.map((t) => t.name),
      ['Good'],
    );
  });
});

describe('examplesTasks on play fragments', () => {
  it('takes the task lists of a document that is a play’s body, with their sections', () => {
    const source = `EXAMPLES = r"""
# basic pre_task and post_task example
pre_tasks:
  - name: Deregister
    elb_instance:
      state: absent
roles:
  - myrole
post_tasks:
  - name: Register again
    elb_instance:
      state: present
"""
`;
    const out = examplesTasks(source, resolve);
    assert.deepEqual(
      out.tasks.map((t) => [t.name, t.context.section, t.line, t.context.previousModules]),
      [
        ['Deregister', 'pre_tasks', 4, []],
        ['Register again', 'post_tasks', 10, ['ansible.builtin.elb_instance']],
      ],
    );
  });
});

describe('examplesTasks on mixed documents', () => {
  const source = `EXAMPLES = """
-
  name: A play whose dash is on its own line
  hosts: localhost
  vars:
    login: &login
      host: h
  tasks:
    - name: Uses the anchor
      acme.demo.thing:
        <<: *login
        size: 1
- name: A task whose block scalar ends the run
  acme.demo.thing:
    config: |
      line one
        indented
- hosts: all
  tasks:
    - name: Last
      ansible.builtin.ping:
"""
`;

  it('parses each run of plays and of tasks on its own, keeping block scalars and lines intact', () => {
    const out = examplesTasks(source, resolve, false);
    assert.deepEqual(
      out.tasks.map((t) => [t.name, t.line]),
      [
        ['Uses the anchor', 9],
        ['A task whose block scalar ends the run', 13],
        ['Last', 20],
      ],
    );
    assert.equal(out.tasks[0].args.size, 1);
    assert.deepEqual(out.tasks[1].args, { config: 'line one\n  indented\n' });
    assert.deepEqual(out.tasks[2].context.previousModules, ['acme.demo.thing']);
  });

  it('gives the same tasks on the one-parse path for simple EXAMPLES', () => {
    const simple = `EXAMPLES = r'''
- name: One
  ansible.builtin.copy:
    content: |
      x
    dest: /tmp/x
  register: copied
- name: Two
  command: echo {{ copied.dest }}
'''
`;
    assert.deepEqual(examplesTasks(simple, resolve, true), examplesTasks(simple, resolve, false));
    assert.deepEqual(examplesTasks(source, resolve, true), examplesTasks(source, resolve, false));
  });
});
