// The worker's indexing job: the workspace's own playbooks and roles join the attribution index, a
// file's earlier tasks replaced by its current ones. The model itself is trained on the stored
// corpus only; a request from a workspace file sees the workspace's other named tasks
// (model/workspaceTasks.ts), so the project's habits steer it.
//
// Jobs run one after another once the model is loaded, and a request waits for the jobs posted
// before it: the first suggestion after a start, asked for while the model still loads, already
// sees the workspace (the folders are read here, in the worker, not on the language server's thread).

import { relative, sep } from 'node:path';
import { indexWorkspaceFiles } from '../corpus/index';
import { readWorkspaceYaml } from '../corpus/workspaceScan';
import { uriToPath } from '../document/uri';
import { namedTasksByFile, roleVariables, workspaceFor, type EarlierTask } from '../model/index';
import type { TaskRequests } from '../suggest/request';
import type { SuggestionResources } from './resources';

export class WorkspaceIndex {
  /** Index ids of each file's tasks, so a changed file's old tasks can be removed. */
  private readonly idsByPath = new Map<string, string[]>();
  /** Per workspace folder: each file's named tasks (path relative to the folder). */
  private readonly named = new Map<string, Map<string, EarlierTask[]>>();

  /** The last indexing job; requests wait for it. Never rejects. */
  private jobs: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly resources: Pick<SuggestionResources, 'loaded' | 'catalog'>,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Reads a workspace folder's YAML files and indexes them; resolves to the task count. */
  indexFolder(root: string): Promise<number> {
    return this.queue(async () => {
      if (!(await this.resources.loaded())) return 0;
      const files = readWorkspaceYaml(root);
      const tasks = await this.add(root, files);
      this.log(`workspace ${root}: ${tasks} tasks from ${files.length} YAML files indexed for attribution`);
      return tasks;
    });
  }

  /** Adds (or replaces) files' tasks; resolves to the task count (0 while suggestions are unavailable). */
  index(root: string, files: { path: string; text: string }[]): Promise<number> {
    return this.queue(() => this.add(root, files));
  }

  /** Gives each request of a workspace file the workspace's other named tasks, once indexing posted before it is done. */
  async attach(requests: TaskRequests): Promise<TaskRequests> {
    await this.jobs;
    return this.attachIndexed(requests);
  }

  private queue(job: () => Promise<number>): Promise<number> {
    const run = this.jobs.then(job);
    this.jobs = run.catch(() => 0);
    return run;
  }

  private async add(root: string, files: { path: string; text: string }[]): Promise<number> {
    const index = (await this.resources.loaded())?.index;
    if (!index) return 0;
    const old = files.flatMap((f) => this.idsByPath.get(f.path) ?? []);
    if (old.length) index.remove(old);
    const catalog = this.resources.catalog;
    const tasks = indexWorkspaceFiles(files, root, { resolveModule: (n) => catalog.resolve(n)?.fqcn ?? '' });
    index.add(tasks);
    for (const f of files) this.idsByPath.delete(f.path);
    for (const t of tasks) {
      const path = files.find((f) => f.path.endsWith(t.sources[0].path))?.path;
      if (!path) continue;
      const ids = this.idsByPath.get(path) ?? [];
      ids.push(t.id);
      this.idsByPath.set(path, ids);
    }
    const named = this.named.get(root) ?? new Map<string, EarlierTask[]>();
    for (const f of files) named.delete(relativePath(root, f.path));
    for (const [path, list] of namedTasksByFile(tasks)) named.set(path, list);
    this.named.set(root, named);
    return tasks.length;
  }

  /** Nearest files first (model/workspaceTasks.ts). */
  private attachIndexed(requests: TaskRequests): TaskRequests {
    const path = requests.uri && uriToPath(requests.uri);
    const root = path && [...this.named.keys()].filter((r) => isUnder(path, r)).sort((a, b) => b.length - a.length)[0];
    if (!path || !root) return requests;
    const relativeTo = relativePath(root, path);
    const files = this.named.get(root)!;
    const workspaceTasks = workspaceFor(relativeTo, files);
    if (!workspaceTasks.length) return requests;
    const roleVars = roleVariables(relativeTo, files);
    return {
      ...requests,
      requests: requests.requests.map((r) => ({
        ...r,
        context: { ...r.context, workspaceTasks, variables: [...new Set([...r.context.variables, ...roleVars])] },
      })),
    };
  }
}

function relativePath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

function isUnder(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}
