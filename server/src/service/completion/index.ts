// Completion: finds the context at the cursor from the text (half-typed lines do not parse) and
// hands it to the file for that context.

import { MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { ModuleCatalog } from '../../catalog/types';
import { textContextAt } from '../../document/locate';
import { flowContextAt } from '../../document/flowContext';
import { allTasks, type AnsibleDocument, type Position } from '../../document/model';
import { moduleMarkdown } from '../markdown';
import { insertionSite, scopeOf } from './context';
import { moduleOptionItems } from './moduleOptions';
import { moduleNameItems, type ModuleItemData } from './moduleNames';
import { playKeywordItems } from './playKeywords';
import { taskKeywordItems } from './taskKeywords';
import { valueCompletionItems } from './values';

const none: CompletionList = { isIncomplete: false, items: [] };

/** How long a completion waits for a catalog still loading (a warm load takes about half a second). */
export const CATALOG_WAIT_MS = 2000;

/**
 * Readiness: module names, options and values come from the catalog, so a request that arrives
 * while it loads (the first completion after opening a file) waits for it, bounded, rather than
 * answering empty. After the bound it answers with what is loaded, marked incomplete.
 */
async function loaded(catalog: ModuleCatalog): Promise<void> {
  if (catalog.status().state !== 'loading') return;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, CATALOG_WAIT_MS)));
  await Promise.race([catalog.ready().catch(() => undefined), bound]);
  clearTimeout(timer);
}

export async function complete(doc: AnsibleDocument, pos: Position, catalog: ModuleCatalog): Promise<CompletionList> {
  const offset = doc.lines.offsetAt(pos);
  const ctx = textContextAt(doc, offset) ?? flowContextAt(doc, offset);
  if (!ctx) return none;
  const scope = scopeOf(ctx, doc);
  if (ctx.position === 'value' || scope.kind === 'task' || scope.kind === 'options') await loaded(catalog);
  const site = insertionSite(doc, ctx);
  if (ctx.position === 'value')
    return { isIncomplete: false, items: await valueCompletionItems(scope, ctx.key!, site, catalog) };
  switch (scope.kind) {
    case 'play':
      return { isIncomplete: false, items: playKeywordItems(scope, site) };
    case 'task': {
      const items = taskKeywordItems(scope, site);
      if (scope.block || scope.moduleKey) return { isIncomplete: false, items };
      const modules = moduleNameItems(catalog, site, modulesInUse(doc, catalog));
      // Keywords never start with a namespace: once a dot is typed only modules can match.
      if (modules.narrowed) return { isIncomplete: true, items: modules.items };
      // While the catalog loads, the module list is empty or partial: have the client ask again.
      const loading = catalog.status().state === 'loading';
      return { isIncomplete: loading || modules.incomplete, items: items.concat(modules.items) };
    }
    case 'options':
      return { isIncomplete: false, items: await moduleOptionItems(scope, site, catalog) };
    default:
      return none;
  }
}

/** FQCNs in use per document version, once the catalog is ready (every task resolved: O(tasks)). */
const inUse = new WeakMap<AnsibleDocument, { catalog: ModuleCatalog; fqcns: Set<string> }>();

/** FQCNs of the modules the document already uses. */
function modulesInUse(doc: AnsibleDocument, catalog: ModuleCatalog): Set<string> {
  const known = inUse.get(doc);
  if (known?.catalog === catalog) return known.fqcns;
  const out = new Set<string>();
  for (const t of allTasks(doc)) {
    const fqcn = t.module && catalog.resolve(t.module.name)?.fqcn;
    if (fqcn) out.add(fqcn);
  }
  if (catalog.status().state === 'ready') inUse.set(doc, { catalog, fqcns: out });
  return out;
}

/** Adds a module's documentation to its item when the client shows it. */
export async function resolveCompletion(item: CompletionItem, catalog: ModuleCatalog): Promise<CompletionItem> {
  const data = item.data as Partial<ModuleItemData> | undefined;
  if (!data?.fqcn) return item;
  const doc = catalog.getDoc(data.fqcn) ?? (await catalog.loadDoc(data.fqcn));
  if (!doc) return item;
  return {
    ...item,
    detail: item.detail || doc.shortDescription,
    documentation: { kind: MarkupKind.Markdown, value: moduleMarkdown(doc, catalog.resolve(data.fqcn)) },
  };
}
