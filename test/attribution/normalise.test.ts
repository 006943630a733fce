import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canonicalFromCorpus,
  canonicalFromStructured,
  canonicalFromYaml,
  nameTokens,
  normaliseScalar,
  parseFreeForm,
  splitArgs,
  structuredFromYaml,
} from '../../server/src/attribution/normalise';
import { corpusTask, resolveFixture } from './corpusFixture';

describe('normaliseScalar', () => {
  it('removes insignificant Jinja whitespace and keeps the rest', () => {
    assert.equal(normaliseScalar('{{ pkg }}'), '{{pkg}}');
    assert.equal(normaliseScalar("{{  pkg  |  default( 'x' )  }}"), "{{pkg|default('x')}}");
    assert.equal(normaliseScalar('{{ a if b else c }}'), '{{a if b else c}}');
    assert.equal(normaliseScalar('{% if x %}y{% endif %}'), '{%if x%}y{%endif%}');
    assert.notEqual(normaliseScalar('{{ a }}'), normaliseScalar('{{ b }}'));
  });

  it('collapses whitespace, maps YAML 1.1 booleans, strips leading zeros of integers', () => {
    assert.equal(normaliseScalar('  set -e\n  echo   hi\n'), 'set -e echo hi');
    for (const v of [true, 'yes', 'Yes', 'on', 'True']) assert.equal(normaliseScalar(v), 'true');
    for (const v of [false, 'no', 'off', 'FALSE']) assert.equal(normaliseScalar(v), 'false');
    assert.equal(normaliseScalar('0644'), '644');
    assert.equal(normaliseScalar(644), '644');
    assert.equal(normaliseScalar(null), '');
  });
});

describe('free-form arguments', () => {
  it('splits words outside quotes and Jinja', () => {
    assert.deepEqual(splitArgs(`src=a dest="b c" msg='{{ x | y }}' {{ a b }}`), [
      'src=a',
      'dest="b c"',
      "msg='{{ x | y }}'",
      '{{ a b }}',
    ]);
  });

  it('lifts k=v words out, keeps the rest as _raw_params', () => {
    assert.deepEqual(parseFreeForm('src=a dest="b c"', 'copy'), { src: 'a', dest: 'b c' });
    assert.deepEqual(parseFreeForm('echo a=b chdir=/tmp', 'ansible.builtin.shell'), {
      chdir: '/tmp',
      _raw_params: 'echo a=b',
    });
    assert.deepEqual(parseFreeForm('/tmp/x.yml', 'include_vars'), { _raw_params: '/tmp/x.yml' });
  });
});

describe('canonical form', () => {
  it('is the same for the YAML, structured and corpus shapes of a task', () => {
    const yaml = `- name: Install  NGINX!
  apt:
    name: "{{ pkg }}"
    state: present
`;
    const fromYaml = canonicalFromYaml(yaml, resolveFixture);
    assert.deepEqual(fromYaml, {
      module: 'ansible.builtin.apt',
      keys: ['name', 'state'],
      values: ['name={{pkg}}', 'state=present'],
      nameTokens: ['install', 'nginx'],
    });
    assert.deepEqual(
      canonicalFromStructured(
        { fqcn: 'apt', args: { state: 'present', name: '{{pkg}}' }, name: 'install nginx' },
        resolveFixture,
      ),
      fromYaml,
    );
    assert.deepEqual(
      canonicalFromCorpus(corpusTask('x', yaml.slice(2).replace(/\n {2}/g, '\n')), resolveFixture),
      fromYaml,
    );
  });

  it('flattens nested options to key paths and leaf values', () => {
    const c = canonicalFromYaml('k8s:\n  definition:\n    metadata: {name: a, labels: [x, y]}\n');
    assert.deepEqual(c.keys, [
      'definition',
      'definition.metadata',
      'definition.metadata.labels',
      'definition.metadata.labels[]',
      'definition.metadata.name',
    ]);
    assert.deepEqual(c.values, [
      'definition.metadata.labels[]=x',
      'definition.metadata.labels[]=y',
      'definition.metadata.name=a',
    ]);
  });

  it('unwraps action/local_action, merges args:, ignores other keywords', () => {
    assert.deepEqual(structuredFromYaml('action: copy src=a dest=b\nwhen: x'), {
      fqcn: 'copy',
      args: 'src=a dest=b',
      name: undefined,
    });
    const local = canonicalFromYaml('local_action:\n  module: ansible.builtin.debug\n  msg: hi\nregister: r');
    assert.deepEqual(local.values, ['msg=hi']);
    assert.equal(local.module, 'ansible.builtin.debug');
    const withArgs = canonicalFromYaml(
      'name: Run\nshell: ./x.sh\nargs:\n  chdir: /srv\nbecome: true\n',
      resolveFixture,
    );
    assert.deepEqual(withArgs.values, ['_raw_params=./x.sh', 'chdir=/srv']);
    assert.equal(withArgs.module, 'ansible.builtin.shell');
  });

  it('prefers an FQCN key over a short name that is also a module', () => {
    const c = canonicalFromYaml('gather_facts: false\ncommunity.general.nosh:\n  name: x\n', (n) =>
      n === 'gather_facts' ? 'ansible.builtin.gather_facts' : n.includes('.') ? n : undefined,
    );
    assert.equal(c.module, 'community.general.nosh');
  });

  it('keeps an alias whose anchor is outside the task, and leaves out merge keys', () => {
    const c = canonicalFromYaml('name: X\ncisco.dnac.task_info:\n  <<: *login\n  taskId: "{{ id }}"\n  owner: *user\n');
    assert.deepEqual(c.keys, ['owner', 'taskId']);
    assert.deepEqual(c.values, ['owner=*user', 'taskId={{id}}']);
  });

  it('tokenises names into lowercase words', () => {
    assert.deepEqual(nameTokens('Install nginx & start it (port 80)'), [
      '80',
      'install',
      'it',
      'nginx',
      'port',
      'start',
    ]);
    assert.deepEqual(nameTokens(undefined), []);
  });
});
