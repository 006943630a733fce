// Completion from the project: `hosts:` from the inventory's groups and hosts, role names in a
// play's `roles:` and in include_role/import_role `name:`. The inventory is read statically, and
// joined by what ansible-inventory last listed in a trusted workspace (inventoryCommand.ts): the
// static answer comes at once, marked incomplete while a run is pending so the client asks again.

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompletionItemKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import { playAt, taskAt } from '../../document/locate';
import type { AnsibleDocument, Span } from '../../document/model';
import { uriToPath } from '../../document/uri';
import { readInventory } from '../../project/inventory';
import type { InventoryListing, InventoryView } from './inventoryCommand';
import { roleOf, rolesPathOf, type ProjectLayout } from './layout';

const contains = (s: Span, offset: number) => s.start <= offset && offset <= s.end;

export function projectCompletion(
  doc: AnsibleDocument,
  offset: number,
  layout: ProjectLayout,
  /** The workspace folder's ansible-inventory listing, when there is one. */
  listed: InventoryView = { pending: false },
): CompletionList | undefined {
  const path = uriToPath(doc.uri);
  if (!path) return undefined;
  const pos = doc.lines.positionAt(offset);
  const before = doc.lines.lineText(pos.line).slice(0, pos.character);
  const dirs = [dirname(path), ...layout.workspaceRoots];
  if (/^\s*(-\s+)?hosts:\s*[^\s]*$/.test(before))
    return { isIncomplete: listed.pending, items: hostItems(dirs, listed.listing) };
  if (inRoleName(doc, offset, before)) {
    const own = roleOf(path);
    const folders = [...(own ? [dirname(own)] : []), ...dirs.flatMap((d) => [join(d, 'roles'), ...rolesPathOf(d)])];
    const names = new Map<string, string>();
    for (const f of folders) for (const r of subfolders(f)) if (!names.has(r)) names.set(r, f);
    const items = [...names].map(([label, folder]) => ({
      label,
      kind: CompletionItemKind.Folder,
      detail: `role in ${folder}`,
    }));
    return { isIncomplete: false, items };
  }
  return undefined;
}

/** The static inventory's groups and hosts, then those only ansible-inventory listed, then localhost. */
function hostItems(dirs: readonly string[], listing: InventoryListing | undefined): CompletionItem[] {
  const inv = readInventory(dirs);
  const dynamic = (names: Iterable<string> | undefined, known: Set<string>) =>
    [...(names ?? [])].filter((n) => !known.has(n));
  const item = (label: string, kind: CompletionItemKind, detail: string) => ({ label, kind, detail });
  const group = CompletionItemKind.Module;
  const host = CompletionItemKind.Value;
  const items = [
    ...[...inv.groups].map((g) => item(g, group, 'inventory group')),
    ...[...inv.hosts].map((h) => item(h, host, 'inventory host')),
    ...dynamic(listing?.groups, inv.groups).map((g) => item(g, group, 'inventory group (ansible-inventory)')),
    ...dynamic(listing?.hosts, inv.hosts).map((h) => item(h, host, 'inventory host (ansible-inventory)')),
  ];
  return items.some((i) => i.label === 'localhost') ? items : [...items, item('localhost', host, 'implicit host')];
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
