// What the rest of the server knows about Ansible modules. A leaf module: no imports of ours.

export interface ModuleOption {
  name: string;
  /** Plain text (Ansible markup such as C(x) / I(x) already turned into `x` / *x*). */
  description: string;
  /** Ansible argspec type: str, bool, int, float, list, dict, path, raw, jsonarg, json, bytes, bits, sid. */
  type?: string;
  /** Element type of a list. */
  elements?: string;
  required: boolean;
  default?: unknown;
  /** Allowed values; a placeholder among them (lineinfile's `*regex*`) allows any value of that kind (anyChoice). */
  choices?: unknown[];
  aliases: string[];
  suboptions?: Record<string, ModuleOption>;
}

export interface ModuleDeprecation {
  /** Why, and what to use instead, as one line. */
  message: string;
  removedIn?: string;
  alternative?: string;
}

export interface ModuleDoc {
  /** e.g. ansible.builtin.copy */
  fqcn: string;
  /** e.g. ansible.builtin */
  collection: string;
  shortDescription: string;
  /** Plain text paragraphs. */
  description: string[];
  options: Record<string, ModuleOption>;
  /** Takes free-form arguments (`command: ls -l`), e.g. command, shell, raw, script, include_vars. */
  freeForm: boolean;
  deprecated?: ModuleDeprecation;
  versionAdded?: string;
  requirements?: string[];
  notes?: string[];
  /** A module beside the content: its file, as shown (`library/my_thing.py`). */
  localSource?: string;
  /** Its DOCUMENTATION extends doc fragments that were not read: options beyond those listed are valid. */
  incompleteOptions?: boolean;
}

export interface ModuleSummary {
  fqcn: string;
  shortDescription: string;
  deprecated?: boolean;
  /** A module beside the content (library/, a collections/ folder), not an installed one. */
  local?: boolean;
}

/** How a name written in a playbook resolves (meta/runtime.yml plugin_routing). */
export interface ResolvedModule {
  /** The name as written. */
  written: string;
  /** The final FQCN after short-name resolution and redirects. */
  fqcn: string;
  /** The name as written was a redirect (e.g. `community.general.docker_container` → community.docker...). */
  redirectedFrom?: string;
  /** From runtime.yml `deprecation`, or from the module's own doc. */
  deprecation?: ModuleDeprecation;
  /** From runtime.yml `tombstone`: the module was removed. */
  removed?: { message: string; removalVersion?: string };
}

export type CatalogState = 'loading' | 'ready' | 'unavailable';

export interface CatalogStatus {
  state: CatalogState;
  /** e.g. "ansible-doc not found: install Ansible or set scribe.ansible.path". */
  message?: string;
  ansibleVersion?: string;
  modules: number;
}

export interface ModuleCatalog {
  status(): CatalogStatus;
  /** Resolves once the module list is available (from the disk cache or ansible-doc). Never rejects. */
  ready(): Promise<void>;
  /** Every known module; empty while the list is loading or when Ansible is absent. */
  list(): readonly ModuleSummary[];
  /**
   * Resolves a name as written in a task: FQCN, a short builtin name (`copy`), a short name routed
   * by ansible.builtin's runtime (`ec2` → amazon.aws.ec2_instance …), or a redirect.
   * Undefined when the name is not a known module (or the list is not loaded yet).
   */
  resolve(name: string): ResolvedModule | undefined;
  /** Documentation if already in memory; use `loadDoc` to fetch it. */
  getDoc(fqcn: string): ModuleDoc | undefined;
  /** Loads documentation (memory → disk cache → ansible-doc). Undefined for unknown modules. Never rejects. */
  loadDoc(fqcn: string): Promise<ModuleDoc | undefined>;
  /** Drops the disk cache and rebuilds everything from the installed Ansible. */
  rebuild(): Promise<CatalogStatus>;
  /**
   * A module beside the content (not installed) documented by Ansible itself, doc fragments
   * read; undefined where that may not run (an untrusted workspace) or nothing is loaded yet.
   */
  documentBeside?(
    name: string,
    file: string,
    where: { library: string } | { collections: string },
  ): { doc?: ModuleDoc; done: Promise<ModuleDoc | undefined> } | undefined;
  /** Kills running ansible-doc processes. */
  dispose(): void;
}

/** Whether an option's `choices` allow any value: a placeholder choice (lineinfile's `*regex*`) is among them. */
export function anyChoice(opt: Pick<ModuleOption, 'choices'>): boolean {
  return !!opt.choices?.some((c) => /^\*.*\*$/.test(String(c)));
}
