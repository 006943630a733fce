// The installed collections: where each lives, its version, repository and licence (MANIFEST.json),
// and its module files. The first folder in search order wins, as in Ansible.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { licenceFileNames, listFiles, readText, statOf } from './files';
import { licenceFromLicenceText, licenceFromManifest } from './licence';

export interface CollectionInfo {
  /** `community.general` */
  name: string;
  dir: string;
  version: string;
  repoUrl: string;
  /** The collection's licence, used for files without a header; undefined when it says none. */
  licence?: string;
}

interface Manifest {
  collection_info?: {
    namespace?: string;
    name?: string;
    version?: string;
    license?: unknown;
    license_file?: string | null;
    repository?: string | null;
  };
}

export function findCollections(roots: readonly string[]): CollectionInfo[] {
  const found = new Map<string, CollectionInfo>();
  for (const root of roots) {
    for (const ns of subdirs(root)) {
      for (const coll of subdirs(join(root, ns))) {
        const name = `${ns}.${coll}`;
        if (found.has(name)) continue;
        const info = readCollection(join(root, ns, coll), name);
        if (info) found.set(name, info);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^[a-z0-9_]+$/i.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** A collection folder with MANIFEST.json (installed) — source checkouts with galaxy.yml only are not indexed. */
export function readCollection(dir: string, name: string): CollectionInfo | undefined {
  const text = readText(join(dir, 'MANIFEST.json'));
  if (!text) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return undefined;
  }
  const ci = manifest.collection_info ?? {};
  return {
    name: ci.namespace && ci.name ? `${ci.namespace}.${ci.name}` : name,
    dir,
    version: ci.version ?? '',
    repoUrl: normaliseRepoUrl(ci.repository ?? ''),
    licence: collectionLicence(dir, ci.license, ci.license_file ?? undefined),
  };
}

/** MANIFEST `license` ids, else the text of `license_file`, else a LICENSE/COPYING file. */
export function collectionLicence(dir: string, license: unknown, licenseFile: string | undefined): string | undefined {
  const listed = licenceFromManifest(license);
  if (listed) return listed;
  const files = licenseFile ? [licenseFile] : licenceFileNames;
  for (const f of files) {
    const text = readText(join(dir, f));
    if (text !== undefined) return licenceFromLicenceText(text);
  }
  return undefined;
}

/** Module sources of a collection, relative to its folder. */
export function moduleFiles(c: CollectionInfo): string[] {
  return listFiles(join(c.dir, 'plugins', 'modules'), (p) => p.endsWith('.py') && !p.endsWith('__init__.py')).map(
    (p) => `plugins/modules/${p}`,
  );
}

/** Role task/handler files and playbooks shipped in a collection (tests are not how people write playbooks). */
export function contentFiles(c: CollectionInfo): { roles: string[]; playbooks: string[] } {
  // Roles may nest roles (ovirt.ovirt's infra role holds its sub-roles under roles/infra/roles/).
  const roles = listFiles(join(c.dir, 'roles'), (p) =>
    /(^|\/)roles\/[^/]+\/(tasks|handlers)\/.*\.ya?ml$/i.test(`roles/${p}`),
  ).map((p) => `roles/${p}`);
  const playbooks = listFiles(join(c.dir, 'playbooks'), (p) => /\.ya?ml$/i.test(p)).map((p) => `playbooks/${p}`);
  return { roles, playbooks };
}

/** `git@host:org/repo.git`, `https://host/org/repo.git/` → `https://host/org/repo`. */
export function normaliseRepoUrl(url: string): string {
  let u = url.trim();
  if (!u) return '';
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(u);
  if (scp && !/^[a-z]+:\/\//i.test(u)) u = `https://${scp[1]}/${scp[2]}`;
  u = u.replace(/^(?:git\+)?ssh:\/\/(?:[\w.-]+@)?([^/:]+)(?::\d+)?\//i, 'https://$1/');
  u = u.replace(/^git:\/\//i, 'https://');
  u = u.replace(/^(https?:\/\/)[^@/]+@/i, '$1'); // credentials never go into provenance
  return u.replace(/\/+$/, '').replace(/\.git$/, '');
}

/**
 * For the cache key, from the file system only (a warm start must not read every collection's
 * MANIFEST and licence: ~35 ms of the first suggestion): each collection folder the build would
 * read, with its MANIFEST.json's size and time (an install or upgrade rewrites it).
 */
export function collectionStamps(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const stamps: string[] = [];
  for (const root of roots) {
    for (const ns of subdirs(root)) {
      for (const coll of subdirs(join(root, ns))) {
        const dir = join(root, ns, coll);
        const manifest = statOf(join(dir, 'MANIFEST.json'));
        if (!manifest || seen.has(`${ns}.${coll}`)) continue;
        seen.add(`${ns}.${coll}`);
        stamps.push(`${ns}.${coll}:${dir}:${manifest.size}:${manifest.mtimeMs}`);
      }
    }
  }
  return stamps;
}
