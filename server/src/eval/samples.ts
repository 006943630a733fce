// What `scribe eval` scores: held-out corpus tasks (split === 'test'), or an external JSONL of
// `{context, name, task}` records (`context`: the file text before the task; `task`: its YAML as
// written), whose requests are built by the editor's own trigger rules (suggest/request.ts).

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleCatalog } from '../catalog/types';
import type { CorpusTask, TaskOrigin } from '../corpus/types';
import { indexWorkspaceFiles } from '../corpus/index';
import { parseAnsibleDocument } from '../document/parse';
import { namedTasksByFile, roleVariables, workspaceFor, type EarlierTask } from '../model/index';
import { taskFilesOf } from '../model/localFiles';
import { listFilesFromDisk, readTextFromDisk } from '../suggest/context';
import { buildTaskRequests } from '../suggest/request';
import type { TaskRequest } from '../suggest/types';

export interface EvalSample {
  id: string;
  request: TaskRequest;
  /** The reference task as YAML (with or without its `name:`). */
  reference: string;
  /** The reference's module FQCN when known (corpus records), for short names in EXAMPLES. */
  referenceFqcn?: string;
  /** Real use (roles, playbooks, workspace, ftdata) vs module documentation EXAMPLES. */
  origin: 'real' | 'examples';
  /** A record's other scalar fields (repo, file_kind …), for `--by FIELD` groups. */
  fields?: Record<string, string | number | boolean>;
  /** The kind of file the task is in, when known (external records). */
  fileKind?: 'playbook' | 'tasks' | 'handlers';
}

const osOfModule: Record<string, string> = {
  'ansible.builtin.apt': 'Debian',
  'ansible.builtin.apt_repository': 'Debian',
  'ansible.builtin.apt_key': 'Debian',
  'ansible.builtin.dnf': 'RedHat',
  'ansible.builtin.yum': 'RedHat',
  'ansible.builtin.yum_repository': 'RedHat',
  'community.general.zypper': 'Suse',
  'community.general.apk': 'Alpine',
  'community.general.pacman': 'Archlinux',
};

export function originGroup(origin: TaskOrigin): EvalSample['origin'] {
  return origin === 'module-examples' ? 'examples' : 'real';
}

/** The held-out split: named test tasks with a module, in id order (ids are hashes: a fixed shuffle). */
export function heldOutSamples(tasks: readonly CorpusTask[]): EvalSample[] {
  return tasks
    .filter((t) => t.split === 'test' && t.fqcn !== '' && t.name.trim() !== '')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((t) => {
      const prev = t.context.previousModules;
      const collections = [...new Set(prev.map((m) => m.split('.').slice(0, 2).join('.')))];
      const osHints = [...new Set(prev.flatMap((m) => (osOfModule[m] ? [osOfModule[m]] : [])))];
      return {
        id: t.id,
        request: {
          description: t.name.trim(),
          context: {
            previousModules: prev,
            collectionsInUse: collections,
            variables: t.context.variables,
            section: t.context.section,
            osHints,
          },
        },
        reference: t.text,
        referenceFqcn: t.fqcn,
        origin: originGroup(t.origin),
      };
    });
}

export interface DataRecord {
  context: string;
  name: string;
  task: string;
  /** Optional: the file's path (absolute, or relative to /), for its kind and its role's defaults/vars on disk. */
  path?: string;
  /** Optional: the record's own id, kept in `--predictions`. */
  id?: string;
  /** Optional: the task's first line in its file (orders a file's records for `workspaceBy`). */
  line?: number;
}

export interface DataLoad {
  samples: EvalSample[];
  /** Records that could not become a request, with why (1-based record numbers). */
  skipped: { record: number; reason: string }[];
}

export interface DataOptions {
  /**
   * A record field naming its project (e.g. `repo`): each request then sees, as its workspace,
   * the named tasks of that project's other files (each file's text as far as its records give it:
   * the last record's context and task), as the editor's requests see the workspace's.
   */
  workspaceBy?: string;
}

