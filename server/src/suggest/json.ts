// Suggestions as plain JSON, with their attribution flattened for display.

import type { Suggestion } from './pipeline';
import type { CorpusMatch } from './types';

export function matchJson(m: CorpusMatch) {
  const first = m.sources[0];
  return {
    score: m.score,
    collection: m.collection,
    version: m.version,
    path: m.path,
    line: first?.line ?? 0,
    repoUrl: m.repoUrl,
    license: m.license,
    name: m.task.name,
    taskId: m.task.id,
    snippet: m.snippet,
    otherSources: m.sources.length - 1,
  };
}

const ms = (x: number) => Math.round(x * 100) / 100;

/** A suggestion as the suggestion worker answers it: its JSON, and the model that wrote it. */
export type SuggestionJson = ReturnType<typeof suggestionJson> & { model: string };

/** A suggestion as plain JSON: what `scribe suggest --json` prints and the server's `scribe/suggest` returns. */
export function suggestionJson(r: Suggestion) {
  return {
    kind: r.kind,
    insertText: r.insertText,
    tasks: r.tasks.map((t) => ({
      description: t.request.description,
      fqcn: t.fqcn,
      confidence: t.confidence,
      args: t.args,
      text: t.text,
      body: t.body,
      drewOn: t.drewOn.map(matchJson),
      similar: t.similar.map(matchJson),
      notes: t.notes,
      millis: { model: ms(t.millis.model), attribution: ms(t.millis.attribution) },
    })),
    unanswered: r.unanswered,
    matches: r.matches,
    policy: r.policy,
    ...(r.attributedBy && { attributedBy: r.attributedBy }),
    /** What the output policy removed from the model's task(s), one line each. */
    notes: r.notes,
    millis: {
      request: ms(r.millis.request),
      model: ms(r.millis.model),
      attribution: ms(r.millis.attribution),
      total: ms(r.millis.total),
    },
  };
}
