// The module catalog as a document sees it: the installed modules, and before them the modules
// beside the content (library/, a collections/ folder, and those an ansible.cfg there names with
// `library` and `collections_path(s)`, read as text: project/localModules.ts), which Ansible
// finds first — a library/ `copy.py` is what `copy:` runs, a local acme.tools is what
// `acme.tools.x` runs. So completion, hover and validation treat them as they treat installed
// modules: their names complete at task level, their options complete, hover and are checked
// against their DOCUMENTATION. Everything else is the installed catalog's.

import type { ModuleCatalog, ModuleDoc, ModuleSummary, ResolvedModule } from '../catalog/types';
import { localModuleDoc, localModulesFrom, type LocalModule } from './localModules';

/** Merged lists, kept per installed list so each stays one array (completion indexes a list once). */
const mergedLists = new WeakMap<readonly ModuleSummary[], Map<string, ModuleSummary[]>>();

class LocalFirstCatalog implements ModuleCatalog {
  private readonly docs = new Map<string, ModuleDoc | undefined>();

  constructor(
    private readonly installed: ModuleCatalog,
    private readonly local: ReadonlyMap<string, LocalModule>,
  ) {}

  private localDoc(name: string): ModuleDoc | undefined {
    const module = this.local.get(name);
    if (!module) return undefined;
    if (!this.docs.has(name)) this.docs.set(name, localModuleDoc(name, module.file));
    return this.docs.get(name);
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
        shortDescription: this.localDoc(name)?.shortDescription ?? '',
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
    return this.local.has(fqcn) ? Promise.resolve(this.localDoc(fqcn)) : this.installed.loadDoc(fqcn);
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
