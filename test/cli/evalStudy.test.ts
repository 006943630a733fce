// `scribe eval` for studying errors (--predictions, --confusion, the new groups and rates) and
// through a model endpoint (--endpoint): a recording local server, a slow one that counts how many
// requests are in flight, a port nothing listens on, and `scribe serve` (the embedded model behind
// a real OpenAI-compatible HTTP server), on small records written here.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultCacheDir } from '../../server/src/cacheDir';
import { runEval } from '../../server/src/cli/eval';
import { runIndex } from '../../server/src/cli/index';
import { runServe } from '../../server/src/cli/serve';
import { defaultCorpusDir } from '../../server/src/engine/environment';
import type { PredictionRecord } from '../../server/src/eval/run';
import { DEFAULT_MODEL_ID } from '../../server/src/serve/openaiServer';
import { runCli } from '../helpers/cli';
import { cannedModel, promptOf, startModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

interface Report {
  systems: {
    name: string;
    groups: Record<string, { n: number; moduleMatch: number; foreignVariableRate: number; suggestions: number }>;
    errors?: { why: string; count: number }[];
    confusion?: { reference: string; n: number; right: number; predicted: { module: string; count: number }[] }[];
  }[];
}

const records = [
  {
    id: 'play-install',
    context: '- hosts: web\n  become: true\n  vars:\n    web_package: nginx\n  tasks:\n',
    name: 'Install nginx',
    task: '    - name: Install nginx\n      ansible.builtin.package:\n        name: "{{ web_package }}"\n        state: present\n',
  },
  {
    id: 'play-start',
    context:
      '- hosts: web\n  become: true\n  tasks:\n    - name: Install nginx\n      ansible.builtin.package:\n        name: nginx\n',
    name: 'Start and enable nginx',
    task: '    - name: Start and enable nginx\n      ansible.builtin.service:\n        name: nginx\n        state: started\n        enabled: true\n',
  },
  {
    id: 'role-copy',
    path: 'eval-cli-fixture/roles/web/tasks/main.yml',
    context: '- name: Install nginx\n  ansible.builtin.package:\n    name: nginx\n',
    name: 'Install nginx on the proxy too',
    task: '- name: Install nginx on the proxy too\n  ansible.builtin.package:\n    name: nginx\n',
  },
  {
    id: 'handler',
    path: 'eval-cli-fixture/roles/web/handlers/main.yml',
    context: '',
    name: 'Restart nginx',
    task: '- name: Restart nginx\n  ansible.builtin.service:\n    name: nginx\n    state: restarted\n',
  },
];

describe('scribe eval: predictions, confusion, groups, endpoints', () => {
  const ws = new TempWorkspace();
  let corpus = '';
  let data = '';
  before(async () => {
    corpus = defaultCorpusDir(defaultCacheDir()) ?? '';
    if (!corpus) {
      corpus = join(ws.root, 'corpus');
      const r = await runCli(runIndex, ['build', '--quiet', '--cache-dir', sharedCatalogCache, '--out', corpus]);
      assert.equal(r.code, 0, r.error);
    }
    data = ws.write('records.jsonl', records.map((r) => JSON.stringify(r)).join('\n') + '\n').path;
  });
  after(() => ws.dispose());
  const base = () => ['--data', data, '--quiet', '--corpus', corpus, '--cache-dir', sharedCatalogCache];

  it('--predictions writes one line per record and system; --confusion adds the summary; new groups', async () => {
    const file = join(ws.root, 'predictions.jsonl');
    const r = await runCli(runEval, [...base(), '--predictions', file, '--confusion', '--by', 'id']);
    assert.equal(r.code, 0, r.error);
    assert.match(r.stdout, /^system +group +n +EM .* Foreign +CmdMod +p50 ms +p95 ms$/m);
    assert.match(r.stdout, /^ +playbook +2 /m);
    assert.match(r.stdout, /^ +tasks file +1 /m);
    assert.match(r.stdout, /^ +handlers file +1 /m);
    assert.match(r.stdout, /^ +module in file +1 /m);
    assert.match(r.stdout, /^ +module new to file +3 /m);
    assert.match(r.stdout, /^model: confusion by reference module, most wrong first$/m);
    assert.match(r.stdout, /^ +id=handler +1 /m);
    assert.match(r.stdout, /^ansible\.builtin\.(package|service) +\d +\d +\d/m);

    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PredictionRecord);
    assert.equal(lines.length, records.length * 3);
    assert.deepEqual(
      lines.filter((l) => l.system === 'model').map((l) => l.id),
      records.map((x) => x.id),
    );
    const first = lines[0];
    assert.equal(first.description, 'Install nginx');
    assert.equal(first.referenceModule, 'ansible.builtin.package');
    assert.equal(first.reference, records[0].task);
    assert.equal(typeof first.scores.ansibleAware, 'number');
    assert.ok(Array.isArray(first.foreignVariables));
    assert.ok(first.groups.includes('playbook') && first.groups.includes('module new to file'));
    assert.ok(first.millis >= 0);
    assert.ok(lines[2].groups.includes('module in file'));

    const j = await runCli(runEval, [...base(), '--json', '--confusion']);
    const report = JSON.parse(j.stdout) as Report;
    const model = report.systems[0];
    assert.equal(model.groups['handlers file'].n, 1);
    assert.ok(model.groups.all.foreignVariableRate >= 0 && model.groups.all.foreignVariableRate <= 1);
    const refs = model.confusion!.map((c) => c.reference).sort();
    assert.deepEqual(refs, ['ansible.builtin.package', 'ansible.builtin.service']);
    assert.equal(
      model.confusion!.reduce((a, c) => a + c.n, 0),
      records.length,
    );
  });

  it('bad arguments: each a one-line reason', async () => {
    const bad = async (args: string[], reason: RegExp) => {
      const r = await runCli(runEval, args);
      assert.equal(r.code, 2);
      assert.match(r.error ?? '', reason);
    };
    await bad(['--model', 'x'], /need --endpoint URL/);
    await bad(['--endpoint', 'http://127.0.0.1:9/v1'], /--endpoint needs --model NAME/);
    await bad(['--concurrency', '2'], /--concurrency and --timeout need --endpoint/);
    await bad(['--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--concurrency', '0'], /--concurrency must be/);
    await bad(['--endpoint', 'http://127.0.0.1:9/v1', '--model', 'm', '--timeout', 'soon'], /--timeout must be/);
    await bad([...base(), '--predictions', join(ws.root, 'no', 'such', 'dir', 'p.jsonl')], /--predictions .*ENOENT/);
    await bad([...base(), '--by', 'a b'], /--by takes a record field's name/);
    await bad(['--by', 'repo'], /--by needs --data FILE/);
    await bad(['--workspace-by', 'repo'], /--workspace-by needs --data FILE/);
  });

  it('--endpoint: every record goes to the endpoint, scored next to the embedded model', async () => {
    const endpoint = await startModelEndpoint(cannedModel);
    try {
      const r = await runCli(runEval, [...base(), '--json', '--endpoint', endpoint.url, '--model', 'fixture']);
      assert.equal(r.code, 0, r.error);
      const report = JSON.parse(r.stdout) as Report;
      assert.deepEqual(
        report.systems.map((s) => s.name),
        ['endpoint fixture', 'model'],
      );
      const remote = report.systems[0];
      assert.equal(remote.groups.all.n, records.length);
      assert.equal(remote.groups.all.suggestions, records.length);
      // The canned model always answers `package: nginx`: right for the two package records only.
      assert.equal(remote.groups.all.moduleMatch, 0.5);
      assert.deepEqual(remote.errors, []);
      assert.equal(endpoint.requests.length, records.length);
      assert.ok(endpoint.requests.some((q) => /- name: Restart nginx\n?$/.test(promptOf(q))));
    } finally {
      await endpoint.close();
    }
  });

  it('--endpoint: at most --concurrency requests at once; a request past --timeout fails alone', async () => {
    let inFlight = 0;
    let most = 0;
    let seen = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        inFlight++;
        most = Math.max(most, inFlight);
        // The third request never answers in time; the others answer after a short while.
        const slow = ++seen === 3;
        setTimeout(
          () => {
            inFlight--;
            if (res.destroyed) return;
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(
              JSON.stringify({
                id: 'x',
                object: 'text_completion',
                created: 0,
                model: 'slow',
                choices: [{ index: 0, text: 'ansible.builtin.package:\n  name: nginx\n', finish_reason: 'stop' }],
              }),
            );
          },
          slow ? 3000 : 100,
        );
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const file = join(ws.root, 'slow.jsonl');
      const r = await runCli(runEval, [
        ...base(),
        '--json',
        '--endpoint',
        url,
        '--model',
        'slow',
        '--concurrency',
        '2',
        '--timeout',
        '1000',
        '--predictions',
        file,
      ]);
      assert.equal(r.code, 0, r.error);
      assert.equal(most, 2);
      const remote = (JSON.parse(r.stdout) as Report).systems[0];
      assert.equal(remote.groups.all.n, records.length);
      assert.equal(remote.groups.all.suggestions, records.length - 1);
      assert.equal(remote.errors?.length, 1);
      assert.match(remote.errors![0].why, /timed out after 1000 ms/);
      const failed = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as PredictionRecord)
        .filter((l) => l.error);
      assert.equal(failed.length, 1);
      assert.equal(failed[0].predicted, null);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('--endpoint nothing listens on: one clear line, no table', async () => {
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((ok) => server.close(() => ok()));
    const r = await runCli(runEval, [...base(), '--endpoint', `http://127.0.0.1:${port}/v1`, '--model', 'm']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.error ?? '',
      new RegExp(
        `^eval: model endpoint http://127\\.0\\.0\\.1:${port}/v1 unreachable: ECONNREFUSED \\(no request answered`,
      ),
    );
  });

  it('--endpoint that refuses the first request (HTTP 404): its answer in one line, nothing scored', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: "model 'nope' not found" } }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const r = await runCli(runEval, [...base(), '--endpoint', url, '--model', 'nope']);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(
        r.error ?? '',
        /^eval: model endpoint .* answered HTTP 404: .*not found.* \(the first request failed/,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('through `scribe serve` (the embedded model over HTTP) it scores as the embedded model does', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((ok) => (stop = ok));
    let listening: (url: string) => void = () => undefined;
    const url = new Promise<string>((ok) => (listening = ok));
    const serving = runCli(
      (argv, out) => runServe(argv, out, { stop: stopped, onListening: listening }),
      ['--port', '0', '--corpus', corpus, '--cache-dir', sharedCatalogCache],
    );
    try {
      const r = await runCli(runEval, [...base(), '--json', '--endpoint', await url, '--model', DEFAULT_MODEL_ID]);
      assert.equal(r.code, 0, r.error);
      const [remote, embedded] = (JSON.parse(r.stdout) as Report).systems;
      assert.equal(remote.groups.all.suggestions, records.length);
      assert.deepEqual(remote.errors, []);
      assert.equal(remote.groups.all.moduleMatch, embedded.groups.all.moduleMatch);
    } finally {
      stop();
      assert.equal((await serving).code, 0);
    }
  });
});
