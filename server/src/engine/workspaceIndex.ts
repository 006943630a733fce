// The worker's indexing job: the workspace's own playbooks and roles join the attribution index, a
// file's earlier tasks replaced by its current ones. The model itself is trained on the stored
// corpus only.

import { indexWorkspaceFiles } from '../corpus/index';
import type { SuggestionResources } from './resources';

export class WorkspaceIndex {
  /** Index ids of each file's tasks, so a changed file's old tasks can be removed. */
  private readonly idsByPath = new Map<string, string[]>();

  constructor(private readonly resources: SuggestionResources) {}

  /** Adds (or replaces) files' tasks; resolves to the task count (0 while suggestions are unavailable). */
  async index(root: string, files: { path: string; text: string }[]): Promise<number> {
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
    return tasks.length;
  }
}
