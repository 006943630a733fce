// Attack: read what Scribe keeps on disk. The feedback store remembers the options of accepted and
// rejected suggestions (to learn the user's preferences); a task that sets a password would put
// the password in a file the whole machine could read. Stores must keep no secret values and be
// private to the user: file 0600 in a folder 0700, written atomically (no `.tmp` left behind).

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FeedbackStore, workspaceFeedbackFile } from '../../server/src/feedback/store';
import { ProvenanceLedger } from '../../server/src/provenance/ledger';

const root = mkdtempSync(join(tmpdir(), 'scribe-stores-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => workspaceFeedbackFile(join(root, `cache${n++}`), 'file:///work/site');

const secrets = {
  password: 'hunter2-Pa55',
  login_password: "{{ vault_pw | default('s3cr3t-default') }}",
  api_token: 'tok_live_0123456789abcdef',
  client_secret: 'cl13nt-s3cr3t',
  apiKey: 'AK-zyxw-9876',
  db_passwd: 42424242,
};
const ordinary = { name: 'deploy', state: 'present', groups: 'wheel', password_file: '/etc/app/pw' };
const values = Object.values(secrets).map(String);

const mode = (path: string) => statSync(path).mode & 0o777;

void describe('stores keep no secrets (attack: read the files Scribe writes)', () => {
  void it('a password in accepted args is not in the feedback file; ordinary values are', () => {
    const file = fresh();
    const store = new FeedbackStore({ file });
    for (const kind of ['accept', 'reject', 'thumbsUp'] as const) {
      store.record({
        kind,
        description: 'Create the deploy user',
        fqcn: 'ansible.builtin.user',
        args: { ...ordinary, ...secrets },
      });
    }
    const text = readFileSync(file, 'utf8');
    const leaked = values.filter((v) => text.includes(v));
    assert.deepEqual(leaked, [], `${leaked.length} of ${values.length} secret values leaked into ${file}`);
    for (const v of Object.values(ordinary)) assert.ok(text.includes(v), `ordinary value ${v} kept`);
    // In memory too (the re-ranker reads the same events): the key stays, its value is null, which
    // the re-ranker never replays into a suggestion.
    const [event] = store.events();
    assert.equal(event.args.password, null);
    assert.equal(event.args.db_passwd, null);
    assert.ok('api_token' in event.args);
    assert.equal(event.args.name, 'deploy');
    assert.equal(event.args.password_file, '/etc/app/pw', 'a path to a secret is not a secret');
  });

  void it('a feedback file written before redaction is cleaned and made private when opened', () => {
    const file = fresh();
    mkdirSync(dirname(file), { recursive: true });
    const old = { kind: 'accept', description: 'x', fqcn: 'ansible.builtin.user', args: secrets, time: 1 };
    writeFileSync(file, JSON.stringify({ format: 'scribe-feedback', version: 1, events: [old] }), { mode: 0o644 });
    chmodSync(file, 0o644);
    const store = new FeedbackStore({ file });
    assert.equal(store.events().length, 1);
    const text = readFileSync(file, 'utf8');
    assert.deepEqual(
      values.filter((v) => text.includes(v)),
      [],
    );
    assert.equal(mode(file), 0o600);
  });

  void it('the feedback file is 0600 in a 0700 folder, with no temporary file left', () => {
    const file = fresh();
    new FeedbackStore({ file }).record({ kind: 'accept', description: 'x', fqcn: 'ansible.builtin.ping' });
    assert.equal(mode(file), 0o600);
    assert.equal(mode(dirname(file)), 0o700);
    assert.deepEqual(
      readdirSync(dirname(file)).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  void it('the provenance ledger is 0600 in a 0700 folder', async () => {
    const file = join(root, `ledger${n++}`, 'provenance.json');
    const ledger = await ProvenanceLedger.open(file, { saveDelayMs: 0 });
    assert.equal(await ledger.save(), true);
    assert.equal(mode(file), 0o600);
    assert.equal(mode(dirname(file)), 0o700);
  });
});
