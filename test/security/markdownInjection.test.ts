// Attack: Markdown the server renders (the explanation panel, hovers, the provenance hover and
// report) built from text an attacker writes — a task name in a cloned repository, an option value,
// a condition, a collection's module documentation, a ledger record — carrying an image (a request
// to the attacker's server when the hover opens), raw HTML (`<img onerror>`, `<script>`) or a
// `command:` link (runs an editor command on click). Rendered with markdown-it (HTML and linkify on,
// every link scheme allowed: the most permissive renderer), none of them may become an element or
// a link; the text must still be shown (escaped), and http(s) links in module docs still work.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type { ModuleCatalog, ModuleDoc, ResolvedModule } from '../../server/src/catalog/types';
import { stripMarkup } from '../../server/src/catalog/markup';
import {
  escapeMarkdown,
  escapeMarkdownKeepingCode,
  inlineCode,
  sanitizeMarkdown,
} from '../../server/src/document/markdown';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { explainDocument, explanationMarkdown } from '../../server/src/explain/explain';
import { provenanceReport } from '../../server/src/provenance/report';
import type { ProvenanceRecord } from '../../server/src/provenance/types';
import { attributionMarkdown } from '../../server/src/service/attributionHover';
import { hover } from '../../server/src/service/hover';
import { keywordMarkdown, moduleMarkdown, optionMarkdown } from '../../server/src/service/markdown';

interface Renderer {
  render(src: string): string;
  validateLink: (url: string) => boolean;
}
// markdown-it comes with the packaging tool (@vscode/vsce); it is the renderer VS Code's Markdown
// preview uses.
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => Renderer;
const md = new MarkdownIt({ html: true, linkify: true });
md.validateLink = () => true; // let every scheme through: only our escaping stands in the way

const IMAGE = '![x](http://evil.example/x.png)';
const HTML_IMG = '<img src=x onerror=alert(1)>';
const COMMAND = '[click](command:workbench.action.terminal.new)';
const SCRIPT = '<script>alert(2)</script>';
const AUTOLINK = '<command:workbench.action.reloadWindow>';
const REF = '[r]\n\n[r]: command:workbench.action.quit';
const PAYLOADS = [IMAGE, HTML_IMG, COMMAND, SCRIPT, AUTOLINK];
const PAYLOAD = PAYLOADS.join(' ');

/** The rendered HTML has no element or link an attacker put there. */
function assertInert(markdown: string, where: string): string {
  const html = md.render(markdown);
  const ctx = `${where}:\n${markdown}\n---\n${html}`;
  assert.ok(!/<img\b/i.test(html), `an image in ${ctx}`);
  assert.ok(!/<script\b/i.test(html), `a script in ${ctx}`);
  assert.ok(!/<[a-z][^>]*\bon\w+=/i.test(html), `an event handler in ${ctx}`);
  for (const m of html.matchAll(/<a\b[^>]*href="([^"]*)"/gi))
    assert.match(m[1], /^https?:\/\//, `a non-web link ${m[1]} in ${ctx}`);
  return html;
}

/** The payload is still shown, as text. */
function assertShown(html: string, where: string): void {
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), `the <img> text is not shown in ${where}:\n${html}`);
  assert.ok(html.includes('&lt;script&gt;alert(2)&lt;/script&gt;'), `the <script> text is not shown in ${where}`);
}

describe('security: markdown injection — the escaping helpers', () => {
  it('escapeMarkdown, inlineCode, escapeMarkdownKeepingCode and sanitizeMarkdown leave nothing live', () => {
    for (const p of [...PAYLOADS, REF, PAYLOAD, '\\' + HTML_IMG, '`' + SCRIPT, '&lt;img src=x onerror=y&gt;']) {
      assertInert(`- ${escapeMarkdown(p)}`, `escapeMarkdown(${p})`);
      assertInert(`- ${inlineCode(p)}`, `inlineCode(${p})`);
      assertInert(`- ${escapeMarkdownKeepingCode(`runs \`${p}\` then ${p}`)}`, `keepingCode(${p})`);
      assertInert(sanitizeMarkdown(p), `sanitizeMarkdown(${p})`);
      assertInert(sanitizeMarkdown(`text\n${p}\n\n${p}`), `sanitizeMarkdown (lines)`);
      assertInert(sanitizeMarkdown(`\`x\n${SCRIPT}\``), `sanitizeMarkdown (a code span across lines)`);
    }
    const html = assertInert(sanitizeMarkdown(`See [the guide](https://docs.ansible.com/x) and ${PAYLOAD}`), 'mixed');
    assert.match(html, /<a href="https:\/\/docs\.ansible\.com\/x">the guide<\/a>/);
    assertShown(html, 'mixed');
    assert.ok(!/<a /.test(md.render(sanitizeMarkdown('[a](https://x.example)', { links: false }))));
  });
});

