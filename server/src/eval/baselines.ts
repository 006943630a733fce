// The two baselines `scribe eval` reports next to the model, trained on the same training split:
// "most frequent module" (the training split's most common module with its most common
// arguments, whatever the description) and "copy the nearest example by name" (BM25 over training
// task names → that example's module and arguments).

import { stringify } from 'yaml';
import type { CorpusTask } from '../corpus/types';
import type { ModelSuggestion, TaskModel, TaskRequest } from '../suggest/types';

/** A task body (`module: args`) as YAML at indent 0; free-form text stays free-form (`k=v` words appended). */
export function actionYaml(module: string, args: Record<string, unknown>): string {
  const { _raw_params: raw, ...rest } = args;
  const restScalar = Object.values(rest).every((v) => v === null || typeof v !== 'object');
  let value: unknown = Object.keys(rest).length ? rest : null;
  if (typeof raw === 'string' && restScalar)
    value = [
      raw,
      ...Object.entries(rest).map(([k, v]) => `${k}=${/\s/.test(String(v)) ? JSON.stringify(String(v)) : String(v)}`),
    ].join(' ');
  else if (raw !== undefined) value = args;
  return stringify({ [module]: value }, { lineWidth: 0, nullStr: '' });
}

function suggestionOf(task: CorpusTask | undefined, module: string, args: Record<string, unknown>, score: number) {
  return {
    fqcn: module,
    args,
    keywords: {},
    yaml: actionYaml(module, args),
    drewOn: task ? [{ taskId: task.id, score }] : [],
    confidence: score,
  } satisfies ModelSuggestion;
}

const trainable = (t: CorpusTask) => t.split === 'train' && t.fqcn !== '' && t.name.trim() !== '';

export class MostFrequentModule implements TaskModel {
  private constructor(private readonly answer: ModelSuggestion) {}

  static train(tasks: readonly CorpusTask[]): MostFrequentModule {
    const byModule = new Map<string, CorpusTask[]>();
    for (const t of tasks) if (trainable(t)) byModule.set(t.fqcn, [...(byModule.get(t.fqcn) ?? []), t]);
    let best: CorpusTask[] = [];
    for (const [, list] of [...byModule].sort((a, b) => a[0].localeCompare(b[0])))
      if (list.length > best.length) best = list;
    if (!best.length) return new MostFrequentModule(suggestionOf(undefined, 'ansible.builtin.debug', {}, 0));
    const argCounts = new Map<string, { n: number; task: CorpusTask }>();
    for (const t of best) {
      const k = JSON.stringify(t.args);
      const c = argCounts.get(k);
      if (c) c.n++;
      else argCounts.set(k, { n: 1, task: t });
    }
    const top = [...argCounts.values()].sort((a, b) => b.n - a.n)[0];
    return new MostFrequentModule(suggestionOf(top.task, top.task.fqcn, top.task.args, top.n / best.length));
  }

  get module(): string {
    return this.answer.fqcn;
  }

  suggest(): ModelSuggestion {
    return this.answer;
  }
}

/** Lower-case words of a task name. */
export function nameTokens(name: string): string[] {
  return name.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Okapi BM25 (k1 = 1.2, b = 0.75) over training task names. */
export class NearestByName implements TaskModel {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[] = [];
  private readonly avgLength: number;

  private constructor(
    private readonly docs: CorpusTask[],
    private readonly fallback: MostFrequentModule,
  ) {
    let total = 0;
    docs.forEach((t, i) => {
      const tokens = nameTokens(t.name);
      this.lengths.push(tokens.length);
      total += tokens.length;
      const tf = new Map<string, number>();
      for (const w of tokens) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const [w, n] of tf) {
        let list = this.postings.get(w);
        if (!list) this.postings.set(w, (list = []));
        list.push({ doc: i, tf: n });
      }
    });
    this.avgLength = docs.length ? total / docs.length : 1;
  }

  static train(tasks: readonly CorpusTask[]): NearestByName {
    return new NearestByName(tasks.filter(trainable), MostFrequentModule.train(tasks));
  }

  /** The best-scoring training task for a description (ties: the earlier one), with its BM25 score. */
  nearest(description: string): { task: CorpusTask; score: number } | undefined {
    const k1 = 1.2;
    const b = 0.75;
    const n = this.docs.length;
    const scores = new Map<number, number>();
    for (const w of new Set(nameTokens(description))) {
      const list = this.postings.get(w);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const { doc, tf } of list) {
        const norm = tf + k1 * (1 - b + (b * this.lengths[doc]) / this.avgLength);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * (k1 + 1)) / norm);
      }
    }
    let best = -1;
    let bestScore = 0;
    for (const [doc, s] of scores) if (s > bestScore || (s === bestScore && doc < best)) [best, bestScore] = [doc, s];
    return best < 0 ? undefined : { task: this.docs[best], score: bestScore };
  }

  suggest(req: TaskRequest): ModelSuggestion {
    const hit = this.nearest(req.description);
    if (!hit) return this.fallback.suggest();
    return suggestionOf(hit.task, hit.task.fqcn, hit.task.args, hit.score);
  }
}
