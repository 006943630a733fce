// The Ansible structure of one document version, as every feature sees it.
// Plain data with offsets into `text`; `lines` converts to LSP-style {line, character}.

import type { Node as YamlNode } from 'yaml';

export type FileKind =
  | 'playbook' // a list of plays / import_playbook entries
  | 'tasks' // a list of tasks (role tasks/, included task files)
  | 'handlers' // a list of handlers (role handlers/)
  | 'vars' // a mapping of variables (vars/, defaults/, group_vars, host_vars, vars files)
  | 'meta' // role meta/main.yml, Galaxy requirements.yml
  | 'unknown';

/** Half-open offset range [start, end) into the document text. */
export interface Span {
  start: number;
  end: number;
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** One `key: value` entry of a mapping. */
export interface Entry {
  key: string;
  keySpan: Span;
  /** The parsed value (yaml's toJS); undefined for an empty value. */
  value: unknown;
  /** The value's node, for features that need its exact shape or tag. */
  valueNode: YamlNode | null;
  /** Span of the value; an empty span right after the colon when there is no value. */
  valueSpan: Span;
}

/** Where in a play or block a task list sits. */
export type TaskSection = 'tasks' | 'pre_tasks' | 'post_tasks' | 'handlers' | 'block' | 'rescue' | 'always';

export type ModuleForm =
  | 'key' // `ansible.builtin.copy: {...}`
  | 'action' // `action: copy src=a dest=b` or `action: {module: copy, ...}`
  | 'local_action'; // `local_action: ...`

export interface ModuleArg {
  name: string;
  nameSpan: Span;
  value: unknown;
  valueNode: YamlNode | null;
  valueSpan: Span;
  /** Given as `key=value` in a free-form string rather than as a mapping entry. */
  inline: boolean;
}

export interface ModuleCall {
  /** The module name as written (`copy`, `ansible.builtin.copy`). */
  name: string;
  /** Span of the module name (the key, or the name inside an action string/mapping). */
  nameSpan: Span;
  form: ModuleForm;
  /** Arguments given as a mapping or as `k=v` words. */
  args: ModuleArg[];
  /** Free-form text (e.g. `shell: echo hi`), with `k=v` words removed. */
  freeForm?: { text: string; span: Span };
  /** The whole module entry (key and value). */
  span: Span;
}

export interface Task {
  kind: 'task' | 'block' | 'include_role' | 'import_tasks';
  section: TaskSection;
  /** The task mapping. */
  span: Span;
  /** Column of the task mapping's keys. */
  indent: number;
  entries: Entry[];
  name?: string;
  /** Undefined for blocks and for tasks with no recognisable module. */
  module?: ModuleCall;
  /** Entries that are task keywords (when, loop, register, …), by key. */
  keywords: Map<string, Entry>;
  /** Keys that are neither keywords nor the module (more than one candidate module, typos, …). */
  unknownKeys: Entry[];
  /** For blocks. */
  block?: Task[];
  rescue?: Task[];
  always?: Task[];
}

export interface Play {
  span: Span;
  indent: number;
  entries: Entry[];
  name?: string;
  hosts?: string;
  /** `- import_playbook: x.yml` entries are plays of this kind. */
  importPlaybook?: string;
  pre_tasks: Task[];
  tasks: Task[];
  post_tasks: Task[];
  handlers: Task[];
}

export interface SyntaxError {
  message: string;
  span: Span;
  /** yaml's error code, e.g. BAD_INDENT, DUPLICATE_KEY. */
  code: string;
  severity: 'error' | 'warning';
}

export interface AnsibleDocument {
  uri: string;
  version: number;
  text: string;
  kind: FileKind;
  lines: LineIndex;
  syntaxErrors: SyntaxError[];
  /** For playbooks. */
  plays: Play[];
  /** For task and handler files. */
  tasks: Task[];
}

/** Offset ↔ position conversion, built once per document version. Characters are UTF-16 code units, as in LSP. */
export class LineIndex {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }
  get lineCount(): number {
    return this.starts.length;
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const end = this.lineEnd(pos.line);
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), end);
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
  /** Offset of the end of the line, before its line break. */
  lineEnd(line: number): number {
    if (line >= this.starts.length - 1) return this.text.length;
    let end = this.starts[line + 1];
    while (end > this.starts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13))
      end--;
    return end;
  }
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
  range(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/** Visits every task, including those nested in blocks, in document order. */
export function* allTasks(doc: AnsibleDocument): Generator<Task> {
  function* walk(tasks: Task[]): Generator<Task> {
    for (const t of tasks) {
      yield t;
      if (t.block) yield* walk(t.block);
      if (t.rescue) yield* walk(t.rescue);
      if (t.always) yield* walk(t.always);
    }
  }
  for (const p of doc.plays) {
    yield* walk(p.pre_tasks);
    yield* walk(p.tasks);
    yield* walk(p.post_tasks);
    yield* walk(p.handlers);
  }
  yield* walk(doc.tasks);
}
