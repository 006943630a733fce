// Where the installed Ansible lives: the ansible-doc executable, ansible-core's package folder, its
// version, and the folders that hold collections. Finding ansible-doc only reads the file system;
// `discoverInstallation` spawns Python twice (~0.7 s) and is run only when building a cache.

import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { AnsibleLaunch } from './launch';
import type { ProcessRunner } from './processes';

export interface Installation {
  /** Real path of ansible-doc. */
  ansibleDoc: string;
  /** e.g. 2.14.18 */
  coreVersion: string;
  /** ansible-core's package folder (…/site-packages/ansible). */
  corePath: string;
  /** `ansible_collections` folders in search order (config paths, then Python's sys.path). */
  collectionRoots: string[];
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Finds ansible-doc. `ansiblePath` is the `scribe.ansible.path` setting: '' searches PATH; a folder
 * is searched for ansible-doc; a file is used as is when it is an ansible-doc, otherwise its
 * sibling ansible-doc is used (so pointing at `…/bin/ansible` works too).
 */
export function findAnsibleDoc(ansiblePath: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates: string[] = [];
  if (!ansiblePath) {
    for (const dir of (env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'ansible-doc'));
  } else {
    const p = isAbsolute(ansiblePath) ? ansiblePath : resolve(ansiblePath);
    if (isDirectory(p)) candidates.push(join(p, 'ansible-doc'), join(p, 'bin', 'ansible-doc'));
    else if (/ansible-doc[^/]*$/.test(p)) candidates.push(p);
    else candidates.push(join(dirname(p), 'ansible-doc'));
  }
  const found = candidates.find(isExecutableFile);
  if (!found) return undefined;
  try {
    // Keep the folder the user chose (a venv's bin/ansible-doc is a script whose shebang picks
    // the venv's Python); resolve only to make the cache key stable.
    realpathSync(found);
    return found;
  } catch {
    return undefined;
  }
}

/** Parses `ansible-doc --version`: `ansible-doc [core 2.14.18]`, `ansible python module location = …`. */
export function parseVersionOutput(text: string): {
  coreVersion?: string;
  corePath?: string;
  collectionLocations: string[];
} {
  const coreVersion = /\[core ([^\]]+)\]/.exec(text)?.[1] ?? /^ansible-doc\s+(\S+)/m.exec(text)?.[1];
  const corePath = /ansible python module location = (.+)$/m.exec(text)?.[1]?.trim();
  const locations = /ansible collection location = (.+)$/m.exec(text)?.[1]?.trim();
  return {
    coreVersion,
    corePath,
    collectionLocations: locations ? locations.split(':').filter(Boolean) : [],
  };
}

/** `ansible_collections` folder for a configured collections path (Ansible appends it unless present). */
function collectionsFolder(path: string): string {
  return path.replace(/\/+$/, '').endsWith('/ansible_collections') ? path : join(path, 'ansible_collections');
}

/**
 * Runs `ansible-doc --version` and `ansible-galaxy collection list --format json`, started as
 * `launch` says (in an untrusted workspace: away from its ansible.cfg).
 */
export async function discoverInstallation(
  ansibleDoc: string,
  runner: ProcessRunner,
  launch: AnsibleLaunch,
  log: (line: string) => void,
): Promise<Installation | { error: string }> {
  const galaxy = join(dirname(ansibleDoc), 'ansible-galaxy');
  const { env, cwd } = launch;
  const [version, list] = await Promise.all([
    runner.run(ansibleDoc, ['--version'], { timeoutMs: 30_000, env, cwd, urgent: () => true }),
    isExecutableFile(galaxy)
      ? runner.run(galaxy, ['collection', 'list', '--format', 'json'], {
          timeoutMs: 60_000,
          env,
          cwd,
          urgent: () => true,
        })
      : undefined,
  ]);
  if (version.error || version.code !== 0) {
    const why = version.error ?? (version.stderr.trim().split('\n').pop() || `exit code ${version.code}`);
    return { error: `ansible-doc --version failed: ${why}` };
  }
  const parsed = parseVersionOutput(version.stdout);
  if (!parsed.coreVersion || !parsed.corePath) return { error: 'could not read the output of ansible-doc --version' };
  const roots: string[] = parsed.collectionLocations.map(collectionsFolder);
  if (list && list.code === 0) {
    try {
      // Keys are the ansible_collections folders that hold collections, in search order.
      for (const root of Object.keys(JSON.parse(list.stdout) as Record<string, unknown>)) roots.push(root);
    } catch {
      log('[catalog] could not parse ansible-galaxy collection list output');
    }
  } else {
    log(`[catalog] ansible-galaxy collection list failed; using the configured collection paths only`);
  }
  // Python's sys.path collections (Debian: dist-packages/ansible_collections) sit next to ansible-core.
  roots.push(join(dirname(parsed.corePath), 'ansible_collections'));
  return {
    ansibleDoc,
    coreVersion: parsed.coreVersion,
    corePath: parsed.corePath,
    collectionRoots: [...new Set(roots.map((r) => resolve(r)))],
  };
}
