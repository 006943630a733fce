// ansible-inventory --list for a workspace folder (the real one, on throwaway projects): run only
// when the workspace is trusted (an inventory script writes a marker file when it runs), joined to
// the static reading in `hosts:` completion, re-run when a source changes, and every failure (a
// broken source, a hang, no ansible-inventory) leaving the static reading, logged once.
import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import { InventoryCommand, type InventoryView } from '../../server/src/service/project/inventoryCommand';
import { projectCompletion } from '../../server/src/service/project/projectCompletion';
import { TempWorkspace } from '../helpers/workspace';

/** An executable inventory script: group `cloud` with host `vm1`; writes `ran` in the project when run. */
const SCRIPT = `#!/bin/sh
touch "$(dirname "$0")/../ran"
echo '{"cloud": {"hosts": ["vm1"], "vars": {"region": "eu"}}, "_meta": {"hostvars": {"vm1": {"size": "small"}}}}'
`;

function scriptProject(): TempWorkspace {
  const ws = new TempWorkspace();
  ws.write('inventory/static', '[web]\nweb1\n');
  ws.write('inventory/cloud.sh', SCRIPT);
  execBit(join(ws.root, 'inventory/cloud.sh'));
  return ws;
}

/** TempWorkspace writes 0644; Ansible runs an inventory file as a script only when it is executable. */
function execBit(path: string): void {
  chmodSync(path, 0o755);
}

function runner(o: { trusted?: boolean; timeoutMs?: number; ansiblePath?: string; env?: NodeJS.ProcessEnv } = {}) {
  const logs: string[] = [];
  let trusted = o.trusted ?? true;
  const command = new InventoryCommand({
    trusted: () => trusted,
    ansiblePath: () => o.ansiblePath ?? '',
    log: (line) => logs.push(line),
    timeoutMs: o.timeoutMs,
    env: o.env,
  });
  return { command, logs, setTrusted: (t: boolean) => ((trusted = t), command.trustChanged()) };
}

function hostsCompletion(root: string, view: InventoryView) {
  const text = '---\n- name: x\n  hosts: \n  tasks: []\n';
  const doc = parseAnsibleDocument(pathToFileURL(join(root, 'site.yml')).href, text);
  return projectCompletion(doc, text.indexOf('hosts: ') + 7, { workspaceRoots: [root] }, view)!;
}

/** Whether a process still runs (a zombie waiting for its parent to reap it does not). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(what: string, pred: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pid the slow script wrote, once it has written all of it (the shell creates the file before `echo` fills it). */
async function scriptPid(root: string): Promise<number> {
  const file = join(root, 'pid');
  const written = (): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  await until('the script to start', () => /^\d+\n$/.test(written()));
  return Number(written());
}

