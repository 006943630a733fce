// The catalog's on-disk cache: `<cacheDir>/catalog/<key>/index.json` plus one shard per collection
// in `shards/<collection>.json`. The key is a hash of what ansible-doc would read: ansible-core's
// files and every collection folder's MANIFEST.json / galaxy.yml / meta/runtime.yml / modules
// folder, compared by stat (size + mtime) so a warm start spawns nothing (~ms, not ~1 s of Python).
// `locators/<hash>.json` remembers, per ansible-doc + environment, where those folders are.

import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Installation } from './installation';

/** Bump when the shape of index.json or a shard changes. */
export const CACHE_SCHEMA = 1;

function hash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

/** A path's size and mtime as one line of a cache key ('-' when missing). */
export function statLine(path: string): string {
  try {
    const s = statSync(path);
    return `${path}:${s.size}:${Math.round(s.mtimeMs)}`;
  } catch {
    return `${path}:-`;
  }
}

/** The sub-folders of a path, sorted, without hidden ones and __pycache__ ([] when unreadable). */
export function subdirs(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== '__pycache__')
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

/** Environment that changes which Ansible/config/collections ansible-doc sees. */
const ENV_KEYS = [
  'ANSIBLE_CONFIG',
  'ANSIBLE_COLLECTIONS_PATH',
  'ANSIBLE_COLLECTIONS_PATHS',
  'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH',
  'ANSIBLE_LIBRARY',
  'PYTHONPATH',
  'VIRTUAL_ENV',
  'HOME',
];

/**
 * An ansible.cfg in the working folder changes Ansible's configuration; only then does the working
 * folder take part in the key (otherwise every folder the server starts in would get its own cache).
 */
function workingFolderConfig(cwd: string): string {
  const cfg = join(cwd, 'ansible.cfg');
  return existsSync(cfg) ? cfg : '';
}

/**
 * Names the locator file: which ansible-doc, in which environment (and ansible.cfg folder). `cwd`:
 * the folder Ansible's tools run in (launch.ts), default the server's own.
 */
export function locatorKey(ansibleDoc: string, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  return hash([ansibleDoc, workingFolderConfig(cwd), ...ENV_KEYS.map((k) => `${k}=${env[k] ?? ''}`)]);
}

/** Fingerprint of an installation from the file system only. */
export function installationKey(inst: Installation, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const parts = [
    `schema=${CACHE_SCHEMA}`,
    locatorKey(inst.ansibleDoc, env, cwd),
    statLine(inst.ansibleDoc),
    statLine(join(inst.corePath, 'release.py')),
    statLine(join(inst.corePath, 'config', 'ansible_builtin_runtime.yml')),
    statLine(join(inst.corePath, 'modules')),
    // ansible.cfg changes COLLECTIONS_PATHS and the module search path.
    statLine(env.ANSIBLE_CONFIG ?? ''),
    statLine(workingFolderConfig(cwd)),
    statLine(join(env.HOME ?? '', '.ansible.cfg')),
    statLine('/etc/ansible/ansible.cfg'),
  ];
  for (const root of inst.collectionRoots) {
    parts.push(statLine(root));
    for (const ns of subdirs(root)) {
      for (const name of subdirs(join(root, ns))) {
        const dir = join(root, ns, name);
        parts.push(
          statLine(join(dir, 'MANIFEST.json')),
          statLine(join(dir, 'galaxy.yml')),
          statLine(join(dir, 'meta', 'runtime.yml')),
          statLine(join(dir, 'plugins', 'modules')),
        );
      }
    }
  }
  return hash(parts);
}

/** Writes a file so that readers see the old or the new content, never half of it. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await fs.writeFile(tmp, content, 'utf8');
  try {
    await fs.rename(tmp, path);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Reads and parses a JSON file; undefined when missing or unreadable. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export class CatalogDiskCache {
  constructor(private readonly cacheDir: string) {}

  get root(): string {
    return join(this.cacheDir, 'catalog');
  }

  locatorPath(key: string): string {
    return join(this.root, 'locators', `${key}.json`);
  }

  dir(key: string): string {
    return join(this.root, key);
  }

  indexPath(key: string): string {
    return join(this.dir(key), 'index.json');
  }

  shardPath(key: string, collection: string): string {
    return join(this.dir(key), 'shards', `${collection}.json`);
  }

  async ensureDirs(key: string): Promise<void> {
    await fs.mkdir(join(this.dir(key), 'shards'), { recursive: true });
    await fs.mkdir(join(this.root, 'locators'), { recursive: true });
  }

  /** Collections whose shard is complete on disk. */
  async shardNames(key: string): Promise<Set<string>> {
    try {
      const files = await fs.readdir(join(this.dir(key), 'shards'));
      return new Set(files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)));
    } catch {
      return new Set();
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.dir(key), { recursive: true, force: true });
  }
}
