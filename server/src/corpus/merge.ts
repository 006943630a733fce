// Collects sourced tasks into corpus tasks: identical tasks (see normalise.ts) become one record
// that keeps every source, the first found being the primary (its text, context and split).

import type { ExtractedTask } from './extract';
import { normalisedTask, shortHash } from './normalise';
import { splitOf } from './split';
import type { CorpusTask, Provenance, TaskOrigin } from './types';

/** A task with where it was found. `unit` is the split unit (module file, role, playbook). */
export interface SourcedTask {
  task: ExtractedTask;
  origin: TaskOrigin;
  provenance: Provenance;
  unit: string;
}

export class CorpusCollector {
  private readonly byKey = new Map<string, CorpusTask>();
  /** Provenance objects are shared between records that have the same fields (saves memory). */
  private readonly provenances = new Map<string, Provenance>();
  duplicates = 0;

  constructor(private readonly seed?: string) {}

  add(s: SourcedTask): void {
    const t = s.task;
    const key = normalisedTask(t.fqcn, t.module, t.args, t.name);
    const provenance = this.intern(s.provenance);
    const existing = this.byKey.get(key);
    if (existing) {
      this.duplicates++;
      if (!existing.sources.some((p) => p === provenance)) existing.sources.push(provenance);
      return;
    }
    // A JSON copy: strings from the YAML parser are slices of the whole source file, and keeping
    // one alive keeps the file (measured: 200 MiB retained after a build instead of 30 MiB). It
    // also makes a record exactly what loadCorpus gives back.
    const own = JSON.parse(
      JSON.stringify({
        name: t.name,
        module: t.module,
        fqcn: t.fqcn,
        text: t.text,
        args: t.args,
        keywords: t.keywords,
        context: t.context,
      }),
    ) as Pick<CorpusTask, 'name' | 'module' | 'fqcn' | 'text' | 'args' | 'keywords' | 'context'>;
    this.byKey.set(key, {
      id: shortHash(`${key}\0${provenance.path}\0${provenance.line}`),
      ...own,
      origin: s.origin,
      sources: [provenance],
      split: splitOf(s.unit, this.seed),
    });
  }

  get size(): number {
    return this.byKey.size;
  }

  tasks(): CorpusTask[] {
    return [...this.byKey.values()];
  }

  private intern(p: Provenance): Provenance {
    const k = [p.source, p.collection, p.version, p.path, p.line, p.repoUrl, p.license].join('\0');
    let found = this.provenances.get(k);
    if (!found) this.provenances.set(k, (found = { ...p }));
    return found;
  }
}