describe('ansible-inventory', () => {
  const spaces: TempWorkspace[] = [];
  const project = (ws: TempWorkspace) => (spaces.push(ws), ws);
  after(() => spaces.forEach((ws) => ws.dispose()));

  it('untrusted: never runs the inventory script; hosts: has the static groups only', async () => {
    const ws = project(scriptProject());
    const { command } = runner({ trusted: false });
    const view = command.view(ws.root);
    assert.deepEqual(view, { pending: false });
    await command.settled(ws.root);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(command.runCount, 0);
    assert.equal(existsSync(join(ws.root, 'ran')), false, 'the script ran');
    const list = hostsCompletion(ws.root, view);
    assert.equal(list.isIncomplete, false);
    assert.deepEqual(list.items.map((i) => i.label).sort(), ['all', 'localhost', 'ungrouped', 'web', 'web1']);
  });

  it('trusted: runs the script through ansible-inventory; its group and host join hosts: completion', async () => {
    const ws = project(scriptProject());
    const { command, logs } = runner();
    const first = command.view(ws.root);
    assert.equal(first.pending, true);
    assert.equal(first.listing, undefined);
    const pending = hostsCompletion(ws.root, first);
    assert.equal(pending.isIncomplete, true, 'the client must ask again');
    assert.ok(
      pending.items.some((i) => i.label === 'web'),
      'the static answer comes at once',
    );
    await command.settled(ws.root);
    assert.ok(existsSync(join(ws.root, 'ran')), 'the script did not run');
    const view = command.view(ws.root);
    assert.equal(view.pending, false);
    assert.deepEqual([...view.listing!.groups].sort(), ['all', 'cloud', 'ungrouped', 'web']);
    assert.deepEqual(view.listing!.hostvars.get('vm1'), { region: 'eu', size: 'small' });
    const list = hostsCompletion(ws.root, view);
    assert.equal(list.isIncomplete, false);
    const detail = (label: string) => list.items.find((i) => i.label === label)?.detail;
    assert.equal(detail('cloud'), 'inventory group (ansible-inventory)');
    assert.equal(detail('vm1'), 'inventory host (ansible-inventory)');
    assert.equal(detail('web'), 'inventory group', 'the static reading keeps its own');
    assert.deepEqual(logs, [`ansible-inventory in ${ws.root}: 4 groups, 2 hosts`]);
  });

  it('runs once per folder at a time and again only when a source changes (not when a script caches beside itself)', async () => {
    const ws = project(scriptProject());
    ws.write(
      'inventory/cached.sh',
      '#!/bin/sh\ndate > "$(dirname "$0")/.cache"\necho \'{"_meta": {"hostvars": {}}}\'\n',
    );
    execBit(join(ws.root, 'inventory/cached.sh'));
    const { command } = runner();
    for (let i = 0; i < 5; i++) assert.equal(command.view(ws.root).pending, true);
    await command.settled(ws.root);
    assert.equal(command.runCount, 1);
    assert.equal(command.view(ws.root).pending, false, 'nothing changed: no new run');
    assert.equal(command.runCount, 1);
    ws.write('inventory/static', '[web]\nweb1\n[db]\ndb1\n');
    const later = new Date(Date.now() + 2000);
    utimesSync(join(ws.root, 'inventory/static'), later, later);
    assert.equal(command.view(ws.root).pending, true);
    await command.settled(ws.root);
    assert.equal(command.runCount, 2);
    assert.ok(command.view(ws.root).listing!.groups.has('db'));
  });

  it("lists what a constructed and a generator plugin make, from ansible.cfg's inventory", async () => {
    const ws = project(new TempWorkspace());
    ws.write('ansible.cfg', '[defaults]\ninventory = ./inv\n');
    ws.write('inv/01-static', '[web]\nweb1 tier=front\n');
    ws.write(
      'inv/02-gen.yml',
      'plugin: ansible.builtin.generator\nhosts:\n  name: "{{ app }}-{{ env }}"\n  parents:\n' +
        '    - name: "{{ app }}_{{ env }}"\n      parents:\n        - name: "{{ app }}"\nlayers:\n' +
        '  app: [api, shop]\n  env: [dev, prod]\n',
    );
    ws.write(
      'inv/03-constructed.yml',
      'plugin: ansible.builtin.constructed\nkeyed_groups:\n  - key: tier\n    prefix: tier\n',
    );
    const { command } = runner();
    command.view(ws.root);
    await command.settled(ws.root);
    const listing = command.view(ws.root).listing!;
    for (const g of ['api', 'api_dev', 'shop_prod', 'tier_front', 'web']) assert.ok(listing.groups.has(g), g);
    assert.ok(listing.hosts.has('shop-dev'));
    const labels = hostsCompletion(ws.root, command.view(ws.root)).items.map((i) => i.label);
    assert.ok(labels.includes('tier_front') && labels.includes('api_dev'));
    assert.ok(!labels.includes('plugin') && !labels.includes('layers'), 'a plugin configuration read as groups');
  });

  it('a source Ansible cannot parse: the rest is listed, the problem logged once', async () => {
    const ws = project(new TempWorkspace());
    ws.write('hosts', '[web]\nweb1\n');
    ws.write('hosts.yml', 'plugin: no.such.plugin\n');
    const { command, logs } = runner();
    command.view(ws.root);
    await command.settled(ws.root);
    assert.ok(command.view(ws.root).listing!.groups.has('web'));
    const later = new Date(Date.now() + 2000);
    utimesSync(join(ws.root, 'hosts'), later, later);
    command.view(ws.root);
    await command.settled(ws.root);
    assert.equal(command.runCount, 2);
    const problems = logs.filter((l) => /could not parse/.test(l));
    assert.deepEqual(problems, [
      `ansible-inventory in ${ws.root}: could not parse ${join(ws.root, 'hosts.yml')} (the static reading stands in for it)`,
    ]);
  });

  it('a failing run (unparsed_is_failed) gives no listing; completion keeps the static reading', async () => {
    const ws = project(new TempWorkspace());
    ws.write('ansible.cfg', '[defaults]\ninventory = hosts\n[inventory]\nunparsed_is_failed = True\n');
    ws.write('hosts', '[web]\nweb1\n[broken\n');
    const { command, logs } = runner();
    command.view(ws.root);
    await command.settled(ws.root);
    const view = command.view(ws.root);
    assert.equal(view.listing, undefined);
    assert.equal(logs.length, 1);
    assert.match(
      logs[0],
      /^ansible-inventory in .* failed \(exit [1-9]\d*: .*\): hosts: completion reads the inventory/,
    );
    const labels = hostsCompletion(ws.root, view).items.map((i) => i.label);
    assert.ok(labels.includes('web') && labels.includes('web1'));
  });

  it('a hanging script is killed with its process group after the timeout', async () => {
    const ws = project(new TempWorkspace());
    ws.write('inventory/slow.sh', '#!/bin/sh\necho $$ > "$(dirname "$0")/../pid"\nexec sleep 60\n');
    execBit(join(ws.root, 'inventory/slow.sh'));
    const { command, logs } = runner({ timeoutMs: 2000 });
    const started = Date.now();
    command.view(ws.root);
    const pid = await scriptPid(ws.root);
    assert.ok(alive(pid));
    await command.settled(ws.root);
    const took = Date.now() - started;
    assert.ok(took >= 2000 && took < 6000, `${took} ms`);
    await until('the sleeping script to be gone', () => !alive(pid), 3000);
    assert.equal(command.view(ws.root).listing, undefined);
    assert.match(logs.join('\n'), /failed \(timed out after 2 s\)/);
  });

  it('dispose kills a run in progress', async () => {
    const ws = project(new TempWorkspace());
    ws.write('inventory/slow.sh', '#!/bin/sh\necho $$ > "$(dirname "$0")/../pid"\nexec sleep 60\n');
    execBit(join(ws.root, 'inventory/slow.sh'));
    const { command } = runner();
    command.view(ws.root);
    const pid = await scriptPid(ws.root);
    command.dispose();
    await command.settled(ws.root);
    await until('the sleeping script to be gone', () => !alive(pid), 3000);
  });

  it('no ansible-inventory: logged once, nothing listed', async () => {
    const ws = project(scriptProject());
    const missing = runner({ env: { ...process.env, PATH: '/nonexistent' } });
    missing.command.view(ws.root);
    await missing.command.settled(ws.root);
    assert.deepEqual(missing.logs, [
      `ansible-inventory in ${ws.root} failed (ansible-inventory not found): hosts: completion reads the inventory files statically`,
    ]);
    const beside = runner({ ansiblePath: '/nonexistent/bin' });
    beside.command.view(ws.root);
    await beside.command.settled(ws.root);
    assert.equal(beside.command.runCount, 0);
    assert.match(beside.logs[0], /no ansible-inventory beside scribe.ansible.path \/nonexistent\/bin/);
    assert.equal(existsSync(join(ws.root, 'ran')), false);
  });

  it('a folder without inventory runs nothing', async () => {
    const ws = project(new TempWorkspace());
    ws.write('site.yml', '- hosts: all\n');
    const { command } = runner();
    assert.deepEqual(command.view(ws.root), { listing: undefined, pending: false });
    assert.equal(command.runCount, 0);
  });

  it('trust granted starts the folders asked about; withdrawn drops the listing', async () => {
    const ws = project(scriptProject());
    const { command, setTrusted } = runner({ trusted: false });
    command.view(ws.root);
    setTrusted(true);
    assert.equal(command.runCount, 1, 'trust granted: the run starts without waiting for a request');
    await command.settled(ws.root);
    assert.ok(command.view(ws.root).listing?.groups.has('cloud'));
    setTrusted(false);
    assert.deepEqual(command.view(ws.root), { pending: false });
  });
});
