// Find references and rename for handlers: a handler's `name:` or `listen:` topic and every
// `notify:` that names it, across the workspace. Rename refuses when a handler name or a notify in
// reach is built with Jinja, because no text edit can update such a name safely.

import { isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { taskAt, playAt } from '../../document/locate';
import { allTasks, type AnsibleDocument, type Span, type Task } from '../../document/model';
import { handlerNameSpan } from './definition';

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

interface Occurrence {
  doc: AnsibleDocument;
  span: Span;
  /** The scalar's text as written, Jinja included. */
  text: string;
}

function isHandler(doc: AnsibleDocument, t: Task): boolean {
  return t.section === 'handlers' || doc.kind === 'handlers';
}

function scalars(node: YamlNode | null): { value: string; span: Span }[] {
  const items = isSeq(node) ? node.items : [node];
  const out: { value: string; span: Span }[] = [];
  for (const n of items) {
    if (isScalar(n) && typeof n.value === 'string' && n.range)
      out.push({ value: n.value, span: { start: n.range[0], end: n.range[1] } });
  }
  return out;
}

/** The handler name under the offset: a `notify:` entry, a handler's `name:` or `listen:` topic. */
export function handlerNameAt(doc: AnsibleDocument, offset: number): { name: string; span: Span } | undefined {
  const play = playAt(doc, offset);
  const tasks = play ? [...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers] : doc.tasks;
  const task = taskAt(tasks, offset);
  if (!task) return undefined;
  const keys = isHandler(doc, task) ? ['notify', 'name', 'listen'] : ['notify'];
  for (const e of task.entries) {
    if (!keys.includes(e.key) || !contains(e.valueSpan, offset)) continue;
    const hit = scalars(e.valueNode).find((s) => contains(s.span, offset));
    if (hit) return { name: hit.value, span: hit.span };
  }
  return undefined;
}

/** Every handler definition (name or listen topic) and every notify in `docs`, by the name they use. */
function occurrences(docs: readonly AnsibleDocument[]): { named: Map<string, Occurrence[]>; jinja: Occurrence[] } {
  const named = new Map<string, Occurrence[]>();
  const jinja: Occurrence[] = [];
  const add = (doc: AnsibleDocument, value: string, span: Span) => {
    const o = { doc, span, text: value };
    if (value.includes('{{') || value.includes('{%')) jinja.push(o);
    else named.set(value, [...(named.get(value) ?? []), o]);
  };
  for (const doc of docs) {
    for (const t of allTasks(doc)) {
      const notify = t.entries.find((e) => e.key === 'notify');
      if (notify) for (const s of scalars(notify.valueNode)) add(doc, s.value, s.span);
      if (!isHandler(doc, t)) continue;
      for (const key of ['name', 'listen']) {
        const e = t.entries.find((x) => x.key === key);
        if (e) for (const s of scalars(e.valueNode)) add(doc, s.value, handlerNameSpan(t, s.value) ?? s.span);
      }
    }
  }
  return { named, jinja };
}

export function handlerReferences(name: string, docs: readonly AnsibleDocument[]): Location[] {
  return (occurrences(docs).named.get(name) ?? []).map((o) => ({ uri: o.doc.uri, range: o.doc.lines.range(o.span) }));
}

export type RenameResult = { edit: WorkspaceEdit } | { refused: string };

export function renameHandler(name: string, newName: string, docs: readonly AnsibleDocument[]): RenameResult {
  if (!newName.trim() || /[\r\n]/.test(newName)) return { refused: 'A handler name must be one non-empty line.' };
  if (newName.includes('{{') || newName.includes('{%')) return { refused: 'A new handler name cannot contain Jinja.' };
  const { named, jinja } = occurrences(docs);
  const where = jinja.find((o) => couldProduce(o.text, name));
  if (where) {
    const line = where.doc.lines.positionAt(where.span.start).line + 1;
    return {
      refused: `Not renamed: ${where.text} (${where.doc.uri.split('/').pop()}:${line}) builds a handler name with Jinja, which a rename cannot update safely.`,
    };
  }
  const found = named.get(name) ?? [];
  if (!found.length) return { refused: `No handler or notify named '${name}' was found.` };
  const changes: Record<string, TextEdit[]> = {};
  for (const o of found) {
    const inner = unquoted(o.doc.text, o.span);
    const quoted = inner.start !== o.span.start;
    const text =
      quoted || isPlainSafe(newName) ? escapeFor(o.doc.text[o.span.start], newName) : JSON.stringify(newName);
    (changes[o.doc.uri] ??= []).push({ range: o.doc.lines.range(quoted ? inner : o.span), newText: text });
  }
  return { edit: { changes } };
}

/** Whether a Jinja-built name (`restart_{{ svc }}`) could evaluate to `name`: its literal parts match in order. */
function couldProduce(template: string, name: string): boolean {
  const literal = template.split(/\{\{.*?\}\}|\{%.*?%\}/s).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`, 's').test(name);
}

/** The span of a scalar's text without its quotes. */
function unquoted(text: string, span: Span): Span {
  const q = text[span.start];
  return (q === '"' || q === "'") && text[span.end - 1] === q ? { start: span.start + 1, end: span.end - 1 } : span;
}

function escapeFor(quote: string, value: string): string {
  if (quote === '"') return JSON.stringify(value).slice(1, -1);
  if (quote === "'") return value.replace(/'/g, "''");
  return value;
}

/** A name that stays the same string as a plain YAML scalar. */
function isPlainSafe(value: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_ .\-/()+=,]*$/.test(value) && !/\s$/.test(value) && !/ #/.test(value);
}
