import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';
import { EditorDocument, offered, pos, range } from './fixtures/editor';

const root = mkdtempSync(join(tmpdir(), 'scribe-ledger-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(root, `case${n++}`, 'provenance.json');
const uri = 'file:///w/site.yml';

/** The moved-aside copies of a ledger file, oldest first (their names sort by time). */
const backups = (file: string): string[] =>
  readdirSync(join(file, '..'))
    .filter((n) => n.startsWith('provenance.json.') && n.endsWith('.bak'))
    .sort()
    .map((n) => join(file, '..', n));
const task = '      ansible.builtin.service:\n        name: nginx\n        state: started\n';

async function ledgerWithOneRecord(file: string, saveDelayMs = 20) {
  const warnings: string[] = [];
  const ledger = await ProvenanceLedger.open(file, { saveDelayMs, warn: (l) => warnings.push(l) });
  const doc = new EditorDocument(uri, '- hosts: all\n  tasks:\n    - name: Start nginx\n', ledger);
  ledger.recordSuggestion('s1', offered(task, uri));
  doc.insert(pos(3, 0), task);
  const record = ledger.accept('s1', uri, range(3, 0, 3, 0), doc.text);
  assert.ok(record);
  return { ledger, doc, record, warnings };
}

void describe('ledger persistence', () => {
  void it('survives a restart: a new ledger from the same file has the records as they were last edited', async () => {
    const file = freshFile();
    const { ledger, doc, record, warnings } = await ledgerWithOneRecord(file);
    doc.insert(pos(0, 0), '---\n');
    doc.change({ range: range(6, 13, 6, 20), text: 'restarted' });
    await ledger.flush();
    const again = await ProvenanceLedger.open(file);
    const [r] = again.all();
    assert.equal(again.all().length, 1);
    assert.equal(r.id, record.id);
    assert.deepEqual(r.range, range(4, 0, 7, 0));
    assert.equal(r.state, 'modified');
    assert.equal(doc.slice(r.range), r.text);
    assert.deepEqual(r.matches, record.matches);
    assert.equal(again.at(uri, pos(5, 6))?.id, record.id);
    assert.equal(again.attribution('s1')?.matches[0].license, 'GPL-3.0-or-later', 'attribution from the record');
    // The document reopened after the restart, as the editor has it: the record stays.
    again.reconcile(uri, doc.text);
    assert.equal(again.all().length, 1);
    assert.deepEqual(warnings, []);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number };
    assert.equal(saved.format, 'scribe-provenance');
    assert.equal(saved.version, 1);
  });

  void it('saves after a pause, not on every change', async () => {
    const file = freshFile();
    const { doc } = await ledgerWithOneRecord(file, 150);
    assert.equal(existsSync(file), false, 'not written at once');
    doc.insert(pos(0, 0), '# a\n');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(existsSync(file), false, 'still within the pause');
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(existsSync(file), true, 'written after the delay');
    assert.deepEqual((await ProvenanceLedger.open(file)).all()[0].range, range(4, 0, 7, 0));
  });

  void it('an unreadable file: one warning, starts empty, the file kept aside as a timestamped .bak, never throws', async () => {
    for (const bad of [
      '{"format": "scribe-provenance", "vers',
      '[]',
      '{"format":"scribe-provenance","version":99,"records":[]}',
      '{"format":"scribe-provenance","version":1,"records":[{"id":1}]}',
    ]) {
      const file = freshFile();
      const { ledger } = await ledgerWithOneRecord(file);
      await ledger.save();
      writeFileSync(file, bad);
      const warnings: string[] = [];
      const opened = await ProvenanceLedger.open(file, { warn: (l) => warnings.push(l) });
      assert.deepEqual(opened.all(), []);
      assert.equal(warnings.length, 1, bad);
      assert.doesNotMatch(warnings[0], /\n/);
      const kept = /unreadable .* starting empty, old file kept as (.*provenance\.json\.[0-9TZ-]+\.bak)$/.exec(
        warnings[0],
      );
      assert.ok(kept, warnings[0]);
      assert.equal(readFileSync(kept[1], 'utf8'), bad);
      assert.deepEqual(backups(file), [kept[1]]);
      assert.equal(existsSync(file), false);
      // It works from there on.
      opened.recordSuggestion('x', offered('  a: 1\n', uri));
      opened.accept('x', uri, range(0, 0, 0, 0));
      assert.equal(await opened.save(), true);
      assert.equal((await ProvenanceLedger.open(file)).all().length, 1);
    }
  });

  void it('a missing file or folder is an empty ledger without a warning', async () => {
    const warnings: string[] = [];
    const opened = await ProvenanceLedger.open(join(root, 'nowhere', 'deeper', 'p.json'), {
      warn: (l) => warnings.push(l),
    });
    assert.deepEqual(opened.all(), []);
    assert.deepEqual(warnings, []);
  });

  void it('a failed save is a warning, not an exception', async () => {
    const dir = freshFile();
    const warnings: string[] = [];
    // The ledger's path is a folder: nothing can be renamed over it.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const ledger = await ProvenanceLedger.open(dir, { warn: (l) => warnings.push(l) });
    ledger.recordSuggestion('x', offered('  a: 1\n', uri));
    ledger.accept('x', uri, range(0, 0, 0, 0));
    assert.equal(await ledger.save(), false);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /could not be read .*; starting empty$/);
    assert.match(warnings[1], /could not be saved/);
    assert.deepEqual(
      readdirSync(join(dir, '..')).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left',
    );
  });

  void it('writes atomically: a process that dies halfway through writing leaves the previous ledger whole', async () => {
    const file = freshFile();
    const { ledger } = await ledgerWithOneRecord(file);
    await ledger.save();
    const before = readFileSync(file, 'utf8');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures', 'crashWhileSaving.ts'), file],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const signal = await new Promise((r) => child.on('exit', (_code, sig) => r(sig)));
    assert.equal(signal, 'SIGKILL', `the writer died mid-write (${out.trim()})`);
    assert.equal(readFileSync(file, 'utf8'), before, 'the ledger file is the previous one, byte for byte');
    const warnings: string[] = [];
    assert.equal((await ProvenanceLedger.open(file, { warn: (l) => warnings.push(l) })).all().length, 1);
    assert.deepEqual(warnings, []);
  });

  void it('writes atomically: a process killed while saving leaves a whole ledger', async () => {
    const file = freshFile();
    const records = 300; // a few MB, so that kills land inside writes
    for (let round = 0; round < 6; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(__dirname, 'fixtures', 'saveLoop.ts'), file, String(records)],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => resolve());
        child.on('exit', (code) => reject(new Error(`save loop exited with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 5 + round * 17));
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      const warnings: string[] = [];
      const opened = await ProvenanceLedger.open(file, { warn: (l) => warnings.push(l) });
      assert.deepEqual(warnings, [], `round ${round}`);
      assert.equal(opened.all().length, records, `round ${round}`);
    }
  });

  void it('removes temporary files a killed process left behind: its writer is gone, or they are stale', async () => {
    const file = freshFile();
    const { ledger } = await ledgerWithOneRecord(file);
    await ledger.save();
    const dir = join(file, '..');
    const live = process.ppid; // a process that runs: another server writing now
    const dead = spawnSync('true').pid; // a process that ran and is gone
    const stale = join(dir, `.provenance.json.${live}.abcd.tmp`);
    const orphan = join(dir, `.provenance.json.${dead}.ef02.tmp`);
    const fresh = join(dir, `.provenance.json.${live}.ef01.tmp`);
    for (const f of [stale, orphan, fresh]) writeFileSync(f, '{"half');
    utimesSync(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    assert.equal((await ProvenanceLedger.open(file)).all().length, 1);
    assert.equal(existsSync(stale), false, 'older than a minute');
    assert.equal(existsSync(orphan), false, 'its writer is gone');
    assert.equal(existsSync(fresh), true, 'another server may be writing it');
  });

  void it('six corruptions keep the five newest as timestamped backups', async () => {
    const file = freshFile();
    const { ledger } = await ledgerWithOneRecord(file);
    await ledger.save();
    const kept: string[] = [];
    for (let i = 1; i <= 6; i++) {
      writeFileSync(file, `{"corrupt": ${i}`);
      const warnings: string[] = [];
      await ProvenanceLedger.open(file, { warn: (l) => warnings.push(l) });
      kept.push(/old file kept as (.*\.bak)$/.exec(warnings[0])![1]);
    }
    assert.equal(new Set(kept).size, 6, 'six different names, none overwritten');
    assert.deepEqual(backups(file), kept.slice(1), 'the oldest went, the five newest stay');
    assert.deepEqual(
      backups(file).map((b) => readFileSync(b, 'utf8')),
      [2, 3, 4, 5, 6].map((i) => `{"corrupt": ${i}`),
    );
    for (const b of backups(file)) assert.equal(statSync(b).mode & 0o777, 0o600, b);
  });

  void it('the ledger is private: file 0600, folder 0700, the older world-readable file tightened on open', async () => {
    const file = freshFile();
    const { ledger } = await ledgerWithOneRecord(file);
    await ledger.save();
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(file, '..')).mode & 0o777, 0o700);
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o644);
    await ProvenanceLedger.open(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });
});
