// "Explain this selection": the fixture playbook's explanation narrowed to selected lines.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AnsibleCatalog } from '../../server/src/catalog/ansibleCatalog';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { explainDocument, explanationMarkdown, type Explanation } from '../../server/src/explain/explain';
import { selectedLines, selectLines } from '../../server/src/explain/selection';
import { sharedCatalogCache } from '../helpers/workspace';
import { siteConfigRecord, sitePlaybook } from './explainFixture';

const uri = 'file:///project/site.yml';

describe('selectLines', () => {
  const catalog = new AnsibleCatalog({ cacheDir: sharedCatalogCache, prefetch: false });
  let whole: Explanation;
  before(async () => {
    await catalog.ready();
    whole = await explainDocument(parseAnsibleDocument(uri, sitePlaybook), catalog, [siteConfigRecord(uri)]);
  });
  after(() => catalog.dispose());

  it('keeps the selected task, its play and the handler it notifies', () => {
    // Lines 23–29: "Write the site config", which notifies the "web config changed" topic.
    const e = selectLines(whole, [24, 26]);
    assert.deepEqual(
      e.plays.map((p) => p.title),
      ['Web servers'],
    );
    assert.deepEqual(
      e.plays[0].tasks.map((t) => t.title),
      ['Write the site config'],
    );
    assert.deepEqual(
      e.plays[0].handlers.map((h) => h.title),
      ['Restart nginx'],
    );
    assert.equal(e.aiWritten.count, 1);
    const md = explanationMarkdown(e);
    assert.match(md, /^# What lines 24–26 of `site\.yml` do\n/);
    assert.match(md, /The selection is in 1 play\(s\)\./);
    assert.doesNotMatch(md, /Create site users|Database servers/);
  });

  it('keeps a handler only when selected or notified by a selected task', () => {
    const e = selectLines(whole, [17, 21]); // "Create site users": notifies nothing
    assert.deepEqual(
      e.plays[0].tasks.map((t) => t.title),
      ['Create site users'],
    );
    assert.deepEqual(e.plays[0].handlers, []);
    assert.equal(e.aiWritten.count, 0);
  });

  it('explains a whole play when only its header is selected, and spans plays', () => {
    const header = selectLines(whole, [55, 56]);
    assert.deepEqual(
      header.plays.map((p) => [p.title, p.tasks.length]),
      [['Database servers', whole.plays[1].tasks.length]],
    );
    const both = selectLines(whole, [48, 58]);
    assert.deepEqual(
      both.plays.map((p) => p.title),
      ['Web servers', 'Database servers'],
    );
    assert.deepEqual(
      both.plays[0].handlers.map((h) => h.title),
      ['Restart nginx'],
    );
    assert.deepEqual(both.plays[0].tasks, []);
  });

  it('reads an LSP selection as 1-based lines, not taking a line it ends at the start of', () => {
    assert.deepEqual(selectedLines({ start: { line: 22 }, end: { line: 29, character: 0 } }), [23, 29]);
    assert.deepEqual(selectedLines({ start: { line: 22 }, end: { line: 28, character: 5 } }), [23, 29]);
    assert.deepEqual(selectedLines({ start: { line: 4 }, end: { line: 4, character: 0 } }), [5, 5]);
  });
});
