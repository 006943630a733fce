import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FeedbackStore, workspaceFeedbackFile } from '../../server/src/feedback/store';

const dir = mkdtempSync(join(tmpdir(), 'scribe-feedback-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `ws${n++}`, 'feedback.json');

describe('FeedbackStore', () => {
  it('persists events and reads them back in a new store', () => {
    const file = fresh();
    const a = new FeedbackStore({ file });
    a.record({ kind: 'reject', description: 'Install nginx', fqcn: 'ansible.builtin.yum', args: { name: 'nginx' } });
    a.record({
      kind: 'accept',
      description: 'Install nginx',
      fqcn: 'ansible.builtin.package',
      args: { name: 'nginx', state: 'present', list: ['x'], long: 'y'.repeat(300) },
      time: 42,
    });
    const b = new FeedbackStore({ file });
    assert.equal(b.events().length, 2);
    assert.deepEqual(b.events()[1], {
      kind: 'accept',
      description: 'Install nginx',
      fqcn: 'ansible.builtin.package',
      args: { name: 'nginx', state: 'present', list: null, long: null },
      time: 42,
    });
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number };
    assert.equal(stored.format, 'scribe-feedback');
    assert.equal(stored.version, 1);
    assert.deepEqual(
      readdirSync(dirname(file)).filter((f) => f.endsWith('.tmp')),
      [],
      'the temp file was renamed away',
    );
  });

  it('starts empty with one warning on a corrupt file, keeps it aside, and writes a good one next', () => {
    const file = fresh();
    new FeedbackStore({ file }).record({ kind: 'accept', description: 'x', fqcn: 'ansible.builtin.ping' });
    writeFileSync(file, '{"format":"scribe-feedback","version":1,"events":[');
    const lines: string[] = [];
    const s = new FeedbackStore({ file, log: (l) => lines.push(l) });
    assert.equal(s.events().length, 0);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /unreadable.*starting empty/);
    assert.ok(existsSync(`${file}.corrupt`));
    s.record({ kind: 'accept', description: 'y', fqcn: 'ansible.builtin.ping' });
    assert.equal(new FeedbackStore({ file }).events().length, 1);
  });

  it('treats another version or format as unreadable, and drops malformed events', () => {
    const file = fresh();
    new FeedbackStore({ file }).record({ kind: 'accept', description: 'x', fqcn: 'm' });
    writeFileSync(file, JSON.stringify({ format: 'scribe-feedback', version: 99, events: [] }));
    const lines: string[] = [];
    assert.equal(new FeedbackStore({ file, log: (l) => lines.push(l) }).events().length, 0);
    assert.match(lines[0], /version 99/);
    const good = { kind: 'accept', description: 'a', fqcn: 'm', args: {}, time: 1 };
    writeFileSync(
      file,
      JSON.stringify({ format: 'scribe-feedback', version: 1, events: [good, { kind: 'nope' }, { ...good, args: 3 }] }),
    );
    assert.deepEqual(new FeedbackStore({ file }).events(), [good]);
  });

  it('keeps only the newest maxEvents, in memory and on disk', () => {
    const file = fresh();
    const s = new FeedbackStore({ file, maxEvents: 3 });
    for (let i = 0; i < 5; i++) s.record({ kind: 'accept', description: `task ${i}`, fqcn: 'm', time: i });
    assert.deepEqual(
      s.events().map((e) => e.time),
      [2, 3, 4],
    );
    assert.deepEqual(
      new FeedbackStore({ file, maxEvents: 3 }).events().map((e) => e.time),
      [2, 3, 4],
    );
    assert.deepEqual(
      new FeedbackStore({ file, maxEvents: 2 }).events().map((e) => e.time),
      [3, 4],
    );
  });

  it('clear() forgets everything, in memory and on disk', () => {
    const file = fresh();
    const s = new FeedbackStore({ file });
    s.record({ kind: 'thumbsDown', description: 'x', fqcn: 'm' });
    s.clear();
    assert.equal(s.events().length, 0);
    assert.ok(!existsSync(file));
    assert.equal(new FeedbackStore({ file }).events().length, 0);
  });

  it('is silent about a missing file and works without one', () => {
    const lines: string[] = [];
    assert.equal(new FeedbackStore({ file: fresh(), log: (l) => lines.push(l) }).events().length, 0);
    const mem = new FeedbackStore();
    mem.record({ kind: 'ignore', description: 'x', fqcn: 'm' });
    assert.equal(mem.events().length, 1);
    assert.deepEqual(lines, []);
  });

  it('removes temporary files a crashed write left behind, when it opens', () => {
    const file = fresh();
    mkdirSync(dirname(file), { recursive: true });
    const dead = spawnSync('true').pid; // a writer that is gone
    const live = process.ppid; // a writer that runs (another server on this workspace)
    const left = [`.feedback.json.${dead}.0badc0de.tmp`, `feedback.json.${dead}.tmp`]; // new and old naming
    const writing = `.feedback.json.${live}.12345678.tmp`;
    const ancient = `.feedback.json.${live}.87654321.tmp`;
    for (const name of [...left, writing, ancient]) writeFileSync(join(dirname(file), name), '{"half');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dirname(file), ancient), hourAgo, hourAgo);
    new FeedbackStore({ file });
    assert.deepEqual(
      readdirSync(dirname(file)).filter((f) => f.endsWith('.tmp')),
      [writing],
      'only the live writer’s fresh temp file stays',
    );
  });

  it('gives each workspace its own file', () => {
    const a = workspaceFeedbackFile('/c', 'file:///a');
    assert.equal(a, workspaceFeedbackFile('/c', 'file:///a'));
    assert.notEqual(a, workspaceFeedbackFile('/c', 'file:///b'));
    assert.match(a, /^\/c\/feedback\/[0-9a-f]{16}\.json$/);
  });
});
