// The embedded model's request and answer. A leaf module: no imports of ours.

export type TaskSection = 'tasks' | 'handlers' | 'pre_tasks' | 'post_tasks' | 'block' | 'rescue' | 'always';

/** One task to write: its description and what the file and workspace around it tell us. */
export interface TaskRequest {
  /** The task name, or one part of a `# a & b` comment. */
  description: string;
  context: {
    /** FQCNs used earlier in the file (and workspace), most recent last. */
    previousModules: string[];
    /** e.g. ['ansible.builtin', 'community.general'] (from the file, workspace, `collections:` keyword). */
    collectionsInUse: string[];
    /** Variable names in scope (play vars, role defaults/vars, registered). */
    variables: string[];
    section: TaskSection;
    /** e.g. ['debian'] from `ansible_os_family == "Debian"`, apt use, host names. */
    osHints?: string[];
    /** The file up to the task. */
    fileText?: string;
  };
}

export interface DrewOn {
  taskId: string;
  score: number;
}

export interface ModelSuggestion {
  fqcn: string;
  /** Validated against the module's argspec: no unknown options, required ones present. */
  args: Record<string, unknown>;
  /** Task keywords (notify, become…) only when well supported; usually {}. */
  keywords: Record<string, unknown>;
  /** The task body as YAML without the name line, at indent 0. */
  yaml: string;
  /** The corpus examples it drew on (exact attribution), best first, up to 3. */
  drewOn: DrewOn[];
  /** In [0, 1]. */
  confidence: number;
}

export interface ModuleScore {
  fqcn: string;
  score: number;
}
