// The outline of one document (textDocument/documentSymbol): plays → their tasks, blocks, handlers
// and roles; a task or handler file → its tasks; a vars file → its variables. Hierarchical, with
// names as the user wrote them and the module as the detail.

import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { AnsibleDocument, Entry, LineIndex, Play, Span, Task } from '../../document/model';

export function documentSymbols(doc: AnsibleDocument): DocumentSymbol[] {
  if (doc.kind === 'vars') return variableSymbols(doc);
  if (doc.plays.length) return doc.plays.map((p) => playSymbol(p, doc.lines));
  return doc.tasks.map((t) => taskSymbol(t, doc.lines, t.section === 'handlers'));
}

function symbol(
  lines: LineIndex,
  name: string,
  kind: SymbolKind,
  range: Span,
  selection: Span,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  // The selection range must lie inside the range (LSP); a name outside it falls back to the start.
  const inside = selection.start >= range.start && selection.end <= range.end;
  const sel = inside ? selection : { start: range.start, end: range.start };
  return {
    name: name.trim() || '(unnamed)',
    detail,
    kind,
    range: lines.range(range),
    selectionRange: lines.range(sel),
    ...(children?.length ? { children } : {}),
  };
}

function entry(entries: readonly Entry[], key: string): Entry | undefined {
  return entries.find((e) => e.key === key);
}

function playSymbol(play: Play, lines: LineIndex): DocumentSymbol {
  if (play.importPlaybook !== undefined) {
    const e = play.entries.find((x) => /(^|\.)import_playbook$/.test(x.key));
    return symbol(lines, play.importPlaybook, SymbolKind.File, play.span, e?.valueSpan ?? play.span, 'import_playbook');
  }
  const nameEntry = entry(play.entries, 'name') ?? entry(play.entries, 'hosts');
  const children = [
    ...roleSymbols(entry(play.entries, 'roles'), lines),
    ...[...play.pre_tasks, ...play.tasks, ...play.post_tasks].map((t) => taskSymbol(t, lines, false)),
    ...play.handlers.map((t) => taskSymbol(t, lines, true)),
  ];
  const name = play.name ?? (play.hosts !== undefined ? `hosts: ${play.hosts}` : 'play');
  const detail = play.name !== undefined && play.hosts !== undefined ? `hosts: ${play.hosts}` : undefined;
  return symbol(lines, name, SymbolKind.Namespace, play.span, nameEntry?.valueSpan ?? play.span, detail, children);
}

function roleSymbols(roles: Entry | undefined, lines: LineIndex): DocumentSymbol[] {
  if (!roles || !isSeq(roles.valueNode)) return [];
  const out: DocumentSymbol[] = [];
  for (const item of roles.valueNode.items) {
    const node = item as YamlNode;
    const nameNode = isMap(node) ? ((node.get('role', true) ?? node.get('name', true)) as YamlNode | undefined) : node;
    if (!isScalar(nameNode) || !node.range || !nameNode.range) continue;
    const range = { start: node.range[0], end: node.range[1] };
    const sel = { start: nameNode.range[0], end: nameNode.range[1] };
    out.push(symbol(lines, String(nameNode.value), SymbolKind.Package, range, sel, 'role'));
  }
  return out;
}

function taskSymbol(task: Task, lines: LineIndex, handler: boolean): DocumentSymbol {
  const nameEntry = entry(task.entries, 'name');
  const moduleName = task.module?.name;
  const selection = nameEntry?.valueSpan ?? task.module?.nameSpan ?? task.span;
  if (task.kind === 'block') {
    const children = [...(task.block ?? []), ...(task.rescue ?? []), ...(task.always ?? [])].map((t) =>
      taskSymbol(t, lines, handler),
    );
    return symbol(lines, task.name ?? 'block', SymbolKind.Struct, task.span, selection, 'block', children);
  }
  const name = task.name ?? moduleName ?? '(unnamed task)';
  return symbol(lines, name, handler ? SymbolKind.Event : SymbolKind.Function, task.span, selection, moduleName);
}

/** A vars file's top-level variables (group_vars, host_vars, role defaults/vars, vars files). */
function variableSymbols(doc: AnsibleDocument): DocumentSymbol[] {
  const contents = parseDocument(doc.text, { strict: false }).contents;
  if (!isMap(contents)) return [];
  const out: DocumentSymbol[] = [];
  for (const pair of contents.items) {
    const key = pair.key as YamlNode | null;
    const value = pair.value as YamlNode | null;
    if (!isScalar(key) || !key.range) continue;
    const range = { start: key.range[0], end: value?.range?.[1] ?? key.range[1] };
    const kind = isMap(value) ? SymbolKind.Object : isSeq(value) ? SymbolKind.Array : SymbolKind.Variable;
    out.push(symbol(doc.lines, String(key.value), kind, range, { start: key.range[0], end: key.range[1] }));
  }
  return out;
}

/** workspace/symbol: the named plays, tasks, handlers and variables of `docs` that match `query`. */
export function workspaceSymbols(docs: readonly AnsibleDocument[], query: string, limit = 500): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  const visit = (doc: AnsibleDocument, symbols: DocumentSymbol[], container?: string) => {
    for (const s of symbols) {
      if (out.length >= limit) return;
      if (s.name.toLowerCase().includes(q) && s.name !== '(unnamed)')
        out.push({
          name: s.name,
          kind: s.kind,
          location: { uri: doc.uri, range: s.selectionRange },
          containerName: container,
        });
      if (s.children) visit(doc, s.children, s.name);
    }
  };
  for (const doc of docs) visit(doc, documentSymbols(doc));
  return out;
}
