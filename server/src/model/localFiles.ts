// The file a template or copy task names, from what the role has: `templates/haproxy.cfg.j2` for
// "Copy HAProxy configuration in place", not another project's `zabbix_server.conf.j2`; and the task
// file an include names, from the folder's (`find_ports.yml` for "Find SSHD ports"). A name
// matches by the description's words in it; words every such file has (`j2`, `conf`, `config`,
// `template`, `file`) do not count.

import { terms } from './text';
import type { LocalFiles } from './types';

const NOT_A_NAME = new Set(terms('j2 jinja template templates file files conf config configuration cfg yml yaml'));

/** The listed file the description names best (most of its words), or undefined when none names `minHits` of them. */
export function localFileFor(description: string, listing: readonly string[], minHits = 1): string | undefined {
  const wanted = new Set(terms(description.replace(/\{\{.*?\}\}/g, ' ')).filter((w) => !NOT_A_NAME.has(w)));
  let best: { name: string; hits: number } | undefined;
  for (const name of listing) {
    const hits = new Set(terms(name).filter((w) => wanted.has(w))).size;
    if (hits >= minHits && (!best || hits > best.hits || (hits === best.hits && name.length < best.name.length)))
      best = { name, hits };
  }
  return best?.name;
}

/** Folders under a task file's own whose YAML no include names (a playbook folder's roles, vars, tests). */
export const NOT_TASK_FOLDERS =
  /^(?:roles|group_vars|host_vars|vars|defaults|handlers|meta|templates|files|molecule|tests?|collections|node_modules)$/;

/** Of the names under a task file's folder (relative to it), those an include there can name: YAML, not itself. */
export function taskFilesOf(names: readonly string[], self: string): string[] {
  return names.filter(
    (n) =>
      /\.ya?ml$/i.test(n) &&
      n !== self &&
      !n
        .split('/')
        .slice(0, -1)
        .some((d) => NOT_TASK_FOLDERS.test(d)),
  );
}

/**
 * The task file of the folder an include's description names: one named by a word of it
 * ("Including keystone_service_bootstrap tasks"), else, unless it spells a file name, the one most
 * of its words name ("Find SSHD ports" → find_ports.yml).
 */
export function taskFileFor(description: string, listing: readonly string[], minHits = 1): string | undefined {
  const said = description.replace(/\{\{.*?\}\}/g, ' ');
  const named = said.match(/[\w.-]+/g)?.flatMap((w) => [`${w}.yml`, `${w}.yaml`]);
  const exact = listing.find((n) => named?.includes(n));
  // A file name the description spells (`keystone_fernet_keys_distribute`) that is not listed yet
  // is not another file that shares its words.
  if (exact || /\b[a-z0-9]+(?:_[a-z0-9]+)+\b/i.test(said)) return exact;
  return localFileFor(said.replace(/\b(?:includ\w*|import\w*|tasks?)\b/gi, ' '), listing, minHits);
}

const TEMPLATES = new Set(['ansible.builtin.template', 'ansible.windows.win_template']);
const FILES = new Set(['ansible.builtin.copy', 'ansible.windows.win_copy']);

/** The folder listing a module's `src:` reads from: templates/ for a template, files/ for a copy. */
export function listingFor(fqcn: string, local: LocalFiles | undefined): readonly string[] | undefined {
  if (TEMPLATES.has(fqcn)) return local?.templates;
  if (FILES.has(fqcn)) return local?.files;
  return undefined;
}

/**
 * Where a role's file usually goes, instead of the `dest:` another project's example had: a nested
 * name mirrors its path (`etc/default/haproxy.j2` → `/etc/default/haproxy`), a template's plain
 * name goes under `/etc` in its own folder (`haproxy.cfg.j2` → `/etc/haproxy/haproxy.cfg`), another
 * file into the example's folder under its own name (`ca.pem` → `/etc/ssl/certs/ca.pem`).
 */
export function destinationOf(fqcn: string, src: string, exampleDest: string): string {
  const name = TEMPLATES.has(fqcn) ? src.replace(/\.j2$/, '') : src;
  if (name.includes('/')) return `/${name.replace(/^\/+/, '')}`;
  const folder = /^[a-z][a-z0-9]*/i.exec(name)?.[0];
  if (TEMPLATES.has(fqcn) && folder && name !== src) return `/etc/${folder}/${name}`;
  return exampleDest.endsWith('/') ? exampleDest : `${exampleDest.slice(0, exampleDest.lastIndexOf('/') + 1)}${name}`;
}

/**
 * Copying something the role has only as a template ("Copy HAProxy configuration in place" with
 * `templates/haproxy.cfg.j2` and nothing in `files/` that the description names) is a template task.
 */
export function templateInstead(fqcn: string, description: string, local: LocalFiles | undefined): boolean {
  return (
    FILES.has(fqcn) &&
    !!local &&
    localFileFor(description, local.templates) !== undefined &&
    localFileFor(description, local.files) === undefined
  );
}
