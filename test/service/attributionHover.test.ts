import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';
import { attributionHover } from '../../server/src/service/attributionHover';
import { withCursor } from '../fixtures/service/cursor';
import { EditorDocument, offered, pos, range } from '../provenance/fixtures/editor';

process.env.TZ = 'UTC';

const uri = 'file:///w/roles/web/tasks/main.yml';
const before = '- name: Open port 80\n';
const body = '  community.general.ufw:\n    rule: allow\n    port: "80"\n';

function setup(extra: Parameters<typeof offered>[2] = {}) {
  const ledger = new ProvenanceLedger({ now: () => new Date('2026-11-26T10:32:00Z') });
  const editor = new EditorDocument(uri, before, ledger);
  ledger.recordSuggestion('s1', offered(body, uri, extra));
  editor.insert(pos(1, 0), body);
  ledger.accept('s1', uri, range(1, 0, 1, 0), editor.text);
  return { ledger, editor };
}

/** Hover with the cursor at the marker in the editor's current text. */
function hoverAt(ledger: ProvenanceLedger, editor: EditorDocument, needle: string, at = 0) {
  const i = editor.text.indexOf(needle) + at;
  const { doc, pos: p } = withCursor(editor.text.slice(0, i) + '|' + editor.text.slice(i), uri);
  const h = attributionHover(doc, p, ledger);
  return { h, value: h ? (h.contents as MarkupContent).value : '' };
}

void describe('attribution hover', () => {
  void it('over accepted AI text: model, time, state, each match with link, licence, score and snippet', () => {
    const { ledger, editor } = setup();
    const { h, value } = hoverAt(ledger, editor, 'rule');
    assert.ok(h);
    assert.deepEqual(h.range, range(1, 0, 4, 0), 'the record’s range');
    assert.equal((h.contents as MarkupContent).kind, 'markdown');
    assert.match(value, /^\*\*AI-written\*\* \(embedded model, 2026-11-26 10:32\)\n/);
    assert.match(value, /Unchanged since it was accepted\./);
    assert.match(
      value,
      /- \*\*community\.general@6\.6\.2\*\* \[plugins\/modules\/ufw\.py\]\(https:\/\/github\.com\/ansible-collections\/community\.general\/blob\/HEAD\/plugins\/modules\/ufw\.py#L42\) — `GPL-3\.0-or-later`, score 0\.93/,
    );
    assert.match(
      value,
      /\n\n {2}```yaml\n {2}- name: Allow HTTP\n {4}community\.general\.ufw:\n {6}rule: allow\n {6}port: "80"\n {2}```$/,
    );
  });

  void it('says when the user has modified the text', () => {
    const { ledger, editor } = setup();
    editor.change({ range: range(2, 10, 2, 15), text: 'deny' });
    const { value, h } = hoverAt(ledger, editor, 'deny');
    assert.match(value, /Modified by you since it was accepted\./);
    assert.doesNotMatch(value, /Unchanged/);
    assert.deepEqual(h?.range, range(1, 0, 4, 0));
  });

  void it('nothing outside AI text, nor after it is deleted', () => {
    const { ledger, editor } = setup();
    assert.equal(hoverAt(ledger, editor, 'Open').h, null);
    editor.insert(pos(4, 0), '  tags: [web]\n');
    assert.equal(hoverAt(ledger, editor, 'tags').h, null);
    assert.ok(hoverAt(ledger, editor, 'port:').h);
    editor.change({ range: range(1, 0, 4, 0), text: '' });
    assert.equal(hoverAt(ledger, editor, 'tags').h, null);
  });

  void it('links to the repository when it is not GitHub-like, escapes Markdown, fences snippets with backticks', () => {
    const { ledger, editor } = setup({
      model: 'openai:llama3',
      policy: {
        action: 'warn',
        reason: 'closely matches (0.91) x under GPL-2.0-only, which scribe.attribution.warnLicenses excludes',
      },
      matches: [
        {
          collection: 'acme.web_tools',
          version: '2.0.0',
          path: 'roles/a (b)/tasks/main.yml',
          line: 7,
          repoUrl: 'https://git.example.org/acme/web.git',
          license: 'GPL-2.0-only',
          score: 0.912,
          snippet: '\n\n    - name: Run it\n      ansible.builtin.shell: echo ```x```   \n\n',
        },
        {
          collection: 'local',
          version: '',
          path: 'site.yml',
          line: 0,
          repoUrl: '',
          license: 'NOASSERTION',
          score: 0.4,
          snippet: '',
        },
      ],
    });
    const { value } = hoverAt(ledger, editor, 'rule');
    assert.match(value, /\(model openai:llama3, 2026-11-26 10:32\)/);
    assert.match(value, /Licence policy \(warn\): closely matches/);
    assert.match(
      value,
      /\*\*acme\.web\\_tools@2\.0\.0\*\* \[roles\/a \(b\)\/tasks\/main\.yml\]\(https:\/\/git\.example\.org\/acme\/web\) — `GPL-2\.0-only`, score 0\.91/,
    );
    assert.match(
      value,
      /\n {2}````yaml\n {2}- name: Run it\n {4}ansible\.builtin\.shell: echo ```x```\n {2}````/,
      'trimmed, dedented, a longer fence',
    );
    assert.match(value, /- \*\*local\*\* site\.yml — `NOASSERTION`, score 0\.40$/, 'no link, no empty snippet block');
    assert.doesNotMatch(value, /```yaml\n\s*```/);
  });

  void it('links GitHub sources to the file and line, encoding the path', () => {
    const { ledger, editor } = setup({
      matches: [
        {
          collection: 'c.d',
          version: '1',
          path: 'roles/my role/tasks/main.yml',
          line: 3,
          repoUrl: 'https://github.com/o/r/',
          license: 'MIT',
          score: 1,
          snippet: 'x: 1',
        },
      ],
    });
    assert.match(
      hoverAt(ledger, editor, 'rule').value,
      /\]\(https:\/\/github\.com\/o\/r\/blob\/HEAD\/roles\/my%20role\/tasks\/main\.yml#L3\)/,
    );
  });

  void it('says when no training matches were recorded', () => {
    const { ledger, editor } = setup({ matches: [] });
    assert.match(hoverAt(ledger, editor, 'rule').value, /No training matches were recorded\./);
  });
});
