// How Ansible's tools (ansible-doc, ansible-galaxy) are started: in which folder and with which
// environment. Ansible reads an `ansible.cfg` in its working folder, and through it `library`,
// `doc_fragment_plugins`, `*_plugins` paths, whose Python it imports; the language server's own
// working folder is usually the workspace root. So for a workspace the user has not trusted they
// run from a folder of ours in the cache, with ANSIBLE_CONFIG naming an empty configuration we
// write there (Ansible's defaults), and without PATH entries that are relative to the working folder.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

export interface AnsibleLaunch {
  /** The environment of Ansible's processes. */
  env: NodeJS.ProcessEnv;
  /** Their working folder; undefined: the server's own (a trusted workspace, the CLI). */
  cwd?: string;
}

const NEUTRAL_CONFIG =
  '# Written by Ansible Scribe: the configuration Ansible reads for a workspace that is not trusted.\n' +
  "# Empty on purpose: Ansible's defaults, nothing from the workspace.\n";

/** The folder untrusted workspaces' Ansible processes run in: `<cacheDir>/untrusted/`. */
export function neutralFolder(cacheDir: string): string {
  return join(cacheDir, 'untrusted');
}

/**
 * How to start Ansible's tools. Trusted: as the user's shell would, in the server's working folder.
 * Untrusted: in `<cacheDir>/untrusted/` with `ANSIBLE_CONFIG=<cacheDir>/untrusted/ansible.cfg` (an
 * empty file, written here); throws when that file cannot be written (nothing may run then).
 */
export function ansibleLaunch(o: { trusted: boolean; cacheDir: string; env: NodeJS.ProcessEnv }): AnsibleLaunch {
  if (o.trusted) return { env: o.env };
  const dir = neutralFolder(o.cacheDir);
  const config = join(dir, 'ansible.cfg');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let current: string | undefined;
  try {
    current = readFileSync(config, 'utf8');
  } catch {
    current = undefined;
  }
  if (current !== NEUTRAL_CONFIG) writeFileSync(config, NEUTRAL_CONFIG, { mode: 0o600 });
  const path = (o.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && isAbsolute(dir))
    .join(delimiter);
  return { cwd: dir, env: { ...o.env, ANSIBLE_CONFIG: config, PATH: path } };
}
