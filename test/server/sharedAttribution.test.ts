// Two editors on one shared attribution index (issue 13, part 2), through the real language
// server and a real PostgreSQL: both see the same training matches for the same suggestion,
// including a task only the database holds (pushed with `scribe index push --dir`); with the
// database stopped while the editors are open, attribution falls back to the local index, the
// status says so and no request fails; started again, the shared index comes back by itself.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InlineCompletionList } from 'vscode-languageserver-protocol';
import { runIndex } from '../../server/src/cli/index';
import { runCli } from '../helpers/cli';
import { LspTestClient } from '../helpers/lspClient';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const VARIABLE = 'SCRIBE_TEST_SHARED_INDEX_URL';
/** A licence no installed collection uses: a match under it can only come from the database. */
const TEAM_LICENCE = '0BSD';

const playbook = `---
- name: Web servers
  hosts: web
  become: true
  tasks:
    - name: Install nginx
      
`;

interface Attribution {
  matches: { license: string; collection: string; path: string; score: number; name: string }[];
  policy: { action: string };
  attributedBy?: string;
}
interface Status {
  model?: { state: string; message?: string };
}

let edits = 1;
/**
 * A fresh suggestion (the play's name changed, so not the server's cached answer) for the same
 * description, and its attribution as the Training Matches view asks for it.
 */
async function suggestion(client: LspTestClient, uri: string) {
  const version = ++edits;
  await client.change(uri, playbook.replace('Web servers', `Web servers ${version}`), version);
  const list = (await client.conn.sendRequest('textDocument/inlineCompletion', {
    textDocument: { uri },
    position: { line: 6, character: 6 },
    context: { triggerKind: 1 },
  })) as InlineCompletionList | null;
  const item = list?.items[0];
  assert.ok(item, JSON.stringify(list));
  const text = String(typeof item.insertText === 'string' ? item.insertText : item.insertText.value);
  const args = item.command?.arguments?.[0] as { suggestionId: string };
  const attribution = (await client.conn.sendRequest('scribe/attribution', args)) as Attribution;
  return { text, attribution };
}

const modelMessage = (client: LspTestClient) => (client.statuses.at(-1) as Status | undefined)?.model?.message ?? '';
const teamMatch = (a: Attribution) => a.matches.find((m) => m.license === TEAM_LICENCE);

