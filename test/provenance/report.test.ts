import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';
import { EditorDocument, offered, range } from './fixtures/editor';

process.env.TZ = 'UTC';

const root = 'file:///w';
const web = 'file:///w/roles/web/tasks/main.yml';
const site = 'file:///w/site%20one.yml';

function workspace() {
  const ledger = new ProvenanceLedger({ now: () => new Date('2026-11-26T10:32:00Z') });
  ledger.recordSuggestion('a', offered('  community.general.ufw:\n    rule: allow\n', web));
  ledger.accept('a', web, range(4, 0, 4, 0));
  ledger.recordSuggestion(
    'b',
    offered('  ansible.builtin.package:\n    name: nginx\n', site, {
      model: 'openai:llama3',
      matches: [
        {
          collection: 'acme.web',
          version: '1.0.0',
          path: 'roles/nginx/tasks/main.yml',
          line: 3,
          repoUrl: 'https://git.example.org/acme/web',
          license: 'MIT AND Apache-2.0',
          score: 0.71,
          snippet: '- ansible.builtin.package:\n    name: nginx',
        },
        {
          collection: 'x|y',
          version: '',
          path: 'a_b*c.yml',
          line: 0,
          repoUrl: '',
          license: 'GPL-3.0-or-later',
          score: 0.5,
          snippet: '',
        },
      ],
    }),
  );
  ledger.accept('b', site, range(1, 0, 1, 0));
  ledger.recordSuggestion('c', offered('  ansible.builtin.ping:\n', web, { matches: [] }));
  ledger.accept('c', web, range(1, 0, 1, 0));
  return ledger;
}

