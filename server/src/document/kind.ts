// What kind of Ansible file a document is: by its content when that is decisive (plays), else by
// where it sits in a role or project layout.

import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { FileKind } from './model';

const playMarkers = ['hosts', 'import_playbook', 'ansible.builtin.import_playbook', 'ansible.legacy.import_playbook'];

export function detectKind(uri: string, contents: YamlNode | null): FileKind {
  const path = decodeURIComponent(uri).replace(/\\/g, '/');
  if (isSeq(contents)) {
    const first = contents.items.find(isMap);
    if (first && playMarkers.some((k) => first.has(k))) return 'playbook';
  }
  const byPath = kindFromPath(path);
  if (byPath) return byPath;
  if (isSeq(contents)) return contents.items.some(isMap) ? 'tasks' : 'unknown';
  if (isMap(contents)) return 'vars';
  return 'unknown';
}

function kindFromPath(path: string): FileKind | undefined {
  if (/\/(group_vars|host_vars)\//.test(path)) return 'vars';
  // roles/<role>/<dir>/..., also a role opened on its own (<role>/tasks/main.yml).
  const m = /(?:^|\/)(tasks|handlers|defaults|vars|meta)\/(?:[^/]+\/)*[^/]+$/.exec(path);
  if (!m) {
    // Galaxy requirements (roles/collections to install) are metadata like meta/main.yml, not tasks.
    if (/(?:^|\/)requirements\.ya?ml$/.test(path)) return 'meta';
    return /\/playbooks\//.test(path) ? 'playbook' : undefined;
  }
  switch (m[1]) {
    case 'tasks':
      return 'tasks';
    case 'handlers':
      return 'handlers';
    case 'meta':
      return 'meta';
    default:
      return 'vars';
  }
}