describe('security: markdown injection — the explanation', () => {
  const doc: ModuleDoc = {
    fqcn: 'evil.col.mod',
    collection: 'evil.col',
    shortDescription: `Does things ${IMAGE} ${HTML_IMG}, see [docs](https://docs.example.com/p)`,
    description: [`Long ${PAYLOAD}`],
    options: {
      path: {
        name: 'path',
        description: `The ${COMMAND} ${SCRIPT} ${IMAGE} path.`,
        required: false,
        aliases: [],
      },
    },
    freeForm: false,
  };
  const catalog = {
    resolve: (name: string): ResolvedModule | undefined =>
      name === 'evil.col.mod' ? { written: name, fqcn: name } : undefined,
    getDoc: () => doc,
    loadDoc: (fqcn: string) => Promise.resolve(fqcn === doc.fqcn ? doc : undefined),
    list: () => [],
    ready: () => Promise.resolve(),
    status: () => ({ state: 'ready', modules: 1 }),
    rebuild: () => Promise.resolve({ state: 'ready', modules: 1 }),
    dispose: () => undefined,
  } as unknown as ModuleCatalog;

  const q = (s: string) => JSON.stringify(s);
  const playbook = [
    `- name: ${q(`Play ${PAYLOAD}`)}`,
    `  hosts: ${q(`web ${IMAGE}`)}`,
    `  become_user: ${q(HTML_IMG)}`,
    '  become: true',
    `  roles: [${q(COMMAND)}]`,
    '  tasks:',
    `    - name: ${q(`Innocent ${PAYLOAD}`)}`,
    '      evil.col.mod:',
    `        path: ${q(`/tmp/${PAYLOAD}`)}`,
    `      when: ${q(`x == '${HTML_IMG}'`)}`,
    `      loop: ${q(`{{ ${SCRIPT} }}`)}`,
    `      register: ${q('r')}`,
    `      notify: ${q(`h ${COMMAND}`)}`,
    `      delegate_to: ${q(IMAGE)}`,
    `    - name: ${q('backticks ```<img src=x onerror=alert(3)>```')}`,
    '      ansible.builtin.debug:',
    `        msg: ${q('`' + SCRIPT + '`')}`,
    `    - ${q(`unknown.mod ${HTML_IMG}`)}: {}`,
    '  handlers:',
    `    - name: ${q(`h ${COMMAND}`)}`,
    `      listen: ${q(`topic ${IMAGE}`)}`,
    '      ansible.builtin.debug: {}',
    '',
  ].join('\n');

  it('task and play names, hosts, option values, conditions and module docs are shown, not rendered', async () => {
    const parsed = parseAnsibleDocument('file:///w/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.yml', playbook);
    const e = await explainDocument(parsed, catalog);
    assert.equal(e.plays[0].tasks.length, 3);
    const markdown = explanationMarkdown(e);
    const html = assertInert(markdown, 'the explanation');
    assertShown(html, 'the explanation');
    assert.match(html, /<a href="https:\/\/docs\.example\.com\/p">docs<\/a>/, 'an http(s) link in module docs works');
  });
});

