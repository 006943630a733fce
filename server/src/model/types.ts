// What every model exchanges with the rest: a task request and its answer, and the two model
// interfaces (a task writer, a text writer) that the embedded model, a remote endpoint and test
// doubles implement. A leaf module: it imports nothing of ours but the catalog's types.

import type { ModuleCatalog } from '../catalog/types';

export type TaskSection = 'tasks' | 'handlers' | 'pre_tasks' | 'post_tasks' | 'block' | 'rescue' | 'always';

/** A task written earlier in the same file: what the file's own habits are made of. */
export interface EarlierTask {
  /** The workspace task's id in the attribution index (a file's own earlier tasks have none). */
  id?: string;
  name: string;
  /** Resolved FQCN. */
  fqcn: string;
  /** Module arguments (free-form text under `_raw_params`). */
  args: Record<string, unknown>;
  /** What its `loop:` (or `with_items:`, `with_fileglob:` …) iterates over, when it has one. */
  loop?: unknown;
  /** The keyword that loop is written with, when not `loop` (`with_fileglob`). */
  loopWith?: string;
  /** The variable its `register:` keeps the result in, when it has one. */
  register?: string;
}

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
    /** Named tasks earlier in the file, in file order (the last ones when the file is long). */
    earlierTasks?: EarlierTask[];
    /**
     * Named tasks of the workspace's other files (the same role's first, then the same folder's,
     * then the rest; bounded): the project's habits beyond this file.
     */
    workspaceTasks?: EarlierTask[];
    /** The file up to the task. */
    fileText?: string;
    /** Column of the `- ` the task starts at, when the request stage placed it (else read from fileText). */
    listIndent?: number;
    /** The files a template or copy task of this file can name (suggest/context.ts). */
    localFiles?: LocalFiles;
    /**
     * Variables an enclosing block runs only while they are undefined (`when: __sshd_is_booted is
     * not defined`): what the block is there to set.
     */
    blockDefines?: string[];
  };
}

/** The role's (or the playbook folder's) `templates/` and `files/`, names relative to them. */
export interface LocalFiles {
  templates: string[];
  files: string[];
  /** Task files an include here can name: YAML under the including file's folder, relative to it (localFiles.ts `taskFilesOf`). */
  tasks?: string[];
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

/** Writes a task for a request: the embedded model, a remote endpoint, a re-ranker around either. */
export interface TaskModel {
  /** Undefined: nothing fits the description. */
  suggest(req: TaskRequest, catalog: ModuleCatalog): ModelSuggestion | undefined | Promise<ModelSuggestion | undefined>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionInput {
  messages: ChatMessage[];
  /** The completions API's prompt; default: the messages' contents, one after another. */
  prompt?: string;
  maxTokens: number;
  /** Stop sequences (completions API only). */
  stop?: string[];
}

export interface TextReply {
  text: string;
  /** How many secrets were replaced in what was sent. */
  redactions: number;
}

/** A model that answers a prompt with text: what generation and explanation need of a remote model. */
export interface TextModel {
  readonly name: string;
  complete(input: CompletionInput, signal?: AbortSignal): Promise<TextReply>;
}
