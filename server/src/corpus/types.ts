// The training corpus: named tasks with their provenance. A leaf module: no imports of ours.
// Everything that suggests or attributes (attribution index, embedded model, eval) reads these.

/** Where a corpus task came from; what an attribution shows to the user. */
export interface Provenance {
  source: 'collection' | 'workspace' | 'ftdata' | 'dir';
  /** `community.general` for collections; the repository / folder name otherwise. */
  collection: string;
  /** Collection version, or a git commit / tag when known; '' when unknown. */
  version: string;
  /** Path of the file inside the collection / repository (forward slashes). */
  path: string;
  /** 1-based line of the task in that file (0 when unknown). */
  line: number;
  /** Repository URL (MANIFEST.json `repository`, git remote), '' when unknown. */
  repoUrl: string;
  /** SPDX licence id or expression (`GPL-3.0-or-later`, `Apache-2.0`), `NOASSERTION` when unknown. */
  license: string;
}

/** What kind of text the task was written in (EXAMPLES are documentation, roles/playbooks are real use). */
export type TaskOrigin = 'module-examples' | 'role' | 'playbook' | 'ftdata' | 'workspace';

export interface CorpusTask {
  /** Stable id: hash of the normalised task text + provenance path + line. */
  id: string;
  /** The task's `name:` (may be '' for unnamed tasks, which are kept for attribution only). */
  name: string;
  /** Module as written, and resolved to FQCN when the catalog knows it ('' when the task has no module). */
  module: string;
  fqcn: string;
  /** The task as YAML text, as written (one task, `- ` list marker stripped, dedented). */
  text: string;
  /** The task's module arguments (mapping form; free-form text under `_raw_params`). */
  args: Record<string, unknown>;
  /** Task keywords present (when, loop, register, notify, become, …) with their values. */
  keywords: Record<string, unknown>;
  origin: TaskOrigin;
  /** Context: modules used earlier in the same file (FQCN, in order), handlers vs tasks, play vars names. */
  context: {
    previousModules: string[];
    section: 'tasks' | 'handlers' | 'pre_tasks' | 'post_tasks' | 'block' | 'rescue' | 'always';
    /** Variable names defined in scope (play vars, role defaults/vars, registered earlier). */
    variables: string[];
  };
  /** Every source this exact task was found in (identical tasks keep all their sources). */
  sources: Provenance[];
  /** Seeded split by source file: nothing of a held-out file is trained on. */
  split: 'train' | 'test';
}

export interface CorpusStats {
  tasks: number;
  modules: number;
  collections: number;
  licences: Record<string, number>;
  origins: Record<string, number>;
  millis: number;
}

/** The on-disk corpus: a versioned cache keyed by what was indexed. */
export interface CorpusManifest {
  schema: number;
  /** Hash of the sources (collection versions, ftdata files' mtimes, dirs). */
  key: string;
  createdAt: string;
  stats: CorpusStats;
}
