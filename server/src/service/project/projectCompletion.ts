// Completion from the project: `hosts:` from the inventory's groups and hosts, role names in a
// play's `roles:` and in include_role/import_role `name:`.

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { playAt, taskAt } from '../../document/locate';
import type { AnsibleDocument, Span } from '../../document/model';
import { uriToPath } from '../../document/uri';
import { readInventory } from '../../project/inventory';
import { roleOf, rolesPathOf, type ProjectLayout } from './layout';

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

export function projectCompletion(
  doc: AnsibleDocument,
  offset: number,
  layout: ProjectLayout,
): CompletionItem[] | undefined {
  const path = uriToPath(doc.uri);
  if (!path) return undefined;
  const pos = doc.lines.positionAt(offset);
  const before = doc.lines.lineText(pos.line).slice(0, pos.character);
  const dirs = [dirname(path), ...layout.workspaceRoots];
  if (/^\s*(-\s+)?hosts:\s*[^\s]*$/.test(before)) {
    const inv = readInventory(dirs);
    return [
      ...[...inv.groups].map((g) => ({ label: g, kind: CompletionItemKind.Module, detail: 'inventory group' })),
      ...[...inv.hosts].map((h) => ({ label: h, kind: CompletionItemKind.Value, detail: 'inventory host' })),
      ...(inv.hosts.has('localhost')
        ? []
        : [{ label: 'localhost', kind: CompletionItemKind.Value, detail: 'implicit host' }]),
    ];
  }
  if (inRoleName(doc, offset, before)) {
    const own = roleOf(path);
    const folders = [...(own ? [dirname(own)] : []), ...dirs.flatMap((d) => [join(d, 'roles'), ...rolesPathOf(d)])];
    const names = new Map<string, string>();
    for (const f of folders) for (const r of subfolders(f)) if (!names.has(r)) names.set(r, f);
    return [...names].map(([label, folder]) => ({
      label,
      kind: CompletionItemKind.Folder,
      detail: `role in ${folder}`,
    }));
  }
  return undefined;
}

/** In a play's `roles:` list (`- na`, `- role: na`) or an include_role/import_role `name:`. */
function inRoleName(doc: AnsibleDocument, offset: number, before: string): boolean {
  const play = playAt(doc, offset);
  const roles = play?.entries.find((e) => e.key === 'roles');
  if (roles && contains(roles.valueSpan, offset) && /^\s*-\s+((role|name):\s*)?[\w.-]*$/.test(before)) return true;
  const tasks = play ? [...play.pre_tasks, ...play.tasks, ...play.post_tasks, ...play.handlers] : doc.tasks;
  const task = taskAt(tasks, offset);
  const module = task?.module;
  if (!module || !/(^|\.)(include|import)_role$/.test(module.name)) return false;
  return /^\s*name:\s*[\w.-]*$/.test(before);
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch {
    return [];
  }
}
