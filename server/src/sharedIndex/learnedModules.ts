// Module names the corpus itself teaches (as written → FQCN; short name → FQCN when unique), the
// resolver of last resort for a query naming `copy` when no module catalog is at hand. The same
// rules as the local index (attribution/attributionIndex.ts `learn`/`resolveName`), so both
// resolve a query the same way: the catalog first, then what the corpus taught; a builtin wins a
// short-name clash, as in Ansible's own lookup.

import type { ModuleResolver } from '../attribution/normalise';

export class LearnedModules {
  private readonly written = new Map<string, string>();
  private readonly short = new Map<string, string | null>();

  constructor(private readonly catalog?: ModuleResolver) {}

  learn(module: string, fqcn: string): void {
    if (!fqcn) return;
    if (module) this.written.set(module, fqcn);
    const short = fqcn.slice(fqcn.lastIndexOf('.') + 1);
    const prev = this.short.get(short);
    if (prev === undefined) this.short.set(short, fqcn);
    else if (prev !== fqcn && !prev?.startsWith('ansible.builtin.')) {
      this.short.set(short, fqcn.startsWith('ansible.builtin.') ? fqcn : null);
    }
  }

  /** Every (as written, FQCN) pair learned, for storing. */
  pairs(): [string, string][] {
    return [...this.written];
  }

  readonly resolve: ModuleResolver = (name) => {
    const viaCatalog = this.catalog?.(name);
    if (viaCatalog) return viaCatalog;
    const known = this.written.get(name);
    if (known) return known;
    const short = name.startsWith('ansible.legacy.') ? name.slice('ansible.legacy.'.length) : name;
    return short.includes('.') ? undefined : (this.short.get(short) ?? undefined);
  };
}
