// YAML as Ansible (PyYAML) reads it: quoted scalars whose continuation lines are not indented past
// their key are no syntax error, their values are PyYAML's, and every span points into the text
// as written. Compared with the real PyYAML that Debian's ansible uses.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allTasks } from '../../server/src/document/model';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { reindentQuotedContinuations } from '../../server/src/document/pyyamlCompat';

/** What PyYAML loads from a text, as JSON. */
function pyyaml(text: string): unknown {
  const out = execFileSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], {
    input: text,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

const tasks = `---
- name: Parse host address
  ansible.builtin.set_fact:
    he_host_ip: "{{
    (
      out.stdout.split() | ipaddr
    )[0]
    }}"
    other: 'it''s
    fine'
- name: After it
  ansible.builtin.debug:
    msg: "{{ he_host_ip }}"
`;

describe('PyYAML-compatible quoted scalars', () => {
  it('parses under-indented continuation lines as PyYAML does, with spans into the text as written', () => {
    const doc = parseAnsibleDocument('file:///r/roles/x/tasks/main.yml', tasks);
    assert.deepEqual(doc.syntaxErrors, []);
    const all = [...allTasks(doc)];
    assert.deepEqual(
      all.map((t) => t.name),
      ['Parse host address', 'After it'],
    );
    const expected = pyyaml(tasks) as { 'ansible.builtin.set_fact': Record<string, string> }[];
    const args = all[0].module!.args;
    assert.deepEqual(Object.fromEntries(args.map((a) => [a.name, a.value])), expected[0]['ansible.builtin.set_fact']);
    for (const a of args) assert.equal(tasks.slice(a.nameSpan.start, a.nameSpan.end), a.name);
    const msg = all[1].module!.args[0];
    assert.equal(tasks.slice(msg.valueSpan.start, msg.valueSpan.end), '"{{ he_host_ip }}"');
    assert.equal(tasks.slice(all[1].span.start, all[1].span.start + 13), 'name: After i');
  });

  it('leaves text alone when nothing is under-indented, and still reports what PyYAML rejects too', () => {
    assert.equal(reindentQuotedContinuations('a: "x\n  y"\nb: 1\n'), undefined);
    const broken = parseAnsibleDocument('file:///r/t.yml', '- name: x\n  debug:\n    msg: "never closed\n');
    assert.ok(broken.syntaxErrors.some((e) => e.severity === 'error'));
  });

  it("the installed ovirt roles that use this style: no syntax error, PyYAML's task count", () => {
    const root = '/usr/lib/python3/dist-packages/ansible_collections/ovirt/ovirt/roles';
    for (const rel of [
      'hosted_engine_setup/tasks/fetch_host_ip.yml',
      'disaster_recovery/tasks/unregister_entities.yml',
    ]) {
      const text = readFileSync(`${root}/${rel}`, 'utf8');
      const doc = parseAnsibleDocument(`file://${root}/${rel}`, text);
      assert.deepEqual(
        doc.syntaxErrors.filter((e) => e.severity === 'error'),
        [],
        rel,
      );
      assert.equal(doc.tasks.length, (pyyaml(text) as unknown[]).length, rel);
    }
  });
});
