// The incremental re-parse (document/incremental.ts) must give exactly what a full parse gives.
// Property-style: real playbooks and role task files (the repo's fixtures, the bench playbook, the
// installed collections' roles) take many random edits, one version after another, and after each
// the cache's document is compared with a fresh full parse of the same text, node ranges included.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isMap, isNode, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { DocumentCache } from '../../server/src/document/cache';
import { parseAnsibleDocument } from '../../server/src/document/parse';
import type { AnsibleDocument } from '../../server/src/document/model';

const ROOT = join(__dirname, '..', '..');
const COLLECTIONS = '/usr/lib/python3/dist-packages/ansible_collections';

/** A deterministic generator, so that a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function snapNode(n: unknown): unknown {
  if (n === null || n === undefined) return n ?? null;
  if (isPair(n)) return [snapNode(n.key), snapNode(n.value)];
  if (isScalar(n)) return { r: n.range, t: n.type, v: typeof n.value === 'symbol' ? String(n.value) : n.value };
  if (isMap(n) || isSeq(n)) return { r: n.range, items: (n.items as unknown[]).map(snapNode) };
  return { r: (n as YamlNode).range, other: String(n) };
}

/** Everything a feature can read of the model, yaml nodes as their ranges and values. */
function snap(v: unknown): unknown {
  if (isNode(v) || isPair(v)) return snapNode(v);
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [k, snap(x)]);
  if (Array.isArray(v)) return v.map(snap);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, snap(x)]));
  return v === undefined ? '<undefined>' : v;
}

const model = (d: AnsibleDocument) => snap({ kind: d.kind, errors: d.syntaxErrors, plays: d.plays, tasks: d.tasks });

const LINES = [
  '    - name: Added task\n',
  '      ansible.builtin.debug:\n        msg: hello\n',
  '        owner: root\n',
  '  tasks:\n',
  '- name: A new play\n  hosts: all\n  tasks:\n    - ansible.builtin.ping:\n',
  '- name: A new task\n  ansible.builtin.command: echo hi\n',
  '# a comment\n',
  '\n',
  '      when: x is defined\n',
  '  - name: under-indented\n',
  '---\n',
  '      ansible.builtin.\n',
  '    - name: Half-typed\n      ansible.builtin.co\n',
];
const CHARS = ['a', ' ', ':', '-', '#', "'", '"', '\n', '{', '}', '[', ']', '&', '*', '|', 'x: 1', '  '];

function edit(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const at = Math.floor(rnd() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  switch (Math.floor(rnd() * 6)) {
    case 0:
      return text.slice(0, at) + pick(CHARS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 20));
    case 2:
    case 3:
      return text.slice(0, lineStart) + pick(LINES) + text.slice(lineStart);
    case 4: {
      const end = text.indexOf('\n', at);
      return text.slice(0, lineStart) + (end < 0 ? '' : text.slice(end + 1));
    }
    default: {
      // A word typed or changed inside a value, the commonest edit.
      const m = /[A-Za-z]{3,}/.exec(text.slice(at));
      if (!m) return text + 'x';
      const w = at + m.index;
      return (
        text.slice(0, w) + pick(['nginx', 'Install', 'present', 'ansible.builtin.copy']) + text.slice(w + m[0].length)
      );
    }
  }
}

