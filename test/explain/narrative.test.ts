// A remote model's narrative summary over the grounded explanation, against real local HTTP
// servers through the `openai` client: planted secrets never reach the endpoint, the summary sits
// under the title and the grounded part is unchanged; a messy reply is cleaned, an empty one is an
// error, and an unreachable endpoint becomes a one-line note.

import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ModuleDoc } from '../../server/src/catalog/types';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { explainDocument, explanationMarkdown } from '../../server/src/explain/explain';
import {
  cleanSummary,
  FILE_BUDGET,
  markdownText,
  GROUNDED_BUDGET,
  MAX_SUMMARY,
  narrativeSummary,
  withNarrative,
  withoutNarrative,
} from '../../server/src/explain/narrative';
import { RemoteModel } from '../../server/src/remote/openaiModel';
import { defaultSettings, type ScribeSettings } from '../../server/src/settings';
import { startModelEndpoint, type ModelEndpoint } from '../helpers/modelEndpoint';
import { TestCatalog, testDocs } from '../fixtures/service/testCatalog';

function model(endpoint: string, api: ScribeSettings['model']['api'] = 'chat'): RemoteModel {
  return new RemoteModel({
    settings: { ...defaultSettings.model, provider: 'openai', endpoint, name: 'recorder', timeoutMs: 10_000, api },
  });
}

/** A server that answers every chat or completions request with `reply` and keeps the raw bodies. */
async function recorder(reply: string) {
  const server = await startModelEndpoint(() => reply);
  return { server, bodies: server.bodies, url: server.url };
}

const close = (server: ModelEndpoint) => server.close();

const PASSWORD = 'correct-horse-battery-staple';
const USER_PASSWORD = 'plain-user-password-planted';
const VAULT_LINE = '39653862613065323834373933383165';
const PLAYBOOK = `- name: Database servers
  hosts: dbservers
  become: true
  vars:
    db_password: ${PASSWORD}
    api_token: !vault |
          $ANSIBLE_VAULT;1.1;AES256
          ${VAULT_LINE}
  tasks:
    - name: Create the app user
      ansible.builtin.user:
        name: app
        password: ${USER_PASSWORD}

    - name: Remove the old data
      ansible.builtin.file:
        path: /var/lib/old
        state: absent
`;
const SUMMARY =
  'This playbook prepares the database servers (the dbservers group). It creates the app user and ' +
  'removes /var/lib/old, which deletes data. Everything runs as root through privilege escalation.';

// The test catalog's user module, with a documented password option: the explanation quotes it.
const user = testDocs.find((d) => d.fqcn === 'ansible.builtin.user') as ModuleDoc;
const catalog = new TestCatalog([
  ...testDocs.filter((d) => d !== user),
  {
    ...user,
    options: {
      ...user.options,
      password: { name: 'password', description: "Sets the user's password.", required: false, aliases: [] },
    },
  },
]);

/** `result` without the section inserted after the title line. */
function withoutInserted(result: string, inserted: string): string {
  const at = result.indexOf(inserted);
  assert.ok(at > 0, 'inserted section found');
  return result.slice(0, at) + result.slice(at + inserted.length);
}

