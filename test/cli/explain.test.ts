// `scribe explain` through runExplain: Markdown and JSON output, the ledger's AI-written parts,
// and bad input as one line (the CLI exits 2 on a UsageError).

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { runExplain } from '../../server/src/cli/explain';
import { UsageError } from '../../server/src/cli/usage';
import type { Explanation } from '../../server/src/explain/explain';
import { cannedModel, startModelEndpoint } from '../helpers/modelEndpoint';
import { sharedCatalogCache, TempWorkspace } from '../helpers/workspace';
import { siteConfigRecord, sitePlaybook } from '../explain/explainFixture';

async function explain(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const code = await runExplain([...args, '--cache-dir', sharedCatalogCache], sink);
  return { code, out };
}

/** The one-line reason a UsageError gives. */
async function usageError(args: string[]): Promise<string> {
  try {
    await explain(args);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    assert.ok(!e.message.includes('\n'), e.message);
    return e.message;
  }
  assert.fail(`no usage error for ${args.join(' ')}`);
}

describe('scribe explain', () => {
  const ws = new TempWorkspace();
  after(() => ws.dispose());
  const site = ws.write('site.yml', sitePlaybook);
  const ledger = ws.write(
    'ledger.json',
    JSON.stringify({ format: 'scribe-provenance', version: 1, records: [siteConfigRecord(site.uri)] }),
  );

  it('writes Markdown by default', async () => {
    const r = await explain([site.path]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^# What `site\.yml` does/);
    assert.match(r.out, /^1\. \*\*Restart nginx\*\*/m);
    assert.match(r.out, /No AI-written content recorded\./);
  });

  it('writes JSON, with the ledger marking the AI-written task', async () => {
    const r = await explain([site.path, '--format', 'json', '--ledger', ledger.path]);
    assert.equal(r.code, 0);
    const e = JSON.parse(r.out) as Explanation;
    assert.equal(e.uri, site.uri);
    assert.equal(e.plays.length, 2);
    const marked = e.plays[0].tasks.filter((t) => t.aiWritten.length).map((t) => t.title);
    assert.deepEqual(marked, ['Write the site config']);
    assert.deepEqual(e.aiWritten.licenses, ['GPL-3.0-or-later']);
  });

  it('lists the ledger parts in Markdown', async () => {
    const r = await explain([site.path, '--ledger', ledger.path]);
    assert.match(r.out, /- Lines 23–29 \(\*\*Write the site config\*\*\): AI-written .*GPL-3\.0-or-later/);
  });

  it('gives a one-line reason for bad input', async () => {
    const dir = ws.write('dir/placeholder', '').path.replace(/placeholder$/, '');
    const binary = ws.write('bin.yml', 'a\0b');
    const notLedger = ws.write('notledger.json', '{"hello": 1}');
    assert.match(await usageError([]), /no file given/);
    assert.match(await usageError([ws.root + '/missing.yml']), /missing\.yml: no such file/);
    assert.match(await usageError([dir]), /not a file/);
    assert.match(await usageError([binary.path]), /binary file/);
    assert.match(await usageError([site.path, '--format', 'html']), /unknown format 'html'/);
    assert.match(
      await usageError([site.path, '--ledger', ws.root + '/none.json']),
      /ledger .*none\.json: no such file/,
    );
    assert.match(await usageError([site.path, '--ledger', notLedger.path]), /not a provenance ledger/);
    assert.match(await usageError([site.path, '--bogus']), /bogus/);
    assert.match(await usageError([site.path, '--lines', '30-20']), /--lines must be FIRST-LAST/);
    assert.match(await usageError([site.path, '--model', 'x']), /need --endpoint URL/);
    assert.match(await usageError([site.path, '--endpoint', 'http://127.0.0.1:9/v1']), /needs --model NAME/);
    assert.match(await usageError([site.path, '--endpoint', 'ftp://x', '--model', 'x']), /an http\(s\) URL/);
  });

  it('explains only the lines asked for', async () => {
    const r = await explain([site.path, '--lines', '23-29', '--ledger', ledger.path]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^# What lines 23–29 of `site\.yml` do/);
    assert.match(r.out, /\*\*Write the site config\*\*/);
    assert.doesNotMatch(r.out, /Create site users/);
  });

  it('puts an endpoint’s summary on top, or says why there is none', async () => {
    const endpoint = await startModelEndpoint(cannedModel);
    try {
      const r = await explain([site.path, '--endpoint', endpoint.url, '--model', 'fixture', '--api', 'chat']);
      assert.equal(r.code, 0);
      assert.match(r.out, /^# What `site\.yml` does\n\n## Summary\n/);
      assert.match(r.out, /installs nginx on the web hosts/);
      assert.match(r.out, /## Play 1: Web servers/);
      assert.equal(endpoint.bodies.length, 1);
    } finally {
      await endpoint.close();
    }
    const down = await explain([site.path, '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'x']);
    assert.equal(down.code, 1);
    assert.match(down.out, /Summary unavailable: .*unreachable/);
    assert.match(down.out, /## Play 1: Web servers/);
  });
});