/** Reads `{context, name, task}` JSONL; each request is built as the editor would at the task's name line. */
export function dataSamples(
  jsonl: string,
  catalog: Pick<ModuleCatalog, 'resolve'>,
  options: DataOptions = {},
): DataLoad {
  const samples: EvalSample[] = [];
  const skipped: DataLoad['skipped'] = [];
  const records: DataRecord[] = []; // one per sample
  jsonl.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const record = i + 1;
    let rec: DataRecord;
    try {
      rec = JSON.parse(line) as DataRecord;
    } catch {
      skipped.push({ record, reason: 'not JSON' });
      return;
    }
    if (typeof rec.context !== 'string' || typeof rec.name !== 'string' || typeof rec.task !== 'string') {
      skipped.push({ record, reason: 'needs string fields context, name and task' });
      return;
    }
    const context = rec.context === '' || rec.context.endsWith('\n') ? rec.context : rec.context + '\n';
    const indent = /^[ \t]*/.exec(rec.task)![0];
    // The editor's situation: the name is typed, the body not yet.
    const text = `${context}${indent}- name: ${JSON.stringify(rec.name)}\n`;
    const line0 = context === '' ? 0 : context.split('\n').length - 1;
    // With a path, the file kind and a role's defaults/vars next to it come from there, as in the editor.
    const uri = rec.path ? pathToFileURL(resolve('/', rec.path)).href : 'file:///eval/tasks.yml';
    const doc = parseAnsibleDocument(uri, text);
    const outcome = buildTaskRequests(doc, line0, catalog, {
      readText: rec.path ? readTextFromDisk : () => undefined,
      listFiles: rec.path ? listFilesFromDisk : () => [],
    });
    if ('reason' in outcome) {
      skipped.push({ record, reason: outcome.reason });
      return;
    }
    const fileKind = doc.kind === 'playbook' || doc.kind === 'tasks' || doc.kind === 'handlers' ? doc.kind : undefined;
    records[samples.length] = rec;
    samples.push({
      id: typeof rec.id === 'string' && rec.id ? rec.id : `record-${record}`,
      request: outcome.requests[0],
      reference: rec.task,
      origin: 'real',
      fields: scalarFields(rec),
      ...(fileKind ? { fileKind } : {}),
    });
  });
  if (options.workspaceBy) addWorkspaces(samples, records, options.workspaceBy, catalog);
  return { samples, skipped };
}

/** Each sample whose record names a project gets the project's other files' named tasks, its role's variables and the task files next to its own. */
function addWorkspaces(
  samples: EvalSample[],
  records: readonly DataRecord[],
  field: string,
  catalog: Pick<ModuleCatalog, 'resolve'>,
): void {
  // Per project, per file: the text up to its last record's task.
  const projects = new Map<string, Map<string, { line: number; text: string }>>();
  const keyOf = (rec: DataRecord) => {
    const project = (rec as unknown as Record<string, unknown>)[field];
    const path = rec.path?.replace(/^\/+/, '');
    return typeof project === 'string' && project && path ? { project, path } : undefined;
  };
  for (const rec of records) {
    const key = keyOf(rec);
    if (!key) continue;
    const files = projects.get(key.project) ?? new Map<string, { line: number; text: string }>();
    projects.set(key.project, files);
    const end = rec.context.split('\n').length + rec.task.split('\n').length;
    const line = typeof rec.line === 'number' ? rec.line : end;
    if ((files.get(key.path)?.line ?? -1) < line) files.set(key.path, { line, text: rec.context + rec.task });
  }
  const named = new Map<string, Map<string, EarlierTask[]>>();
  const resolveModule = (n: string) => catalog.resolve(n)?.fqcn ?? '';
  for (const [project, files] of projects) {
    const list = [...files].map(([path, f]) => ({ path: `/${project}/${path}`, text: f.text }));
    named.set(
      project,
      namedTasksByFile(indexWorkspaceFiles(list, `/${project}`, { resolveModule, licence: 'NOASSERTION' })),
    );
  }
  samples.forEach((s, i) => {
    const key = keyOf(records[i]);
    if (!key) return;
    const files = named.get(key.project)!;
    // The task files next to the record's, as the editor lists them from disk (suggest/context.ts).
    const dir = key.path.slice(0, key.path.lastIndexOf('/') + 1);
    const tasks = taskFilesOf(
      [...projects.get(key.project)!.keys()].filter((p) => p.startsWith(dir)).map((p) => p.slice(dir.length)),
      key.path.slice(dir.length),
    );
    const local = s.request.context.localFiles;
    if (tasks.length) s.request.context.localFiles = { templates: [], files: [], ...local, tasks };
    const workspaceTasks = workspaceFor(key.path, files);
    if (workspaceTasks.length) s.request.context.workspaceTasks = workspaceTasks;
    s.request.context.variables = [...new Set([...s.request.context.variables, ...roleVariables(key.path, files)])];
  });
}

/** A record's scalar fields other than the big texts (context, task), kept for grouping. */
function scalarFields(rec: DataRecord): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(rec as unknown as Record<string, unknown>)) {
    if (k === 'context' || k === 'task') continue;
    if ((typeof v === 'string' && v.length <= 200) || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