describe('narrativeSummary', () => {
  let grounded = '';
  before(async () => {
    grounded = explanationMarkdown(await explainDocument(parseAnsibleDocument('file:///p/db.yml', PLAYBOOK), catalog));
    assert.ok(grounded.includes(USER_PASSWORD), 'the grounded explanation quotes the password option');
  });

  for (const api of ['chat', 'completions'] as const) {
    it(`sends no planted secret over ${api}; the summary goes under the title, the rest unchanged`, async () => {
      const { server, bodies, url } = await recorder(SUMMARY);
      try {
        const summary = await narrativeSummary({ fileText: PLAYBOOK, grounded }, { model: model(url, api) });
        assert.equal(summary, SUMMARY);
        assert.equal(bodies.length, 1);
        for (const secret of [PASSWORD, USER_PASSWORD, VAULT_LINE, 'ANSIBLE_VAULT'])
          assert.ok(!bodies[0].includes(secret), `${secret} reached the endpoint`);
        for (const context of ['dbservers', '/var/lib/old', 'Remove the old data', 'do not invent'])
          assert.ok(bodies[0].includes(context), `${context} not sent`);

        const result = withNarrative(grounded, summary, 'recorder');
        const lines = result.split('\n');
        assert.equal(lines[0], '# What `db.yml` does');
        assert.deepEqual(lines.slice(1, 7), [
          '',
          '## Summary',
          '',
          '_Written by the model `recorder` from the grounded explanation below; check it against that explanation._',
          '',
          SUMMARY,
        ]);
        assert.equal(withoutInserted(result, `\n${lines.slice(2, 7).join('\n')}\n`), grounded);
      } finally {
        await close(server);
      }
    });
  }

  it('cleans a fenced reply with a heading and a "Summary:" label', async () => {
    const { server, url } = await recorder(`\`\`\`markdown\n# Playbook summary\n**Summary:** ${SUMMARY}\n\`\`\`\n`);
    try {
      assert.equal(await narrativeSummary({ fileText: PLAYBOOK, grounded }, { model: model(url) }), SUMMARY);
    } finally {
      await close(server);
    }
  });

  it('rejects an empty reply', async () => {
    const { server, url } = await recorder('```\n\n```\n## Summary\n');
    try {
      await assert.rejects(narrativeSummary({ fileText: PLAYBOOK, grounded }, { model: model(url) }), {
        message: 'model endpoint gave an empty summary',
      });
    } finally {
      await close(server);
    }
  });

  it('trims a long file and explanation to their budgets', async () => {
    const { server, bodies, url } = await recorder(SUMMARY);
    const task = (i: number) =>
      `    - name: Print message ${i}\n      ansible.builtin.debug:\n        msg: hello ${i}\n`;
    const long = `- hosts: all\n  tasks:\n${Array.from({ length: 400 }, (_, i) => task(i)).join('')}`;
    try {
      const big = explanationMarkdown(await explainDocument(parseAnsibleDocument('file:///p/long.yml', long), catalog));
      assert.ok(long.length > FILE_BUDGET && big.length > GROUNDED_BUDGET);
      await narrativeSummary({ fileText: long, grounded: big }, { model: model(url, 'completions') });
      const { prompt } = JSON.parse(bodies[0]) as { prompt: string };
      assert.ok(prompt.length < FILE_BUDGET + GROUNDED_BUDGET + 2000, `${prompt.length} characters sent`);
      assert.match(prompt, /# … \d+ more line\(s\) not shown/);
      assert.ok(prompt.includes('Print message 0') && !prompt.includes('Print message 399'));
      assert.ok(prompt.endsWith('Summary:\n'));
    } finally {
      await close(server);
    }
  });

  it('an unreachable endpoint leaves a one-line note under the title', async () => {
    const { server, url } = await recorder(SUMMARY);
    await close(server);
    const error = await narrativeSummary({ fileText: PLAYBOOK, grounded }, { model: model(url) }).then(
      () => assert.fail('resolved'),
      (e: Error) => e,
    );
    const result = withoutNarrative(grounded, error.message);
    const note = `_Summary unavailable: model endpoint ${url} unreachable: ECONNREFUSED. The explanation below is complete without it._`;
    assert.deepEqual(result.split('\n').slice(0, 4), ['# What `db.yml` does', '', note, '']);
    assert.equal(withoutInserted(result, `\n${note}\n`), grounded);
  });
});

describe('cleanSummary', () => {
  it('joins lines and cuts a long reply at a sentence end', () => {
    const sentence = 'This task restarts the database service on every host of the group. ';
    const long = sentence.repeat(40);
    const cut = cleanSummary(long);
    assert.ok(cut.length <= MAX_SUMMARY && cut.length > MAX_SUMMARY / 2, `${cut.length}`);
    assert.ok(cut.endsWith('group.'), cut.slice(-20));
    assert.equal(cleanSummary('Summary:\nIt installs nginx.\nIt runs as root.'), 'It installs nginx. It runs as root.');
  });

  it('cuts at a word when there is no sentence end', () => {
    const cut = cleanSummary('word '.repeat(400));
    assert.ok(cut.length <= MAX_SUMMARY + 1 && cut.endsWith('word…'), cut.slice(-10));
  });
});

describe('the summary as Markdown', () => {
  const inserted = (summary: string) => withNarrative('# What `x.yml` does\n\nRest.\n', summary, 'm').split('\n')[6];

  it('shows the model’s text as text: no HTML, images, command or other links, emphasis or code', () => {
    const hostile =
      'See <img src=x onerror=alert(1)> and ![pic](https://evil.example/p.png) then [run](command:scribe.acceptSuggestion?%5B%5D) ' +
      '<command:workbench.action.terminal.new> [x][1] **bold** `code` _it_ &lt;b&gt; ~~gone~~ | a | b |';
    const md = inserted(hostile);
    assert.doesNotMatch(md, /(^|[^\\])<(img|command)/, 'no raw HTML or autolink');
    assert.doesNotMatch(md, /(^|[^\\])!\[/, 'no image');
    assert.doesNotMatch(md, /(^|[^\\])\[run\]\(command:/, 'no command link');
    assert.doesNotMatch(md, /(^|[^\\])\*\*bold/, 'no emphasis');
    assert.doesNotMatch(md, /(^|[^\\])`code/, 'no code span');
    assert.doesNotMatch(md, /(^|[^\\])&lt;/, 'no entity');
    // Every character of the reply is still there, escaped.
    assert.equal(md.replace(/\\(.)/g, '$1'), hostile);
  });

  it('keeps http(s) links and bare addresses as links', () => {
    assert.equal(
      markdownText('Read [the docs](https://docs.ansible.com/x_y) or https://example.com/a_b.'),
      'Read [the docs](https://docs.ansible.com/x%5Fy) or https://example.com/a%5Fb.',
    );
    assert.equal(markdownText('1. First'), '1\\. First');
    // Other schemes and e-mail addresses stay text (a zero-width space: no renderer links them).
    const other = markdownText('See ftp://files.example.com/x, mailto:a@example.com and b@example.com.');
    assert.doesNotMatch(other, /ftp:\/\/|mailto:|\w@example/);
    assert.equal(
      other.replace(/\u200b/g, ''),
      'See ftp://files.example.com/x, mailto:a@example.com and b@example.com.',
    );
    assert.equal(markdownText('# Title'), '\\# Title');
  });

  it('escapes the reason a summary is missing', () => {
    const md = withoutNarrative('# T\n', 'model endpoint answered HTTP 500: <script>alert(1)</script>');
    assert.doesNotMatch(md, /<script>/);
    assert.match(md, /\\<script\\>/);
  });
});
