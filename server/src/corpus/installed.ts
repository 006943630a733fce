// Where the installed Ansible keeps its modules and collections, via the catalog's discovery
// (ansible-doc --version, ansible-galaxy collection list). In a workspace that is not trusted they
// run away from its ansible.cfg (catalog/launch.ts). With a cache folder the answer is kept in
// `<cacheDir>/corpus/installations/<locator>.json` with the installation's file-system
// fingerprint (the catalog's, catalog/diskCache.ts): a warm start spawns no Python (measured: the
// two runs took 1.2–2.8 s of the suggestion worker's start), any change to Ansible's files,
// configuration or collections runs them again.

import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { installationKey, locatorKey, readJson, writeFileAtomic } from '../catalog/diskCache';
import { discoverInstallation, findAnsibleDoc, type Installation } from '../catalog/installation';
import { ansibleLaunch } from '../catalog/launch';
import { ProcessRunner } from '../catalog/processes';
import type { CoreModules } from './installedSource';
import { CorpusInputError } from './inputError';

export interface InstalledAnsible {
  core: CoreModules;
  collectionRoots: string[];
}

export interface DiscoverTrust {
  /** Whether the workspace is trusted (without a DiscoverTrust: trusted, as the CLI is). */
  trusted: boolean;
  /** Where the neutral configuration for an untrusted workspace is written, and the answer kept. */
  cacheDir: string;
}

interface StoredInstallation {
  installation: Installation;
  fingerprint: string;
}

export async function discoverInstalledAnsible(
  ansiblePath = '',
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
  trust?: DiscoverTrust,
): Promise<InstalledAnsible> {
  const launch = trust && !trust.trusted ? ansibleLaunch({ ...trust, env }) : { env };
  // Untrusted: a relative path would name a program in the workspace.
  const path = trust && !trust.trusted && !isAbsolute(ansiblePath) ? '' : ansiblePath;
  const exe = findAnsibleDoc(path, launch.env);
  if (!exe) throw new CorpusInputError(`ansible-doc not found${path ? ` at ${path}` : ' on PATH'}`);
  const installed = (i: Installation): InstalledAnsible => ({
    core: { path: i.corePath, version: i.coreVersion },
    collectionRoots: i.collectionRoots,
  });
  const file = trust
    ? join(trust.cacheDir, 'corpus', 'installations', `${locatorKey(exe, launch.env, launch.cwd)}.json`)
    : undefined;
  if (file) {
    const stored = await readJson<StoredInstallation>(file);
    const i = stored?.installation;
    if (
      i?.ansibleDoc === exe &&
      typeof i.corePath === 'string' &&
      typeof i.coreVersion === 'string' &&
      Array.isArray(i.collectionRoots) &&
      stored?.fingerprint === installationKey(i, launch.env, launch.cwd)
    )
      return installed(i);
  }
  const runner = new ProcessRunner(2, log);
  try {
    const found = await discoverInstallation(exe, runner, launch, log);
    if ('error' in found) throw new CorpusInputError(found.error);
    if (file) {
      const stored: StoredInstallation = {
        installation: found,
        fingerprint: installationKey(found, launch.env, launch.cwd),
      };
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFileAtomic(file, JSON.stringify(stored));
      } catch (e) {
        log(`cannot write ${file}: ${String(e)}`);
      }
    }
    return installed(found);
  } finally {
    runner.dispose();
  }
}