function realFiles(): { name: string; uri: string; text: string }[] {
  const out: { name: string; uri: string; text: string }[] = [];
  const site = readFileSync(join(ROOT, 'bench', 'fixtures', 'site.yml'), 'utf8');
  out.push({ name: 'bench site.yml', uri: 'file:///w/site.yml', text: site });
  // A larger playbook: the fixture's plays three times (names repeat; the parser does not mind).
  const plays = site.slice(site.indexOf('\n- ') + 1);
  out.push({ name: 'bench site.yml x3', uri: 'file:///w/large.yml', text: site + plays + plays });
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name))
        out.push({ name: p.slice(ROOT.length + 1), uri: `file://${p}`, text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(ROOT, 'test', 'fixtures', 'project'));
  if (existsSync(COLLECTIONS)) {
    // Every 8th role task file of the installed collections, in a stable order.
    const roleFiles: string[] = [];
    const dirs = (d: string) =>
      readdirSync(d, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    for (const ns of dirs(COLLECTIONS)) {
      const nsDir = join(COLLECTIONS, ns);
      for (const coll of dirs(nsDir)) {
        const roles = join(nsDir, coll, 'roles');
        if (!existsSync(roles)) continue;
        for (const role of dirs(roles)) {
          const tasks = join(roles, role, 'tasks');
          if (!existsSync(tasks)) continue;
          for (const f of readdirSync(tasks).sort()) if (/\.ya?ml$/.test(f)) roleFiles.push(join(tasks, f));
        }
      }
    }
    roleFiles
      .filter((_, i) => i % 8 === 0)
      .forEach((p) => out.push({ name: p, uri: `file://${p}`, text: readFileSync(p, 'utf8') }));
  }
  return out;
}

void describe('incremental re-parse', () => {
  void it('gives what a full parse gives after every random edit of real playbooks and role files', () => {
    const files = realFiles();
    assert.ok(files.length >= 10, `only ${files.length} files found`);
    const cache = new DocumentCache();
    let edits = 0;
    files.forEach((file, n) => {
      const seed = 1000 + n;
      const rnd = random(seed);
      let text = file.text;
      let version = 1;
      cache.get({ uri: file.uri, version, getText: () => text });
      for (let step = 0; step < 40; step++) {
        // Every 4 edits, back to the file as written (cumulative random edits break most YAML).
        text = step % 4 === 3 ? file.text : edit(text, rnd);
        version++;
        const current = text;
        const doc = cache.get({ uri: file.uri, version, getText: () => current });
        const full = parseAnsibleDocument(file.uri, current, version);
        assert.deepStrictEqual(model(doc), model(full), `${file.name}, seed ${seed}, edit ${step}`);
        edits++;
      }
    });
    // The incremental path must be taken, or this test compares a full parse with itself.
    assert.ok(
      cache.parses.incremental >= edits / 10,
      `incremental ${cache.parses.incremental} of ${edits} edits (full ${cache.parses.full})`,
    );
  });

  void it('re-parses only the edited play and leaves the previous version as it was', () => {
    const site = readFileSync(join(ROOT, 'bench', 'fixtures', 'site.yml'), 'utf8');
    const plays = site.slice(site.indexOf('\n- ') + 1);
    const text = site + plays;
    const uri = 'file:///w/p.yml';
    const cache = new DocumentCache();
    const v1 = cache.get({ uri, version: 1, getText: () => text });
    const before = model(v1);
    assert.ok(v1.plays.length >= 4, `${v1.plays.length} plays`);
    // Words typed into the second play's name: every later play moves.
    const second = v1.plays[1];
    const at = text.indexOf(second.name!, second.span.start);
    const edited = text.slice(0, at) + 'Renamed ' + text.slice(at);
    const v2 = cache.get({ uri, version: 2, getText: () => edited });
    assert.deepEqual(cache.parses, { full: 1, incremental: 1 });
    assert.equal(v2.plays[0], v1.plays[0]);
    assert.equal(v2.plays[1].name, `Renamed ${second.name}`);
    assert.deepStrictEqual(model(v2), model(parseAnsibleDocument(uri, edited, 2)));
    assert.deepStrictEqual(model(v1), before);
  });

  void it('re-parses a play while a module key is typed without its colon, and after the colon comes', () => {
    const site = readFileSync(join(ROOT, 'bench', 'fixtures', 'site.yml'), 'utf8');
    const plays = site.slice(site.indexOf('\n- ') + 1);
    const text = site + plays;
    const uri = 'file:///w/t.yml';
    const cache = new DocumentCache();
    const v1 = cache.get({ uri, version: 1, getText: () => text });
    const task = v1.plays[1].tasks[0];
    const at = text.indexOf('\n', task.span.start) + 1;
    const typing = `${text.slice(0, at)}${' '.repeat(task.indent)}ansible.builtin.\n${text.slice(at)}`;
    const v2 = cache.get({ uri, version: 2, getText: () => typing });
    const full2 = parseAnsibleDocument(uri, typing, 2);
    assert.ok(full2.syntaxErrors.length > 0, 'the half-typed key is a syntax error');
    assert.deepStrictEqual(model(v2), model(full2));
    const done = typing.replace(
      `${' '.repeat(task.indent)}ansible.builtin.\n`,
      `${' '.repeat(task.indent)}ansible.builtin.ping:\n`,
    );
    const v3 = cache.get({ uri, version: 3, getText: () => done });
    assert.deepStrictEqual(model(v3), model(parseAnsibleDocument(uri, done, 3)));
    assert.deepEqual(cache.parses, { full: 1, incremental: 2 });
  });

  void it('re-parses a play of a document that was parsed whole while a key was half-typed', () => {
    // As when a file is opened with the key half-typed, or an edit above the first play made the
    // whole document parse again: the next edits are still incremental, and the finding stays placed.
    const site = readFileSync(join(ROOT, 'bench', 'fixtures', 'site.yml'), 'utf8');
    const plays = site.slice(site.indexOf('\n- ') + 1);
    const clean = site + plays + plays;
    const uri = 'file:///w/h.yml';
    const task = parseAnsibleDocument(uri, clean, 0).plays[1].tasks[0];
    const at = clean.indexOf('\n', task.span.start) + 1;
    const half = `${' '.repeat(task.indent)}ansible.builtin.\n`;
    const typing = clean.slice(0, at) + half + clean.slice(at);
    const cache = new DocumentCache();
    const v1 = cache.get({ uri, version: 1, getText: () => typing });
    assert.ok(v1.syntaxErrors.length > 0, 'the half-typed key is a syntax error');
    // An edit in a later play: the finding in the second play moves with nothing.
    const lastPlay = v1.plays[v1.plays.length - 1];
    const nameAt = typing.indexOf(lastPlay.name!, lastPlay.span.start);
    const renamed = `${typing.slice(0, nameAt)}Renamed ${typing.slice(nameAt)}`;
    const v2 = cache.get({ uri, version: 2, getText: () => renamed });
    assert.deepStrictEqual(model(v2), model(parseAnsibleDocument(uri, renamed, 2)));
    // The key completed: its play is re-parsed, and the finding goes.
    const done = renamed.replace(half, `${' '.repeat(task.indent)}ansible.builtin.ping:\n`);
    const v3 = cache.get({ uri, version: 3, getText: () => done });
    assert.deepStrictEqual(model(v3), model(parseAnsibleDocument(uri, done, 3)));
    assert.equal(v3.syntaxErrors.length, 0);
    assert.deepEqual(cache.parses, { full: 1, incremental: 2 });
  });
});