void describe('provenance report', () => {
  void it('Markdown: a table per file with ranges, state, model, time, linked sources and licences, then a licence summary', () => {
    const ledger = workspace();
    const doc = new EditorDocument(web, '- name: a\n\n- name: b\n\n\n\n', ledger);
    doc.change({ range: range(1, 2, 1, 9), text: 'ansible' }); // inside 'c' (lines 2) → modified
    const md = ledger.report('markdown', root);
    assert.match(md, /^# Provenance report\n\nGenerated 2026-11-26 10:32: 3 AI-written ranges in 2 files\.\n/);
    const sections = md.split('\n## ');
    assert.deepEqual(
      sections.slice(1).map((s) => s.split('\n')[0]),
      ['roles/web/tasks/main.yml', 'site one.yml', 'Licences'],
      'files sorted by path, relative to the root',
    );
    const webRows = sections[1]
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Lines') && !l.startsWith('| ---'));
    assert.equal(webRows.length, 2);
    assert.match(
      webRows[0],
      /^\| 2 \| modified by user \| embedded \| 2026-11-26 10:32 \| none recorded \| NOASSERTION \|$/,
    );
    assert.equal(
      webRows[1],
      '| 5–6 | AI-written | embedded | 2026-11-26 10:32 | [community.general@6.6.2 plugins/modules/ufw.py](https://github.com/ansible-collections/community.general/blob/HEAD/plugins/modules/ufw.py#L42) (0.93, GPL-3.0-or-later) | `GPL-3.0-or-later` |',
    );
    assert.match(sections[2], /\| 2–3 \| AI-written \| openai:llama3 \|/);
    assert.match(
      sections[2],
      /\[acme\.web@1\.0\.0 roles\/nginx\/tasks\/main\.yml\]\(https:\/\/git\.example\.org\/acme\/web\) \(0\.71, MIT AND Apache-2\.0\)/,
    );
    assert.match(
      sections[2],
      /<br>x\\\|y a\\_b\\\*c\.yml \(0\.50, GPL-3\.0-or-later\)/,
      'escaped, no link without a repository',
    );
    // Every row of the file tables has six cells: escaping kept the pipes in the text.
    const fileRows = [sections[1], sections[2]].flatMap((t) => t.split('\n').filter((l) => l.startsWith('|')));
    assert.equal(fileRows.length, 7);
    for (const row of fileRows) assert.equal(row.replace(/\\\|/g, '').split('|').length, 8, row);
    assert.match(sections[3], /\| Licence \| Ranges \| Files \|/);
    assert.match(sections[3], /\| `GPL-3\.0-or-later` \| 2 \| 2 \|/);
    assert.match(sections[3], /\| `MIT AND Apache-2\.0` \| 1 \| 1 \|/);
    assert.match(sections[3], /\| `NOASSERTION` \| 1 \| 1 \|/);
  });

  void it('JSON: files, records with 1-based lines, source URLs and text, and the licence summary', () => {
    const ledger = workspace();
    const json = JSON.parse(ledger.report('json', root)) as {
      format: string;
      version: number;
      generatedAt: string;
      root: string;
      files: {
        uri: string;
        path: string;
        records: {
          suggestionId: string;
          lines: { start: number; end: number };
          state: string;
          text: string;
          matches: { url: string | null }[];
        }[];
      }[];
      licences: { license: string; ranges: number; files: number }[];
    };
    assert.equal(json.format, 'scribe-provenance-report');
    assert.equal(json.version, 1);
    assert.equal(json.generatedAt, '2026-11-26T10:32:00.000Z');
    assert.deepEqual(
      json.files.map((f) => [f.path, f.records.map((r) => r.suggestionId)]),
      [
        ['roles/web/tasks/main.yml', ['c', 'a']],
        ['site one.yml', ['b']],
      ],
    );
    const a = json.files[0].records[1];
    assert.deepEqual(a.lines, { start: 5, end: 6 });
    assert.equal(a.text, '  community.general.ufw:\n    rule: allow\n');
    assert.equal(
      a.matches[0].url,
      'https://github.com/ansible-collections/community.general/blob/HEAD/plugins/modules/ufw.py#L42',
    );
    assert.equal(json.files[1].records[0].matches[1].url, null);
    assert.deepEqual(json.licences[0], { license: 'GPL-3.0-or-later', ranges: 2, files: 2 });
  });

  void it('says so when nothing is recorded, and shows full paths outside the root', () => {
    const empty = new ProvenanceLedger({ now: () => new Date('2026-11-26T10:32:00Z') });
    assert.equal(
      empty.report('markdown'),
      '# Provenance report\n\nGenerated 2026-11-26 10:32. No AI-written content is recorded.\n',
    );
    assert.deepEqual((JSON.parse(empty.report('json')) as { files: unknown[] }).files, []);
    const outside = workspace();
    assert.match(outside.report('markdown', 'file:///elsewhere'), /\n## \/w\/site one\.yml\n/);
  });

  void it('follows the ledger: a moved record is reported at its new lines', () => {
    const ledger = workspace();
    ledger.applyChanges(web, [{ range: range(0, 0, 0, 0), text: '---\n' }]);
    assert.match(ledger.report('markdown', root), /\| 6–7 \| AI-written \|/);
  });

  void it('names the attribution index of records matched while a shared index was configured', () => {
    const ledger = workspace();
    assert.doesNotMatch(ledger.report('markdown', root), /Where the matches came from/, 'only with a shared index');
    const shared = 'shared index at postgres://scribe@db.example.org/attribution';
    const down = 'local index (shared index unreachable: cannot reach the database)';
    ledger.recordSuggestion('d', offered('  ansible.builtin.ping:\n', site, { attributedBy: shared }));
    ledger.accept('d', site, range(6, 0, 6, 0));
    ledger.recordSuggestion('e', offered('  ansible.builtin.ping:\n', site, { attributedBy: down }));
    ledger.accept('e', site, range(8, 0, 8, 0));
    assert.equal(ledger.attribution('d')?.attributedBy, shared);
    assert.equal(ledger.attribution('a')?.attributedBy, undefined);

    const md = ledger.report('markdown', root);
    const section = md.split('\n## ').find((s) => s.startsWith('Where the matches came from'));
    assert.ok(section, md);
    assert.deepEqual(
      section.split('\n').filter((l) => /^\| (?!Attribution|---)/.test(l)),
      ['| local index | 3 |', `| ${down} | 1 |`, `| ${shared} | 1 |`],
    );
    const json = JSON.parse(ledger.report('json', root)) as {
      files: { records: { suggestionId: string; attributedBy: string | null }[] }[];
    };
    const by = Object.fromEntries(json.files.flatMap((f) => f.records.map((r) => [r.suggestionId, r.attributedBy])));
    assert.deepEqual(by, { a: null, b: null, c: null, d: shared, e: down });
  });
});
