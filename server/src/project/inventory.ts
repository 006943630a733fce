// The groups, hosts and variables of a project's inventory, read statically (never by running a
// script or a plugin): INI and YAML inventories in the places projects keep them — the `inventory`
// of an ansible.cfg, inventory/ (every file in it), hosts, hosts.yml, inventory.ini, inventory.yml.
// A YAML file that configures an inventory plugin (`plugin: constructed`) is not an inventory of
// its own: only Ansible can say what it makes (service/project/inventoryCommand.ts, when trusted).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isMap, isScalar, parseDocument, type Node as YamlNode, type Pair } from 'yaml';

/** A variable an inventory file sets, where it sets it. */
export interface InventoryVariable {
  name: string;
  /** The value as written. */
  value: string;
  /** Whom it applies to: a group (`all` too) or a host. */
  target: { kind: 'group' | 'host'; name: string };
  file: string;
  /** The name's place in the file: offsets, and the line and columns of its start. */
  start: number;
  end: number;
  line: number;
  character: number;
}

export interface Inventory {
  groups: Set<string>;
  hosts: Set<string>;
  vars: InventoryVariable[];
}

/** Where a folder's inventory is, as Ansible would be told. */
export interface InventorySources {
  /** The paths the folder's ansible.cfg names (`inventory = a,b`), absolute; they may not exist. */
  configured: string[];
  /** The usual places (inventory/, hosts, hosts.yml, …) that exist in the folder. */
  found: string[];
}

const MAX_BYTES = 1024 * 1024;
const CANDIDATES = ['inventory', 'hosts', 'hosts.yml', 'hosts.yaml', 'hosts.ini', 'inventory.ini', 'inventory.yml'];

function read(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return text.includes('\0') ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The inventory paths an ansible.cfg in `dir` names (`inventory = a,b`). */
function configured(dir: string): string[] {
  const cfg = read(join(dir, 'ansible.cfg'));
  const m = cfg && /^\s*inventory\s*[=:]\s*(.+)$/m.exec(cfg);
  if (!m) return [];
  return m[1]
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (isAbsolute(p) ? p : resolve(dir, p)));
}

export function inventorySources(dir: string): InventorySources {
  return { configured: configured(dir), found: CANDIDATES.map((c) => join(dir, c)).filter((p) => existsSync(p)) };
}

/** Files of an inventory path: the file itself, or the files of a folder (not group_vars/host_vars). */
export function inventoryFiles(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !/\.(py|sh|pyc|md|cfg)$/.test(e.name))
      .map((e) => join(path, e.name));
  } catch {
    return [];
  }
}

export function readInventory(dirs: readonly string[]): Inventory {
  const inv: Inventory = { groups: new Set(['all', 'ungrouped']), hosts: new Set(), vars: [] };
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const p of [...configured(dir), ...CANDIDATES.map((c) => join(dir, c))]) {
      for (const f of inventoryFiles(p)) {
        if (seen.has(f)) continue;
        seen.add(f);
        const text = read(f);
        if (text === undefined) continue;
        if (/\.ya?ml$/.test(f) || /^\s*(all|[\w-]+):\s*$/m.test(text.split('\n').find((l) => l.trim()) ?? ''))
          readYaml(text, f, inv);
        else readIni(text, f, inv);
      }
    }
  }
  return inv;
}

/** `k=v k2="a b"` of a host line, with each name's column (quotes as shlex reads them). */
function assignments(text: string, from: number): { name: string; value: string; column: number }[] {
  const out: { name: string; value: string; column: number }[] = [];
  const re = /([A-Za-z_]\w*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ name: m[1], value: m[2], column: m.index });
  return out;
}

function readIni(text: string, file: string, inv: Inventory): void {
  let section: { name: string; kind: 'hosts' | 'children' | 'vars' } = { name: 'ungrouped', kind: 'hosts' };
  let offset = 0;
  text.split('\n').forEach((raw, lineNo) => {
    const lineStart = offset;
    offset += raw.length + 1;
    if (/^\s*[;#]/.test(raw)) return;
    const line = raw.replace(/\s[;#].*$/, '').trim();
    if (!line) return;
    const head = /^\[([^\]:]+)(?::(children|vars))?\]$/.exec(line);
    if (head) {
      section = { name: head[1], kind: (head[2] as 'children' | 'vars' | undefined) ?? 'hosts' };
      inv.groups.add(head[1]);
      return;
    }
    const add = (name: string, value: string, column: number, target: InventoryVariable['target']) =>
      inv.vars.push({
        name,
        value,
        target,
        file,
        start: lineStart + column,
        end: lineStart + column + name.length,
        line: lineNo,
        character: column,
      });
    const first = line.split(/\s+/)[0];
    if (section.kind === 'hosts') {
      inv.hosts.add(first);
      const after = raw.indexOf(first) + first.length;
      for (const a of assignments(raw, after)) add(a.name, a.value, a.column, { kind: 'host', name: first });
    } else if (section.kind === 'children') {
      inv.groups.add(first);
    } else {
      const v = /^(\s*)([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(raw);
      if (v) add(v[2], v[3].trim(), v[1].length, { kind: 'group', name: section.name });
    }
  });
}

function readYaml(text: string, file: string, inv: Inventory): void {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const keyName = (p: Pair) => String((p.key as { value?: unknown })?.value ?? p.key);
  const vars = (node: YamlNode | null | undefined, target: InventoryVariable['target']) => {
    if (!isMap(node)) return;
    for (const p of node.items as Pair<YamlNode, YamlNode>[]) {
      if (!isScalar(p.key) || !p.key.range) continue;
      const [start, end] = p.key.range;
      let line = lineStarts.length - 1;
      while (lineStarts[line] > start) line--;
      const value = p.value?.range ? text.slice(p.value.range[0], p.value.range[1]).trim() : '';
      inv.vars.push({ name: keyName(p), value, target, file, start, end, line, character: start - lineStarts[line] });
    }
  };
  const visitGroup = (name: string, node: YamlNode | null) => {
    inv.groups.add(name);
    if (!isMap(node)) return;
    const hosts = node.get('hosts', true) as YamlNode | undefined;
    if (isMap(hosts))
      for (const p of hosts.items as Pair<YamlNode, YamlNode>[]) {
        inv.hosts.add(keyName(p));
        vars(p.value, { kind: 'host', name: keyName(p) });
      }
    vars(node.get('vars', true) as YamlNode | undefined, { kind: 'group', name });
    const children = node.get('children', true) as YamlNode | undefined;
    if (isMap(children)) for (const p of children.items as Pair<YamlNode, YamlNode>[]) visitGroup(keyName(p), p.value);
  };
  const root = parseDocument(text, { strict: false }).contents;
  if (!isMap(root) || root.has('plugin')) return; // a plugin's configuration, not an inventory
  for (const p of root.items as Pair<YamlNode, YamlNode>[]) visitGroup(keyName(p), p.value);
}
