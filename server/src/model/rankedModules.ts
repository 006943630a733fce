// A ranked list of modules (the re-ranker's, best first) and the one thing the try order's rules
// (tryOrder.ts and the rule families beside it) do to it: put a module first.

export interface RankedModule {
  module: number;
  p: number;
}

/** The model's module table: id → FQCN and back. */
export interface ModuleIds {
  modules: readonly string[];
  index: ReadonlyMap<string, number>;
}

/** Prefix of Ansible's own modules. */
export const B = 'ansible.builtin.';

/** `fqcn` first: swapped with the first when ranked, else put before it (the first's probability). */
export function first<R extends RankedModule>(ranked: R[], fqcn: string, ids: ModuleIds): R[] {
  const id = ids.index.get(fqcn);
  if (id === undefined || !ranked.length || ranked[0].module === id) return ranked;
  const at = ranked.findIndex((r) => r.module === id);
  if (at < 0) return [{ ...ranked[0], module: id }, ...ranked];
  return [
    { ...ranked[at], p: ranked[0].p },
    { ...ranked[0], p: ranked[at].p },
    ...ranked.filter((_, i) => i !== at && i !== 0),
  ];
}
