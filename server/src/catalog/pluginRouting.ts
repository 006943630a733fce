// Which names Ansible redirects to a filter or test plugin: the `plugin_routing.filter|test`
// sections of ansible-core's builtin runtime and of collections' meta/runtime.yml, the same rule
// routing.ts follows for modules. Used by jinjaPlugins.ts for hover on a redirected name.

import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { subdirs } from './diskCache';
import type { Installation } from './installation';
import type { JinjaPluginType } from './jinjaPlugins';

const TYPES: readonly JinjaPluginType[] = ['filter', 'test'];
const collectionOf = (fqcn: string) => fqcn.split('.').slice(0, 2).join('.');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * The `plugin_routing.<type>` mapping of a runtime.yml's text. ansible-core's file is ~10,000 lines
 * of module routing (~250 ms to parse whole, on the server's thread) around filter and test
 * sections of a few dozen lines: a block-style file (ansible-core's and collections' are) is cut by
 * indentation and only that section parsed; anything else is parsed whole.
 */
function routingSection(text: string, type: JinjaPluginType): unknown {
  const lines = text.split('\n');
  const top = lines.findIndex((l) => /^plugin_routing:\s*(#.*)?$/.test(l));
  if (top < 0) {
    if (!text.includes('plugin_routing')) return undefined;
    const whole = parse(text) as unknown;
    return isRecord(whole) && isRecord(whole.plugin_routing) ? whole.plugin_routing[type] : undefined;
  }
  let indent = -1;
  for (let i = top + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (indentOf(line) === 0) return undefined;
    if (indent < 0) indent = indentOf(line);
    const key = /^\s*([\w-]+):\s*(#.*)?$/.exec(line);
    if (indentOf(line) !== indent || key?.[1] !== type) continue;
    let end = i + 1;
    while (end < lines.length && (!lines[end].trim() || indentOf(lines[end]) > indent)) end++;
    const section = parse(lines.slice(i, end).join('\n')) as unknown;
    return isRecord(section) ? section[type] : undefined;
  }
  return undefined;
}

/** `plugin_routing.filter|test` redirects of a runtime.yml's text: name → redirect target. */
function redirects(text: string | undefined, type: JinjaPluginType): Record<string, string> {
  const out: Record<string, string> = {};
  let routing: unknown;
  try {
    routing = text === undefined ? undefined : routingSection(text, type);
  } catch {
    routing = undefined;
  }
  if (!isRecord(routing)) return out;
  for (const [name, raw] of Object.entries(routing))
    if (isRecord(raw) && typeof raw.redirect === 'string' && raw.redirect) out[name] = raw.redirect;
  return out;
}

async function readRuntime(path: string): Promise<string | undefined> {
  return fs.readFile(path, 'utf8').catch(() => undefined);
}

/**
 * The names Ansible redirects to a listed plugin: ansible-core's builtin runtime routes short names
 * that moved to collections (`json_query`, `ipaddr`), and a collection's meta/runtime.yml moves its
 * own names on (ansible.netcommon.ipaddr → ansible.utils.ipaddr). Followed up to 5 hops; a name whose
 * chain ends at no listed plugin is left out. (Module routing: routing.ts; this is the same rule
 * for the `filter` and `test` sections.)
 */
export async function readPluginRoutes(
  inst: Pick<Installation, 'corePath' | 'collectionRoots'>,
  /** The listed plugins; may still be coming (the runtime files are read meanwhile). */
  listing: Promise<Record<JinjaPluginType, Record<string, string>> | undefined>,
): Promise<Record<JinjaPluginType, Record<string, string>> | undefined> {
  const runtimes = new Map<string, Promise<string | undefined>>();
  const runtimeOf = (collection: string) => {
    let found = runtimes.get(collection);
    if (!found) {
      const [ns, name] = collection.split('.');
      found = (async () => {
        for (const root of name ? inst.collectionRoots : []) {
          const runtime = await readRuntime(join(root, ns, name, 'meta', 'runtime.yml'));
          if (runtime !== undefined) return runtime;
        }
        return undefined;
      })();
      runtimes.set(collection, found);
    }
    return found;
  };
  // Read while ansible-doc lists: ansible-core's runtime (~250 ms to parse) and those of the
  // collections that have filter or test plugins.
  const core = readRuntime(join(inst.corePath, 'config', 'ansible_builtin_runtime.yml'));
  for (const root of inst.collectionRoots)
    for (const ns of subdirs(root))
      for (const name of subdirs(join(root, ns)))
        if (TYPES.some((t) => subdirs(join(root, ns, name, 'plugins')).includes(t))) void runtimeOf(`${ns}.${name}`);
  const listed = await listing;
  if (!listed) return undefined;
  const out = { filter: {} as Record<string, string>, test: {} as Record<string, string> };
  for (const type of TYPES) {
    // Where a chain may start: a short name in ansible-core's runtime, or an FQCN in the runtime of a
    // collection that has plugins of this type.
    const starts = redirects(await core, type);
    for (const collection of new Set(Object.keys(listed[type]).map(collectionOf)))
      for (const [name, target] of Object.entries(redirects(await runtimeOf(collection), type)))
        starts[`${collection}.${name}`] = target;
    for (const [name, first] of Object.entries(starts)) {
      let target = first;
      for (let hop = 0; hop < 5 && !(target in listed[type]); hop++) {
        const next = redirects(await runtimeOf(collectionOf(target)), type)[target.split('.').slice(2).join('.')];
        if (!next) break;
        out[type][target] = next;
        target = next;
      }
      if (target in listed[type]) out[type][name] = target;
    }
    // Intermediate names keep only the ones that end at a listed plugin.
    for (const [name, target] of Object.entries(out[type])) {
      let end = target;
      for (let hop = 0; hop < 5 && out[type][end]; hop++) end = out[type][end];
      if (end in listed[type]) out[type][name] = end;
      else delete out[type][name];
    }
  }
  return out;
}
