// Eval metrics against hand-computed values, the baselines, and Schema Correct with the real catalog.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import type { CorpusTask } from '../../server/src/corpus/types';
import { actionOf, actionText, normaliseJinja } from '../../server/src/eval/action';
import { actionYaml, MostFrequentModule, NearestByName } from '../../server/src/eval/baselines';
import {
  ansibleAware,
  bleuScore,
  bleuStats,
  corpusBleu,
  exactMatch,
  keyF1,
  moduleMatch,
  tokenize,
  valueMatch,
} from '../../server/src/eval/metrics';
import { percentile, summarise } from '../../server/src/eval/run';
import { schemaCorrect } from '../../server/src/eval/schema';
import type { TaskRequest } from '../../server/src/suggest/types';
import { sharedCatalogCache } from '../helpers/workspace';

/** Short builtin names resolve; nothing has docs (pure metric tests). */
const names = {
  resolve: (n: string) =>
    /^\w+$/.test(n)
      ? { written: n, fqcn: `ansible.builtin.${n}` }
      : /^\w+\.\w+\.\w+$/.test(n)
        ? { written: n, fqcn: n }
        : undefined,
  getDoc: () => undefined,
};
const act = (yaml: string) => actionOf(yaml, names);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe('BLEU', () => {
  it('identical texts score 1', () => {
    close(corpusBleu([['ansible.builtin.apt:\n  name: nginx\n', 'ansible.builtin.apt:\n  name: nginx\n']]), 1);
  });

  it('a known small example: p = 5/6, 4/5, 3/4, 2/3 → (1/3)^(1/4)', () => {
    close(corpusBleu([['a b c d e f', 'a b c d e g']]), Math.pow(1 / 3, 0.25));
  });

  it('brevity penalty exp(1 - r/c) for a short hypothesis', () => {
    close(corpusBleu([['a b c d e', 'a b c d e f']]), Math.exp(1 - 6 / 5));
  });

  it('no 4-gram in common → 0 (no smoothing); empty hypothesis → 0', () => {
    assert.equal(corpusBleu([['the cat sat on the mat', 'the cat is on the mat']]), 0);
    assert.equal(corpusBleu([['', 'a b c d']]), 0);
  });

  it('is a corpus score: statistics add up before the geometric mean', () => {
    const s = bleuStats(tokenize('a b c d e f'), tokenize('a b c d e g'));
    assert.deepEqual(s.matches, [5, 4, 3, 2]);
    assert.deepEqual(s.totals, [6, 5, 4, 3]);
    // 2 pairs: (5+6)/12, (4+5)/10, (3+4)/8, (2+3)/6
    const expected = Math.pow((11 / 12) * (9 / 10) * (7 / 8) * (5 / 6), 0.25);
    close(
      corpusBleu([
        ['a b c d e f', 'a b c d e g'],
        ['a b c d e f', 'a b c d e f'],
      ]),
      expected,
    );
    assert.equal(bleuScore(bleuStats([], [])), 0);
  });

  it('tokens are words and single punctuation marks', () => {
    assert.deepEqual(tokenize('ansible.builtin.apt: {name: "{{ x }}"}'), [
      'ansible',
      '.',
      'builtin',
      '.',
      'apt',
      ':',
      '{',
      'name',
      ':',
      '"',
      '{',
      '{',
      'x',
      '}',
      '}',
      '"',
      '}',
    ]);
  });
});

