// Turns a parsed Ansible document into corpus task records: module and arguments, keywords, the
// task's own text, and its context (modules used earlier in the file, section, variables in scope).

import { playKeywords } from '../document/keywords';
import type { AnsibleDocument, Play, Task } from '../document/model';
import type { CorpusTask } from './types';

/** A task as found in one file, before provenance, ids and de-duplication. */
export interface ExtractedTask {
  name: string;
  module: string;
  fqcn: string;
  text: string;
  args: Record<string, unknown>;
  keywords: Record<string, unknown>;
  /** 1-based line in the document text. */
  line: number;
  context: CorpusTask['context'];
}

/** Module name as written → FQCN ('' when unknown). */
export type ModuleResolver = (written: string) => string;

/** Keywords that are folded into the module call or kept apart, not copied into `keywords`. */
const notKeywords = new Set(['name', 'args', 'action', 'local_action', 'block', 'rescue', 'always']);

/** What one part of a file passes on to the next (EXAMPLES are parsed in parts). */
export interface FileState {
  /** FQCNs of modules used so far, in order of first use. */
  previous: string[];
  /** Variables registered or set so far. */
  registered: string[];
}

export function extractTasks(
  doc: AnsibleDocument,
  resolve: ModuleResolver,
  inheritedVariables: readonly string[] = [],
  state: FileState = { previous: [], registered: [] },
): ExtractedTask[] {
  const out: ExtractedTask[] = [];
  const { previous, registered } = state;
  const visit = (tasks: Task[], scope: readonly string[]) => {
    for (const t of tasks) {
      const local = [...scope, ...varsKeys(t.keywords.get('vars')?.value)];
      if (t.kind === 'block') {
        visit(t.block ?? [], local);
        visit(t.rescue ?? [], local);
        visit(t.always ?? [], local);
        continue;
      }
      if (!t.module) continue;
      const fqcn = resolve(t.module.name);
      // EXAMPLES sometimes hold plays without tasks or prose paragraphs (`Note: …`) that parse as a
      // mapping: a "module" that is a play keyword or an unknown capitalised word is not a task.
      if (!fqcn && (playKeywords.has(t.module.name) || /^[A-Z]/.test(t.module.name))) continue;
      out.push(record(doc, t, fqcn, [...previous], unique([...local, ...registered])));
      if (fqcn && !previous.includes(fqcn)) previous.push(fqcn);
      const reg = t.keywords.get('register')?.value;
      if (typeof reg === 'string' && !registered.includes(reg)) registered.push(reg);
      if (/(^|\.)set_fact$/.test(fqcn || t.module.name)) {
        for (const a of t.module.args)
          if (a.name !== 'cacheable' && !registered.includes(a.name)) registered.push(a.name);
      }
    }
  };
  for (const play of doc.plays) {
    const scope = [...inheritedVariables, ...playVariables(play)];
    visit(play.pre_tasks, scope);
    visit(play.tasks, scope);
    visit(play.post_tasks, scope);
    visit(play.handlers, scope);
  }
  visit(doc.tasks, inheritedVariables);
  return out;
}

function record(
  doc: AnsibleDocument,
  t: Task,
  fqcn: string,
  previousModules: string[],
  variables: string[],
): ExtractedTask {
  const call = t.module!;
  const args: Record<string, unknown> = {};
  if (call.freeForm) args._raw_params = call.freeForm.text;
  for (const a of call.args) args[a.name] = a.value;
  const keywords: Record<string, unknown> = {};
  for (const [k, e] of t.keywords) if (!notKeywords.has(k)) keywords[k] = e.value;
  return {
    name: t.name ?? '',
    module: call.name,
    fqcn,
    text: taskText(doc, t),
    args,
    keywords,
    line: doc.lines.positionAt(t.span.start).line + 1,
    context: { previousModules, section: t.section, variables },
  };
}

/** The task mapping's text, dedented to column 0 (the `- ` marker is outside the mapping's range). */
export function taskText(doc: AnsibleDocument, t: Task): string {
  const raw = doc.text.slice(t.span.start, t.span.end).replace(/\r\n?/g, '\n');
  const lines = raw.split('\n');
  const indent = t.indent;
  const body = lines.map((l, i) => (i === 0 ? l : l.slice(Math.min(indent, l.length - l.trimStart().length))));
  // yaml's range runs to the next item, so trailing blank and comment lines belong to what follows.
  while (body.length > 1 && /^\s*(#.*)?$/.test(body[body.length - 1])) body.pop();
  return body.join('\n').trimEnd();
}

function playVariables(play: Play): string[] {
  return varsKeys(play.entries.find((e) => e.key === 'vars')?.value);
}

export function varsKeys(value: unknown): string[] {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.keys(value);
  // `vars:` as a list of mappings (old style)
  if (Array.isArray(value)) return value.flatMap((v) => varsKeys(v));
  return [];
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
