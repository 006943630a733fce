// The groups and hosts of a project's inventory, read statically (never by running a script or a
// plugin): INI and YAML inventories in the places projects keep them — the `inventory` of an
// ansible.cfg, inventory/ (every file in it), hosts, hosts.yml, inventory.ini, inventory.yml.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isMap, parseDocument, type Node as YamlNode, type Pair } from 'yaml';

export interface Inventory {
  groups: Set<string>;
  hosts: Set<string>;
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

/** Files of an inventory path: the file itself, or the files of a folder (not group_vars/host_vars). */
function files(path: string): string[] {
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
  const inv: Inventory = { groups: new Set(['all', 'ungrouped']), hosts: new Set() };
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const p of [...configured(dir), ...CANDIDATES.map((c) => join(dir, c))]) {
      for (const f of files(p)) {
        if (seen.has(f)) continue;
        seen.add(f);
        const text = read(f);
        if (text === undefined) continue;
        if (/\.ya?ml$/.test(f) || /^\s*(all|[\w-]+):\s*$/m.test(text.split('\n').find((l) => l.trim()) ?? ''))
          readYaml(text, inv);
        else readIni(text, inv);
      }
    }
  }
  return inv;
}

function readIni(text: string, inv: Inventory): void {
  let section: { name: string; kind: 'hosts' | 'children' | 'vars' } = { name: 'ungrouped', kind: 'hosts' };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[;#].*$/, '').trim();
    if (!line) continue;
    const head = /^\[([^\]:]+)(?::(children|vars))?\]$/.exec(line);
    if (head) {
      section = { name: head[1], kind: (head[2] as 'children' | 'vars' | undefined) ?? 'hosts' };
      inv.groups.add(head[1]);
      continue;
    }
    const first = line.split(/\s+/)[0];
    if (section.kind === 'hosts') inv.hosts.add(first);
    else if (section.kind === 'children') inv.groups.add(first);
  }
}

function readYaml(text: string, inv: Inventory): void {
  const visitGroup = (name: string, node: YamlNode | null) => {
    inv.groups.add(name);
    if (!isMap(node)) return;
    const hosts = node.get('hosts', true) as YamlNode | undefined;
    if (isMap(hosts))
      for (const p of hosts.items as Pair[]) inv.hosts.add(String((p.key as { value?: unknown })?.value ?? p.key));
    const children = node.get('children', true) as YamlNode | undefined;
    if (isMap(children))
      for (const p of children.items as Pair<YamlNode, YamlNode>[])
        visitGroup(String((p.key as { value?: unknown })?.value ?? p.key), p.value);
  };
  const root = parseDocument(text, { strict: false }).contents;
  if (!isMap(root)) return;
  for (const p of root.items as Pair<YamlNode, YamlNode>[])
    visitGroup(String((p.key as { value?: unknown })?.value ?? p.key), p.value);
}
