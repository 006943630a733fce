// Hostile input files: a binary file, bytes that are not UTF-8, and a file over the 5 MB cap each
// get one clear finding (not hundreds of YAML errors) and no parse, in the editor's diagnostics, the
// suggestion pipeline and the CLI.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { runLint } from '../../server/src/cli/lint';
import { UsageError } from '../../server/src/cli/usage';
import { MAX_DOCUMENT_BYTES } from '../../server/src/document/admission';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { validate } from '../../server/src/service/validation';
import { defaultSettings } from '../../server/src/settings';
import { buildTaskRequests } from '../../server/src/suggest/request';
import { describeLine } from '../../server/src/suggest/trigger';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';

const playbook = '- hosts: all\n  tasks:\n    - name: Install nginx\n      ansible.builtin.package: {name: nginx}\n';
// An ELF header and random-looking bytes, as the client decodes them (NULs kept).
const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x3e, 0, 0xff, 0xfe, 0x0a, 0x2d, 0x20]);
// A playbook saved in Latin-1: `é` as the single byte 0xE9, which an editor shows as U+FFFD.
const latin1 = Buffer.concat([
  Buffer.from('- hosts: all\n  vars:\n    city: Montr'),
  Buffer.from([0xe9]),
  Buffer.from('al\n'),
]);
// Many plays: far over the cap, and a parse of it would cost seconds and hundreds of MB.
const huge = playbook.repeat(Math.ceil((MAX_DOCUMENT_BYTES + 1) / playbook.length));

describe('hostile files get one finding and no parse', () => {
  let catalog: AnsibleCatalog;
  before(async () => {
    catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
    await catalog.ready();
  });
  after(() => catalog.dispose());

  const cases: [string, string, string, number][] = [
    ['a binary file', binary.toString('utf8'), 'not analysed: a binary file, not YAML text', 1],
    [
      'bytes that are not UTF-8',
      latin1.toString('utf8'),
      'not analysed: the file holds bytes that are not UTF-8 text',
      1,
    ],
    ['a file over 5 MB', huge, 'not analysed: the file is 5.0 MB, more than the 5.0 MB Ansible Scribe analyses', 2],
  ];
  for (const [title, text, message, severity] of cases) {
    it(`${title}: one diagnostic, no structure`, async () => {
      const doc = parseAnsibleDocument('file:///w/site.yml', text);
      assert.equal(doc.plays.length + doc.tasks.length, 0);
      const diagnostics = await validate(doc, catalog, defaultSettings.validation);
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.slice(0, 3)));
      assert.equal(diagnostics[0].code, 'not-analysed');
      assert.equal(diagnostics[0].severity, severity);
      assert.match(
        String(diagnostics[0].message),
        new RegExp(`^${message.replace(/[.()]/g, '\\$&').replace('5\\.0 MB, more', '\\d+\\.\\d MB, more')}$`),
      );
    });
    it(`${title}: no suggestion, with the reason`, () => {
      const doc = parseAnsibleDocument('file:///w/site.yml', text);
      const r = buildTaskRequests(doc, 2, catalog);
      assert.ok('reason' in r && r.reason.startsWith('not analysed: '), JSON.stringify(r));
    });
  }

  it('a playbook just under the cap is analysed', () => {
    const doc = parseAnsibleDocument('file:///w/site.yml', playbook.repeat(1000));
    assert.equal(doc.plays.length, 1000);
  });
});

describe('scribe lint refuses hostile files in one line', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());

  async function lint(path: string): Promise<string> {
    try {
      await runLint(['--no-ansible-lint', '--cache-dir', sharedCatalogCache, path], new PassThrough());
    } catch (e) {
      assert.ok(e instanceof UsageError, String(e));
      return e.message;
    }
    return '';
  }

  it('binary, not UTF-8, over 5 MB', async () => {
    const files: [string, Buffer | string, RegExp][] = [
      ['bin.yml', binary, /bin\.yml: not analysed: a binary file, not YAML text$/],
      ['latin1.yml', latin1, /latin1\.yml: not analysed: the file holds bytes that are not UTF-8 text$/],
      [
        'huge.yml',
        huge,
        /huge\.yml: not analysed: the file is \d+\.\d MB, more than the 5\.0 MB Ansible Scribe analyses$/,
      ],
    ];
    for (const [name, content, expected] of files) {
      const f = ws.write(name, '');
      writeFileSync(f.path, content);
      assert.match(await lint(f.path), expected);
    }
  });
});

describe('a long line costs linear time in the trigger rules', () => {
  it('a line with 200,000 spaces inside is described at once', () => {
    const line = `    - name: a${' '.repeat(200_000)}b`;
    const started = performance.now();
    const d = describeLine(line);
    // Quadratic trimming took minutes on such a line; linear takes milliseconds. The bound is loose
    // on purpose (a shared machine), far below what the quadratic form needs.
    assert.ok(performance.now() - started < 2000);
    assert.ok(!('reason' in d) && d.kind === 'single');
  });
});