describe('Exact Match normalisation', () => {
  const ref = act(
    'name: Install\nansible.builtin.apt:\n  name: nginx\n  state: present\n  update_cache: true\nbecome: true\n',
  );

  it('ignores key order, whitespace, quoting, name and task keywords', () => {
    assert.equal(exactMatch(act('ansible.builtin.apt: {state: "present",   update_cache: true, name: nginx}'), ref), 1);
  });

  it('reads short names, k=v arguments and yes/no as Ansible does', () => {
    assert.equal(exactMatch(act('apt: name=nginx state=present update_cache=yes'), ref), 1);
  });

  it('reads a plain 0644 as the octal mode YAML 1.1 makes it, and a decimal 644 as another mode', () => {
    const quoted = act('file: {path: /srv, mode: "0644"}');
    assert.equal(exactMatch(act('file:\n  path: /srv\n  mode: 0644'), quoted), 1);
    assert.equal(exactMatch(act("file:\n  path: /srv\n  mode: '644'"), quoted), 1);
    assert.equal(exactMatch(act('file: path=/srv mode=0644'), quoted), 1);
    assert.equal(exactMatch(act('file:\n  path: /srv\n  mode: 644'), quoted), 0);
  });

  it('treats {{x}} and {{ x }} alike', () => {
    assert.equal(normaliseJinja('{{nginx_pkgs}}'), '{{ nginx_pkgs }}');
    assert.equal(normaliseJinja('{{- x -}} {%if y%}'), '{{ x }} {% if y %}');
    assert.equal(exactMatch(act('apt: {name: "{{nginx_pkgs}}"}'), act('apt:\n  name: "{{ nginx_pkgs }}"')), 1);
  });

  it('differs on a value, a missing or an extra option, another module', () => {
    assert.equal(exactMatch(act('apt: {name: nginx, state: latest, update_cache: true}'), ref), 0);
    assert.equal(exactMatch(act('apt: {name: nginx, state: present}'), ref), 0);
    assert.equal(exactMatch(act('apt: {name: nginx, state: present, update_cache: true, force: true}'), ref), 0);
    assert.equal(exactMatch(act('dnf: {name: nginx, state: present, update_cache: true}'), ref), 0);
  });

  it('free-form text and cmd of command/shell are the same option', () => {
    assert.equal(exactMatch(act('command: echo hi'), act('ansible.builtin.command:\n  cmd: echo hi')), 1);
  });

  it('broken YAML is no action', () => {
    const broken = act('apt: {name: [');
    assert.equal(broken.broken, true);
    assert.equal(moduleMatch(act('not: [valid'), ref), 0);
  });
});

describe('Ansible Aware parts', () => {
  const ref = act('apt: {name: nginx, state: present, update_cache: true}');

  it('key F1: p = 1, r = 2/3 → 0.8', () => {
    close(keyF1(act('apt: {name: nginx, state: latest}'), ref), 0.8);
    close(keyF1(act('apt: {pkg: x}'), ref), 0);
    close(keyF1(act('meta: flush_handlers'), act('meta: flush_handlers')), 1);
    close(keyF1(act('ping:'), act('ping:')), 1);
    close(keyF1(act('ping:'), ref), 0);
  });

  it('value match: fraction of reference pairs reproduced', () => {
    close(valueMatch(act('apt: {name: nginx, state: latest}'), ref), 1 / 3);
    close(valueMatch(act('apt: {name: nginx, state: present, update_cache: yes, force: true}'), ref), 1);
    close(valueMatch(act('ping:'), act('ping:')), 1);
    close(valueMatch(act('ping: {data: x}'), act('ping:')), 0);
  });

  it('module match and the mean', () => {
    const pred = act('ansible.builtin.apt: {name: nginx, state: latest}');
    assert.equal(moduleMatch(pred, ref), 1);
    close(ansibleAware(pred, ref), (1 + 0.8 + 1 / 3) / 3);
    close(ansibleAware(act('dnf: {name: nginx, state: latest}'), ref), (0 + 0.8 + 1 / 3) / 3);
  });

  it('normalised text for BLEU sorts options and uses the FQCN', () => {
    assert.equal(
      actionText(act('apt: {state: present, name: nginx}')),
      'ansible.builtin.apt:\n  name: nginx\n  state: present\n',
    );
  });
});

describe('summaries', () => {
  it('nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(xs, 0.5), 50);
    assert.equal(percentile(xs, 0.95), 95);
    assert.equal(percentile([7], 0.95), 7);
    assert.equal(percentile([], 0.5), 0);
  });

  it('Ansible Aware of a group is the mean of its three parts', () => {
    const s = summarise([
      { exact: 1, schema: 1, module: 1, keyF1: 1, value: 1, bleu: bleuStats(['a'], ['a']), millis: 1 },
      { exact: 0, schema: 0, module: 0, keyF1: 0.5, value: 0, bleu: bleuStats(['b'], ['a']), millis: 3 },
    ]);
    close(s.ansibleAware, (0.5 + 0.75 + 0.5) / 3);
    close(s.exactMatch, 0.5);
    assert.equal(s.latencyP95, 3);
  });
});

