// The grounded explanation of an Ansible document: plain JSON, built only from the document, the
// installed modules' documentation and the provenance ledger (no model, so it is deterministic).
// Lines are 1-based, as a reader counts them.

import type { FileKind, TaskSection } from '../document/model';

/** One AI-written range (a provenance record) as the explanation reports it. */
export interface AiWrittenPart {
  startLine: number;
  endLine: number;
  model: string;
  /** Distinct licences of the training matches. */
  licenses: string[];
  /** 'modified' once the user edited inside the range. */
  state: 'ai' | 'modified';
  sources: { collection: string; version: string; path: string; license: string }[];
  /** Names (or `line N`) of the tasks the range overlaps. */
  tasks: string[];
}

export interface ModuleExplanation {
  /** As written in the task. */
  name: string;
  /** Undefined when the module is unknown to the installed Ansible. */
  fqcn?: string;
  known: boolean;
  /** The module's short description from its documentation. */
  purpose?: string;
}

export interface OptionExplanation {
  name: string;
  /** The value as written (Jinja kept). */
  value: string;
  /** The option's documentation, when short enough to quote. */
  meaning?: string;
}

export interface TaskExplanation {
  line: number;
  endLine: number;
  /** The task's name, or `line N` when it has none. */
  title: string;
  name?: string;
  kind: 'task' | 'block' | 'include_role' | 'import_tasks';
  section: TaskSection;
  module?: ModuleExplanation;
  /** What the task does, in plain words, from the module and the options as written. */
  action: string;
  options: OptionExplanation[];
  /** `when`, `failed_when`, `changed_when`, `until`, … in words ("only when …"). */
  conditions: string[];
  /** `loop` / `with_*` in words ("for each item of …"). */
  loop?: string;
  /** "saves the result as `x`". */
  register?: string;
  /** Handler names or topics the task notifies. */
  notify: string[];
  /** Task-level privilege escalation in words. */
  become?: string;
  /** Other keywords worth a word (delegate_to, run_once, ignore_errors, tags). */
  notes: string[];
  aiWritten: AiWrittenPart[];
  /** For blocks. */
  block?: TaskExplanation[];
  rescue?: TaskExplanation[];
  always?: TaskExplanation[];
}

export interface HandlerExplanation extends TaskExplanation {
  /** `listen` topics. */
  listen: string[];
  /** Titles of the tasks (of the same play or file) that notify it by name or topic. */
  notifiedBy: string[];
}

export interface PlayExplanation {
  line: number;
  title: string;
  name?: string;
  hosts?: string;
  /** For `- import_playbook: x.yml`. */
  importPlaybook?: string;
  /** Play-level privilege escalation in words. */
  privilege: string;
  become: boolean;
  becomeUser?: string;
  gatherFacts: boolean;
  roles: string[];
  /** The order Ansible runs the play's parts in (only the parts it has). */
  order: string[];
  tasks: TaskExplanation[];
  handlers: HandlerExplanation[];
}

export interface Explanation {
  uri: string;
  kind: FileKind;
  plays: PlayExplanation[];
  /** Tasks of a task file (role tasks/, included task files). */
  tasks: TaskExplanation[];
  /** Every handler: of every play, or of a handler file. */
  handlers: HandlerExplanation[];
  aiWritten: { count: number; licenses: string[]; parts: AiWrittenPart[] };
  /** Set when only part of the file is explained (1-based lines). */
  selection?: { startLine: number; endLine: number };
}