describe('two editors on one shared attribution index', () => {
  let pg: TestPostgres;
  const ws1 = new TempWorkspace();
  const ws2 = new TempWorkspace();
  const team = new TempWorkspace();
  const file1 = ws1.write('site.yml', playbook);
  const file2 = ws2.write('site.yml', playbook);
  let editors: LspTestClient[] = [];

  const push = async (dir: string) => {
    // The catalog cache the tests share (the corpus built from `dir` is stored there, not in the user's cache).
    const cache = ['--cache-dir', sharedCatalogCache];
    const r = await runCli(runIndex, [
      'push',
      '--db-env',
      VARIABLE,
      '--dir',
      dir,
      '--license',
      TEAM_LICENCE,
      '--quiet',
      ...cache,
    ]);
    assert.equal(r.code, 0, `${dir}: ${r.error ?? r.stdout}`);
  };
  const start = (ws: TempWorkspace) =>
    LspTestClient.start({
      workspace: ws.root,
      cacheDir: sharedCatalogCache,
      storagePath: join(ws.root, '.storage'),
      env: { [VARIABLE]: pg.url, SCRIBE_SHARED_INDEX_RETRY_MS: '1000' },
      settings: {
        model: { prepareOnStartup: true },
        lint: { enabled: false },
        inline: { debounceMs: 0 },
        attribution: { databaseEnv: VARIABLE },
      },
    });

  before(async () => {
    pg = await startPostgres();
    process.env[VARIABLE] = pg.url;
    // A first push makes the database a shared index (a task unrelated to the suggestion).
    mkdirSync(join(team.root, 'first'), { recursive: true });
    writeFileSync(
      join(team.root, 'first', 'site.yml'),
      '- hosts: all\n  tasks:\n    - name: Say hello\n      ansible.builtin.debug:\n        msg: hello\n',
    );
    await push(join(team.root, 'first'));
  });
  after(async () => {
    for (const e of editors) await e.stop();
    pg?.dispose();
    delete process.env[VARIABLE];
    ws1.dispose();
    ws2.dispose();
    team.dispose();
  });

  it('both editors attribute the same suggestion to the same matches, one of them only in the database', async () => {
    editors = [await start(ws1), await start(ws2)];
    const [one, two] = editors;
    await one.open(file1.uri, playbook);
    await two.open(file2.uri, playbook);
    const first = await suggestion(one, file1.uri);
    await one.until('the status to say the shared index answers', () =>
      modelMessage(one).includes('attribution: shared index ('),
    );
    assert.doesNotMatch(modelMessage(one), /@[^/]*:[^@/]*@|password/); // never a password
    assert.equal(teamMatch(first.attribution), undefined, JSON.stringify(first.attribution));

    // The team's playbook holds exactly this task; only the database has it.
    mkdirSync(join(team.root, 'team-playbooks'), { recursive: true });
    const head = playbook.slice(0, playbook.indexOf('Install nginx\n') + 'Install nginx\n'.length);
    writeFileSync(
      join(team.root, 'team-playbooks', 'web.yml'),
      `${head}${first.text}\n` /* the item replaces the whole line */,
    );
    await push(join(team.root, 'team-playbooks'));

    const a = await suggestion(one, file1.uri);
    const b = await suggestion(two, file2.uri);
    assert.equal(a.text, b.text);
    const mine = teamMatch(a.attribution);
    assert.ok(mine, JSON.stringify(a.attribution.matches));
    assert.equal(mine.score, 1);
    assert.match(mine.path, /web\.yml$/);
    assert.deepEqual(b.attribution.matches, a.attribution.matches);
    assert.match(a.attribution.attributedBy ?? '', /^shared index at postgres:\/\/scribe@127\.0\.0\.1:\d+\//);

    // Generated content is attributed by the shared index too.
    const generated = (await one.conn.sendRequest('scribe/generate', {
      kind: 'playbook',
      goal: 'Web servers',
      outline: ['Install nginx'],
    })) as { tasks: (Attribution & { suggestionId: string })[] };
    assert.ok(teamMatch(generated.tasks[0]), JSON.stringify(generated.tasks));
    assert.match(generated.tasks[0].attributedBy ?? '', /^shared index at /);
    const recorded = (await one.conn.sendRequest('scribe/attribution', {
      suggestionId: generated.tasks[0].suggestionId,
    })) as Attribution;
    assert.equal(recorded.attributedBy, generated.tasks[0].attributedBy);
  });

  it('falls back to the local index while the database is down, says so, and comes back by itself', async () => {
    const [one] = editors;
    const indexed = () => one.logs.filter((l) => /^workspace .* indexed for attribution$/.test(l)).length;
    const indexedBefore = indexed();
    assert.ok(indexedBefore >= 1);
    pg.stopServer();
    const down = await suggestion(one, file1.uri); // an answer, not an error
    assert.ok(down.attribution.matches.length > 0);
    assert.equal(teamMatch(down.attribution), undefined, JSON.stringify(down.attribution.matches));
    assert.match(down.attribution.attributedBy ?? '', /^local index \(shared index unreachable: /);
    const status = await one.until('the status to say the local index answers', () =>
      modelMessage(one).includes('attribution: local — shared index unreachable') ? modelMessage(one) : undefined,
    );
    assert.equal((one.statuses.at(-1) as Status).model?.state, 'ready');
    assert.doesNotMatch(status, /password/);

    pg.start();
    await one.until(
      'the status to say the shared index answers again',
      () => modelMessage(one).includes('attribution: shared index ('),
      30_000,
    );
    const back = await suggestion(one, file1.uri);
    assert.ok(teamMatch(back.attribution), JSON.stringify(back.attribution.matches));
    // The attribution line changed twice; the model did not: the workspace was not indexed again.
    assert.equal(indexed(), indexedBefore, one.logs.join('\n'));
  });
});
