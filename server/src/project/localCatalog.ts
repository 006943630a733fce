// The module catalog as a document sees it: the installed modules, and before them the modules
// beside the content (library/, a collections/ folder, and those an ansible.cfg there names with
// `library` and `collections_path(s)`, read as text: project/localModules.ts), which Ansible
// finds first — a library/ `copy.py` is what `copy:` runs, a local acme.tools is what
// `acme.tools.x` runs. So completion, hover and validation treat them as they treat installed
// modules: their names complete at task level, their options complete, hover and are checked
// against their DOCUMENTATION. A DOCUMENTATION that extends doc fragments is incomplete as text:
// in a trusted workspace ansible-doc documents the module (fragments read) in the background;
// until then, or when untrusted, options it does not list are not reported as unknown.
// Everything else is the installed catalog's.

import type { ModuleCatalog, ModuleDoc, ModuleSummary, ResolvedModule } from '../catalog/types';
import { asLocal, localModuleDoc, localModulesFrom, searchPathOf, type LocalModule } from './localModules';

/** How long a request waits for ansible-doc to document a module beside the content (~0.3 s warm). */
const BESIDE_WAIT_MS = 3000;

/** Merged lists, kept per installed list so each stays one array (completion indexes a list once). */
const mergedLists = new WeakMap<readonly ModuleSummary[], Map<string, ModuleSummary[]>>();

class LocalFirstCatalog implements ModuleCatalog {
  private readonly docs = new Map<string, ModuleDoc | undefined>();

  constructor(
    private readonly installed: ModuleCatalog,
    private readonly local: ReadonlyMap<string, LocalModule>,
  ) {}

  /** What DOCUMENTATION says, read as text. */
  private staticDoc(name: string): ModuleDoc | undefined {
    const module = this.local.get(name);
    if (!module) return undefined;
    if (!this.docs.has(name)) this.docs.set(name, localModuleDoc(name, module.file));
    return this.docs.get(name);
  }

  /**
   * Ansible's own documentation of the module, when the text alone is not enough (doc fragments,
   * or a DOCUMENTATION that is not a plain string) and the installed catalog may run ansible-doc
   * on it (a trusted workspace).
   */
  private besideDoc(name: string) {
    const module = this.local.get(name);
    const known = this.staticDoc(name);
    if (!module || (known && !known.incompleteOptions)) return undefined;
    return this.installed.documentBeside?.(name, module.file, searchPathOf(name, module.file));
  }

  /** The best documentation at hand now: Ansible's once it has answered (asked for here), else the text's. */
  private localDoc(name: string): ModuleDoc | undefined {
    const full = this.besideDoc(name)?.doc;
    return full ? asLocal(full, name, this.local.get(name)!.file) : this.staticDoc(name);
  }

  /** Ansible's documentation, waited for a while when it has to be asked; else the text's. */
  private async loadLocalDoc(name: string): Promise<ModuleDoc | undefined> {
    const pending = this.besideDoc(name);
    if (pending && !pending.doc) {
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, BESIDE_WAIT_MS)));
      await Promise.race([pending.done, bound]);
      clearTimeout(timer);
    }
    return this.localDoc(name);
  }

  status() {
    return this.installed.status();
  }
  ready() {
    return this.installed.ready();
  }
  list(): readonly ModuleSummary[] {
    const base = this.installed.list();
    let byKey = mergedLists.get(base);
    if (!byKey) mergedLists.set(base, (byKey = new Map()));
    const key = [...this.local.values()].map((m) => `${m.name}\0${m.file}`).join('\n');
    let merged = byKey.get(key);
    if (!merged) {
      const own = [...this.local.keys()].map((name) => ({
        fqcn: name,
        shortDescription: this.staticDoc(name)?.shortDescription ?? '',
        local: true,
      }));
      byKey.set(key, (merged = [...own, ...base.filter((m) => !this.local.has(m.fqcn))]));
    }
    return merged;
  }
  resolve(name: string): ResolvedModule | undefined {
    return this.local.has(name) ? { written: name, fqcn: name } : this.installed.resolve(name);
  }
  getDoc(fqcn: string): ModuleDoc | undefined {
    return this.local.has(fqcn) ? this.localDoc(fqcn) : this.installed.getDoc(fqcn);
  }
  loadDoc(fqcn: string): Promise<ModuleDoc | undefined> {
    return this.local.has(fqcn) ? this.loadLocalDoc(fqcn) : this.installed.loadDoc(fqcn);
  }
  rebuild() {
    return this.installed.rebuild();
  }
  /** Nothing to stop: the installed catalog outlives this view of it. */
  dispose(): void {}
}

/** `installed` with the modules beside the file at `path` in front; `installed` itself when there are none. */
export function withLocalModules(installed: ModuleCatalog, path: string | undefined): ModuleCatalog {
  const local = path ? localModulesFrom(path) : undefined;
  return local?.size ? new LocalFirstCatalog(installed, local) : installed;
}
