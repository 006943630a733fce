// Go to definition (textDocument/definition) from what a playbook or task file names:
//   - a role (`roles:`, include_role/import_role `name:`) → the role's tasks/main.yml;
//   - a file (include_tasks/import_tasks/import_playbook/include_vars/vars_files, template/copy
//     `src:`) → that file, searched where Ansible searches (the role's own folder first);
//   - a handler name in `notify:` → the handlers with that name or `listen:` topic.
// Read-only and static: files are looked up on disk, nothing is run. Paths built with Jinja are
// not guessed at.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Location } from 'vscode-languageserver-types';
import { taskAt, playAt } from '../../document/locate';
import { allTasks, type AnsibleDocument, type Entry, type Span, type Task } from '../../document/model';
import { parseAnsibleDocument } from '../../document/parse';
import { uriToPath } from '../../document/uri';
import { findRole, roleOf, type ProjectLayout } from './layout';

/** A scalar value under the cursor, with its span. */
interface ScalarHit {
  value: string;
  span: Span;
}

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

/** The scalar inside `node` (a scalar, or a list/mapping of them) that holds the offset. */
function scalarAt(node: YamlNode | null | undefined, offset: number): ScalarHit | undefined {
  if (!node?.range || !contains({ start: node.range[0], end: node.range[1] }, offset)) return undefined;
  if (isScalar(node)) {
    return typeof node.value === 'string'
      ? { value: node.value, span: { start: node.range[0], end: node.range[1] } }
      : undefined;
  }
  if (isSeq(node))
    for (const item of node.items) {
      const hit = scalarAt(item as YamlNode, offset);
      if (hit) return hit;
    }
  if (isMap(node))
    for (const pair of node.items) {
      const hit = scalarAt(pair.value as YamlNode, offset);
      if (hit) return hit;
    }
  return undefined;
}

/** `ansible.builtin.include_tasks`, `ansible.legacy.include_tasks` and `include_tasks` alike. */
const shortName = (key: string) => key.replace(/^ansible\.(builtin|legacy)\./, '');

const PLAY_KEYS = new Set(['import_playbook', 'vars_files', 'roles']);
const TASK_FILE_KEYS = new Set(['include_tasks', 'import_tasks', 'include']);
const VARS_FILE_KEYS = new Set(['include_vars']);
const ROLE_KEYS = new Set(['include_role', 'import_role']);
/** Modules whose `src:` is looked up in a role's templates/ or files/ folder. */
const SRC_FOLDER: Record<string, string> = {
  template: 'templates',
  copy: 'files',
  script: 'files',
  unarchive: 'files',
  assemble: 'files',
};

export function definitionAt(doc: AnsibleDocument, offset: number, layout: ProjectLayout): Location[] {
  const path = uriToPath(doc.uri);
  if (!path) return [];
  const play = playAt(doc, offset);
  if (play) {
    const playEntry = play.entries.find((e) => PLAY_KEYS.has(shortName(e.key)) && contains(e.valueSpan, offset));
    if (playEntry) return playDefinition(playEntry, offset, path, layout);
  }
  const tasks = play ? [...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers] : doc.tasks;
  const task = taskAt(tasks, offset);
  if (!task) return [];
  const e = task.entries.find((x) => contains(x.valueSpan, offset));
  if (!e) return [];
  if (e.key === 'notify') {
    const hit = scalarAt(e.valueNode, offset);
    return hit ? handlerLocations(hit.value, doc, path, layout) : [];
  }
  return taskValueDefinition(task, e, offset, path, layout);
}

function playDefinition(e: Entry, offset: number, path: string, layout: ProjectLayout): Location[] {
  const hit = scalarAt(e.valueNode, offset);
  if (!hit || hit.value.includes('{{')) return [];
  const key = shortName(e.key);
  if (key === 'import_playbook') return fileLocations([join(dirname(path), hit.value)]);
  if (key === 'vars_files') return fileLocations([join(dirname(path), hit.value)]);
  if (key === 'roles') return roleLocations(hit.value, path, layout);
  return [];
}

