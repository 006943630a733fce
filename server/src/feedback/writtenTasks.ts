// What the user wrote instead: a suggestion left aside (replaced while typing, or the document
// closed) says little, but the task the user then writes under the same name says what they
// wanted. Descriptions left aside are remembered per document; when it is saved, each task named
// so that has a module and is not AI-written is recorded as kept ('accept'), like an accepted
// suggestion. The replay benchmark (bench/feedback.mjs, "editor") measures what this adds.

import { allTasks, type AnsibleDocument, type Task } from '../document/model';
import type { FeedbackInput } from './store';

/** Descriptions remembered per document at most (oldest go first). */
const MAX_PER_DOCUMENT = 50;

const key = (description: string) => description.trim().replace(/\s+/g, ' ').toLowerCase();

export class WrittenTasks {
  private readonly byUri = new Map<string, Set<string>>();

  /** Suggestions for these descriptions were left aside in the document. */
  leftAside(uri: string, descriptions: readonly string[]): void {
    const set = this.byUri.get(uri) ?? new Set<string>();
    for (const d of descriptions) {
      set.delete(key(d));
      set.add(key(d));
    }
    for (const d of set) {
      if (set.size <= MAX_PER_DOCUMENT) break;
      set.delete(d);
    }
    this.byUri.set(uri, set);
  }

  /**
   * On save: the feedback for the tasks the user wrote under descriptions left aside, which are
   * then forgotten. `aiWritten(task)` excludes tasks that are (partly) accepted AI text, and
   * `resolve` gives a module's FQCN (undefined for an unknown module, which is not learned).
   */
  written(
    doc: AnsibleDocument,
    aiWritten: (task: Task) => boolean,
    resolve: (module: string) => string | undefined,
  ): FeedbackInput[] {
    const wanted = this.byUri.get(doc.uri);
    if (!wanted?.size) return [];
    const out: FeedbackInput[] = [];
    for (const t of allTasks(doc)) {
      if (!t.name || !t.module || !wanted.has(key(t.name)) || aiWritten(t)) continue;
      const fqcn = resolve(t.module.name);
      if (!fqcn) continue;
      wanted.delete(key(t.name));
      const args = Object.fromEntries(t.module.args.map((a) => [a.name, a.value]));
      out.push({ kind: 'accept', description: t.name, fqcn, args });
    }
    return out;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
