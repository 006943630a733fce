// Where a project keeps its roles, as Ansible looks for them: next to the playbook (roles/), beside
// the role that includes another, the `roles_path` of an ansible.cfg, the workspace folders' roles/,
// a collection's roles under collections/ansible_collections, then the installed collections and
// Ansible's default roles_path (~/.ansible/roles, where ansible-galaxy installs). Static reading only.

import { statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { configuredPaths } from '../../project/ansibleConfig';

export interface ProjectLayout {
  /** The workspace folders, absolute paths. */
  workspaceRoots: readonly string[];
  /** The installed `ansible_collections` folders, in search order, when known (the module catalog's). */
  collectionRoots?: () => readonly string[];
}

const ROLE_FOLDERS = ['tasks', 'handlers', 'defaults', 'vars', 'meta', 'templates', 'files'];

/** The role folder a file lies in (…/roles/<role>/tasks/x.yml → …/roles/<role>), if any. */
export function roleOf(path: string): string | undefined {
  const parts = path.split(sep);
  for (let i = parts.length - 2; i >= 1; i--) {
    if (ROLE_FOLDERS.includes(parts[i]) && parts[i - 2] === 'roles') return parts.slice(0, i).join(sep);
  }
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `roles_path` from the ansible.cfg in `dir`, resolved against it (colon-separated, `~` expanded). */
export function rolesPathOf(dir: string): string[] {
  return configuredPaths(dir, ['roles_path']);
}

/** Ansible's default roles_path, or ANSIBLE_ROLES_PATH: where `ansible-galaxy role install` puts roles. */
function defaultRolesPath(): string[] {
  const home = process.env.HOME ?? '~';
  const configured = process.env.ANSIBLE_ROLES_PATH;
  const paths = configured
    ? configured.split(':')
    : ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'];
  return paths.filter(Boolean).map((p) => p.replace(/^~(?=\/|$)/, home));
}

/** The folder of role `name` as seen from the file `from`, or undefined when it is not found. */
export function findRole(name: string, from: string, layout: ProjectLayout): string | undefined {
  if (!name || name.includes('{{')) return undefined;
  const here = dirname(from);
  const ownRole = roleOf(from);
  const bases = [here, ...layout.workspaceRoots];
  const candidates: string[] = [];
  const parts = name.split('.');
  if (parts.length === 3) {
    const [ns, coll, role] = parts;
    for (const b of bases) candidates.push(join(b, 'collections', 'ansible_collections', ns, coll, 'roles', role));
    for (const r of layout.collectionRoots?.() ?? []) candidates.push(join(r, ns, coll, 'roles', role));
  }
  if (ownRole) candidates.push(join(dirname(ownRole), name));
  for (const b of bases) candidates.push(join(b, 'roles', name), ...rolesPathOf(b).map((p) => join(p, name)));
  candidates.push(resolve(here, name), ...defaultRolesPath().map((p) => join(p, name)));
  return candidates.find(isDir);
}
