// Module names as written → FQCN, for corpus records. Short names resolve as a reader of the file
// would: an ansible.builtin module first, then a module of the collection the file belongs to
// (EXAMPLES and roles are written with `collections:` of their own collection in mind), then the
// catalog's routing (e.g. `ec2` → amazon.aws.ec2 via ansible.builtin's runtime.yml).

import type { ModuleResolver } from './extract';

export class ModuleNames {
  private readonly known = new Set<string>();

  constructor(private readonly external?: (written: string) => string | undefined) {}

  add(fqcn: string): void {
    this.known.add(fqcn);
  }

  has(fqcn: string): boolean {
    return this.known.has(fqcn);
  }

  /** A resolver for files of `collection` ('' for content outside collections). */
  resolverFor(collection: string): ModuleResolver {
    const cache = new Map<string, string>();
    return (written) => {
      let r = cache.get(written);
      if (r === undefined) cache.set(written, (r = this.resolve(written, collection)));
      return r;
    };
  }

  resolve(written: string, collection: string): string {
    const name = written.trim();
    if (/^ansible\.legacy\./.test(name)) return this.resolve(name.slice('ansible.legacy.'.length), collection);
    if (name.split('.').length >= 3) {
      if (this.known.has(name)) return name;
      return this.external?.(name) ?? name; // an FQCN of a collection not installed is still an FQCN
    }
    if (!/^[A-Za-z_]\w*$/.test(name)) return '';
    if (this.known.has(`ansible.builtin.${name}`)) return `ansible.builtin.${name}`;
    if (collection && this.known.has(`${collection}.${name}`)) return `${collection}.${name}`;
    return this.external?.(name) ?? '';
  }
}