describe('security: markdown injection — hovers with module documentation', () => {
  const doc: ModuleDoc = {
    fqcn: 'evil.col.mod',
    collection: 'evil.col',
    shortDescription: `Short ${IMAGE}`,
    description: [
      stripMarkup(
        `Uses C(${HTML_IMG}) and B(${SCRIPT}); see L(the docs,https://docs.example.com/m) and L(run,command:workbench.action.terminal.new) ${PAYLOAD} ${REF}`,
      ),
    ],
    options: {
      [`opt${HTML_IMG}`]: {
        name: `opt${HTML_IMG}`,
        description: `Opt ${PAYLOAD} U(https://docs.example.com/u)`,
        type: `str ${IMAGE}`,
        required: true,
        default: `\`${SCRIPT}\``,
        choices: [COMMAND, '`a`|b'],
        aliases: [IMAGE],
        suboptions: { [SCRIPT]: { name: SCRIPT, description: '', required: false, aliases: [] } },
      },
    },
    freeForm: false,
    deprecated: { message: `Old ${COMMAND}`, alternative: IMAGE, removedIn: HTML_IMG },
  };

  it('moduleMarkdown, optionMarkdown and keywordMarkdown: only http(s) links survive', () => {
    const resolved: ResolvedModule = {
      written: `x.y.${HTML_IMG}`,
      fqcn: doc.fqcn,
      redirectedFrom: 'x',
      removed: { message: `Gone ${PAYLOAD}` },
    };
    const m = assertInert(moduleMarkdown(doc, resolved), 'moduleMarkdown');
    assertShown(m, 'moduleMarkdown');
    assert.match(m, /<a href="https:\/\/docs\.example\.com\/m">the docs<\/a>/);
    assert.match(
      m,
      /<a href="https:\/\/docs\.ansible\.com\/ansible\/latest\/collections\/evil\/col\/mod_module\.html">/,
    );
    const o = assertInert(optionMarkdown(`${doc.fqcn} › ${IMAGE}`, Object.values(doc.options)[0]), 'optionMarkdown');
    assertShown(o, 'optionMarkdown');
    assertInert(keywordMarkdown(`k${HTML_IMG}`, 'task', `d ${PAYLOAD}`), 'keywordMarkdown');
  });

  it("a hover over a removed module: its tombstone message (a collection's runtime.yml) is escaped", async () => {
    const name = 'evil.col.gone';
    const catalog = {
      resolve: () => ({ written: name, fqcn: 'evil.col.gone', removed: { message: `Removed. ${PAYLOAD}` } }),
      getDoc: () => undefined,
      loadDoc: () => Promise.resolve(undefined),
    } as unknown as ModuleCatalog;
    const text = `- name: x\n  ${name}: {}\n`;
    const parsed = parseAnsibleDocument('file:///w/t.yml', text);
    const h = await hover(parsed, { line: 1, character: 5 }, catalog);
    assert.ok(h, 'a hover');
    const value = (h.contents as { value: string }).value;
    assertShown(assertInert(value, 'the removed-module hover'), 'the removed-module hover');
  });
});

describe('security: markdown injection — provenance hover and report', () => {
  const record: ProvenanceRecord = {
    id: 'r1',
    suggestionId: 's1',
    uri: `file:///w/${encodeURIComponent(HTML_IMG)}.yml`,
    range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
    model: `m ${PAYLOAD}`,
    createdAt: `not a date ${HTML_IMG}`,
    matches: [
      {
        collection: `c ${IMAGE}`,
        version: SCRIPT,
        path: `p/${COMMAND}`,
        line: 1,
        repoUrl: 'command:workbench.action.terminal.new',
        license: `MIT ${HTML_IMG} | x`,
        score: 0.5,
        snippet: '```\n' + SCRIPT + '\n```',
      },
      {
        collection: 'ok.col',
        version: '1.0.0',
        path: 'roles/x/tasks/main.yml',
        line: 3,
        repoUrl: 'https://github.com/ok/col',
        license: 'MIT',
        score: 0.4,
        snippet: '- name: fine',
      },
    ],
    licenses: [`MIT ${HTML_IMG} | x`, SCRIPT],
    policy: { action: 'warn', reason: `because ${PAYLOAD}` },
    attributedBy: `shared index at ${PAYLOAD}`,
    state: 'ai',
    text: '  x: 1\n',
  };

  it('every field of a (possibly planted) ledger record is escaped; source links are http(s) only', () => {
    const hoverHtml = assertInert(attributionMarkdown(record), 'the attribution hover');
    assertShown(hoverHtml, 'the attribution hover');
    assert.match(hoverHtml, /<a href="https:\/\/github\.com\/ok\/col\/blob\/HEAD\/roles\/x\/tasks\/main\.yml#L3">/);
    const report = provenanceReport([record], 'markdown', { generatedAt: new Date(0) });
    const reportHtml = assertInert(report, 'the provenance report');
    assertShown(reportHtml, 'the provenance report');
  });
});
