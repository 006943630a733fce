// The small, always-in-memory part of the catalog: every module's name and short description,
// the routing tables, and deprecations learnt from docs. Persisted as index.json (~1 MB for 7,700
// modules) so that a warm start needs no ansible-doc.

import { CACHE_SCHEMA } from './diskCache';
import { resolveModule, type RoutingTable } from './routing';
import type { ModuleDeprecation, ModuleSummary, ResolvedModule } from './types';

export interface CatalogIndexData {
  schema: number;
  key: string;
  ansibleVersion: string;
  builtAt: string;
  /** FQCN → short description, as `ansible-doc -l -j` printed it. */
  modules: Record<string, string>;
  routing: RoutingTable;
  /** Module-level `deprecated:` from docs fetched so far. */
  deprecated: Record<string, ModuleDeprecation>;
}

export function isIndexData(v: unknown, key: string): v is CatalogIndexData {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Partial<CatalogIndexData>;
  return (
    d.schema === CACHE_SCHEMA &&
    d.key === key &&
    typeof d.modules === 'object' &&
    typeof d.routing === 'object' &&
    typeof d.deprecated === 'object'
  );
}

export function collectionOf(fqcn: string): string {
  const parts = fqcn.split('.');
  return `${parts[0]}.${parts[1]}`;
}

export class CatalogIndex {
  private summaries: ModuleSummary[] | undefined;
  private byCollection: Map<string, string[]> | undefined;

  constructor(readonly data: CatalogIndexData) {}

  get size(): number {
    return Object.keys(this.data.modules).length;
  }

  has(fqcn: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.data.modules, fqcn);
  }

  list(): readonly ModuleSummary[] {
    if (!this.summaries) {
      const routing = this.data.routing;
      this.summaries = Object.keys(this.data.modules)
        .sort()
        .map((fqcn) => {
          const s: ModuleSummary = { fqcn, shortDescription: this.data.modules[fqcn] };
          const name = fqcn.split('.').slice(2).join('.');
          if (this.data.deprecated[fqcn] || routing[collectionOf(fqcn)]?.[name]?.deprecation) s.deprecated = true;
          return s;
        });
    }
    return this.summaries;
  }

  /** Collections with their modules, ansible.builtin first, then by name. */
  collections(): Map<string, string[]> {
    if (!this.byCollection) {
      const map = new Map<string, string[]>([['ansible.builtin', []]]);
      for (const fqcn of Object.keys(this.data.modules).sort()) {
        const c = collectionOf(fqcn);
        const list = map.get(c);
        if (list) list.push(fqcn);
        else map.set(c, [fqcn]);
      }
      if (!map.get('ansible.builtin')?.length) map.delete('ansible.builtin');
      this.byCollection = map;
    }
    return this.byCollection;
  }

  resolve(written: string): ResolvedModule | undefined {
    const r = resolveModule(written, this.data.routing, (fqcn) => this.has(fqcn));
    if (r && !r.deprecation && !r.removed) {
      const fromDoc = this.data.deprecated[r.fqcn];
      if (fromDoc) r.deprecation = fromDoc;
    }
    return r;
  }

  /** Records deprecations found in a collection's docs; true when something changed. */
  noteDeprecations(entries: Iterable<[string, ModuleDeprecation | undefined]>): boolean {
    let changed = false;
    for (const [fqcn, dep] of entries) {
      if (dep && !this.data.deprecated[fqcn]) {
        this.data.deprecated[fqcn] = dep;
        changed = true;
      }
    }
    if (changed) this.summaries = undefined;
    return changed;
  }
}
