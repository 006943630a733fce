// Where the installed Ansible keeps its modules and collections, via the catalog's discovery
// (ansible-doc --version, ansible-galaxy collection list). In a workspace that is not trusted they
// run away from its ansible.cfg (catalog/launch.ts).

import { isAbsolute } from 'node:path';
import { discoverInstallation, findAnsibleDoc } from '../catalog/installation';
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
  /** Where the neutral configuration for an untrusted workspace is written. */
  cacheDir: string;
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
  const runner = new ProcessRunner(2, log);
  try {
    const found = await discoverInstallation(exe, runner, launch, log);
    if ('error' in found) throw new CorpusInputError(found.error);
    return { core: { path: found.corePath, version: found.coreVersion }, collectionRoots: found.collectionRoots };
  } finally {
    runner.dispose();
  }
}