function task(
  id: string,
  name: string,
  fqcn: string,
  args: Record<string, unknown>,
  split: 'train' | 'test' = 'train',
): CorpusTask {
  return {
    id,
    name,
    module: fqcn,
    fqcn,
    text: `name: ${name}\n${actionYaml(fqcn, args)}`,
    args,
    keywords: {},
    origin: 'role',
    context: { previousModules: [], section: 'tasks', variables: [] },
    sources: [],
    split,
  };
}

const request = (description: string): TaskRequest => ({
  description,
  context: { previousModules: [], collectionsInUse: [], variables: [], section: 'tasks' },
});

describe('baselines', () => {
  const tasks = [
    task('1', 'Install nginx', 'ansible.builtin.apt', { name: 'nginx' }),
    task('2', 'Restart nginx service', 'ansible.builtin.service', { name: 'nginx', state: 'restarted' }),
    task('3', 'Print a message', 'ansible.builtin.debug', { msg: 'hi' }),
    task('4', 'Print the result', 'ansible.builtin.debug', { var: 'result' }),
    task('5', 'Show it', 'ansible.builtin.debug', { msg: 'hi' }),
    task('6', 'Restart nginx service now', 'ansible.builtin.systemd', { name: 'x' }, 'test'),
  ];

  it('most frequent module answers its most common arguments, whatever the description', () => {
    const m = MostFrequentModule.train(tasks);
    const out = m.suggest();
    assert.equal(out.fqcn, 'ansible.builtin.debug');
    assert.deepEqual(out.args, { msg: 'hi' });
    assert.equal(out.yaml, 'ansible.builtin.debug:\n  msg: hi\n');
  });

  it('nearest by name copies the BM25-closest training example (never a test one)', () => {
    const m = NearestByName.train(tasks);
    const out = m.suggest(request('restart the nginx service'));
    assert.equal(out.fqcn, 'ansible.builtin.service');
    assert.equal(out.yaml, 'ansible.builtin.service:\n  name: nginx\n  state: restarted\n');
    assert.deepEqual(
      out.drewOn.map((d) => d.taskId),
      ['2'],
    );
    assert.equal(m.suggest(request('zzz qqq')).fqcn, 'ansible.builtin.debug');
  });

  it('free-form bodies stay free-form', () => {
    assert.equal(
      actionYaml('ansible.builtin.command', { _raw_params: 'echo hi', creates: '/tmp/x' }),
      'ansible.builtin.command: echo hi creates=/tmp/x\n',
    );
    assert.equal(actionYaml('ansible.builtin.ping', {}), 'ansible.builtin.ping:\n');
  });
});

describe('Schema Correct (installed Ansible)', () => {
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  before(() => catalog.ready());
  after(() => catalog.dispose());

  it('accepts a valid task body, with aliases and templated values', async () => {
    assert.deepEqual(await schemaCorrect('ansible.builtin.apt:\n  pkg: nginx\n  state: present\n', catalog), {
      ok: true,
    });
    assert.deepEqual(
      await schemaCorrect('ansible.builtin.service: {name: "{{ svc }}", state: "{{ st }}"}\nbecome: true\n', catalog),
      { ok: true },
    );
    assert.deepEqual(await schemaCorrect('ansible.builtin.command: echo hi', catalog), { ok: true });
  });

  it('rejects unknown modules and options, missing required options, bad choices, broken YAML', async () => {
    const why = async (y: string) => {
      const v = await schemaCorrect(y, catalog);
      assert.equal(v.ok, false, y);
      return v.ok ? '' : v.why;
    };
    assert.match(await why('ansible.builtin.nosuchmodule: {}'), /unknown module/);
    assert.match(await why('ansible.builtin.apt: {nme: nginx}'), /no option 'nme'/);
    assert.match(await why('ansible.builtin.copy: {src: a}'), /missing required option 'dest'/);
    assert.match(await why('ansible.builtin.service: {name: x, state: rebooted}'), /must be one of/);
    assert.match(await why('ansible.builtin.apt: {name: ['), /valid YAML/);
    assert.match(await why('become: true'), /no module/);
  });

  it("accepts a module of the project's own, as the editor's validator does; not another unknown one", async () => {
    const own = new Set(['sr_fingerprint']);
    assert.deepEqual(await schemaCorrect('sr_fingerprint:\n  status: begin\n', catalog, own), { ok: true });
    assert.equal((await schemaCorrect('sr_fingerprint:\n  status: begin\n', catalog)).ok, false);
    assert.equal((await schemaCorrect('other_thing:\n  status: begin\n', catalog, own)).ok, false);
  });
});
