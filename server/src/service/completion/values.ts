// Values after `key: `: an option's choices, true/false for booleans, and keyword values.

import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import type { ModuleCatalog, ModuleOption } from '../../catalog/types';
import { yamlValue } from '../markdown';
import type { InsertionSite, Scope } from './context';
import { keywordValues } from './keywordValues';
import { moduleNameItems } from './moduleNames';
import { findOption, moduleDocFor, optionsAt } from './moduleOptions';

function valueItems(values: readonly string[], site: InsertionSite, defaultValue?: string): CompletionItem[] {
  return values.map((v, i) => ({
    label: v,
    kind: CompletionItemKind.EnumMember,
    detail: v === defaultValue ? 'default' : undefined,
    // Keep the documented order (true before false, choices as listed).
    sortText: String(i).padStart(4, '0'),
    textEdit: { range: site.range, newText: v },
  }));
}

export async function valueCompletionItems(
  scope: Scope,
  key: string,
  site: InsertionSite,
  catalog: ModuleCatalog,
): Promise<CompletionItem[]> {
  if (scope.kind === 'play' || scope.kind === 'task') {
    if (scope.kind === 'task' && key === scope.moduleKey) return [];
    // `action: copy src=a` names the module in its value.
    if (scope.kind === 'task' && (key === 'action' || key === 'local_action') && !scope.moduleKey)
      return moduleNameItems(catalog, { ...site, nameOnly: true }, new Set()).items;
    return valueItems(keywordValues(key), site);
  }
  if (scope.kind !== 'options') return [];
  const doc = await moduleDocFor(catalog, scope.module);
  const options = doc && optionsAt(doc, scope.path);
  const opt = options && findOption(options, key);
  return opt ? optionValueItems(opt, site) : [];
}

/** An option's values: true/false for a bool, else its choices; its default marked. */
export function optionValueItems(opt: ModuleOption, site: InsertionSite): CompletionItem[] {
  const def = opt.default === undefined || opt.default === null ? undefined : yamlValue(opt.default);
  if (opt.type === 'bool') return valueItems(['true', 'false'], site, def === undefined ? undefined : String(def));
  if (opt.choices?.length) return valueItems(opt.choices.map(yamlValue), site, def);
  return [];
}
