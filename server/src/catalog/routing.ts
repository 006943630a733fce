// Module routing from runtime metadata: ansible-core's `config/ansible_builtin_runtime.yml` (short
// names of modules that moved to collections) and each collection's `meta/runtime.yml`
// `plugin_routing.modules` entries: redirect, deprecation and tombstone
// (https://docs.ansible.com/ansible/latest/dev_guide/developing_collections_structure.html#meta-directory-and-runtime-yml).

import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ModuleDeprecation, ResolvedModule } from './types';

export interface RouteEntry {
  redirect?: string;
  deprecation?: ModuleDeprecation;
  tombstone?: { message: string; removalVersion?: string };
}

/** collection → module name within it (may contain dots: `net_tools.gandi_livedns`) → route. */
export type RoutingTable = Record<string, Record<string, RouteEntry>>;

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneLine = (v: unknown): string =>
  String(v ?? '')
    .replace(/\s+/g, ' ')
    .trim();

function removal(raw: Raw): string | undefined {
  const v = raw.removal_version ?? raw.removal_date;
  return v === undefined || v === null ? undefined : String(v);
}

/** Extracts `plugin_routing.modules` from a parsed runtime.yml. */
export function moduleRoutes(runtime: unknown): Record<string, RouteEntry> {
  const routes: Record<string, RouteEntry> = {};
  if (!isRecord(runtime) || !isRecord(runtime.plugin_routing)) return routes;
  const modules = runtime.plugin_routing.modules;
  if (!isRecord(modules)) return routes;
  for (const [name, raw] of Object.entries(modules)) {
    if (!isRecord(raw)) continue;
    const entry: RouteEntry = {};
    if (typeof raw.redirect === 'string' && raw.redirect) entry.redirect = raw.redirect;
    if (isRecord(raw.deprecation)) {
      const removedIn = removal(raw.deprecation);
      entry.deprecation = { message: oneLine(raw.deprecation.warning_text) || 'Deprecated.' };
      if (removedIn) entry.deprecation.removedIn = removedIn;
    }
    if (isRecord(raw.tombstone)) {
      const removalVersion = removal(raw.tombstone);
      entry.tombstone = { message: oneLine(raw.tombstone.warning_text) || 'This module was removed.' };
      if (removalVersion) entry.tombstone.removalVersion = removalVersion;
    }
    if (entry.redirect || entry.deprecation || entry.tombstone) routes[name] = entry;
  }
  return routes;
}

async function readRoutes(path: string, log: (line: string) => void): Promise<Record<string, RouteEntry>> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    return moduleRoutes(parse(text));
  } catch (e) {
    log(`[catalog] cannot parse ${path}: ${String(e)}`);
    return {};
  }
}

/**
 * Reads the routing of ansible.builtin and of every collection under the given
 * `ansible_collections` roots (first root wins for a collection installed twice, as in Ansible).
 */
export async function readRoutingTable(
  corePath: string,
  collectionRoots: readonly string[],
  log: (line: string) => void,
): Promise<RoutingTable> {
  const table: RoutingTable = {};
  table['ansible.builtin'] = await readRoutes(join(corePath, 'config', 'ansible_builtin_runtime.yml'), log);
  for (const root of collectionRoots) {
    let namespaces: string[];
    try {
      namespaces = await fs.readdir(root);
    } catch {
      continue;
    }
    for (const ns of namespaces.sort()) {
      let names: string[];
      try {
        names = await fs.readdir(join(root, ns));
      } catch {
        continue;
      }
      for (const name of names.sort()) {
        const collection = `${ns}.${name}`;
        if (collection in table || !/^\w+$/.test(ns) || !/^\w+$/.test(name)) continue;
        const routes = await readRoutes(join(root, ns, name, 'meta', 'runtime.yml'), log);
        if (Object.keys(routes).length) table[collection] = routes;
      }
    }
  }
  return table;
}

/** Splits `ns.coll.name` (name may contain dots); short names and ansible.legacy map to ansible.builtin. */
export function splitName(written: string): { collection: string; name: string } {
  const parts = written.split('.');
  if (parts.length < 3) return { collection: 'ansible.builtin', name: written };
  const collection = parts[0] === 'ansible' && parts[1] === 'legacy' ? 'ansible.builtin' : `${parts[0]}.${parts[1]}`;
  return { collection, name: parts.slice(2).join('.') };
}

/**
 * Resolves a module name as written in a task. `known` tells whether an FQCN is an installed
 * module. Follows redirects (at most 10, as loops exist in the wild); a tombstone ends resolution.
 */
export function resolveModule(
  written: string,
  routing: RoutingTable,
  known: (fqcn: string) => boolean,
): ResolvedModule | undefined {
  const name = written.trim();
  if (!name) return undefined;
  let { collection, name: short } = splitName(name);
  let fqcn = `${collection}.${short}`;
  let redirected = false;
  let deprecation: ModuleDeprecation | undefined;
  for (let hop = 0; hop < 10; hop++) {
    const route = routing[collection]?.[short];
    if (!route) break;
    deprecation ??= route.deprecation;
    if (route.tombstone) {
      const result: ResolvedModule = { written: name, fqcn, removed: route.tombstone };
      if (redirected) result.redirectedFrom = name;
      if (deprecation) result.deprecation = deprecation;
      return result;
    }
    if (!route.redirect) break;
    // A module shipped in ansible-core wins over a builtin routing entry (ansible.legacy search order).
    if (collection === 'ansible.builtin' && known(fqcn)) break;
    ({ collection, name: short } = splitName(route.redirect));
    fqcn = `${collection}.${short}`;
    redirected = true;
  }
  if (!known(fqcn)) return undefined;
  const result: ResolvedModule = { written: name, fqcn };
  if (redirected) result.redirectedFrom = name;
  if (deprecation) result.deprecation = deprecation;
  return result;
}
