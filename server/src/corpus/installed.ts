// Where the installed Ansible keeps its modules and collections, via the catalog's discovery
// (ansible-doc --version, ansible-galaxy collection list).

import { discoverInstallation, findAnsibleDoc } from '../catalog/installation';
import { ProcessRunner } from '../catalog/processes';
import type { CoreModules } from './installedSource';
import { CorpusInputError } from './inputError';

export interface InstalledAnsible {
  core: CoreModules;
  collectionRoots: string[];
}

export async function discoverInstalledAnsible(
  ansiblePath = '',
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<InstalledAnsible> {
  const exe = findAnsibleDoc(ansiblePath, env);
  if (!exe) throw new CorpusInputError(`ansible-doc not found${ansiblePath ? ` at ${ansiblePath}` : ' on PATH'}`);
  const runner = new ProcessRunner(2, log);
  try {
    const found = await discoverInstallation(exe, runner, env, log);
    if ('error' in found) throw new CorpusInputError(found.error);
    return { core: { path: found.corePath, version: found.coreVersion }, collectionRoots: found.collectionRoots };
  } finally {
    runner.dispose();
  }
}