function taskValueDefinition(task: Task, e: Entry, offset: number, path: string, layout: ProjectLayout): Location[] {
  const hit = scalarAt(e.valueNode, offset);
  if (!hit || hit.value.includes('{{')) return [];
  const key = shortName(e.key);
  const here = dirname(path);
  const role = roleOf(path);
  const value = hit.value.trim();
  // A free-form include (`include_tasks: x.yml`) or its `file:` argument.
  const fileArg = task.module?.args.find((a) => contains(a.valueSpan, offset))?.name;
  if (TASK_FILE_KEYS.has(key) && (fileArg === undefined || fileArg === 'file'))
    return fileLocations([join(here, value), ...(role ? [join(role, 'tasks', value)] : [])]);
  if (VARS_FILE_KEYS.has(key) && (fileArg === undefined || fileArg === 'file'))
    return fileLocations([join(here, value), ...(role ? [join(role, 'vars', value)] : []), join(here, 'vars', value)]);
  if (ROLE_KEYS.has(key) && fileArg === 'name') return roleLocations(value, path, layout);
  const folder = SRC_FOLDER[key];
  if (folder && fileArg === 'src') {
    const roleDir = role ?? here;
    return fileLocations([join(roleDir, folder, value), join(here, folder, value), join(here, value)]);
  }
  return [];
}

function fileLocations(candidates: string[]): Location[] {
  const found = candidates.find((p) => isAbsolute(p) && isFile(p));
  return found ? [{ uri: pathToFileURL(found).href, range: START }] : [];
}

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function roleLocations(name: string, from: string, layout: ProjectLayout): Location[] {
  const dir = findRole(name, from, layout);
  if (!dir) return [];
  return fileLocations(['main.yml', 'main.yaml'].map((f) => join(dir, 'tasks', f)));
}

/**
 * Handlers a `notify:` name reaches: in this document's plays, in the file's own role, and in the
 * roles the document's plays list. Matched by name or by a `listen:` topic.
 */
function handlerLocations(name: string, doc: AnsibleDocument, path: string, layout: ProjectLayout): Location[] {
  const out: Location[] = [];
  const look = (d: AnsibleDocument) => {
    for (const t of allTasks(d)) {
      if (t.section !== 'handlers' && d.kind !== 'handlers') continue;
      const span = handlerNameSpan(t, name);
      if (span) out.push({ uri: d.uri, range: d.lines.range(span) });
    }
  };
  look(doc);
  const roleDirs = new Set<string>();
  const own = roleOf(path);
  if (own) roleDirs.add(own);
  for (const play of doc.plays) {
    const roles = play.entries.find((e) => e.key === 'roles');
    if (!roles || !isSeq(roles.valueNode)) continue;
    for (const item of roles.valueNode.items) {
      const node = item as YamlNode;
      const n = isMap(node) ? (node.get('role') ?? node.get('name')) : isScalar(node) ? node.value : undefined;
      const dir = typeof n === 'string' ? findRole(n, path, layout) : undefined;
      if (dir) roleDirs.add(dir);
    }
  }
  for (const dir of roleDirs) {
    for (const f of ['main.yml', 'main.yaml']) {
      const file = join(dir, 'handlers', f);
      if (!existsSync(file)) continue;
      look(parseAnsibleDocument(pathToFileURL(file).href, readFileSync(file, 'utf8')));
    }
  }
  return out;
}

/** The span that names a handler `name`: its `name:` value or one of its `listen:` topics. */
export function handlerNameSpan(t: Task, name: string): Span | undefined {
  const nameEntry = t.entries.find((e) => e.key === 'name');
  if (nameEntry && t.name === name) return nameEntry.valueSpan;
  const listen = t.entries.find((e) => e.key === 'listen');
  if (!listen) return undefined;
  const topics = isSeq(listen.valueNode) ? listen.valueNode.items : [listen.valueNode];
  for (const topic of topics) {
    if (isScalar(topic) && topic.value === name && topic.range) return { start: topic.range[0], end: topic.range[1] };
  }
  return undefined;
}
