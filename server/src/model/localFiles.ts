// The file a template or copy task names, from what the role has: `templates/haproxy.cfg.j2` for
// "Copy HAProxy configuration in place", not another project's `zabbix_server.conf.j2`. A name
// matches by the description's words in it; words every such file has (`j2`, `conf`, `config`,
// `template`, `file`) do not count.

import { terms } from './text';
import type { LocalFiles } from './types';

const NOT_A_NAME = new Set(terms('j2 jinja template templates file files conf config configuration cfg yml yaml'));

/** The listed file the description names best (most of its words), or undefined when none does. */
export function localFileFor(description: string, listing: readonly string[]): string | undefined {
  const wanted = new Set(terms(description.replace(/\{\{.*?\}\}/g, ' ')).filter((w) => !NOT_A_NAME.has(w)));
  let best: { name: string; hits: number } | undefined;
  for (const name of listing) {
    const hits = new Set(terms(name).filter((w) => wanted.has(w))).size;
    if (hits && (!best || hits > best.hits || (hits === best.hits && name.length < best.name.length)))
      best = { name, hits };
  }
  return best?.name;
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
